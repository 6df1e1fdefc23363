package report

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/hopaudit/hopaudit/hops"
)

// durS renders seconds with Dur.
func durS(s float64) string { return Dur(time.Duration(s * float64(time.Second))) }

// pathPicture draws the hops left to right as boxes with their effective
// idle limits, wrapping to more rows when the width is too small. The
// first closer is drawn in red and marked.
func pathPicture(th theme, p *Path, width int) string {
	boxes := make([]string, len(p.Hops))
	for i, h := range p.Hops {
		boxes[i] = hopBox(th, h, p.HeartbeatS)
	}
	arrow := " ──▶ "
	var rows []string
	var row []string
	rowW := 0
	for i, bx := range boxes {
		w := lipgloss.Width(bx)
		if i > 0 && rowW+lipgloss.Width(arrow)+w > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Center, row...))
			row, rowW = []string{"▶ "}, 2
		} else if i > 0 {
			row = append(row, arrow)
			rowW += lipgloss.Width(arrow)
		}
		row = append(row, bx)
		rowW += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Center, row...))
	}
	return strings.Join(rows, "\n") + "\n"
}

func hopBox(th theme, h Hop, heartbeatS float64) string {
	lines := []string{th.bold.Render(h.Name), th.dim.Render(h.Kind)}
	style := th.box
	switch {
	case h.Carriage == string(hops.Endpoint) && h.Kind == "exchange":
		lines = append(lines, "answers at "+durS(heartbeatS))
		style = th.endBox
	case h.LimitS == nil && h.Carriage == string(hops.Endpoint):
		lines = append(lines, "device")
	case h.LimitS == nil:
		lines = append(lines, "no idle limit")
	default:
		lines = append(lines, durS(*h.LimitS)+" "+h.LimitTimer)
	}
	if h.Fixed {
		lines = append(lines, th.dim.Render("fixed"))
	}
	if h.FirstCloser {
		lines = append(lines, th.bad.Render("✂ first closer"))
		style = th.badBox
	}
	return style.Render(strings.Join(lines, "\n"))
}

func writeChange(b *strings.Builder, th theme, indent string, c hops.Change) {
	b.WriteString(th.dim.Render(indent+"["+c.Tool+"]") + "\n")
	for _, cmd := range c.Commands {
		for _, l := range strings.Split(cmd, "\n") {
			b.WriteString(indent + "  " + th.code.Render(l) + "\n")
		}
	}
	if c.Note != "" {
		for _, l := range strings.Split(c.Note, "\n") {
			b.WriteString(th.dim.Render(indent+"  # "+l) + "\n")
		}
	}
}

// wrap breaks s into lines of at most width cells at spaces.
func wrap(s string, width int) string {
	if width < 20 {
		width = 20
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len(line)+1+len(w) > width {
				out = append(out, line)
				line = w
				continue
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
