package check

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

// Run judges the declared timers of t and fills res: the path, the check
// verdict, findings and plans. It does no I/O.
func Run(t *topology.Topology, res *report.Result) {
	ls := Limits(t)
	h := t.Heartbeat
	plans := Plans(t, ls)
	res.Path = pathOf(t, ls)
	res.Check = verdict(t, ls, res.Path)
	res.Plans = append(res.Plans, plans...)
	var fix map[string]*report.Step
	if len(plans) > 0 {
		fix = stepsByTimer(plans[0])
	}
	res.Findings = append(res.Findings, findings(t, ls, h, fix)...)
	report.SortFindings(res.Findings)
}

// Plans returns the change plans, the recommended one first.
func Plans(t *topology.Topology, ls []HopLimits) []report.Plan {
	h, m := t.Heartbeat, t.Margin
	r := raise(t, ls, h)
	short, hop, ok := shortest(ls, false)
	if r.Feasible {
		r.Recommended = true
		if !ok || len(r.Steps) == 0 || short-m < minHeartbeat(t) || floorMinute(short-m) >= h {
			return []report.Plan{r}
		}
		alt := lower(t, ls, floorMinute(short-m), fmt.Sprintf("%s below %s's %s", report.Dur(m), hop.Name, report.Dur(short)), false)
		alt.Caveats = append(alt.Caveats, "only for boxes you cannot change: timers that do not grow outward stay as they are")
		return []report.Plan{r, alt}
	}
	// Some box cannot reach the heartbeat: fit the heartbeat under the
	// fixed boxes, then raise the rest for that heartbeat.
	fixed, fhop, fok := shortest(ls, true)
	if !fok {
		return []report.Plan{r}
	}
	newH := floorMinute(fixed - m)
	var low report.Plan
	for i := 0; i < 60 && newH > 0; i++ { // bounded: at most an hour of steps
		low = lower(t, ls, newH, fmt.Sprintf("%s below fixed %s's %s", report.Dur(m), fhop.Name, report.Dur(fixed)), true)
		if low.Feasible {
			break
		}
		newH -= time.Minute
	}
	low.Recommended = low.Feasible
	return []report.Plan{low, r}
}

func stepsByTimer(p report.Plan) map[string]*report.Step {
	m := map[string]*report.Step{}
	for i := range p.Steps {
		s := &p.Steps[i]
		m[s.Hop+"/"+s.Timer] = s
	}
	return m
}

func verdict(t *topology.Topology, ls []HopLimits, path *report.Path) *report.Check {
	h := t.Heartbeat
	best := -1
	for i, hl := range ls {
		v, ok := hl.Effective()
		if !ok || hl.Hop.Profile.Carriage == hops.Endpoint || v.D >= h {
			continue
		}
		if best < 0 || v.D < mustEff(ls[best]).D {
			best = i
		}
	}
	if best < 0 {
		return &report.Check{Verdict: fmt.Sprintf("Exchange ends every silent Ping: no box on the path gives up within the %s heartbeat.", report.Dur(h))}
	}
	hl := ls[best]
	v := mustEff(hl)
	path.Hops[best].FirstCloser = true
	return &report.Check{
		Verdict: fmt.Sprintf("%s %s after %s idle (%s %s%s): a %s Ping never completes.",
			hl.Hop.Name, actionPhrase(v.Spec.OnExpiry), report.Dur(v.D), v.Spec.Key, report.Dur(v.D), originNote(v), report.Dur(h)),
		FirstCloser:       hl.Hop.Name,
		FirstCloserAfterS: report.Secs(v.D),
		FirstCloserAction: string(v.Spec.OnExpiry),
	}
}

func mustEff(hl HopLimits) Value { v, _ := hl.Effective(); return v }

func originNote(v Value) string {
	switch v.Origin {
	case Assumed:
		return ", assumed"
	case Default:
		return ", vendor default"
	}
	return ""
}

func actionPhrase(a hops.Action) string {
	switch a {
	case hops.ResetBoth:
		return "resets both sides"
	case hops.Close:
		return "closes the connection"
	case hops.Answer5xx:
		return "answers the device with its own 5xx"
	case hops.SilentDrop:
		return "silently forgets the flow"
	case hops.Abort:
		return "aborts the request to Exchange"
	}
	return "ends the request"
}

// Describe fills res.Path with the declared path and its effective limits
// without judging it: for commands that report on traffic.
func Describe(t *topology.Topology, res *report.Result) {
	res.Path = pathOf(t, Limits(t))
}
