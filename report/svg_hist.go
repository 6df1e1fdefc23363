package report

import (
	"fmt"
	"html/template"
)

// histogram is one hop's idle-before-end picture.
type histogram struct {
	Title, Note string
	SVG         template.HTML
}

// histograms draws, per hop with premature ends, the histogram of idle
// time before the end, with the timer it matches.
func histograms(res *Result) []histogram {
	if res.Analysis == nil {
		return nil
	}
	var out []histogram
	for _, t := range res.Analysis.Hops {
		if len(t.Idle) == 0 {
			continue
		}
		h := histogram{Title: fmt.Sprintf("%s: idle before premature end (%d ends)", firstNonEmpty(t.Hop, "no declared hop"), t.Premature), SVG: histSVG(t)}
		if m, ok := MatchTimer(res.Path, t.Hop, t.MinIdleS); ok {
			h.Note = "Matches " + timerName(m) + "."
		}
		out = append(out, h)
	}
	return out
}

func histSVG(t HopTally) template.HTML {
	const w, h, left, bottom, top = 460.0, 190.0, 40.0, 40.0, 16.0
	s := newSVG(w, h, "histogram of idle time before the end at "+t.Hop)
	most := 1
	for _, b := range t.Idle {
		most = max(most, b.Count)
	}
	plotH := h - bottom - top
	bw := (w - left - 10) / float64(len(t.Idle))
	s.line(left, h-bottom, w-10, h-bottom, "axis")
	s.line(left, top, left, h-bottom, "axis")
	s.text(left-6, top+4, "end", "tick", fmt.Sprint(most))
	s.text(left-6, h-bottom, "end", "tick", "0")
	for i, b := range t.Idle {
		x := left + float64(i)*bw
		bh := plotH * float64(b.Count) / float64(most)
		s.rect(x+2, h-bottom-bh, bw-4, bh, "hist")
		if b.Count > 0 {
			s.text(x+bw/2, h-bottom-bh-4, "middle", "tick", fmt.Sprint(b.Count))
		}
		if i == 0 || i == len(t.Idle)-1 || i == len(t.Idle)/2 {
			s.text(x+bw/2, h-bottom+14, "middle", "tick", fmt.Sprintf("%s–%s s", trimFloat2(b.FromS), trimFloat2(b.ToS)))
		}
	}
	s.text((w+left)/2, h-6, "middle", "axis-title", "idle before the end, seconds")
	return s.html()
}

// trimFloat2 renders seconds with up to two decimals.
func trimFloat2(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
