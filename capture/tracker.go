package capture

import (
	"cmp"
	"net/netip"
	"slices"
	"time"
)

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
	table  flowTable
	closed []closedEntry // connections waiting out Linger, in closing order
	head   int           // first live entry of closed
	stats  TrackerStats
	out    []*Conn // finished connections when opts.OnConn is nil
	now    time.Time
}

// closedEntry is a closed connection waiting out Linger. due is its last
// packet time plus Linger as of the last look, so that expire need not
// touch the connection on every packet.
type closedEntry struct {
	conn *Conn
	due  time.Time
}

// NewTracker returns a tracker with the given options (zero fields take
// their defaults).
func NewTracker(opts Options) *Tracker {
	return &Tracker{opts: opts.withDefaults(), table: newFlowTable()}
}

// Add feeds one TCP packet. It allocates only when a connection is created,
// closes, starts keeping a RST, or grows a turn's copy buffer.
func (t *Tracker) Add(p *Packet) {
	if p.Time.After(t.now) {
		t.now = p.Time
	}
	t.expire()
	c := t.table.get(p.Src, p.Dst, p.IPv6)
	if c != nil && p.Flags&(FlagSYN|FlagACK) == FlagSYN && startsNewConn(c, p) {
		if !c.Closed() {
			t.stats.Replaced++
		}
		t.finish(c, c.Last.Time)
		c = nil
	}
	if c == nil {
		c = t.create(p)
	}
	c.update(p, &t.opts)
	if !c.closedQueued && c.Closed() {
		c.closedQueued = true
		t.closed = append(t.closed, closedEntry{c, c.Last.Time.Add(t.opts.Linger)})
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

func (t *Tracker) create(p *Packet) *Conn {
	if t.table.len() >= t.opts.MaxConns {
		t.evict()
	}
	t.stats.Conns++
	c := &Conn{ID: t.stats.Conns, First: markOf(p), v6: p.IPv6}
	c.Client, c.Server, c.Rule = initiator(p)
	t.table.set(p.Src, p.Dst, p.IPv6, c)
	t.stats.PeakOpen = max(t.stats.PeakOpen, t.table.len())
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
		e := &t.closed[t.head]
		if !t.now.After(e.due) {
			return
		}
		if t.now.Sub(e.conn.Last.Time) <= t.opts.Linger {
			e.due = e.conn.Last.Time.Add(t.opts.Linger) // a late packet came
			return
		}
		c := e.conn
		t.popClosed()
		if t.table.holds(c) {
			t.finish(c, c.Close.Time)
		}
	}
}

func (t *Tracker) popClosed() {
	t.closed[t.head] = closedEntry{}
	t.head++
	switch {
	case t.head == len(t.closed):
		t.closed, t.head = t.closed[:0], 0
	case t.head >= 1024 && t.head*2 >= len(t.closed):
		// Closes keep coming while older ones expire, so the queue is
		// rarely empty: move the live part down rather than grow forever.
		n := copy(t.closed, t.closed[t.head:])
		clear(t.closed[n:])
		t.closed, t.head = t.closed[:n], 0
	}
}

// evict makes room: the oldest closed connection, else an arbitrary one.
func (t *Tracker) evict() {
	for t.head < len(t.closed) {
		c := t.closed[t.head].conn
		t.popClosed()
		if t.table.holds(c) {
			c.Evicted = true
			t.stats.Evictions++
			t.finish(c, c.Close.Time)
			return
		}
	}
	if c := t.table.any(); c != nil {
		c.Evicted = true
		t.stats.Evictions++
		t.finish(c, t.now)
	}
}

// finish removes a connection from the table and hands it out.
func (t *Tracker) finish(c *Conn, end time.Time) {
	t.table.remove(c)
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
	rest := t.table.appendAll(make([]*Conn, 0, t.table.len()))
	slices.SortFunc(rest, func(a, b *Conn) int { return cmp.Compare(a.ID, b.ID) })
	for _, c := range rest {
		c.OpenAtEnd = c.CloseKind == 0
		t.finish(c, end)
	}
	t.closed, t.head = t.closed[:0], 0
	out := t.out
	t.out = nil
	slices.SortFunc(out, func(a, b *Conn) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Stats returns the tracker's counters so far.
func (t *Tracker) Stats() TrackerStats { return t.stats }

// Open returns the number of connections currently in the table.
func (t *Tracker) Open() int { return t.table.len() }
