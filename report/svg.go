package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// svg accumulates an inline SVG picture. Every text goes through
// template.HTMLEscapeString: values from captures cannot inject markup.
type svg struct {
	b    strings.Builder
	w, h float64
}

func newSVG(w, h float64, label string) *svg {
	s := &svg{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s">`, w, h, w, h, esc(label))
	return s
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// rect draws a rectangle; class selects its style in the page's CSS.
func (s *svg) rect(x, y, w, h float64, class string) {
	fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" class="%s"/>`, x, y, math.Max(w, 0), math.Max(h, 0), class)
}

func (s *svg) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="%s"/>`, x1, y1, x2, y2, class)
}

// text writes text anchored at start, middle or end.
func (s *svg) text(x, y float64, anchor, class, t string) {
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">%s</text>`, x, y, anchor, class, esc(t))
}

// cross draws an X mark of half-size r centred at (x, y).
func (s *svg) cross(x, y, r float64, class string) {
	fmt.Fprintf(&s.b, `<path d="M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f" class="%s"/>`, x-r, y-r, x+r, y+r, x-r, y+r, x+r, y-r, class)
}

func (s *svg) circle(x, y, r float64, class string) {
	fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="%.1f" class="%s"/>`, x, y, r, class)
}

func (s *svg) diamond(x, y, r float64, class string) {
	fmt.Fprintf(&s.b, `<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ" class="%s"/>`, x, y-r, x+r, y, x, y+r, x-r, y, class)
}

// html closes the picture.
func (s *svg) html() template.HTML {
	return template.HTML(s.b.String() + "</svg>") // #nosec G203 -- every text was escaped by esc
}

// scale maps seconds to x between x0 and x1 for [0, maxS].
type scale struct{ x0, x1, maxS float64 }

func (sc scale) x(s float64) float64 {
	return sc.x0 + (sc.x1-sc.x0)*math.Min(math.Max(s, 0), sc.maxS)/sc.maxS
}

// ticks returns about n round tick values in [0, maxS], seconds.
func ticks(maxS float64, n int) []float64 {
	steps := []float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400}
	step := steps[len(steps)-1]
	for _, st := range steps {
		if maxS/st <= float64(n) {
			step = st
			break
		}
	}
	if maxS/step > float64(2*n) || maxS <= 0 {
		step = math.Max(maxS, 1) / float64(n) // beyond a day: plain fractions
	}
	var out []float64
	for i := 0; i <= 2*n && float64(i)*step <= maxS+1e-9; i++ {
		out = append(out, float64(i)*step)
	}
	return out
}

// axis draws a time axis with ticks at y, labels below.
func (s *svg) axis(sc scale, y float64, n int) {
	s.line(sc.x0, y, sc.x1, y, "axis")
	for _, t := range ticks(sc.maxS, n) {
		x := sc.x(t)
		s.line(x, y, x, y+4, "axis")
		s.text(x, y+16, "middle", "tick", durS(t))
	}
}
