package report

import (
	"fmt"
	"github.com/hopaudit/hopaudit/hops"
	"strings"
)

// ProbeFindings turns the cut ladders of probe runs into findings: a
// timer revealed on the live path, matched against the declared timers of
// p (which may be nil) and fixed by the step of the recommended plan that
// changes it, when there is one.
func ProbeFindings(runs []ProbeRun, p *Path, plans []Plan) []Finding {
	var out []Finding
	for _, r := range runs {
		for _, l := range r.Ladders {
			if l.TimerS <= 0 {
				continue
			}
			out = append(out, probeFinding(r, l, p, plans))
		}
		if f, ok := silentVerdictFinding(r); ok {
			out = append(out, f)
		}
	}
	return out
}

// silentVerdictFinding reports a plan verdict that names hops without a
// cut to bracket: long holds that were never answered through every
// probed hop (a box in front of all of them forgets flows silently).
func silentVerdictFinding(r ProbeRun) (Finding, bool) {
	v := r.Verdict
	if v == nil || len(v.Segment) == 0 || v.Bracket != nil || v.Outer != "" {
		return Finding{}, false
	}
	f := Finding{
		ID: "probe:silent:" + strings.Join(v.Segment, ","), Severity: SeverityError, From: "probe", Hop: v.Segment[0],
		Title:  fmt.Sprintf("live %s probes: long holds through every probed hop were never answered; %s forgets idle flows", r.Mode, strings.Join(v.Segment, ", ")),
		Detail: v.Text,
	}
	for _, pr := range r.Probes {
		f.Evidence = append(f.Evidence, pr.Hop+": "+probeLine(pr))
	}
	if r.Source != "" {
		f.Evidence = append(f.Evidence, "probe results: "+r.Source)
	}
	return f, true
}

func probeFinding(r ProbeRun, l ProbeBracket, p *Path, plans []Plan) Finding {
	hop := l.Hop
	if hop == "" {
		hop = hopOfAddr(p, l.Target)
	}
	where := hop
	if where == "" {
		where = l.Target
	}
	ending := strings.ToLower(l.Ending)
	if ending == "" {
		ending = "cut"
	}
	f := Finding{
		ID:       fmt.Sprintf("probe:%s:%s:%s", where, strings.ReplaceAll(ending, " ", "-"), trimFloat(l.TimerS)),
		Severity: SeverityError,
		From:     "probe",
		Hop:      hop,
		Title:    fmt.Sprintf("live %s probes through %s: holds over %s s ended by %s after %s", r.Mode, where, trimFloat(l.LongestHeldS), firstNonEmpty(l.Ending, "a cut"), rangeS(l.CutMinS, l.CutMaxS)),
		Detail:   l.Text,
	}
	if p != nil && l.TimerS > p.HeartbeatS+p.MarginS {
		f.Severity = SeverityInfo
	}
	if m, ok := MatchTimer(p, hop, l.CutMinS); ok {
		f.Hop, f.Key = m.Hop, m.Timer.Key
		f.Detail += fmt.Sprintf(". Matches %s %s %s s (%s).", m.Hop, m.Timer.Key, trimFloat(*m.Timer.S), m.Timer.Origin)
		f.Fix = planFix(plans, m.Hop, m.Timer.Key)
	}
	for _, pr := range r.Probes {
		if pr.Target == l.Target && pr.Hop == l.Hop {
			f.Evidence = append(f.Evidence, probeLine(pr))
		}
	}
	if r.Source != "" {
		f.Evidence = append(f.Evidence, "probe results: "+r.Source)
	}
	return f
}

// probeLine says what one probe showed, in one line.
func probeLine(p Probe) string {
	s := fmt.Sprintf("hold %s s: %s after %.2f s", trimFloat(p.HoldS), outcomeText(p), p.AfterS)
	if p.Held {
		s += " (held)"
	}
	if p.Local != "" && p.Remote != "" {
		s += " (" + p.Local + " → " + p.Remote + ")"
	}
	return s
}

// planFix returns the change of the recommended plan for hop's timer.
func planFix(plans []Plan, hop, key string) *hops.Change {
	for _, pl := range plans {
		if !pl.Recommended {
			continue
		}
		for _, s := range pl.Steps {
			if s.Hop == hop && s.Timer == key {
				c := s.Change
				return &c
			}
		}
	}
	return nil
}

// rangeS renders a range of seconds, one value when both ends round alike.
func rangeS(lo, hi float64) string {
	a, b := fmt.Sprintf("%.1f", lo), fmt.Sprintf("%.1f", hi)
	if a == b {
		return a + " s"
	}
	return a + "-" + b + " s"
}
