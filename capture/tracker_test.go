package capture

import (
	"bytes"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
)

var t0 = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

// flow feeds segments of one connection through Decode into a Tracker.
type flow struct {
	t     *testing.T
	tr    *Tracker
	frame int
	now   time.Time
	cli   netip.AddrPort
	srv   netip.AddrPort
	cseq  uint32 // client's next seq
	sseq  uint32 // server's next seq
	cid   uint16 // client ip id
	sid   uint16 // server ip id
}

func newFlow(t *testing.T, opts Options) *flow {
	return &flow{t: t, tr: NewTracker(opts), now: t0, cli: cli4, srv: srv4, cseq: 1000, sseq: 5000, cid: 100, sid: 900}
}

// send feeds one segment after a delay; fromClient chooses the direction.
// The sequence number advances unless seq is given explicitly (>= 0).
func (f *flow) send(after time.Duration, fromClient bool, flags uint8, payload string, seq int64) *Packet {
	f.now = f.now.Add(after)
	s := gen.Segment{Src: f.cli, Dst: f.srv, Seq: f.cseq, Ack: f.sseq, Flags: flags, Window: 2000, TTL: 64, IPID: f.cid,
		Options: gen.TimestampOption(uint32(f.frame), 7), Payload: []byte(payload)}
	next, id := &f.cseq, &f.cid
	if !fromClient {
		s.Src, s.Dst, s.Seq, s.Ack, s.TTL, s.IPID, s.Window = f.srv, f.cli, f.sseq, f.cseq, 118, f.sid, 1000
		next, id = &f.sseq, &f.sid
	}
	if seq >= 0 {
		s.Seq = uint32(seq)
	} else {
		adv := uint32(len(payload))
		if flags&(gen.SYN|gen.FIN) != 0 {
			adv++
		}
		*next += adv
	}
	*id++
	return f.feed(s)
}

func (f *flow) feed(s gen.Segment) *Packet {
	f.frame++
	d := ether(s.AppendIP(nil))
	rec := Record{Frame: f.frame, Offset: int64(f.frame) * 100, Time: f.now, LinkType: LinkEthernet, Data: d, CapLen: len(d), WireLen: len(d)}
	var p Packet
	if k := Decode(&rec, &p); k != KindTCP {
		f.t.Fatalf("frame %d: kind %v", f.frame, k)
	}
	f.tr.Add(&p)
	return &p
}

func (f *flow) handshake() {
	f.send(0, true, gen.SYN, "", -1)
	f.send(20*time.Millisecond, false, gen.SYN|gen.ACK, "", -1)
	f.send(time.Millisecond, true, gen.ACK, "", -1)
}

func (f *flow) finish() []*Conn { return f.tr.Finish(time.Time{}) }

func one(t *testing.T, conns []*Conn) *Conn {
	t.Helper()
	if len(conns) != 1 {
		t.Fatalf("%d connections, want 1", len(conns))
	}
	return conns[0]
}

// TestTurns checks request/response turns: segments merged in sequence
// order despite a duplicate and an overlapping retransmission, the ring of
// kept turns, and the silence before a reset of an outstanding request.
func TestTurns(t *testing.T) {
	f := newFlow(t, Options{MaxTurns: 2, RequestCopy: 12, ResponseCopy: 4})
	f.handshake()
	f.send(time.Second, true, gen.PSH|gen.ACK, "POST ", -1)              // 1005
	f.send(time.Millisecond, true, gen.ACK, "POST ", 1001)               // duplicate
	f.send(time.Millisecond, true, gen.ACK, "/x HT", -1)                 // 1010
	f.send(time.Millisecond, true, gen.ACK, "x HTTP", 1007)              // overlap, 2 new bytes
	f.send(time.Millisecond, false, gen.PSH|gen.ACK, "HTTP/1.1 200", -1) // turn 1 answered
	f.send(time.Second, true, gen.PSH|gen.ACK, "GET /2", -1)             // turn 2
	f.send(time.Millisecond, false, gen.ACK, "ok", -1)                   // answered
	f.send(time.Second, true, gen.PSH|gen.ACK, "POST /ping", -1)         // turn 3, held
	f.send(20*time.Millisecond, false, gen.ACK, "", -1)                  // bare ACK
	f.send(300*time.Second, false, gen.RST, "", -1)
	c := one(t, f.finish())
	turns := c.Turns()
	if c.TurnCount() != 3 || len(turns) != 2 || turns[0].Index != 2 || turns[1].Index != 3 {
		t.Fatalf("count %d, kept %+v", c.TurnCount(), turns)
	}
	if string(turns[0].Request) != "GET /2" || string(turns[0].Response) != "ok" {
		t.Errorf("turn 2: %q / %q", turns[0].Request, turns[0].Response)
	}
	last := c.LastTurn()
	if !c.LastTurnOutstanding() || string(last.Request) != "POST /ping" || last.ReqPackets != 1 {
		t.Errorf("last turn %+v", last)
	}
	if got := c.SilenceBeforeEnd(); got != 300*time.Second+20*time.Millisecond {
		t.Errorf("silence before end %v", got)
	}
	// Turn 1 was overwritten; replay it alone to see the merged copy.
	f = newFlow(t, Options{RequestCopy: 12, ResponseCopy: 4})
	f.handshake()
	f.send(time.Second, true, gen.PSH|gen.ACK, "POST ", -1)
	f.send(time.Millisecond, true, gen.ACK, "POST ", 1001)
	f.send(time.Millisecond, true, gen.ACK, "/x HT", -1)
	f.send(time.Millisecond, true, gen.ACK, "x HTTP", 1007)
	f.send(time.Millisecond, false, gen.PSH|gen.ACK, "HTTP/1.1 200", -1)
	c = one(t, f.finish())
	t1 := c.LastTurn()
	if string(t1.Request) != "POST /x HTTP" || string(t1.Response) != "HTTP" || t1.RequestCut || t1.Outstanding() {
		t.Errorf("turn 1: %q / %q cut %v", t1.Request, t1.Response, t1.RequestCut)
	}
	if t1.ReqBytes != 12 || t1.ReqPackets != 3 || c.Side[FromClient].Retransmissions != 1 {
		t.Errorf("turn 1: %d bytes in %d packets, %d retransmissions", t1.ReqBytes, t1.ReqPackets, c.Side[FromClient].Retransmissions)
	}
}

// TestTurnGap checks that a missing segment stops the copy.
func TestTurnGap(t *testing.T) {
	f := newFlow(t, Options{})
	f.handshake()
	f.send(time.Second, true, gen.PSH|gen.ACK, "abc", -1)
	f.cseq += 10 // ten bytes never captured
	f.send(time.Millisecond, true, gen.ACK, "xyz", -1)
	c := one(t, f.finish())
	if tr := c.LastTurn(); string(tr.Request) != "abc" || !tr.RequestCut || tr.ReqBytes != 6 {
		t.Errorf("turn %+v", tr)
	}
}

// TestRSTAnomalies compares a genuine server RST with a forged one.
func TestRSTAnomalies(t *testing.T) {
	f := newFlow(t, Options{})
	f.handshake()
	f.send(time.Second, true, gen.PSH|gen.ACK, "req", -1)
	f.send(time.Millisecond, false, gen.PSH|gen.ACK, "resp", -1)
	f.send(time.Second, false, gen.RST|gen.ACK, "", -1)
	c := one(t, f.finish())
	if a := c.RSTAnomalies(); len(a) != 0 {
		t.Errorf("genuine RST: %v", a)
	}
	if c.RST.By != FromServer || c.CloseKind != FlagRST || c.IdleBeforeClose != time.Second || c.RST.Baseline.Packets != 2 {
		t.Errorf("rst %+v", c.RST)
	}

	f = newFlow(t, Options{})
	f.handshake()
	f.send(time.Second, true, gen.PSH|gen.ACK, "req", -1)
	f.send(time.Millisecond, false, gen.PSH|gen.ACK, "resp", -1)
	f.now = f.now.Add(300 * time.Second)
	f.feed(gen.Segment{Src: f.srv, Dst: f.cli, Seq: f.sseq + 5000, Flags: gen.RST, TTL: 250,
		Payload: []byte("BIG-IP: [0x2a:123] idle timeout")})
	f.send(time.Millisecond, false, gen.PSH|gen.ACK, "more", -1) // the real server talks on
	c = one(t, f.finish())
	want := []Anomaly{
		{AnomalyTTL, "ttl 250, sender's 118..118"},
		{AnomalyInitialTTL, "ttl 250 implies initial 255, sender's 118 implies 128"},
		{AnomalyIPID, "ip id 0 does not follow the sender's last 901"},
		{AnomalyMissingTimestamps, "sender put timestamps on 2 of 2 packets, the RST has none"},
		{AnomalySeq, "seq 10005, expected 5005 (off by 5000)"},
		{AnomalySenderContinued, "the claimed sender sent 1 data packets after the RST"},
		{AnomalyWindowZero, "window 0, sender's 1000..1000"},
	}
	if got := c.RSTAnomalies(); !slices.Equal(got, want) {
		t.Errorf("forged RST: anomalies\n%v\nwant\n%v", got, want)
	}
	if string(c.RST.Payload) != "BIG-IP: [0x2a:123] idle timeout" || c.Side[FromServer].DataAfterRST != 1 {
		t.Errorf("rst payload %q, data after %d", c.RST.Payload, c.Side[FromServer].DataAfterRST)
	}
}

// TestSilentDrop plants a send after a long silence that is retransmitted
// three times before the middlebox answers with a RST.
func TestSilentDrop(t *testing.T) {
	f := newFlow(t, Options{})
	f.handshake()
	f.send(time.Second, true, gen.PSH|gen.ACK, "req", -1)
	f.send(time.Millisecond, false, gen.ACK, "", -1)
	f.send(400*time.Second, true, gen.PSH|gen.ACK, "next", -1)
	for _, d := range []time.Duration{200, 400, 800} {
		f.send(d*time.Millisecond, true, gen.PSH|gen.ACK, "next", int64(f.cseq-4))
	}
	sd := &one(t, f.tr.Finish(time.Time{})).Side[FromClient].SilentDrop
	if sd.Count != 3 || sd.GapBefore != 400*time.Second || sd.Answered || sd.First.Frame != 7 || sd.Sent.Frame != 6 {
		t.Errorf("before answer: %+v", sd)
	}
	f = newFlow(t, Options{})
	f.handshake()
	f.send(400*time.Second, true, gen.PSH|gen.ACK, "next", -1)
	f.send(200*time.Millisecond, true, gen.PSH|gen.ACK, "next", int64(f.cseq-4))
	f.send(time.Millisecond, false, gen.RST, "", -1)
	sd = &one(t, f.finish()).Side[FromClient].SilentDrop
	if sd.Count != 1 || !sd.Answered {
		t.Errorf("answered: %+v", sd)
	}
}

// TestConnLifecycle covers a new SYN on a closed tuple, SYN retransmission,
// guessed initiators, FIN bookkeeping and data after close.
func TestConnLifecycle(t *testing.T) {
	f := newFlow(t, Options{})
	f.handshake()
	f.send(0, true, gen.SYN, "", 1000) // retransmitted SYN: same connection
	f.send(time.Second, true, gen.FIN|gen.ACK, "", -1)
	f.send(time.Millisecond, false, gen.PSH|gen.ACK, "late", -1) // half-close data
	f.send(time.Millisecond, false, gen.FIN|gen.ACK, "", -1)
	f.send(time.Millisecond, true, gen.ACK, "", -1)
	f.cseq = 777777
	f.send(time.Second, true, gen.SYN, "", -1) // port reuse after close
	conns := f.finish()
	if len(conns) != 2 {
		t.Fatalf("%d connections", len(conns))
	}
	c := conns[0]
	if !c.Closed() || c.OpenAtEnd || c.CloseKind != FlagFIN || c.CloseBy != FromClient || c.Side[FromServer].DataAfterPeerFIN != 1 ||
		c.Side[FromClient].Retransmissions != 1 || c.Side[FromClient].FirstFIN.Frame != 5 || c.Side[FromServer].FirstFIN.Frame != 7 {
		t.Errorf("first connection %+v", c)
	}
	if n := conns[1]; !n.SYNSeen || !n.OpenAtEnd || n.First.Frame != 9 || n.Rule != RuleSYN {
		t.Errorf("second connection %+v", n)
	}

	for _, tc := range []struct {
		src, dst netip.AddrPort
		flags    uint8
		client   netip.AddrPort
		rule     InitiatorRule
	}{
		{srv4, cli4, gen.ACK, cli4, RuleWellKnownPort},
		{netip.MustParseAddrPort("192.0.2.1:8080"), netip.MustParseAddrPort("192.0.2.2:50000"), gen.ACK, netip.MustParseAddrPort("192.0.2.2:50000"), RuleLowerPort},
		{netip.MustParseAddrPort("192.0.2.1:4000"), netip.MustParseAddrPort("192.0.2.2:4000"), gen.ACK, netip.MustParseAddrPort("192.0.2.1:4000"), RuleFirstSender},
		{srv4, cli4, gen.SYN | gen.ACK, cli4, RuleSYNACK},
	} {
		f := newFlow(t, Options{})
		f.feed(gen.Segment{Src: tc.src, Dst: tc.dst, Flags: tc.flags})
		c := one(t, f.finish())
		if c.Client != tc.client || c.Rule != tc.rule || c.Rule.Guessed() != (tc.rule >= RuleWellKnownPort) {
			t.Errorf("%v->%v: client %v rule %v, want %v %v", tc.src, tc.dst, c.Client, c.Rule, tc.client, tc.rule)
		}
	}
}

// TestEvictionAndLinger checks the table bound and that closed connections
// leave the table after Linger (handed to OnConn), keeping memory bounded.
func TestEvictionAndLinger(t *testing.T) {
	var got []*Conn
	f := newFlow(t, Options{MaxConns: 2, Linger: time.Minute, OnConn: func(c *Conn) { got = append(got, c) }})
	for i := range 3 {
		f.cli = netip.AddrPortFrom(cli4.Addr(), uint16(40000+i))
		f.handshake()
	}
	if s := f.tr.Stats(); s.Evictions != 1 || f.tr.Open() != 2 || len(got) != 1 || !got[0].Evicted {
		t.Errorf("stats %+v open %d handed %d", s, f.tr.Open(), len(got))
	}
	f.send(time.Second, false, gen.RST, "", -1)
	f.cli = netip.AddrPortFrom(cli4.Addr(), 41000)
	f.send(2*time.Minute, true, gen.SYN, "", -1) // expires the reset one
	if f.tr.Open() != 2 || len(got) != 2 || got[1].RST == nil || got[1].Evicted {
		t.Errorf("after linger: open %d handed %d", f.tr.Open(), len(got))
	}
	if rest := f.finish(); rest != nil || len(got) != 4 {
		t.Errorf("finish returned %d, handed %d", len(rest), len(got))
	}
}

// TestTrackAllocs checks that data packets of existing connections are
// decoded and tracked without allocating once their turn buffers are warm.
func TestTrackAllocs(t *testing.T) {
	recs := dataRecords(64)
	tr := NewTracker(Options{})
	var p Packet
	run := func() {
		for i := range recs {
			Decode(&recs[i], &p)
			tr.Add(&p)
		}
	}
	for range DefaultMaxTurns + 1 { // create the connections, warm every turn slot
		run()
		shiftRecords(recs)
	}
	if n := testing.AllocsPerRun(20, func() { run(); shiftRecords(recs) }); n != 0 {
		t.Errorf("%v allocations per %d packets", n, len(recs))
	}
}

// dataRecords builds request/response exchanges on n established
// connections (handshake first).
func dataRecords(n int) []Record {
	var recs []Record
	add := func(s gen.Segment) {
		d := ether(s.AppendIP(nil))
		recs = append(recs, Record{Frame: len(recs) + 1, Time: t0, LinkType: LinkEthernet, Data: d, CapLen: len(d), WireLen: len(d)})
	}
	req := bytes.Repeat([]byte("q"), 300)
	resp := bytes.Repeat([]byte("r"), 1400)
	for i := range n {
		c := netip.AddrPortFrom(cli4.Addr(), uint16(20000+i))
		add(gen.Segment{Src: c, Dst: srv4, Seq: 1, Flags: gen.SYN})
		add(gen.Segment{Src: srv4, Dst: c, Seq: 1, Ack: 2, Flags: gen.SYN | gen.ACK})
		add(gen.Segment{Src: c, Dst: srv4, Seq: 2, Ack: 2, Flags: gen.ACK, Payload: req, Options: gen.TimestampOption(1, 2)})
		add(gen.Segment{Src: srv4, Dst: c, Seq: 2, Ack: 302, Flags: gen.ACK, Payload: resp, Options: gen.TimestampOption(1, 2)})
	}
	return recs
}

// shiftRecords advances every data record's sequence numbers and time so
// that the next replay is new data (new turns), not retransmissions.
func shiftRecords(recs []Record) {
	for i := range recs {
		r := &recs[i]
		r.Time = r.Time.Add(time.Second)
		tcp := r.Data[14+20:]
		if tcp[13]&0x02 != 0 {
			continue // leave handshakes alone: they are dropped as retransmissions
		}
		seq := be.Uint32(tcp[4:8]) + 1700
		ack := be.Uint32(tcp[8:12]) + 1700
		be.PutUint32(tcp[4:8], seq)
		be.PutUint32(tcp[8:12], ack)
	}
}
