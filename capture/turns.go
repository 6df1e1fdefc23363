package capture

import "time"

// Turn is one request/response exchange at the transport level: it starts
// when the client sends new payload after the server's last payload (or as
// the connection's first client payload) and is outstanding until the
// server sends payload. It works the same for cleartext HTTP and for TLS.
type Turn struct {
	// Index numbers the connection's turns 1, 2, ...
	Index int
	// ReqFirst and ReqLast are the first and last client payload packets
	// of the turn; ReqBytes counts new payload bytes (by IP length, bytes
	// sent again in overlapping retransmissions left out), ReqPackets the
	// packets that carried some.
	ReqFirst, ReqLast Mark
	ReqBytes          int64
	ReqPackets        int
	// RespFirst and RespLast are the first and last server payload packets
	// of the turn; RespFirst.IsZero() while the turn is outstanding.
	// RespBytes counts new payload bytes as ReqBytes does.
	RespFirst, RespLast Mark
	RespBytes           int64
	// Request is a copy of the first bytes of the request payload in
	// sequence order (at most [Options.RequestCopy] bytes); Response the
	// same for the response ([Options.ResponseCopy]). Retransmitted and
	// overlapping segments are merged by sequence number; the copy stops at
	// the first missing or snap-length-cut segment (RequestCut/ResponseCut).
	Request, Response       []byte
	RequestCut, ResponseCut bool

	reqNext, respNext uint32
}

// Outstanding reports whether the server had not sent payload for the turn.
func (t *Turn) Outstanding() bool { return t.RespFirst.IsZero() }

// turnRing keeps the last few turns of a connection; slots are reused with
// their buffers so that steady-state tracking does not allocate.
type turnRing struct {
	slots []Turn
	next  int // slot the next turn goes into
	count int // turns started so far
}

// Turns returns the kept turns, oldest first (at most [Options.MaxTurns]).
func (c *Conn) Turns() []Turn {
	r := &c.turns
	n := min(r.count, len(r.slots))
	out := make([]Turn, 0, n)
	for i := range n {
		out = append(out, r.slots[(r.next-n+i+len(r.slots))%len(r.slots)])
	}
	return out
}

// TurnCount returns how many turns the connection had, kept or not.
func (c *Conn) TurnCount() int { return c.turns.count }

// LastTurn returns the connection's last turn, or nil when it had none.
func (c *Conn) LastTurn() *Turn {
	r := &c.turns
	if r.count == 0 {
		return nil
	}
	return &r.slots[(r.next-1+len(r.slots))%len(r.slots)]
}

// LastTurnOutstanding reports whether the last turn had no response when
// the connection ended.
func (c *Conn) LastTurnOutstanding() bool {
	t := c.LastTurn()
	return t != nil && t.Outstanding()
}

// SilenceBeforeEnd is, for an outstanding last turn, the time from the
// turn's last request packet to the connection's end (Close, or the end of
// the capture when it never closed); 0 when the last turn was answered or
// there was none.
func (c *Conn) SilenceBeforeEnd() time.Duration {
	t := c.LastTurn()
	if t == nil || !t.Outstanding() || c.End.IsZero() {
		return 0
	}
	return c.End.Sub(t.ReqLast.Time)
}

// clientData feeds a new (not retransmitted) client payload packet.
func (r *turnRing) clientData(p *Packet, fresh int, o *Options) {
	t := r.current()
	if t == nil || !t.RespFirst.IsZero() {
		t = r.start(p, o)
	}
	t.ReqLast = markOf(p)
	t.ReqBytes += int64(fresh)
	t.ReqPackets++
	if !t.RequestCut {
		t.Request, t.reqNext, t.RequestCut = appendSeg(t.Request, t.reqNext, p, o.RequestCopy)
	}
}

// serverData feeds a new server payload packet.
func (r *turnRing) serverData(p *Packet, fresh int, o *Options) {
	t := r.current()
	if t == nil {
		return // server spoke first, or before any request was seen
	}
	if t.RespFirst.IsZero() {
		t.RespFirst, t.respNext = markOf(p), p.Seq
	}
	t.RespLast = markOf(p)
	t.RespBytes += int64(fresh)
	if !t.ResponseCut {
		t.Response, t.respNext, t.ResponseCut = appendSeg(t.Response, t.respNext, p, o.ResponseCopy)
	}
}

func (r *turnRing) current() *Turn {
	if r.count == 0 {
		return nil
	}
	return &r.slots[(r.next-1+len(r.slots))%len(r.slots)]
}

// start opens a new turn in the next slot, keeping the slot's buffers.
func (r *turnRing) start(p *Packet, o *Options) *Turn {
	if len(r.slots) < o.MaxTurns && r.next == len(r.slots) {
		r.grow(o.MaxTurns)
	}
	t := &r.slots[r.next]
	req, resp := t.Request[:0], t.Response[:0]
	r.count++
	*t = Turn{Index: r.count, ReqFirst: markOf(p), Request: req, Response: resp, reqNext: p.Seq}
	r.next++
	if r.next == o.MaxTurns {
		r.next = 0
	}
	return t
}

// grow adds a slot. Most connections have one turn or a few: the slots
// grow from 1 to 4 to max, not by doubling.
func (r *turnRing) grow(max int) {
	n := len(r.slots)
	if n == cap(r.slots) {
		c := max
		switch {
		case n == 0:
			c = 1
		case n < 4:
			c = min(4, max)
		}
		slots := make([]Turn, n, c)
		copy(slots, r.slots)
		r.slots = slots
	}
	r.slots = r.slots[:n+1]
}

// appendSeg adds the part of p's captured payload that continues buf at
// sequence next, up to limit bytes in all. cut is true when a gap (lost or
// cut segment) makes the copy stop before limit.
func appendSeg(buf []byte, next uint32, p *Packet, limit int) ([]byte, uint32, bool) {
	if len(buf) >= limit {
		return buf, next, false
	}
	skip := int64(int32(next - p.Seq))
	if skip < 0 {
		return buf, next, true // a segment is missing before this one
	}
	if skip >= int64(len(p.Payload)) {
		if skip < int64(p.PayloadLen) {
			return buf, next, true // the snap length cut the bytes we need
		}
		return buf, next, false // duplicate of bytes already copied
	}
	add := p.Payload[skip:]
	add = add[:min(len(add), limit-len(buf))]
	buf = append(buf, add...)
	next += uint32(len(add))
	cut := len(p.Payload) < p.PayloadLen && len(buf) < limit
	return buf, next, cut
}
