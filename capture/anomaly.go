package capture

import "strconv"

// AnomalyKind names one way a RST does not fit its claimed sender.
type AnomalyKind uint8

// Anomaly kinds, after Weaver, Sommer and Paxson, "Detecting Forged TCP
// Reset Packets" (NDSS 2009) and RFC 5961.
const (
	// AnomalyNoBaseline: the claimed sender sent nothing else, so nothing
	// can be compared.
	AnomalyNoBaseline AnomalyKind = iota
	// AnomalyTTL: the RST's TTL was never seen from the sender.
	AnomalyTTL
	// AnomalyInitialTTL: the RST's TTL implies another initial TTL
	// (32/64/128/255) than the sender's other packets.
	AnomalyInitialTTL
	// AnomalyIPID: the sender's IP IDs increased steadily but the RST's ID
	// does not follow them, or they were all zero and the RST's is not (or
	// the reverse).
	AnomalyIPID
	// AnomalyMissingTimestamps: the sender put timestamps on most of its
	// packets but the RST has none (many real stacks also omit them, so
	// this is weak evidence).
	AnomalyMissingTimestamps
	// AnomalySeq: the RST's sequence number is not the one the receiver
	// expected next from the sender.
	AnomalySeq
	// AnomalySenderContinued: the claimed sender kept sending data after
	// the RST, so it did not reset the connection itself.
	AnomalySenderContinued
	// AnomalyWindowZero: the RST's window is zero while the sender never
	// advertised zero (Linux sends such RSTs itself: weak evidence).
	AnomalyWindowZero
)

// String names the kind.
func (k AnomalyKind) String() string {
	return [...]string{"no-baseline", "ttl", "initial-ttl", "ip-id", "missing-timestamps",
		"seq", "sender-continued", "window-zero"}[k]
}

// Anomaly is one reason a RST may not come from its claimed sender.
type Anomaly struct {
	Kind AnomalyKind
	// Detail states the values compared, e.g. "ttl 250, sender's 52..52".
	Detail string
}

// RSTAnomalies compares the first RST with its claimed sender's earlier
// packets and returns every mismatch; nil when there is no RST or it fits.
// It allocates; call it once per connection, not per packet.
func (c *Conn) RSTAnomalies() []Anomaly {
	r := c.RST
	if r == nil {
		return nil
	}
	b := &r.Baseline
	if b.Packets == 0 {
		return []Anomaly{{AnomalyNoBaseline, "the claimed sender sent no other packet before the RST"}}
	}
	// Details are built with appends, not fmt: this runs for every reset
	// connection, and a capture can hold hundreds of thousands.
	out := make([]Anomaly, 0, 4)
	var buf [128]byte
	add := func(k AnomalyKind, d text) { out = append(out, Anomaly{k, string(d)}) }
	d := text(buf[:0])
	if !b.HasTTL(r.TTL) {
		add(AnomalyTTL, d.s("ttl ").n(int(r.TTL)).s(", sender's ").n(int(b.TTLMin)).s("..").n(int(b.TTLMax)))
	}
	if InitialTTL(r.TTL) != InitialTTL(b.TTLLast) {
		add(AnomalyInitialTTL, d.s("ttl ").n(int(r.TTL)).s(" implies initial ").n(int(InitialTTL(r.TTL))).
			s(", sender's ").n(int(b.TTLLast)).s(" implies ").n(int(InitialTTL(b.TTLLast))))
	}
	if reason := ipidMismatch(b, r.IPID); reason != "" {
		add(AnomalyIPID, d.s(reason))
	}
	if 2*b.WithTimestamps > b.Packets && !r.Options.Present.Has(OptTimestamps) {
		add(AnomalyMissingTimestamps, d.s("sender put timestamps on ").n(b.WithTimestamps).
			s(" of ").n(b.Packets).s(" packets, the RST has none"))
	}
	if r.SeqKnown && r.Seq != r.ExpectedSeq {
		add(AnomalySeq, d.s("seq ").n(int(r.Seq)).s(", expected ").n(int(r.ExpectedSeq)).
			s(" (off by ").n(int(int32(r.Seq-r.ExpectedSeq))).s(")"))
	}
	if n := c.Side[r.By].DataAfterRST; n > 0 {
		add(AnomalySenderContinued, d.s("the claimed sender sent ").n(n).s(" data packets after the RST"))
	}
	if r.Window == 0 && b.WinMin > 0 {
		add(AnomalyWindowZero, d.s("window 0, sender's ").n(int(b.WinMin)).s("..").n(int(b.WinMax)))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// text builds an anomaly's detail; each method appends to it.
type text []byte

func (t text) s(s string) text { return append(t, s...) }

// n appends an integer in decimal.
func (t text) n(v int) text { return strconv.AppendInt(t, int64(v), 10) }

// ipidMismatch explains why id does not follow the baseline's IP IDs, or
// returns "" when it fits or nothing can be said.
func ipidMismatch(b *Baseline, id uint16) string {
	switch {
	case b.IPv6:
		return ""
	case b.IPIDAllZero && id != 0:
		return string(text(nil).s("ip id ").n(int(id)).s(", sender's were all 0"))
	case !b.IPIDAllZero && b.IPIDIncreasing && b.Packets >= 2 && id-b.IPIDLast >= maxIPIDStep:
		return string(text(nil).s("ip id ").n(int(id)).s(" does not follow the sender's last ").n(int(b.IPIDLast)))
	case !b.IPIDAllZero && b.IPIDIncreasing && b.Packets >= 2 && id == 0:
		return string(text(nil).s("ip id 0, sender's increased up to ").n(int(b.IPIDLast)))
	}
	return ""
}
