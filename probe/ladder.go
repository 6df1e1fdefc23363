package probe

import (
	"fmt"
	"math"
)

// Bracket is what a ladder of holds on one target says about the path's
// shortest timer. Seconds throughout; zero means "none".
type Bracket struct {
	Hop    string `json:"hop,omitempty"`
	Target string `json:"target"`
	// LongestHeldS is the longest hold that survived.
	LongestHeldS float64 `json:"longest_held_s"`
	// ShortestCutS is the shortest hold ended by a FIN, a RST or an HTTP status.
	ShortestCutS float64 `json:"shortest_cut_s"`
	// CutMinS and CutMaxS are the range of times at which holds were cut.
	CutMinS float64 `json:"cut_min_s"`
	CutMaxS float64 `json:"cut_max_s"`
	// Ending is how the holds were cut: "RST", "FIN", "HTTP 504" or "mixed".
	Ending string `json:"ending,omitempty"`
	// TimerS estimates the timer when every cut fell at one value and no longer
	// hold survived; zero otherwise.
	TimerS float64 `json:"timer_s"`
	// Text says it in one sentence.
	Text string `json:"text"`
}

// ladders computes one bracket per (hop, target), in order of appearance.
func ladders(probes []ProbeResult) []Bracket {
	type key struct{ hop, target string }
	var order []key
	groups := map[key][]ProbeResult{}
	for _, p := range probes {
		k := key{p.Hop, p.Target}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], p)
	}
	out := make([]Bracket, 0, len(order))
	for _, k := range order {
		b := bracket(groups[k])
		b.Hop, b.Target = k.hop, k.target
		out = append(out, b)
	}
	return out
}

// bracket reads a ladder of probes.
func bracket(probes []ProbeResult) Bracket {
	var b Bracket
	cuts, other := 0, 0
	for _, p := range probes {
		switch {
		case p.Held:
			b.LongestHeldS = math.Max(b.LongestHeldS, p.HoldS)
		case p.Outcome.cut():
			b.addCut(p, cuts == 0)
			cuts++
		default:
			other++
		}
	}
	b.Text = b.describe(cuts, other, len(probes))
	return b
}

// addCut folds one cut probe into b.
func (b *Bracket) addCut(p ProbeResult, first bool) {
	ending := endingOf(p)
	if first {
		b.ShortestCutS, b.CutMinS, b.CutMaxS, b.Ending = p.HoldS, p.AfterS, p.AfterS, ending
		return
	}
	b.ShortestCutS = math.Min(b.ShortestCutS, p.HoldS)
	b.CutMinS, b.CutMaxS = math.Min(b.CutMinS, p.AfterS), math.Max(b.CutMaxS, p.AfterS)
	if b.Ending != ending {
		b.Ending = "mixed"
	}
}

func endingOf(p ProbeResult) string {
	switch p.Outcome {
	case RST:
		return "RST"
	case FIN:
		return "FIN"
	}
	return fmt.Sprintf("HTTP %d", p.Status)
}

// consistent reports whether the cuts point at one timer: clustered within
// max(0.5 s, 2 %) and no survivor longer than the shortest cut hold.
func (b Bracket) consistent() bool {
	spread := b.CutMaxS - b.CutMinS
	return spread <= math.Max(0.5, 0.02*b.CutMinS) && b.LongestHeldS < b.ShortestCutS
}

// describe sets TimerS and returns the sentence.
func (b *Bracket) describe(cuts, other, total int) string {
	switch {
	case cuts == 0 && other == 0:
		return fmt.Sprintf("every hold up to %s survived: no idle timer at or under %s on this path", fmtSeconds(b.LongestHeldS), fmtSeconds(b.LongestHeldS))
	case cuts == 0:
		return fmt.Sprintf("no hold was cut, but %d of %d probes ended without an answer or with an error", other, total)
	case !b.consistent():
		return fmt.Sprintf("holds were cut (%s) at %.1f-%.1f s, not at one value or with a longer hold surviving: more than one timer, or more than one path", b.Ending, b.CutMinS, b.CutMaxS)
	}
	b.TimerS = roundTimer(b.CutMinS)
	return b.cutPhrase() + fmt.Sprintf(": a %s idle timer sits on this path", timerText(b.TimerS))
}

// cutPhrase says which holds were cut, how and when.
func (b Bracket) cutPhrase() string {
	who := fmt.Sprintf("every hold over %s", fmtSeconds(b.LongestHeldS))
	if b.LongestHeldS == 0 {
		who = fmt.Sprintf("every hold, even the shortest (%s),", fmtSeconds(b.ShortestCutS))
	}
	return fmt.Sprintf("%s ended by %s at %.1f-%.1f s", who, b.Ending, b.CutMinS, b.CutMaxS)
}

// roundTimer rounds an observed cut time: to 0.1 s under 10 s, else to 1 s.
func roundTimer(s float64) float64 {
	if s < 10 {
		return math.Round(s*10) / 10
	}
	return math.Round(s)
}

func timerText(s float64) string {
	if s < 10 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
}
