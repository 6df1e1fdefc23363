package analyze

import (
	"fmt"
	"strings"

	"github.com/hopaudit/hopaudit/check"
	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
)

// findings groups premature ends by hop (or sender), kind and idle
// cluster, each with counts, range, samples and the fix from the plan.
func (e *engine) findings() []report.Finding {
	var out []report.Finding
	for _, c := range e.res.Captures {
		if c.Damaged {
			out = append(out, report.Finding{ID: "capture-damaged:" + c.File, Severity: report.SeverityWarning, From: "analyze",
				Title: fmt.Sprintf("capture %s is damaged: analyzed up to the damage", c.File), Evidence: c.Warnings})
		}
	}
	fixes := e.planFixes()
	groups := e.failSet.groups()
	for _, g := range groups {
		out = append(out, e.groupFinding(g, fixes))
	}
	report.SortFindings(out)
	return out
}

func (e *engine) groupFinding(g *group, fixes map[string]*hops.Change) report.Finding {
	who := e.hopName(g.hop)
	if who == "" {
		who = g.by
	}
	if who == "" {
		who = "an unknown box"
	}
	f := report.Finding{From: "analyze", Severity: report.SeverityError, Hop: e.hopName(g.hop),
		ID:    fmt.Sprintf("premature:%s:%s:%.0f", who, g.kind, timerOf(g.minIdle())),
		Title: fmt.Sprintf("%s %s %d long-poll(s) after %s idle", who, verb(g.kind), g.n, idleRange(g)),
	}
	for _, s := range g.samples {
		f.Evidence = append(f.Evidence, fmt.Sprintf("%s connection %d, frame %d", s.Capture, s.Conn, s.Frame))
	}
	if g.hop < 0 {
		f.Detail = fmt.Sprintf("A %s s idle timer sits at %s.", trimS(timerOf(g.minIdle())), who)
		return f
	}
	f.Detail, f.Key = e.timerDetail(g)
	if fx := fixes[e.hopName(g.hop)+"/"+f.Key]; fx != nil {
		f.Fix = fx
	}
	return f
}

// timerDetail names the declared timer the cluster matches, or says that
// the hop behaves otherwise than declared.
func (e *engine) timerDetail(g *group) (string, string) {
	p := e.path
	if v, ok := p.timerMatch(g.hop, g.minIdle()); ok {
		return fmt.Sprintf("Matches %s %s %s (%s).", p.top.Hops[g.hop].Name, v.Spec.Key, hops.Dur(v.D), v.Origin), v.Spec.Key
	}
	h := p.top.Hops[g.hop]
	if v, ok := p.limits[g.hop].Effective(); ok && forgets(v) && g.minIdle() >= v.D {
		return fmt.Sprintf("%s forgets idle flows after %s (%s %s); the first packet after that, at %s s, found the flow gone.",
			h.Name, hops.Dur(v.D), v.Spec.Key, v.Origin, trimS(timerOf(g.minIdle()))), v.Spec.Key
	}
	if v, ok := p.limits[g.hop].Effective(); ok {
		return fmt.Sprintf("Declared %s %s, observed %s s: %s is not using the value you think.",
			v.Spec.Key, hops.Dur(v.D), trimS(timerOf(g.minIdle())), h.Name), v.Spec.Key
	}
	return fmt.Sprintf("No declared timer of %s explains %s s.", h.Name, trimS(timerOf(g.minIdle()))), ""
}

// planFixes maps "hop/timer" to the recommended plan's change, so that
// analyze and check never recommend different values.
func (e *engine) planFixes() map[string]*hops.Change {
	out := map[string]*hops.Change{}
	if e.path == nil {
		return out
	}
	plans := check.Plans(e.path.top, e.path.limits)
	if len(plans) == 0 {
		return out
	}
	for i := range plans[0].Steps {
		s := &plans[0].Steps[i]
		out[s.Hop+"/"+s.Timer] = &s.Change
	}
	return out
}

func verb(kind string) string {
	switch kind {
	case KindRST:
		return "reset"
	case KindFIN:
		return "closed (FIN)"
	case KindProxy5xx:
		return "answered with its own 5xx"
	case KindSilentDrop:
		return "silently dropped"
	}
	return "ended"
}

func idleRange(g *group) string {
	lo, hi := g.minIdle().Seconds(), g.maxIdle().Seconds()
	if hi-lo < 0.05 {
		return fmt.Sprintf("%.1f s", lo)
	}
	return fmt.Sprintf("%.1f-%.1f s", lo, hi)
}

func trimS(s float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", s), "0"), ".")
}

// forgets reports a timer whose expiry is silent: the box drops the flow
// and the end shows only when the next packet arrives, later than the
// timer.
func forgets(v check.Value) bool { return v.Spec.OnExpiry == hops.SilentDrop }
