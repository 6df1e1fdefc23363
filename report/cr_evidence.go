package report

import (
	"fmt"
	"sort"
	"strings"
)

// maxSamples bounds the sample connections a change request lists.
const maxSamples = 8

// crEvidence is what the captures showed.
type crEvidence struct {
	Captures []crCapture
	Hops     []crHopEnds
	Clusters []string
	Samples  []crSample
	// SampleNote says how many premature connections there were and how
	// many are listed.
	SampleNote string
}

type crCapture struct {
	File, Where, Span, Peak string
	Packets, Connections    int
	Warnings                []string
}

type crHopEnds struct {
	Hop, Ends, Idle, Timer string
	Premature              int
}

type crSample struct {
	Capture, Frames, Client, User, Device string
	Conn                                  int
	End, Hop, Idle, Heartbeat, Confidence string
	Evidence                              []string
}

func crEvidenceOf(res *Result) *crEvidence {
	a := res.Analysis
	if a == nil {
		return nil
	}
	ev := &crEvidence{}
	peaks := PeakConcurrency(a.Connections)
	for _, c := range a.Captures {
		cc := crCapture{File: baseName(c.File), Packets: c.Packets, Connections: c.Connections, Warnings: c.Warnings, Peak: "not measured"}
		if len(c.Between) == 2 {
			cc.Where = c.Between[0] + " ↔ " + c.Between[1]
		}
		if c.First != "" {
			cc.Span = c.First + " – " + c.Last
		}
		if pk, ok := peaks[baseName(c.File)]; ok {
			cc.Peak = fmt.Sprintf("%d at %s", pk.Count, pk.At)
		}
		ev.Captures = append(ev.Captures, cc)
	}
	for _, h := range a.Hops {
		ev.Hops = append(ev.Hops, crHopEndsOf(res.Path, h))
	}
	for _, cl := range a.Clusters {
		ev.Clusters = append(ev.Clusters, clusterLine(res.Path, cl))
	}
	ev.Samples, ev.SampleNote = crSamples(a)
	return ev
}

func crHopEndsOf(p *Path, h HopTally) crHopEnds {
	e := crHopEnds{Hop: firstNonEmpty(h.Hop, "(no declared hop)"), Premature: h.Premature}
	var parts []string
	for _, k := range endKinds {
		if n := h.Ends[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	e.Ends = strings.Join(parts, ", ")
	if h.Premature > 0 {
		e.Idle = fmt.Sprintf("%.1f – %.1f s", h.MinIdleS, h.MaxIdleS)
		if m, ok := MatchTimer(p, h.Hop, h.MinIdleS); ok {
			e.Timer = timerName(m)
		}
	}
	return e
}

// timerName renders a matched timer: "eas-vip tcp_idle 300 s (default)".
func timerName(m TimerMatch) string {
	return fmt.Sprintf("%s %s %s (%s)", m.Hop, m.Timer.Key, durS(*m.Timer.S), m.Timer.Origin)
}

func clusterLine(p *Path, c Cluster) string {
	who := c.By
	if c.Hop != "" {
		who += " (" + c.Hop + ")"
	}
	s := fmt.Sprintf("%d connections %s by %s after %.1f – %.1f s idle: a %s s timer", c.Count, kindVerb(c.Kind), who, c.MinIdleS, c.MaxIdleS, trimFloat(c.TimerS))
	if m, ok := MatchTimer(p, c.Hop, c.MinIdleS); ok {
		s += ", matching " + timerName(m)
	}
	var refs []string
	for _, sm := range c.Samples {
		refs = append(refs, fmt.Sprintf("%s #%d frame %d", sm.Capture, sm.Conn, sm.Frame))
	}
	if len(refs) > 0 {
		s += " (e.g. " + strings.Join(refs, ", ") + ")"
	}
	return s
}

// prematureSamples returns the premature connections, surest first.
func prematureSamples(a *Analysis) []Connection {
	var pre []Connection
	for _, c := range a.Connections {
		if c.End.Premature {
			pre = append(pre, c)
		}
	}
	sort.SliceStable(pre, func(i, j int) bool { return pre[i].End.Confidence > pre[j].End.Confidence })
	return pre
}

func crSamples(a *Analysis) ([]crSample, string) {
	pre := prematureSamples(a)
	if len(pre) == 0 {
		return nil, ""
	}
	note := fmt.Sprintf("%d premature connections are listed in the result", len(pre))
	if len(pre) > maxSamples {
		note += fmt.Sprintf("; the %d surest are shown", maxSamples)
		pre = pre[:maxSamples]
	}
	var out []crSample
	for _, c := range pre {
		s := crSample{Capture: c.Capture, Conn: c.ID, Frames: fmt.Sprintf("%d–%d", c.FirstFrame, c.LastFrame), Client: c.Client,
			End: c.End.Kind, Hop: firstNonEmpty(c.End.Hop, c.End.By), Idle: fmt.Sprintf("%.2f s", c.End.IdleS),
			Confidence: fmt.Sprintf("%s (%.2f)", c.End.ConfidenceLabel, c.End.Confidence), Evidence: c.End.Evidence}
		if c.End.Frame > 0 {
			s.End += fmt.Sprintf(" (frame %d)", c.End.Frame)
		}
		if r := c.Request; r != nil {
			s.User, s.Device = r.User, r.DeviceID
			if r.HeartbeatS > 0 {
				s.Heartbeat = durS(r.HeartbeatS)
			}
		}
		out = append(out, s)
	}
	return out, note + "."
}
