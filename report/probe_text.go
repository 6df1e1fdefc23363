package report

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// writeProbes is the probe section of the terminal text: one table per
// run, its ladders and verdict, from the same view as Markdown and HTML.
func writeProbes(b *strings.Builder, th theme, res *Result, width int) {
	ps := crProbesOf(res)
	if ps == nil {
		return
	}
	for _, r := range ps.Runs {
		b.WriteString(th.heading.Render("Live probes: "+r.Title) + "\n")
		t := table.New().Border(lipgloss.NormalBorder()).Width(width).
			Headers("hop", "hold", "outcome", "after", "held", "evidence").
			StyleFunc(func(row, col int) lipgloss.Style {
				st := lipgloss.NewStyle().Padding(0, 1)
				if row >= 0 && row < len(r.Rows) && col == 2 && r.Rows[row].Cut {
					return th.bad.Padding(0, 1)
				}
				return st
			})
		for _, p := range r.Rows {
			t.Row(firstNonEmpty(p.Hop, p.Target), p.Hold, p.Outcome, p.After, p.Held, p.Match)
		}
		b.WriteString(t.Render() + "\n")
		for _, l := range r.Ladders {
			b.WriteString(wrap("ladder "+l, width) + "\n")
		}
		if r.Verdict != "" {
			fmt.Fprintf(b, "%s %s\n", th.bold.Render("verdict:"), wrap(r.Verdict, width-9))
		}
		for _, n := range r.Notes {
			b.WriteString(th.dim.Render("note: "+n) + "\n")
		}
		b.WriteString("\n")
	}
}
