package report

import (
	"fmt"
	"strings"
)

func (m *mdWriter) evidence(ev *crEvidence) {
	if ev == nil {
		return
	}
	m.f("## Evidence from the captures\n\n")
	var rows [][]string
	for _, c := range ev.Captures {
		rows = append(rows, []string{c.File, c.Where, fmt.Sprint(c.Packets), fmt.Sprint(c.Connections), c.Span, c.Peak})
	}
	m.table([]string{"capture", "taken between", "packets", "connections", "time span", "peak concurrent"}, rows)
	for _, c := range ev.Captures {
		for _, w := range c.Warnings {
			m.f("- warning, %s: %s\n", mdText(c.File), mdText(w))
		}
	}
	rows = nil
	for _, h := range ev.Hops {
		rows = append(rows, []string{h.Hop, h.Ends, fmt.Sprint(h.Premature), h.Idle, h.Timer})
	}
	if len(rows) > 0 {
		m.f("### Ends by hop\n\n")
		m.table([]string{"hop", "ends", "premature", "idle before premature end", "matching timer"}, rows)
	}
	if len(ev.Clusters) > 0 {
		m.f("### Timers revealed by the traffic\n\n")
		for _, c := range ev.Clusters {
			m.f("- %s\n", mdText(c))
		}
		m.f("\n")
	}
	m.samples(ev)
}

func (m *mdWriter) samples(ev *crEvidence) {
	if len(ev.Samples) == 0 {
		return
	}
	m.f("### Sample connections\n\n%s Open them in Wireshark by frame number.\n\n", mdText(ev.SampleNote))
	var rows [][]string
	for _, s := range ev.Samples {
		rows = append(rows, []string{s.Capture, fmt.Sprint(s.Conn), s.Frames, s.Client, s.User, s.Device, s.Heartbeat, s.End, s.Hop, s.Idle, s.Confidence})
	}
	m.table([]string{"capture", "conn", "frames", "client", "user", "device", "heartbeat", "end", "ended by", "idle", "confidence"}, rows)
	s := ev.Samples[0]
	if len(s.Evidence) > 0 {
		m.f("Why %s connection %d is attributed to %s:\n\n", mdText(s.Capture), s.Conn, mdText(s.Hop))
		for _, e := range s.Evidence {
			m.f("- %s\n", mdText(e))
		}
		m.f("\n")
	}
}

func (m *mdWriter) probes(ps *crProbes) {
	if ps == nil {
		return
	}
	m.f("## Live probes\n\n")
	for _, r := range ps.Runs {
		m.f("### %s\n\n", mdText(r.Title))
		var rows [][]string
		for _, p := range r.Rows {
			rows = append(rows, []string{p.Hop, p.Target, p.Hold, p.Outcome, p.After, p.Held, p.Match})
		}
		m.table([]string{"hop", "target", "hold", "outcome", "after", "held", "evidence"}, rows)
		for _, l := range r.Ladders {
			m.f("- %s\n", mdText(l))
		}
		if r.Verdict != "" {
			m.f("- **Verdict:** %s\n", mdText(r.Verdict))
		}
		for _, n := range r.Notes {
			m.f("- note: %s\n", mdText(n))
		}
		m.f("\n")
	}
}

func (m *mdWriter) changes(cr *changeRequest) {
	m.f("## Proposed changes\n\n")
	if len(cr.Changes) == 0 && len(cr.Other) == 0 {
		m.f("None.\n\n")
	}
	if len(cr.Changes) > 0 {
		m.f("In execution order, per device.\n\n")
	}
	m.hopChanges(cr.Changes, "###")
	if len(cr.Other) > 0 {
		m.f("### Other changes\n\n")
		m.hopChanges(cr.Other, "####")
	}
	if len(cr.Alternatives) > 0 {
		m.f("### Alternatives considered\n\n")
		for _, a := range cr.Alternatives {
			feas := ""
			if !a.Feasible {
				feas = " (not feasible)"
			}
			m.f("- **%s**%s: %s", mdText(a.Title), feas, mdText(a.Summary))
			for _, c := range a.Caveats {
				m.f(" Caveat: %s", mdText(c))
			}
			m.f("\n")
		}
		m.f("\n")
	}
}

func (m *mdWriter) hopChanges(gs []crHopChange, level string) {
	for _, g := range gs {
		kind := ""
		if g.Kind != "" {
			kind = " (" + mdText(g.Kind) + ")"
		}
		m.f("%s %s%s\n\n", level, mdText(firstNonEmpty(g.Hop, "path")), kind)
		for _, c := range g.Items {
			if c.Title != "" {
				m.f("%s\n\n", mdText(c.Title))
			} else {
				m.f("%d. **%s** (`%s`): %s → **%s**\n\n", c.Order, mdText(c.Timer), strings.ReplaceAll(c.Setting, "`", "'"), mdText(c.Current), mdText(c.Proposed))
			}
			m.code(c.Tool, c.Commands)
			m.note(c.Note)
			m.f("\n")
		}
	}
}

func (m *mdWriter) validation(v crValidation) {
	m.f("## Validation plan\n\n%s\n\n", mdText(v.Intro))
	for _, c := range v.Commands {
		m.f("### %s\n\n", mdText(c.Title))
		m.code("hopaudit", []string{c.Command})
		m.f("\nMust show:\n\n")
		for _, e := range c.Expect {
			m.f("- %s\n", mdText(e))
		}
		m.f("\n")
	}
	for _, n := range v.Notes {
		m.f("- %s\n", mdText(n))
	}
	m.f("\n")
}

func (m *mdWriter) backout(cr *changeRequest) {
	if len(cr.Backout) == 0 && len(cr.BackoutNotes) == 0 {
		return
	}
	m.f("## Backout plan\n\nRestores today's values, last change first.\n\n")
	m.hopChanges(cr.Backout, "###")
	for _, n := range cr.BackoutNotes {
		m.f("- %s\n", mdText(n))
	}
	m.f("\n")
}

// note writes a change's note: its first line as text, any further lines
// (an iRule, a config block) verbatim in a code block.
func (m *mdWriter) note(n string) {
	if n == "" {
		return
	}
	first, rest, _ := strings.Cut(n, "\n")
	m.f("\n*Note:* %s\n", mdText(first))
	if rest != "" {
		m.f("\n")
		m.code("", strings.Split(rest, "\n"))
	}
}
