package analyze

import (
	"fmt"
	"strings"
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
)

// judge classifies and attributes one finished connection, keeps its
// verdict (bounded by MaxListed) and what findings need.
func (e *engine) judge(c *capture.Conn, file string, pos position) {
	end := classify(c)
	hb := e.heartbeat(c, &end)
	longPoll := end.u.isPing || end.u.req.HeldS >= e.lpMin.Seconds()
	held := time.Duration(end.u.req.HeldS * float64(time.Second))
	failed := longPoll && cut(end)
	premature := failed && (hb == 0 || held < hb-time.Second)
	cause := resetCause(c)
	v := e.verdict(c, end, pos, cause)
	rec := endRecord{capture: file, conn: c.ID, frame: end.frame, hop: v.hop, kind: end.kind, idle: end.idle, premature: premature, failed: failed}
	if end.hasBy {
		rec.by = c.Addr(end.by).String()
	}
	if e.stitching {
		e.ends = append(e.ends, rec) // fed after stitching, which may change it
	} else {
		e.feed(rec)
	}
	listed := -1
	defer func() {
		e.keepLink(c, end, pos, v, listed)
		e.keepF5(c, end, listed)
	}()
	e.res.ConnectionsTotal++
	if longPoll {
		e.res.LongPolls++
	}
	if premature {
		e.res.Premature++
	}
	if failed {
		e.res.Failed++
	}
	if (e.opts.OnlyLongPolls && !longPoll) || e.opts.MaxListed < 0 || (e.opts.MaxListed > 0 && len(e.res.Connections) >= e.opts.MaxListed) {
		return
	}
	conn := connection(c, file)
	conn.LongPoll = longPoll
	if end.turn != nil {
		r := end.u.req
		conn.Request = &r
	}
	conn.End = report.End{Kind: end.kind, Hop: e.hopName(v.hop), By: rec.by, IdleS: secs(end.idle), Premature: premature, Failed: failed,
		Confidence: round2(v.confidence), ConfidenceLabel: report.ConfidenceLabel(v.confidence), Frame: end.frame,
		Evidence: evidence(end, v, cause, hb, premature)}
	if ev := f5Evidence(c); ev != "" {
		conn.End.Evidence = append(conn.End.Evidence, ev)
	}
	listed = len(e.res.Connections)
	e.res.Connections = append(e.res.Connections, conn)
}

// keepLink remembers a connection with a request for stitching.
func (e *engine) keepLink(c *capture.Conn, end ending, pos position, v verdict, listed int) {
	if end.turn == nil || !e.stitching {
		return
	}
	e.links = append(e.links, linkRec{capIdx: e.capIdx, pos: pos, conn: c.ID, listed: listed, endIdx: len(e.ends) - 1,
		client: c.Client, server: c.Server, reqFirst: end.turn.ReqFirst.Time, sig: end.u.sig,
		kind: end.kind, endAt: end.at, hop: v.hop, hasBy: end.hasBy, byServer: end.hasBy && end.by == capture.FromServer,
		respFirst: end.turn.RespFirst.Time})
}

// cut reports an end that is not the server's answer while a request was
// outstanding.
func cut(e ending) bool {
	switch e.kind {
	case KindProxy5xx:
		return true
	case KindRST, KindFIN, KindSilentDrop:
		return e.outstanding || e.answerLost
	}
	return false
}

// heartbeat is the Ping's heartbeat: decoded from this request, from an
// earlier Ping on the connection or of the same device, else declared.
func (e *engine) heartbeat(c *capture.Conn, end *ending) time.Duration {
	hb := end.u.heartbeat
	if hb == 0 && end.u.isPing && c.TurnCount() > 1 {
		for _, t := range c.Turns() {
			if u := understand(&t); u.heartbeat > 0 {
				hb = u.heartbeat
			}
		}
	}
	dev := end.u.req.DeviceID
	switch {
	case hb > 0 && dev != "":
		e.hbDev[dev] = hb
	case hb == 0 && dev != "":
		hb = e.hbDev[dev]
	}
	if hb == 0 && e.opts.Topology != nil {
		hb = e.opts.Topology.Heartbeat
	}
	return hb
}

func (e *engine) verdict(c *capture.Conn, end ending, pos position, cause string) verdict {
	if e.path != nil {
		return e.path.attribute(c, end, pos, cause)
	}
	if !end.hasBy {
		return verdict{hop: -1}
	}
	v := verdict{hop: -1, confidence: 0.5}
	if end.kind == KindRST {
		if strong := strongOf(c, c.RSTAnomalies()); len(strong) > 0 {
			v.confidence = 0.3
			v.evidence = append(v.evidence, "may be forged by a box in between: "+anomalyText(strong))
		}
	}
	return v
}

func (e *engine) hopName(i int) string {
	if i < 0 || e.path == nil {
		return ""
	}
	return e.path.top.Hops[i].Name
}

func evidence(end ending, v verdict, cause string, hb time.Duration, premature bool) []string {
	ev := append([]string{}, end.notes...)
	ev = append(ev, v.evidence...)
	if cause != "" && !containsStr(ev, cause) {
		ev = append(ev, fmt.Sprintf("BIG-IP reset cause: %s", cause))
	}
	if premature {
		if hb > 0 {
			ev = append(ev, fmt.Sprintf("ended while the request was outstanding, before its %s heartbeat", hops.Dur(hb)))
		} else {
			ev = append(ev, "ended while the request was outstanding; heartbeat unknown")
		}
	}
	return ev
}

func containsStr(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// connection copies the transport facts of c.
func connection(c *capture.Conn, file string) report.Connection {
	rc := report.Connection{Capture: file, ID: c.ID, Client: c.Client.String(), Server: c.Server.String(),
		ClientGuessed: c.Rule.Guessed(), First: rfc3339(c.First.Time), Last: rfc3339(c.Last.Time),
		FirstFrame: c.First.Frame, LastFrame: c.Last.Frame,
		Packets: c.Side[0].Packets + c.Side[1].Packets, MaxIdleS: secs(c.MaxIdle)}
	if c.SYNSeen {
		rc.SYN = &report.Event{From: c.Client.String(), At: rfc3339(c.First.Time), Frame: c.First.Frame}
	}
	for _, d := range []capture.Direction{capture.FromClient, capture.FromServer} {
		if f := c.Side[d].FirstFIN; !f.IsZero() && (rc.FIN == nil || f.Frame < rc.FIN.Frame) {
			rc.FIN = &report.Event{From: c.Addr(d).String(), At: rfc3339(f.Time), Frame: f.Frame}
		}
	}
	if r := c.RST; r != nil {
		rc.RST = &report.Event{From: r.Sender.String(), At: rfc3339(r.Time), Frame: r.Frame}
	}
	return rc
}
