package capture

import (
	"cmp"
	"net/netip"
	"slices"
	"time"
)

// flowKey is a TCP 4-tuple in canonical order (lower endpoint first), so
// that both directions of a connection map to the same key.
type flowKey struct {
	loAddr, hiAddr [16]byte
	loPort, hiPort uint16
	v6             bool
}

func keyOf(p *Packet) flowKey {
	a, b := p.Src.Addr().As16(), p.Dst.Addr().As16()
	ap, bp := p.Src.Port(), p.Dst.Port()
	if c := slices.Compare(a[:], b[:]); c > 0 || (c == 0 && ap > bp) {
		a, b, ap, bp = b, a, bp, ap
	}
	return flowKey{loAddr: a, hiAddr: b, loPort: ap, hiPort: bp, v6: p.IPv6}
}

// TrackerStats counts what a Tracker did.
type TrackerStats struct {
	// Conns is the number of connections created.
	Conns int
	// Evictions counts connections handed out early because the table was
	// full (Options.MaxConns).
	Evictions int
	// Replaced counts connections that were still open when a new SYN with
	// another initial sequence number arrived on their tuple.
	Replaced int
	// PeakOpen is the largest number of connections held at once.
	PeakOpen int
}

// Tracker follows TCP connections through [Packet] values fed in capture
// order. Create one per capture file with NewTracker; the zero value is not
// usable. Not safe for concurrent use.
type Tracker struct {
	opts   Options
	table  map[flowKey]*Conn
	closed []closedEntry // connections waiting out Linger, in closing order
	head   int           // first live entry of closed
	stats  TrackerStats
	out    []*Conn // finished connections when opts.OnConn is nil
	now    time.Time
}

type closedEntry struct {
	key  flowKey
	conn *Conn
}

// NewTracker returns a tracker with the given options (zero fields take
// their defaults).
func NewTracker(opts Options) *Tracker {
	return &Tracker{opts: opts.withDefaults(), table: make(map[flowKey]*Conn)}
}

// Add feeds one TCP packet. It allocates only when a connection is created,
// closes, starts keeping a RST, or grows a turn's copy buffer.
func (t *Tracker) Add(p *Packet) {
	if p.Time.After(t.now) {
		t.now = p.Time
	}
	t.expire()
	k := keyOf(p)
	c := t.table[k]
	if c != nil && p.Flags&(FlagSYN|FlagACK) == FlagSYN && startsNewConn(c, p) {
		if !c.Closed() {
			t.stats.Replaced++
		}
		t.finish(k, c, c.Last.Time)
		c = nil
	}
	if c == nil {
		c = t.create(k, p)
	}
	c.update(p, &t.opts)
	if !c.closedQueued && c.Closed() {
		c.closedQueued = true
		t.closed = append(t.closed, closedEntry{k, c})
	}
}

// startsNewConn decides whether a SYN without ACK begins a new connection
// on a tuple that already has one.
func startsNewConn(c *Conn, p *Packet) bool {
	switch {
	case c.Closed():
		return true
	case c.SYNSeen:
		return p.Seq != c.isn || p.Src != c.Client
	}
	return !c.SYNACKSeen // the old one started before the capture
}

func (t *Tracker) create(k flowKey, p *Packet) *Conn {
	if len(t.table) >= t.opts.MaxConns {
		t.evict()
	}
	t.stats.Conns++
	c := &Conn{ID: t.stats.Conns, First: markOf(p)}
	c.Client, c.Server, c.Rule = initiator(p)
	t.table[k] = c
	t.stats.PeakOpen = max(t.stats.PeakOpen, len(t.table))
	return c
}

// initiator picks the client from the first packet of a connection.
func initiator(p *Packet) (client, server netip.AddrPort, rule InitiatorRule) {
	sp, dp := p.Src.Port(), p.Dst.Port()
	switch {
	case p.Flags&(FlagSYN|FlagACK) == FlagSYN:
		return p.Src, p.Dst, RuleSYN
	case p.Flags.Has(FlagSYN | FlagACK):
		return p.Dst, p.Src, RuleSYNACK
	case dp < 1024 && sp >= 1024:
		return p.Src, p.Dst, RuleWellKnownPort
	case sp < 1024 && dp >= 1024:
		return p.Dst, p.Src, RuleWellKnownPort
	case dp < sp:
		return p.Src, p.Dst, RuleLowerPort
	case sp < dp:
		return p.Dst, p.Src, RuleLowerPort
	}
	return p.Src, p.Dst, RuleFirstSender
}

// expire hands out closed connections whose last packet is older than Linger.
func (t *Tracker) expire() {
	for t.head < len(t.closed) {
		e := t.closed[t.head]
		if t.now.Sub(e.conn.Last.Time) <= t.opts.Linger {
			return
		}
		t.popClosed()
		if t.table[e.key] == e.conn {
			t.finish(e.key, e.conn, e.conn.Close.Time)
		}
	}
}

func (t *Tracker) popClosed() {
	t.closed[t.head] = closedEntry{}
	t.head++
	if t.head == len(t.closed) {
		t.closed, t.head = t.closed[:0], 0
	}
}

// evict makes room: the oldest closed connection, else an arbitrary one.
func (t *Tracker) evict() {
	for t.head < len(t.closed) {
		e := t.closed[t.head]
		t.popClosed()
		if t.table[e.key] == e.conn {
			e.conn.Evicted = true
			t.stats.Evictions++
			t.finish(e.key, e.conn, e.conn.Close.Time)
			return
		}
	}
	for k, c := range t.table {
		c.Evicted = true
		t.stats.Evictions++
		t.finish(k, c, t.now)
		return
	}
}

// finish removes a connection from the table and hands it out.
func (t *Tracker) finish(k flowKey, c *Conn, end time.Time) {
	delete(t.table, k)
	c.End = end
	if c.CloseKind != 0 {
		c.End = c.Close.Time
	}
	if t.opts.OnConn != nil {
		t.opts.OnConn(c)
		return
	}
	t.out = append(t.out, c)
}

// Finish hands out every connection still in the table as of the end of
// the capture (end is the capture's last packet time; zero means the last
// time seen by Add) and returns the finished connections ordered by ID
// when Options.OnConn is nil (else nil). The tracker is empty afterwards.
func (t *Tracker) Finish(end time.Time) []*Conn {
	if end.IsZero() {
		end = t.now
	}
	rest := make([]*Conn, 0, len(t.table))
	for _, c := range t.table {
		rest = append(rest, c)
	}
	slices.SortFunc(rest, func(a, b *Conn) int { return cmp.Compare(a.ID, b.ID) })
	for _, c := range rest {
		c.OpenAtEnd = c.CloseKind == 0
		t.finish(t.keyOfConn(c), c, end)
	}
	t.closed, t.head = t.closed[:0], 0
	out := t.out
	t.out = nil
	slices.SortFunc(out, func(a, b *Conn) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func (t *Tracker) keyOfConn(c *Conn) flowKey {
	p := Packet{Src: c.Client, Dst: c.Server, IPv6: c.Client.Addr().Is6()}
	return keyOf(&p)
}

// Stats returns the tracker's counters so far.
func (t *Tracker) Stats() TrackerStats { return t.stats }

// Open returns the number of connections currently in the table.
func (t *Tracker) Open() int { return len(t.table) }
