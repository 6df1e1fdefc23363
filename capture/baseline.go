package capture

// Baseline summarises the non-RST packets one side sent, so that a RST
// claiming to come from that side can be checked against it. The zero value
// is an empty baseline (Packets 0).
type Baseline struct {
	// Packets counts the packets folded in (RST packets are left out).
	Packets int
	// TTL (IPv4) or hop limit (IPv6): first, lowest, highest and last value
	// seen, and how many distinct values.
	TTLFirst, TTLMin, TTLMax, TTLLast uint8
	TTLDistinct                       int
	// IPv4 identification: first and last value; IPIDIncreasing stays true
	// while each ID is above the previous one by 1..1023 (mod 2^16) or
	// equal (retransmission); IPIDAllZero while every ID is 0. Both are
	// meaningless for IPv6 (IPv6 true).
	IPIDFirst, IPIDLast uint16
	IPIDIncreasing      bool
	IPIDAllZero         bool
	IPv6                bool
	// Raw (unscaled) window: first, lowest, highest and last value.
	WinFirst, WinMin, WinMax, WinLast uint16
	// HandshakeOptions are the options of this side's SYN or SYN+ACK.
	HandshakeOptions OptionSet
	// Options is the union of options seen on this side's other packets.
	Options OptionSet
	// DataPackets counts packets with payload, DataWithTimestamps those of
	// them that carried the timestamps option; WithTimestamps counts all
	// packets (SYNs included) that carried it.
	DataPackets, DataWithTimestamps int
	WithTimestamps                  int

	ttlSeen [4]uint64 // bitmap of TTL values
}

// maxIPIDStep is the largest forward step between two IP IDs of the same
// sender still counted as "increasing".
const maxIPIDStep = 1024

// add folds one non-RST packet into the baseline.
func (b *Baseline) add(p *Packet) {
	if b.Packets == 0 {
		b.first(p)
	} else {
		b.TTLMin = min(b.TTLMin, p.TTL)
		b.TTLMax = max(b.TTLMax, p.TTL)
		b.WinMin = min(b.WinMin, p.Window)
		b.WinMax = max(b.WinMax, p.Window)
		if !p.IPv6 {
			step := p.IPID - b.IPIDLast
			b.IPIDIncreasing = b.IPIDIncreasing && step < maxIPIDStep
			b.IPIDAllZero = b.IPIDAllZero && p.IPID == 0
		}
	}
	b.Packets++
	b.TTLLast, b.IPIDLast, b.WinLast = p.TTL, p.IPID, p.Window
	if w := &b.ttlSeen[p.TTL>>6]; *w&(1<<(p.TTL&63)) == 0 {
		*w |= 1 << (p.TTL & 63)
		b.TTLDistinct++
	}
	if p.Flags.Has(FlagSYN) {
		b.HandshakeOptions |= p.Options.Present
	} else {
		b.Options |= p.Options.Present
	}
	if p.Options.Present.Has(OptTimestamps) {
		b.WithTimestamps++
	}
	if p.PayloadLen > 0 {
		b.DataPackets++
		if p.Options.Present.Has(OptTimestamps) {
			b.DataWithTimestamps++
		}
	}
}

func (b *Baseline) first(p *Packet) {
	b.TTLFirst, b.TTLMin, b.TTLMax = p.TTL, p.TTL, p.TTL
	b.WinFirst, b.WinMin, b.WinMax = p.Window, p.Window, p.Window
	b.IPIDFirst, b.IPv6 = p.IPID, p.IPv6
	b.IPIDIncreasing, b.IPIDAllZero = !p.IPv6, !p.IPv6 && p.IPID == 0
}

// HasTTL reports whether the TTL value was seen on this side.
func (b *Baseline) HasTTL(ttl uint8) bool {
	return b.ttlSeen[ttl>>6]&(1<<(ttl&63)) != 0
}

// InitialTTL guesses the initial TTL a sender used from a received TTL:
// the next of 32, 64, 128 or 255 at or above it.
func InitialTTL(ttl uint8) uint8 {
	for _, t := range []uint8{32, 64, 128} {
		if ttl <= t {
			return t
		}
	}
	return 255
}
