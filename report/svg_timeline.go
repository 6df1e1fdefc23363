package report

import (
	"fmt"
	"html/template"
	"math"
	"time"
)

// Timeline limits.
const (
	lanePerCapture = 6
	tlRowH         = 26.0
	tlLabelW       = 230.0
)

// timelineSVG draws sample connections as lifelines from their first
// packet: active, then silent while the request was held, then how the
// connection ended, against the Ping's heartbeat. One lane per capture
// (vantage point).
func timelineSVG(res *Result) template.HTML {
	a := res.Analysis
	if a == nil {
		return ""
	}
	lanes, maxS := timelineLanes(a)
	if len(lanes) == 0 {
		return ""
	}
	rows := 0
	for _, l := range lanes {
		rows += len(l.conns) + 1
	}
	h := float64(rows)*tlRowH + 40
	s := newSVG(pathW, h, "timelines of sample connections")
	sc := scale{x0: tlLabelW, x1: pathW - chartPadR, maxS: math.Max(maxS*1.08, 1)}
	y := 8.0
	for _, l := range lanes {
		s.rect(4, y, pathW-8, tlRowH-4, "lane")
		s.text(10, y+16, "start", "lane-label", l.title)
		y += tlRowH
		for _, c := range l.conns {
			drawLifeline(s, c, sc, y)
			y += tlRowH
		}
	}
	s.axis(sc, y+4, 10)
	return s.html()
}

type lane struct {
	title string
	conns []Connection
}

// timelineLanes picks per capture the premature connections first, then
// long-polls that were answered, and the longest time to draw.
func timelineLanes(a *Analysis) ([]lane, float64) {
	where := map[string]string{}
	var order []string
	for _, c := range a.Captures {
		name := baseName(c.File)
		order = append(order, name)
		if len(c.Between) == 2 {
			where[name] = " · between " + c.Between[0] + " and " + c.Between[1]
		}
	}
	maxS := 0.0
	var out []lane
	for _, name := range order {
		l := lane{title: name + where[name]}
		for _, pass := range []bool{true, false} {
			for _, c := range a.Connections {
				if c.Capture == name && c.LongPoll && c.End.Premature == pass && len(l.conns) < lanePerCapture {
					l.conns = append(l.conns, c)
					due, _ := answerDue(c)
					maxS = math.Max(maxS, math.Max(lifeS(c), due))
				}
			}
		}
		if len(l.conns) > 0 {
			out = append(out, l)
		}
	}
	return out, maxS
}

func lifeS(c Connection) float64 {
	f, err1 := time.Parse(time.RFC3339Nano, c.First)
	l, err2 := time.Parse(time.RFC3339Nano, c.Last)
	if err1 != nil || err2 != nil {
		return 0
	}
	return l.Sub(f).Seconds()
}

func drawLifeline(s *svg, c Connection, sc scale, y float64) {
	mid := y + tlRowH/2 - 2
	label := fmt.Sprintf("#%d", c.ID)
	if c.Request != nil && c.Request.User != "" {
		label += " " + c.Request.User
	}
	label += " · " + c.Client
	s.text(tlLabelW-8, mid+4, "end", "row-label small", label)
	life := lifeS(c)
	silentFrom := math.Max(life-c.End.IdleS, 0)
	s.rect(sc.x0, mid-5, sc.x(silentFrom)-sc.x0, 10, "active")
	s.rect(sc.x(silentFrom), mid-5, sc.x(life)-sc.x(silentFrom), 10, "silent")
	if at, ok := answerDue(c); ok {
		s.line(sc.x(at), mid-9, sc.x(at), mid+9, "heartbeat")
	}
	end := sc.x(life)
	switch c.End.Kind {
	case "answered":
		s.circle(end, mid, 5, "answer")
	case "open":
	default:
		s.cross(end, mid, 5, "cut")
	}
	endLabel := fmt.Sprintf("%s · frame %d", c.End.Kind, c.LastFrame)
	if end+9+textW(endLabel) > sc.x1+chartPadR {
		s.text(end-4, mid-8, "end", "tick", endLabel)
		return
	}
	s.text(end+9, mid+4, "start", "tick", endLabel)
}

// answerDue is when Exchange would have answered the connection's last
// Ping, in seconds from its first packet: when the request was sent plus
// its heartbeat.
func answerDue(c Connection) (float64, bool) {
	r := c.Request
	if r == nil || r.HeartbeatS <= 0 {
		return 0, false
	}
	return math.Max(lifeS(c)-r.HeldS, 0) + r.HeartbeatS, true
}
