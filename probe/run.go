package probe

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// ErrInterrupted is returned (wrapped) by Run when its context was cancelled
// before every probe ended; the Result still holds what was learned.
var ErrInterrupted = errors.New("probe interrupted")

// job is one probe to run.
type job struct {
	idx    int
	hop    string
	mode   Mode
	target string   // as displayed (credentials removed)
	addr   string   // host:port to dial
	url    *url.URL // http and eas
	hold   time.Duration
}

// runner holds what every probe of a run shares.
type runner struct {
	opts      Options
	hub       *hub
	easDevice string // DeviceId prefix of eas probes
}

// Run probes every (target, hold) pair of opts concurrently and returns what
// ended each probe, the ladder bracket per target and, with a plan, the verdict.
// progress, when not nil, is called on every state change and about once a
// second per running probe, never concurrently. When ctx is cancelled every
// probe ends at once and Run returns the partial Result with an error wrapping
// ErrInterrupted.
func Run(ctx context.Context, opts Options, progress ProgressFunc) (Result, error) {
	opts = opts.withDefaults()
	if err := opts.validate(); err != nil {
		return Result{}, fmt.Errorf("probe: %w", err)
	}
	jobs, err := buildJobs(opts)
	if err != nil {
		return Result{}, fmt.Errorf("probe: %w", err)
	}
	res := Result{Mode: opts.Mode, Target: redact(opts.Target), Started: time.Now()}
	for _, h := range opts.Holds {
		res.HoldsS = append(res.HoldsS, h.Seconds())
	}
	runCtx, cancel := context.WithTimeout(ctx, budget(opts, len(jobs)))
	defer cancel()
	r := &runner{opts: opts, hub: newHub(progress, jobs), easDevice: opts.EAS.deviceBase()}
	var capt *capturer
	if opts.Capture != "" {
		var note string
		if capt, note = startCaptureNote(runCtx, opts.Capture, jobs); note != "" {
			res.Notes = append(res.Notes, note)
		}
	}
	res.Probes = r.runAll(runCtx, jobs)
	if capt != nil {
		info, err := capt.stop()
		res.Capture = &info
		if err != nil {
			res.Notes = append(res.Notes, "capture: "+err.Error())
		}
	}
	res.Ladders = ladders(res.Probes)
	if len(opts.Plan) > 0 {
		v := decide(opts.Plan, res.Probes)
		res.Verdict = &v
	}
	if ctx.Err() != nil {
		res.Interrupted = true
		return res, fmt.Errorf("%w: %w", ErrInterrupted, context.Cause(ctx))
	}
	return res, nil
}

// runAll runs jobs with bounded concurrency.
func (r *runner) runAll(ctx context.Context, jobs []job) []ProbeResult {
	results := make([]ProbeResult, len(jobs))
	sem := make(chan struct{}, r.opts.Concurrency)
	var wg sync.WaitGroup
	r.hub.start()
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
				results[i] = r.runOne(ctx, j)
			case <-ctx.Done():
				results[i] = r.base(j)
				results[i].Outcome, results[i].Interrupted = Error, true
				results[i].Evidence = []string{"not started: the run was stopped"}
			}
			r.hub.done(j.idx, results[i].Outcome)
		}()
	}
	wg.Wait()
	r.hub.stop()
	return results
}

// base returns the result fields known before the probe runs.
func (r *runner) base(j job) ProbeResult {
	return ProbeResult{Hop: j.hop, Mode: j.mode, Target: j.target, HoldS: j.hold.Seconds(), Evidence: []string{}}
}

// runOne runs one probe in its mode.
func (r *runner) runOne(ctx context.Context, j job) ProbeResult {
	res := r.base(j)
	switch j.mode {
	case TCP, TLS:
		r.silent(ctx, j, &res)
	case HTTP:
		r.httpProbe(ctx, j, &res)
	case EAS:
		r.easProbe(ctx, j, &res)
	}
	return res
}

// budget bounds the whole run: every wave of probes may take its longest hold,
// the margin and two connect timeouts, plus five seconds.
func budget(o Options, n int) time.Duration {
	var longest time.Duration
	for _, h := range o.Holds {
		longest = max(longest, h)
	}
	waves := (n + o.Concurrency - 1) / o.Concurrency
	return time.Duration(waves)*(longest+o.Margin+2*o.ConnectTimeout) + 5*time.Second
}

// buildJobs expands targets and holds into jobs, hop by hop for a plan.
func buildJobs(o Options) ([]job, error) {
	type tgt struct{ hop, target string }
	var tgts []tgt
	if len(o.Plan) == 0 {
		tgts = append(tgts, tgt{"", o.Target})
	}
	for _, h := range o.Plan {
		for _, t := range h.Targets {
			tgts = append(tgts, tgt{h.Name, t})
		}
	}
	var jobs []job
	for _, t := range tgts {
		base, err := newJob(o, t.target)
		if err != nil {
			return nil, err
		}
		base.hop = t.hop
		for _, h := range o.Holds {
			j := base
			j.idx, j.hold = len(jobs), h
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
}

// newJob resolves a target for the run's mode.
func newJob(o Options, target string) (job, error) {
	j := job{mode: o.Mode, target: redact(target)}
	if o.Mode == TCP || o.Mode == TLS {
		addr, err := hostPort(target)
		j.addr, j.target = addr, addr
		return j, err
	}
	u, err := targetURL(target, o.Target)
	if err != nil {
		return j, err
	}
	j.url, j.target = u, redact(u.String())
	j.addr, err = hostPort(u.String())
	return j, err
}

// redact removes user information from a URL target.
func redact(target string) string {
	u, err := url.Parse(target)
	if err != nil || u.User == nil {
		return target
	}
	u.User = nil
	return u.String()
}

// countTargets counts the targets of a plan.
func countTargets(plan []PlanHop) int {
	n := 0
	for _, h := range plan {
		n += len(h.Targets)
	}
	return n
}
