package probe

import (
	"fmt"
	"strings"
)

// PlanHop is one hop of the path for --plan, as the topology maps it: hops are
// given from the server outward. Targets are the host:port (or URLs) where the
// jump box can reach the hop directly, taken from the hop's listen addresses; a
// hop without targets is not probed but can still be named in a verdict.
type PlanHop struct {
	Name, Kind string
	Targets    []string
}

// Verdict is the conclusion of a plan: the segment of hops that holds the
// shortest timer. Seconds throughout.
type Verdict struct {
	// Segment names the hops that may hold the short timer, outermost first.
	Segment []string `json:"segment"`
	// Inner is the outermost hop through which every hold survived; Outer the
	// next probed hop out, through which holds were cut. Either may be empty.
	Inner string `json:"inner,omitempty"`
	Outer string `json:"outer,omitempty"`
	// Bracket is the ladder through Outer.
	Bracket *Bracket `json:"bracket,omitempty"`
	// Text says it in one sentence.
	Text string `json:"text"`
}

// hopState summarises a hop's probes.
type hopState int

const (
	unprobed hopState = iota
	heldAll
	wasCut
	unclear
)

// decide walks the plan from the server outward: the short timer sits between
// the outermost hop where every hold survived and the first hop out where holds
// were cut.
func decide(plan []PlanHop, probes []ProbeResult) Verdict {
	states, groups := hopStates(plan, probes)
	outer := -1
	for i, s := range states {
		if s == wasCut {
			outer = i
			break
		}
	}
	if outer < 0 {
		return noCut(plan, states, groups)
	}
	inner := -1
	for i := outer - 1; i >= 0; i-- {
		if states[i] == heldAll {
			inner = i
			break
		}
	}
	b := bracket(groups[outer])
	b.Hop = plan[outer].Name
	v := Verdict{Outer: plan[outer].Name, Bracket: &b}
	for i := outer; i > inner; i-- {
		v.Segment = append(v.Segment, plan[i].Name)
	}
	v.Text = cutText(plan, inner, outer, b)
	for i := outer + 1; i < len(plan); i++ {
		if states[i] == heldAll {
			v.Text += fmt.Sprintf("; note: %s, further out, held every hold: the jump box may reach it by another path", plan[i].Name)
		}
	}
	if inner >= 0 {
		v.Inner = plan[inner].Name
	}
	return v
}

// hopStates groups probes by plan hop and summarises each.
func hopStates(plan []PlanHop, probes []ProbeResult) ([]hopState, [][]ProbeResult) {
	idx := map[string]int{}
	for i, h := range plan {
		idx[h.Name] = i
	}
	groups := make([][]ProbeResult, len(plan))
	for _, p := range probes {
		if i, ok := idx[p.Hop]; ok {
			groups[i] = append(groups[i], p)
		}
	}
	states := make([]hopState, len(plan))
	for i, g := range groups {
		states[i] = stateOf(g)
	}
	return states, groups
}

func stateOf(g []ProbeResult) hopState {
	if len(g) == 0 {
		return unprobed
	}
	held := 0
	for _, p := range g {
		if p.Outcome.cut() && !p.Held {
			return wasCut
		}
		if p.Held {
			held++
		}
	}
	if held == len(g) {
		return heldAll
	}
	return unclear
}

// cutText phrases a verdict with a cut at plan[outer].
func cutText(plan []PlanHop, inner, outer int, b Bracket) string {
	var names []string
	for i := outer; i > inner; i-- {
		names = append(names, hopLabel(plan[i]))
	}
	where := "sits in " + names[0]
	if len(names) > 1 {
		where = "sits in one of " + strings.Join(names, ", ")
	}
	timer := "the short timer"
	if b.TimerS > 0 {
		timer = "the " + timerText(b.TimerS) + " timer"
	}
	phrase := b.Text
	if b.TimerS > 0 {
		phrase = b.cutPhrase()
	}
	if inner < 0 {
		return fmt.Sprintf("holds are cut even through %s, the innermost hop probed: %s; %s %s, or between it and the server",
			hopLabel(plan[outer]), phrase, timer, where)
	}
	return fmt.Sprintf("holds survive through %s but are cut through %s: %s; %s %s",
		hopLabel(plan[inner]), hopLabel(plan[outer]), phrase, timer, where)
}

// noCut phrases a verdict where no hop cut a hold.
func noCut(plan []PlanHop, states []hopState, groups [][]ProbeResult) Verdict {
	var unclearHops []string
	longest := 0.0
	for i, s := range states {
		if s == unclear {
			unclearHops = append(unclearHops, plan[i].Name)
		}
		for _, p := range groups[i] {
			if p.Held && p.HoldS > longest {
				longest = p.HoldS
			}
		}
	}
	if v, ok := lostEverywhere(plan, states, groups, longest); ok {
		return v
	}
	if len(unclearHops) > 0 {
		return Verdict{Text: "no hop cut a hold, but probes through " + strings.Join(unclearHops, ", ") + " ended without an answer or with an error"}
	}
	return Verdict{Text: fmt.Sprintf("every probed hop held every hold up to %s: no timer at or under it within reach", fmtSeconds(longest))}
}

func hopLabel(h PlanHop) string {
	if h.Kind == "" {
		return h.Name
	}
	return h.Name + " (" + h.Kind + ")"
}

// lostEverywhere recognises a box in front of every probed hop that forgets
// idle flows silently: through every probed hop the short holds were
// answered and the long ones were never answered (no FIN, no RST), so the
// box sits outward of the outermost probed hop, between it and the jump box.
func lostEverywhere(plan []PlanHop, states []hopState, groups [][]ProbeResult, longest float64) (Verdict, bool) {
	outermost := -1
	shortestLost := 0.0
	for i, st := range states {
		if st == unprobed {
			continue
		}
		if st != unclear || longest == 0 {
			return Verdict{}, false
		}
		outermost = i
		for _, p := range groups[i] {
			if !p.Held && p.Outcome == Open && (shortestLost == 0 || p.HoldS < shortestLost) {
				shortestLost = p.HoldS
			}
		}
	}
	if outermost < 0 || shortestLost == 0 {
		return Verdict{}, false
	}
	var seg []string
	for i := len(plan) - 1; i > outermost; i-- {
		seg = append(seg, plan[i].Name)
	}
	where := "between the jump box and " + plan[outermost].Name
	if len(seg) > 0 {
		where = strings.Join(seg, ", ") + " (" + where + ")"
	}
	return Verdict{Segment: seg, Text: fmt.Sprintf("through every probed hop holds up to %s were answered and holds from %s got no answer at all: a box that forgets idle flows silently sits in front of all of them, %s, with a timer between %s and %s",
		fmtSeconds(longest), fmtSeconds(shortestLost), where, fmtSeconds(longest), fmtSeconds(shortestLost))}, true
}
