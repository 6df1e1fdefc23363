package report

import (
	"fmt"
	"strings"

	"github.com/hopaudit/hopaudit/hops"
)

// crHopChange is the changes on one device, in execution order.
type crHopChange struct {
	Hop, Kind string
	Items     []crChange
}

// crChange is one change: a timer from Current to Proposed (Title for
// changes that are not timers), and the exact commands.
type crChange struct {
	Order                                    int
	Title, Timer, Setting, Current, Proposed string
	Tool                                     string
	Commands                                 []string
	Note                                     string
}

func (cr *changeRequest) buildPlanSections(res *Result) {
	rec, ok := recommended(res.Plans)
	if ok {
		cr.Changes = groupByHop(rec.Steps, false)
		cr.Backout, cr.BackoutNotes = backout(rec.Steps)
	}
	cr.Other = otherFixes(res.Findings, res.Plans)
	for _, p := range res.Plans {
		if !p.Recommended {
			cr.Alternatives = append(cr.Alternatives, crPlan{Title: p.Title, Summary: p.Summary, Feasible: p.Feasible, Caveats: p.Caveats})
		}
	}
	cr.Steps = implementation(res, cr.Changes, cr.Other)
}

func recommended(plans []Plan) (Plan, bool) {
	for _, p := range plans {
		if p.Recommended {
			return p, true
		}
	}
	return Plan{}, false
}

// groupByHop turns plan steps into per-device changes, keeping the order
// (consecutive steps on one hop share a group); rollback selects the
// rollback commands instead of the change.
func groupByHop(steps []Step, rollback bool) []crHopChange {
	var out []crHopChange
	for _, s := range steps {
		c := crChange{Order: s.Order, Timer: s.Timer, Setting: s.Setting, Current: currentValue(s), Proposed: withSeconds(s.ProposedS)}
		ch := s.Change
		if rollback {
			if s.Rollback == nil {
				continue
			}
			ch = *s.Rollback
			c.Current, c.Proposed = c.Proposed, currentValue(s)
		}
		c.Tool, c.Commands, c.Note = ch.Tool, ch.Commands, ch.Note
		if n := len(out); n > 0 && out[n-1].Hop == s.Hop {
			out[n-1].Items = append(out[n-1].Items, c)
			continue
		}
		out = append(out, crHopChange{Hop: s.Hop, Kind: s.Kind, Items: []crChange{c}})
	}
	return out
}

// backout lists the rollbacks in reverse execution order, and notes for
// the steps whose current value is unknown.
func backout(steps []Step) ([]crHopChange, []string) {
	rev := make([]Step, 0, len(steps))
	var notes []string
	for i := len(steps) - 1; i >= 0; i-- {
		rev = append(rev, steps[i])
		if steps[i].Rollback == nil {
			notes = append(notes, fmt.Sprintf("%s %s (%s): today's value is %s, so no rollback command can be written; read and record it before change %d.",
				steps[i].Hop, steps[i].Timer, steps[i].Setting, currentValue(steps[i]), steps[i].Order))
		}
	}
	return groupByHop(rev, true), notes
}

// otherFixes are the fixes of findings that no plan step already makes
// (pool method, iRules...).
func otherFixes(fs []Finding, plans []Plan) []crHopChange {
	planned := map[string]bool{}
	for _, p := range plans {
		for _, s := range p.Steps {
			planned[changeKey(s.Change)] = true
		}
	}
	var out []crHopChange
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Fix == nil || strings.HasPrefix(f.ID, "timer:") || planned[changeKey(*f.Fix)] || seen[changeKey(*f.Fix)] {
			continue
		}
		seen[changeKey(*f.Fix)] = true
		out = append(out, crHopChange{Hop: f.Hop, Items: []crChange{{Title: f.Title, Tool: f.Fix.Tool, Commands: f.Fix.Commands, Note: f.Fix.Note}}})
	}
	return out
}

func changeKey(c hops.Change) string { return c.Tool + "\x00" + strings.Join(c.Commands, "\x00") }

// implementation writes the steps an engineer follows on the night.
func implementation(res *Result, changes, other []crHopChange) []string {
	if len(changes) == 0 && len(other) == 0 {
		return nil
	}
	out := []string{"Before the window, run the validation probes below against today's path and keep their output as the baseline" + baselineHint(res) + "."}
	out = append(out, "Take a configuration backup of every device listed under Proposed changes.")
	for _, g := range changes {
		var what []string
		for _, c := range g.Items {
			what = append(what, fmt.Sprintf("change %d (%s → %s)", c.Order, c.Setting, c.Proposed))
		}
		out = append(out, fmt.Sprintf("On %s, apply %s with the commands under Proposed changes; connections opened before it keep the old value until they end.", g.Hop, strings.Join(what, ", ")))
	}
	for _, g := range other {
		out = append(out, fmt.Sprintf("On %s, apply: %s.", g.Hop, g.Items[0].Title))
	}
	out = append(out, "Run the validation plan. If any hold is cut before its end, run the backout plan and keep the probe output for the post-mortem.")
	if res.Analysis != nil {
		out = append(out, "The next day, take a new capture at the same place and run hopaudit analyze on it: it must report no premature end.")
	}
	return out
}

func baselineHint(res *Result) string {
	hop, after, action, ok := firstCut(res)
	if !ok {
		return ""
	}
	return fmt.Sprintf(" (they should show the %s from %s at about %s)", firstNonEmpty(action, "cut"), hop, durS(after))
}

// withSeconds renders a value as engineers say it, with the seconds when
// that is not already the unit shown ("30 min (1800 s)", "32 s").
func withSeconds(sec float64) string {
	d := durS(sec)
	if strings.HasSuffix(d, " s") {
		return d
	}
	return fmt.Sprintf("%s (%s s)", d, trimFloat(sec))
}
