package check

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

// ceilMinute rounds d up to a whole minute when it is ten minutes or more
// (proposed values are easier to read, type and audit that way), else to
// a whole second: a lab path scaled to seconds keeps its scale.
func ceilMinute(d time.Duration) time.Duration {
	if d < 10*time.Minute {
		return (d + time.Second - 1) / time.Second * time.Second
	}
	return (d + time.Minute - 1) / time.Minute * time.Minute
}

// floorMinute rounds d down to a whole minute from ten minutes on, else
// to a whole second (see ceilMinute).
func floorMinute(d time.Duration) time.Duration {
	if d < 10*time.Minute {
		return d / time.Second * time.Second
	}
	return d / time.Minute * time.Minute
}

// raise builds the plan that keeps heartbeat h and raises every timer
// that ends a silent Ping before h plus the margin, so that limits grow
// from Exchange outward by one margin per box.
func raise(t *topology.Topology, ls []HopLimits, h time.Duration) report.Plan {
	p := report.Plan{ID: "raise-timers", Feasible: true, HeartbeatS: h.Seconds()}
	prev := h
	var steps []report.Step
	for i := len(ls) - 1; i >= 0; i-- {
		hl := ls[i]
		if hl.Hop.Profile == nil || hl.Hop.Profile.Carriage == hops.Endpoint {
			continue
		}
		// A fixed box only has to outlast the heartbeat; it takes no part
		// in the ladder, which the boxes you can change must respect.
		need := prev + t.Margin
		if hl.Hop.Fixed {
			need = h + t.Margin
		}
		hopEff, any := time.Duration(0), false
		proposed := map[string]time.Duration{}
		for _, v := range hl.Values {
			if !v.Spec.Idle || v.Unlimited {
				continue
			}
			target := ceilMinute(need)
			if a, ok := proposed[v.Spec.Above]; ok && v.Spec.Above != "" {
				target = max(target, ceilMinute(a+t.Margin))
			}
			val, st, caveat := propose(hl.Hop, v, target)
			if caveat != "" {
				p.Feasible = false
				p.Caveats = append(p.Caveats, caveat)
			}
			if st != nil {
				steps = append(steps, *st)
			}
			proposed[v.Spec.Key] = val
			if !any || val < hopEff {
				hopEff, any = val, true
			}
		}
		if any && !hl.Hop.Fixed {
			prev = hopEff
		}
	}
	// Execution order: outermost box first, so that while the change is
	// under way no inner box is left giving up after an outer one.
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	for i := range steps {
		steps[i].Order = i + 1
	}
	p.Steps = steps
	p.Title = fmt.Sprintf("Raise the timers above the %s heartbeat", report.Dur(h))
	if len(steps) == 0 && p.Feasible {
		p.Title = "No timer change needed"
	}
	p.Summary = raiseSummary(p, h, t.Margin)
	return p
}

// propose decides one timer's new value; it returns the value the timer
// will have, the step (nil when unchanged) and a caveat when the goal
// cannot be reached.
func propose(h *topology.Hop, v Value, target time.Duration) (time.Duration, *report.Step, string) {
	if v.Known() && v.D >= target {
		return v.D, nil, ""
	}
	if h.Fixed {
		return v.D, nil, fmt.Sprintf("%s is fixed: its %s of %s stays below the %s it needs", h.Name, v.Spec.Key, valueText(v), report.Dur(target))
	}
	caveat := ""
	if v.Spec.Max > 0 && target > v.Spec.Max {
		caveat = fmt.Sprintf("%s accepts at most %s for %s; %s is needed", h.Profile.Title, report.Dur(v.Spec.Max), v.Spec.Key, report.Dur(target))
		target = v.Spec.Max
	}
	if v.Spec.Set == nil {
		return v.D, nil, fmt.Sprintf("%s offers no command for %s", h.Name, v.Spec.Key)
	}
	return target, step(h, v, target), caveat
}

func step(h *topology.Hop, v Value, target time.Duration) *report.Step {
	ref := h.HopRef()
	st := &report.Step{
		Hop: h.Name, Kind: h.Kind, Timer: v.Spec.Key, Setting: v.Spec.Setting,
		CurrentOrigin: string(v.Origin), ProposedS: target.Seconds(),
		Change: v.Spec.Set(ref, target),
	}
	if v.Known() {
		st.CurrentS = report.Secs(v.D)
		rb := v.Spec.Set(ref, v.D)
		st.Rollback = &rb
	}
	return st
}

func valueText(v Value) string {
	switch {
	case v.Unlimited:
		return "no limit"
	case v.Origin == Unknown:
		return "unknown"
	}
	return report.Dur(v.D)
}

func raiseSummary(p report.Plan, h, m time.Duration) string {
	if len(p.Steps) == 0 && p.Feasible {
		return fmt.Sprintf("No change needed: every timer already stays open for the %s heartbeat plus the %s margin, growing outward.", report.Dur(h), report.Dur(m))
	}
	s := fmt.Sprintf("%d change(s) so that every box stays open at least %s past the %s heartbeat, each box outward %s longer than the one inside it.",
		len(p.Steps), report.Dur(m), report.Dur(h), report.Dur(m))
	if !p.Feasible {
		s += " Not reachable as it stands: see the caveats."
	}
	return s
}
