package analyze

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/f5"
	"github.com/hopaudit/hopaudit/report"
)

// f5Rec is a connection of an F5 capture with its trailer's flow ids: the
// BIG-IP gives the client side and the server side of one proxied
// connection each other's flow id as peer.
type f5Rec struct {
	conn, listed int
	flow, peer   uint64
	vs           string
	kind         string
	cut          bool
	at           time.Time
}

// keepF5 remembers the flow ids of a connection whose frames carry an F5
// trailer (a capture taken with tcpdump -i 0.0:nnn).
func (e *engine) keepF5(c *capture.Conn, end ending, listed int) {
	for _, side := range c.Side {
		if len(side.Trailer) == 0 {
			continue
		}
		t, err := f5.ParseTrailer(side.Trailer)
		if err != nil || t.FlowID == 0 {
			continue
		}
		e.f5recs = append(e.f5recs, f5Rec{conn: c.ID, listed: listed, flow: t.FlowID, peer: t.PeerFlowID,
			vs: t.VirtualServer, kind: end.kind, cut: cutKind(end.kind), at: end.at})
		return
	}
}

// pairF5 links the client and server sides of each proxied connection in
// the capture just read, says which side ended first, and forgets the
// records.
func (e *engine) pairF5(file string) {
	byFlow := map[uint64]int{}
	for i, r := range e.f5recs {
		byFlow[r.flow] = i
	}
	for i, a := range e.f5recs {
		j, ok := byFlow[a.peer]
		if !ok || j <= i || e.f5recs[j].peer != a.flow {
			continue
		}
		b := e.f5recs[j]
		p := report.F5Pair{Capture: file, ConnA: a.conn, ConnB: b.conn, FlowA: fmt.Sprintf("%#x", a.flow),
			FlowB: fmt.Sprintf("%#x", b.flow), VirtualServer: firstNonEmpty(a.vs, b.vs)}
		p.Evidence = f5PairEvidence(a, b)
		e.res.F5Pairs = append(e.res.F5Pairs, p)
		for _, r := range []f5Rec{a, b} {
			if r.listed >= 0 {
				ce := &e.res.Connections[r.listed].End
				ce.Evidence = append(ce.Evidence, fmt.Sprintf("F5 flow pair: connections #%d and #%d are the two sides of one proxied connection", a.conn, b.conn))
				ce.Evidence = append(ce.Evidence, p.Evidence...)
			}
		}
	}
	e.f5recs = e.f5recs[:0]
}

// f5PairEvidence says which side of the BIG-IP the end started on.
func f5PairEvidence(a, b f5Rec) []string {
	if !a.cut || !b.cut || a.at.IsZero() || b.at.IsZero() {
		return nil
	}
	first, second := a, b
	if b.at.Before(a.at) {
		first, second = b, a
	}
	return []string{fmt.Sprintf("#%d ended (%s) %.3f s before #%d (%s): the BIG-IP passed on a close that began on #%d's side",
		first.conn, first.kind, second.at.Sub(first.at).Seconds(), second.conn, second.kind, first.conn)}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
