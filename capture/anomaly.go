package capture

import "fmt"

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
	var out []Anomaly
	add := func(k AnomalyKind, f string, a ...any) { out = append(out, Anomaly{k, fmt.Sprintf(f, a...)}) }
	if !b.HasTTL(r.TTL) {
		add(AnomalyTTL, "ttl %d, sender's %d..%d", r.TTL, b.TTLMin, b.TTLMax)
	}
	if InitialTTL(r.TTL) != InitialTTL(b.TTLLast) {
		add(AnomalyInitialTTL, "ttl %d implies initial %d, sender's %d implies %d",
			r.TTL, InitialTTL(r.TTL), b.TTLLast, InitialTTL(b.TTLLast))
	}
	if reason := ipidMismatch(b, r.IPID); reason != "" {
		add(AnomalyIPID, "%s", reason)
	}
	if 2*b.WithTimestamps > b.Packets && !r.Options.Present.Has(OptTimestamps) {
		add(AnomalyMissingTimestamps, "sender put timestamps on %d of %d packets, the RST has none",
			b.WithTimestamps, b.Packets)
	}
	if r.SeqKnown && r.Seq != r.ExpectedSeq {
		add(AnomalySeq, "seq %d, expected %d (off by %d)", r.Seq, r.ExpectedSeq, int32(r.Seq-r.ExpectedSeq))
	}
	if n := c.Side[r.By].DataAfterRST; n > 0 {
		add(AnomalySenderContinued, "the claimed sender sent %d data packets after the RST", n)
	}
	if r.Window == 0 && b.WinMin > 0 {
		add(AnomalyWindowZero, "window 0, sender's %d..%d", b.WinMin, b.WinMax)
	}
	return out
}

// ipidMismatch explains why id does not follow the baseline's IP IDs, or
// returns "" when it fits or nothing can be said.
func ipidMismatch(b *Baseline, id uint16) string {
	switch {
	case b.IPv6:
		return ""
	case b.IPIDAllZero && id != 0:
		return fmt.Sprintf("ip id %d, sender's were all 0", id)
	case !b.IPIDAllZero && b.IPIDIncreasing && b.Packets >= 2 && id-b.IPIDLast >= maxIPIDStep:
		return fmt.Sprintf("ip id %d does not follow the sender's last %d", id, b.IPIDLast)
	case !b.IPIDAllZero && b.IPIDIncreasing && b.Packets >= 2 && id == 0:
		return fmt.Sprintf("ip id 0, sender's increased up to %d", b.IPIDLast)
	}
	return ""
}
