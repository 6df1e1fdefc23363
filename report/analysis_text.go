package report

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// maxPrematureListed bounds the premature connections the text lists.
const maxPrematureListed = 10

func writeAnalysis(b *strings.Builder, th theme, a *Analysis, width int) {
	b.WriteString(th.heading.Render("Captures") + "\n")
	for _, c := range a.Captures {
		where := ""
		if len(c.Between) == 2 {
			where = fmt.Sprintf(", between %s and %s", c.Between[0], c.Between[1])
		}
		fmt.Fprintf(b, "%s  %s, %d packets (%d TCP), %d connections%s\n", th.bold.Render(c.File), c.Format, c.Packets, c.TCPPackets, c.Connections, where)
		for _, w := range c.Warnings {
			b.WriteString("  " + th.sev[SeverityWarning].Render("warning: ") + w + "\n")
		}
	}
	fmt.Fprintf(b, "\n%d connections, %d long-polls, %s\n", a.ConnectionsTotal, a.LongPolls, failedText(th, a.Failed, a.Premature))
	if n := len(a.Connections); n > 0 && n < a.ConnectionsTotal {
		b.WriteString(th.dim.Render(fmt.Sprintf("(the result lists the first %d connections; --max-connections 0 lists all)", n)) + "\n")
	}
	b.WriteString("\n")
	writeTallies(b, th, a.Hops, width)
	writeHistograms(b, th, a.Hops)
	writeClusters(b, th, a.Clusters)
	writeStitching(b, th, a.Stitching)
	writePremature(b, th, a.Connections)
}

// maxChainsListed bounds the chains the text lists.
const maxChainsListed = 10

func writeStitching(b *strings.Builder, th theme, st *Stitching) {
	if st == nil {
		return
	}
	b.WriteString(th.heading.Render("One request across captures") + "\n")
	fmt.Fprintf(b, "%d connections linked into %d chains, %d with a request left unlinked\n", st.Linked, len(st.Chains), st.Unlinked)
	for _, o := range st.Offsets {
		fmt.Fprintf(b, "  clock of %s: %+.3f s from %s (%d pairs, by %s)\n", o.Capture, o.OffsetS, o.RelativeTo, o.Pairs, o.Method)
	}
	n := 0
	for _, c := range st.Chains {
		if c.Origin == "" {
			continue
		}
		if n == maxChainsListed {
			b.WriteString("  ... more in --format json\n")
			break
		}
		n++
		passed := ""
		if len(c.PassedOn) > 0 {
			passed = ", passed on by " + strings.Join(c.PassedOn, ", ")
		}
		fmt.Fprintf(b, "  chain %d: %s %s after %.2f s idle, started on %s%s (%s confidence)\n",
			c.ID, th.bold.Render(c.Origin), kindVerb(c.Kind), c.IdleS, c.OriginCapture, passed, ConfidenceLabel(c.Confidence))
		for _, l := range c.Links {
			at := "-"
			if l.AtS != nil {
				at = fmt.Sprintf("+%.3f s", *l.AtS)
			}
			fmt.Fprintf(b, "      %-10s %-24s #%d %s → %s %s\n", at, l.Capture, l.Conn, l.Client, l.Server, l.Kind)
		}
	}
	b.WriteString("\n")
}

// ConfidenceLabel names a confidence: high from 0.75, medium from 0.45,
// else low.
func ConfidenceLabel(c float64) string {
	switch {
	case c >= 0.75:
		return "high"
	case c >= 0.45:
		return "medium"
	}
	return "low"
}

func failedText(th theme, failed, premature int) string {
	if failed == 0 {
		return th.ok.Render("every answer reached its client")
	}
	return th.bad.Render(fmt.Sprintf("%d whose answer never reached the client (%d cut before the heartbeat)", failed, premature))
}

var endKinds = []string{"answered", "rst", "fin", "5xx-by-proxy", "silent-drop", "open"}

func writeTallies(b *strings.Builder, th theme, ts []HopTally, width int) {
	if len(ts) == 0 {
		return
	}
	b.WriteString(th.heading.Render("Ends by hop") + "\n")
	headers := append([]string{"hop"}, endKinds...)
	headers = append(headers, "premature", "idle before premature end")
	t := table.New().Border(lipgloss.NormalBorder()).Headers(headers...).
		StyleFunc(func(row, col int) lipgloss.Style { return lipgloss.NewStyle().Padding(0, 1) })
	for _, h := range ts {
		name := h.Hop
		if name == "" {
			name = "(no declared hop)"
		}
		row := []string{name}
		for _, k := range endKinds {
			row = append(row, fmt.Sprint(h.Ends[k]))
		}
		idle := ""
		if h.Premature > 0 {
			idle = fmt.Sprintf("%.2f-%.2f s", h.MinIdleS, h.MaxIdleS)
		}
		t.Row(append(row, fmt.Sprint(h.Premature), idle)...)
	}
	b.WriteString(t.Render() + "\n\n")
}

func writeHistograms(b *strings.Builder, th theme, ts []HopTally) {
	for _, h := range ts {
		if len(h.Idle) == 0 {
			continue
		}
		name := h.Hop
		if name == "" {
			name = "(no declared hop)"
		}
		b.WriteString(th.heading.Render("Idle before premature end: "+name) + "\n")
		most := 0
		for _, bin := range h.Idle {
			most = max(most, bin.Count)
		}
		for _, bin := range h.Idle {
			bar := strings.Repeat("█", (bin.Count*40+most-1)/most)
			fmt.Fprintf(b, "%10s %s %d\n", binLabel(bin), th.sev[SeverityError].Render(bar), bin.Count)
		}
		b.WriteString("\n")
	}
}

func writeClusters(b *strings.Builder, th theme, cs []Cluster) {
	if len(cs) == 0 {
		return
	}
	b.WriteString(th.heading.Render("Timers revealed by the traffic") + "\n")
	for _, c := range cs {
		who := c.By
		if c.Hop != "" {
			who += " (" + c.Hop + ")"
		}
		rng := fmt.Sprintf("%.1f-%.1f s", c.MinIdleS, c.MaxIdleS)
		fmt.Fprintf(b, "%d connections %s by %s after %s idle: a %s s timer\n", c.Count, kindVerb(c.Kind), who, rng, trimFloat(c.TimerS))
	}
	b.WriteString("\n")
}

func writePremature(b *strings.Builder, th theme, cs []Connection) {
	var pre []Connection
	for _, c := range cs {
		if c.End.Failed {
			pre = append(pre, c)
		}
	}
	if len(pre) == 0 {
		return
	}
	sort.SliceStable(pre, func(i, j int) bool { return pre[i].End.Confidence > pre[j].End.Confidence })
	b.WriteString(th.heading.Render("Failed long-polls") + "\n")
	for i, c := range pre {
		if i == maxPrematureListed {
			fmt.Fprintf(b, "... and %d more (see --format json)\n", len(pre)-i)
			break
		}
		who := c.End.Hop
		if who == "" {
			who = c.End.By
		}
		fmt.Fprintf(b, "%s #%d %s → %s: %s by %s after %.2f s idle (%s confidence, frame %d)\n",
			c.Capture, c.ID, c.Client, c.Server, th.bad.Render(c.End.Kind), th.bold.Render(who), c.End.IdleS, c.End.ConfidenceLabel, c.End.Frame)
		for _, e := range c.End.Evidence {
			b.WriteString(th.dim.Render("    · "+e) + "\n")
		}
	}
	b.WriteString("\n")
}

func kindVerb(kind string) string {
	switch kind {
	case "rst":
		return "reset"
	case "fin":
		return "closed with FIN"
	case "5xx-by-proxy":
		return "answered with a 5xx"
	case "silent-drop":
		return "silently dropped"
	}
	return "ended"
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

func binLabel(b Bin) string {
	if b.ToS-b.FromS < 1 {
		return fmt.Sprintf("%.2f-%.2f s", b.FromS, b.ToS)
	}
	return fmt.Sprintf("%.0f-%.0f s", b.FromS, b.ToS)
}
