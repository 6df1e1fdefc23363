package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Geometry of the path picture, in SVG units.
const (
	pathW     = 960.0
	boxH      = 58.0
	rowH      = 46.0
	labelW    = 150.0
	chartTop  = boxH + 64
	chartPadR = 20.0
)

// pathSVG draws the declared path: the hops as boxes, then one row per
// hop with its idle limit as a bar against the heartbeat (and margin),
// the proposed value as an outline, and where connections died (captures
// as crosses, probes as diamonds).
func pathSVG(res *Result) template.HTML {
	p := res.Path
	if p == nil || len(p.Hops) == 0 {
		return ""
	}
	rows := chartHops(p)
	h := chartTop + float64(len(rows))*rowH + 46
	s := newSVG(pathW, h, "the path with each hop's idle timer against the heartbeat")
	drawHopBoxes(s, p)
	sc := scale{x0: labelW, x1: pathW - chartPadR, maxS: chartMax(res)}
	top, bottom := chartTop-10, chartTop+float64(len(rows))*rowH
	s.line(sc.x(p.HeartbeatS), top, sc.x(p.HeartbeatS), bottom, "heartbeat")
	s.text(sc.x(p.HeartbeatS), top-6, "end", "hb-label", "heartbeat "+durS(p.HeartbeatS))
	if p.MarginS > 0 {
		s.line(sc.x(p.HeartbeatS+p.MarginS), top, sc.x(p.HeartbeatS+p.MarginS), bottom, "margin")
		s.text(sc.x(p.HeartbeatS+p.MarginS)+4, top-6, "start", "margin-label", "+ margin "+durS(p.MarginS))
	}
	for i, hp := range rows {
		drawHopRow(s, res, hp, sc, chartTop+float64(i)*rowH)
	}
	s.axis(sc, bottom+6, 10)
	return s.html()
}

// chartHops are the hops that get a timer row (not the devices).
func chartHops(p *Path) []Hop {
	var out []Hop
	for _, h := range p.Hops {
		if h.Kind != "client" {
			out = append(out, h)
		}
	}
	return out
}

// chartMax is the right end of the time axis: past the heartbeat, the
// margin and every proposed value, but not stretched by huge limits.
func chartMax(res *Result) float64 {
	p := res.Path
	m := p.HeartbeatS + p.MarginS
	if rec, ok := recommended(res.Plans); ok {
		for _, st := range rec.Steps {
			m = math.Max(m, st.ProposedS)
		}
	}
	for _, h := range p.Hops {
		if h.LimitS != nil && *h.LimitS <= 2*m {
			m = math.Max(m, *h.LimitS)
		}
	}
	return math.Max(m*1.1, 60)
}

func drawHopBoxes(s *svg, p *Path) {
	n := float64(len(p.Hops))
	gap := 36.0
	w := (pathW - 20 - gap*(n-1)) / n
	for i, h := range p.Hops {
		x := 10 + float64(i)*(w+gap)
		class := "hop"
		switch {
		case h.FirstCloser:
			class = "hop bad"
		case h.Kind == "exchange":
			class = "hop good"
		}
		s.rect(x, 8, w, boxH, class)
		s.text(x+w/2, 28, "middle", "hop-name", h.Name)
		s.text(x+w/2, 44, "middle", "hop-kind", h.Kind)
		s.text(x+w/2, 58, "middle", "hop-limit", hopLimitText(h, p.HeartbeatS))
		if i > 0 {
			s.line(x-gap+4, 8+boxH/2, x-6, 8+boxH/2, "arrow")
			s.text(x-6, 8+boxH/2+4, "end", "arrow-head", "▶")
		}
	}
}

func hopLimitText(h Hop, hb float64) string {
	switch {
	case h.Kind == "exchange":
		return "answers at " + durS(hb)
	case h.Kind == "client":
		return "devices"
	case h.LimitS == nil:
		return "no idle limit"
	case h.FirstCloser:
		return "✂ " + durS(*h.LimitS) + " " + h.LimitTimer
	}
	return durS(*h.LimitS) + " " + h.LimitTimer
}

func drawHopRow(s *svg, res *Result, h Hop, sc scale, y float64) {
	p := res.Path
	mid := y + rowH/2 - 6
	s.text(labelW-10, mid+4, "end", "row-label", h.Name)
	labelEnd := sc.x0
	switch {
	case h.Kind == "exchange":
		s.circle(sc.x(p.HeartbeatS), mid, 6, "answer")
		s.text(sc.x(p.HeartbeatS)-10, mid+4, "end", "bar-label", "Exchange answers the Ping")
	case h.LimitS == nil:
		s.line(sc.x0, mid, sc.x1, mid, "nolimit")
		s.text(sc.x0+6, mid-6, "start", "bar-label", "no idle limit")
	default:
		labelEnd = drawLimitBar(s, h, sc, mid, p.HeartbeatS+p.MarginS)
	}
	if st, ok := proposedStep(res.Plans, h.Name); ok {
		s.rect(sc.x0, mid+10, sc.x(st.ProposedS)-sc.x0, 10, "proposed")
		s.text(sc.x(st.ProposedS)+6, mid+19, "start", "proposed-label", "proposed "+durS(st.ProposedS))
	}
	drawCuts(s, res, h.Name, sc, mid, labelEnd)
}

// drawLimitBar draws today's limit and returns where its label ends.
func drawLimitBar(s *svg, h Hop, sc scale, mid, need float64) float64 {
	class := "bar ok"
	if *h.LimitS < need {
		class = "bar short"
	}
	s.rect(sc.x0, mid-6, sc.x(*h.LimitS)-sc.x0, 12, class)
	label := "today " + durS(*h.LimitS) + " " + h.LimitTimer
	if *h.LimitS > sc.maxS {
		label = "→ " + label
	}
	x := sc.x(*h.LimitS)
	if x > sc.x1-140 {
		s.text(x-6, mid+4, "end", "bar-label inv", label)
		return x
	}
	s.text(x+10, mid+4, "start", "bar-label", label)
	return x + 10 + textW(label)
}

// textW estimates the width of 11 px text, in SVG units.
func textW(t string) float64 { return 6.2 * float64(len([]rune(t))) }

// proposedStep is the recommended plan's step for hop's limiting timer.
func proposedStep(plans []Plan, hop string) (Step, bool) {
	rec, ok := recommended(plans)
	if !ok {
		return Step{}, false
	}
	for _, st := range rec.Steps {
		if st.Hop == hop && st.Kind != "exchange" {
			return st, true
		}
	}
	return Step{}, false
}

// drawCuts marks where connections through hop died: premature ends
// seen in captures (crosses) and probe holds cut (diamonds), with one
// label after labelX.
func drawCuts(s *svg, res *Result, hop string, sc scale, mid, labelX float64) {
	var label string
	if a := res.Analysis; a != nil {
		for _, t := range a.Hops {
			if t.Hop == hop && t.Premature > 0 {
				s.cross(sc.x(t.MinIdleS), mid, 6, "cut")
				label = fmt.Sprintf("✕ %d connections cut at %s", t.Premature, rangeS(t.MinIdleS, t.MaxIdleS))
			}
		}
	}
	n := 0
	for _, r := range res.Probes {
		for _, pr := range r.Probes {
			if pr.cut() && firstNonEmpty(pr.Hop, hopOfAddr(res.Path, pr.Target)) == hop {
				s.diamond(sc.x(pr.AfterS), mid-12, 5, "probe-cut")
				n++
			}
		}
	}
	if n > 0 {
		label = strings.TrimPrefix(label+fmt.Sprintf(" · ◇ %s cut", plural(n, "probe hold")), " · ")
	}
	if label != "" {
		s.text(labelX+14, mid+4, "start", "cut-label", label)
	}
}
