package report

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// TextOptions shape the terminal rendering.
type TextOptions struct {
	// Width is the width to fit in, in cells; zero means 100.
	Width int
}

// WriteText renders res for a terminal. Styles are always emitted; w
// should be a colour-profile writer that strips or downsamples them (see
// package term), so pipes get plain text.
func WriteText(w io.Writer, res *Result, o TextOptions) error {
	if o.Width <= 0 {
		o.Width = 100
	}
	th := newTheme()
	var b strings.Builder
	if res.Path != nil {
		writeHeader(&b, th, res.Path)
		b.WriteString(pathPicture(th, res.Path, o.Width))
		b.WriteString("\n")
	}
	if res.Check != nil {
		writeVerdict(&b, th, res.Check)
	}
	if res.Analysis != nil {
		writeAnalysis(&b, th, res.Analysis, o.Width)
	}
	writeProbes(&b, th, res, o.Width)
	writeFindings(&b, th, res.Findings, o.Width)
	for _, p := range res.Plans {
		writePlan(&b, th, p, o.Width)
	}
	writeOtherFixes(&b, th, res.Findings)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHeader(b *strings.Builder, th theme, p *Path) {
	name := p.Name
	if name == "" {
		name = p.File
	}
	fmt.Fprintf(b, "%s  %s\n", th.title.Render("hopaudit · "+name),
		th.dim.Render(fmt.Sprintf("heartbeat %s (%s) · margin %s (%s)", durS(p.HeartbeatS), p.HeartbeatFrom, durS(p.MarginS), p.MarginFrom)))
}

func writeVerdict(b *strings.Builder, th theme, c *Check) {
	if c.FirstCloser == "" {
		fmt.Fprintf(b, "%s %s\n\n", th.ok.Render("OK"), c.Verdict)
		return
	}
	fmt.Fprintf(b, "%s %s\n\n", th.bad.Render("FIRST CLOSER"), c.Verdict)
}

func writeFindings(b *strings.Builder, th theme, fs []Finding, width int) {
	b.WriteString(th.heading.Render("Findings") + "\n")
	if len(fs) == 0 {
		b.WriteString("none\n\n")
		return
	}
	t := table.New().Border(lipgloss.NormalBorder()).Width(width).
		Headers("severity", "hop", "finding").
		StyleFunc(func(row, col int) lipgloss.Style {
			st := lipgloss.NewStyle().Padding(0, 1)
			if row == table.HeaderRow {
				return st.Bold(true)
			}
			if col == 0 && row >= 0 && row < len(fs) {
				return th.sev[fs[row].Severity].Padding(0, 1)
			}
			return st
		})
	for _, f := range fs {
		t.Row(f.Severity.String(), f.Hop, findingText(f))
	}
	b.WriteString(t.Render() + "\n\n")
}

func findingText(f Finding) string {
	s := f.Title
	if f.Detail != "" {
		s += "\n" + f.Detail
	}
	for _, e := range f.Evidence {
		s += "\n· " + e
	}
	return s
}

func writePlan(b *strings.Builder, th theme, p Plan, width int) {
	label := "Alternative plan"
	if p.Recommended {
		label = "Recommended plan"
	}
	b.WriteString(th.heading.Render(label+": "+p.Title) + "\n")
	b.WriteString(wrap(p.Summary, width) + "\n")
	for _, s := range p.Steps {
		fmt.Fprintf(b, "\n%s %s %s: %s → %s\n", th.bold.Render(fmt.Sprintf("%d.", s.Order)), th.bold.Render(s.Hop),
			s.Timer+" ("+s.Setting+")", currentText(s), th.ok.Render(durS(s.ProposedS)))
		writeChange(b, th, "   ", s.Change)
		if s.Rollback != nil {
			rb := *s.Rollback
			rb.Note = ""
			b.WriteString(th.dim.Render("   rollback:") + "\n")
			writeChange(b, th, "   ", rb)
		}
	}
	for _, c := range p.Caveats {
		b.WriteString(th.sev[SeverityWarning].Render("caveat: ") + wrap(c, width-8) + "\n")
	}
	b.WriteString("\n")
}

func currentText(s Step) string {
	if s.CurrentS == nil {
		return "now " + s.CurrentOrigin
	}
	return "now " + durS(*s.CurrentS) + " (" + s.CurrentOrigin + ")"
}

// writeOtherFixes lists the fixes of findings that are not timer changes
// (those are in the plans): pool method, iRules.
func writeOtherFixes(b *strings.Builder, th theme, fs []Finding) {
	first := true
	for _, f := range fs {
		if f.Fix == nil || strings.HasPrefix(f.ID, "timer:") {
			continue
		}
		if first {
			b.WriteString(th.heading.Render("Other changes") + "\n")
			first = false
		}
		b.WriteString("\n" + th.bold.Render(f.Hop) + ": " + f.Title + "\n")
		writeChange(b, th, "   ", *f.Fix)
	}
	if !first {
		b.WriteString("\n")
	}
}
