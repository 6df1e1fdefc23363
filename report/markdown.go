package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown renders res as a change request in Markdown (CommonMark
// with GitHub tables), in the order a change board reads: summary,
// impact, findings with evidence, proposed changes per device,
// implementation steps, validation plan, backout plan, risk. Every value
// from a capture or a probe is escaped; commands are in fenced blocks.
func WriteMarkdown(w io.Writer, res *Result, o Options) error {
	cr := buildChangeRequest(res)
	m := &mdWriter{}
	m.title(cr)
	m.summary(cr.Summary)
	m.section("Impact", cr.Impact)
	m.findings(cr.Findings)
	m.evidence(cr.Evidence)
	m.probes(cr.Probes)
	m.changes(cr)
	m.numbered("Implementation steps", cr.Steps)
	m.validation(cr.Validation)
	m.backout(cr)
	m.section("Risk", cr.Risk)
	_, err := io.WriteString(w, strings.TrimRight(m.b.String(), "\n")+"\n")
	return err
}

type mdWriter struct{ b strings.Builder }

func (m *mdWriter) f(format string, args ...any) { fmt.Fprintf(&m.b, format, args...) }

func (m *mdWriter) title(cr *changeRequest) {
	m.f("# %s\n\n", mdText(cr.Title))
	for _, kv := range cr.Meta {
		m.f("- **%s:** %s\n", kv.Key, mdText(kv.Value))
	}
	m.f("\n")
}

func (m *mdWriter) summary(s crSummary) {
	m.f("## Summary\n\n")
	status := "No change needed"
	if s.Action {
		status = "Change needed"
	}
	m.f("**%s.**\n\n", status)
	m.f("- **What is broken:** %s\n- **Who is affected:** %s\n- **The fix:** %s\n\n", mdText(s.Broken), mdText(s.Affected), mdText(s.Fix))
}

func (m *mdWriter) section(title string, paras []string) {
	if len(paras) == 0 {
		return
	}
	m.f("## %s\n\n", title)
	for _, p := range paras {
		m.f("- %s\n", mdText(p))
	}
	m.f("\n")
}

func (m *mdWriter) numbered(title string, items []string) {
	if len(items) == 0 {
		return
	}
	m.f("## %s\n\n", title)
	for i, p := range items {
		m.f("%d. %s\n", i+1, mdText(p))
	}
	m.f("\n")
}

func (m *mdWriter) findings(fs []crFinding) {
	m.f("## Findings\n\n")
	if len(fs) == 0 {
		m.f("None.\n\n")
		return
	}
	for i, f := range fs {
		hop := ""
		if f.Hop != "" {
			hop = " · " + mdText(f.Hop)
		}
		m.f("### %d. %s\n\n*%s · from %s%s*\n\n", i+1, mdText(f.Title), f.Severity, mdText(f.From), hop)
		if f.Detail != "" {
			m.f("%s\n\n", mdText(f.Detail))
		}
		for _, e := range f.Evidence {
			m.f("- %s\n", mdText(e))
		}
		if len(f.Evidence) > 0 {
			m.f("\n")
		}
	}
}

// table writes a GitHub table; cells are escaped here.
func (m *mdWriter) table(head []string, rows [][]string) {
	m.f("| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = mdCell(c)
		}
		m.f("| %s |\n", strings.Join(cells, " | "))
	}
	m.f("\n")
}

func (m *mdWriter) code(tool string, lines []string) {
	fence := codeFence(lines)
	m.f("%s%s\n", fence, langOf(tool))
	for _, l := range lines {
		m.f("%s\n", l)
	}
	m.f("%s\n", fence)
}

// mdText escapes text for Markdown: characters that start markup are
// backslash-escaped and HTML is written as entities, so a value from a
// capture can neither format nor inject.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '#', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func mdCell(s string) string {
	if s == "" {
		return "–"
	}
	return mdText(s)
}

// codeFence returns a backtick fence longer than any run inside lines.
func codeFence(lines []string) string {
	longest := 0
	for _, l := range lines {
		run := 0
		for _, r := range l {
			if r == '`' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// langOf maps a change's tool to a fenced block's info string.
func langOf(tool string) string {
	switch strings.ToLower(tool) {
	case "powershell":
		return "powershell"
	case "tmsh", "aws", "az", "gcloud", "sysctl", "shell", "hopaudit":
		return "sh"
	}
	return "text"
}
