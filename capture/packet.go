package capture

import (
	"net/netip"
	"strings"
	"time"
)

// TCPFlags holds the TCP header flags (FIN in bit 0 up to NS in bit 8).
type TCPFlags uint16

// TCP flag bits.
const (
	FlagFIN TCPFlags = 1 << iota
	FlagSYN
	FlagRST
	FlagPSH
	FlagACK
	FlagURG
	FlagECE
	FlagCWR
	FlagNS
)

// Has reports whether all bits of f2 are set in f.
func (f TCPFlags) Has(f2 TCPFlags) bool { return f&f2 == f2 }

// String lists the set flags, e.g. "SYN|ACK"; "none" when no flag is set.
func (f TCPFlags) String() string {
	names := []string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"}
	var parts []string
	for i, n := range names {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// OptionSet is a set of TCP options seen in one segment (or a union over
// several).
type OptionSet uint8

// TCP options tracked by [OptionSet].
const (
	OptMSS           OptionSet = 1 << iota // kind 2
	OptWindowScale                         // kind 3
	OptSACKPermitted                       // kind 4
	OptSACK                                // kind 5
	OptTimestamps                          // kind 8
	OptOther                               // any other kind
	OptMalformed                           // the option list was cut or had a bad length
)

// Has reports whether all options of o2 are in o.
func (o OptionSet) Has(o2 OptionSet) bool { return o&o2 == o2 }

// TCPOptions summarises the options of one segment. Values are meaningful
// only when the matching bit of Present is set.
type TCPOptions struct {
	Present OptionSet
	MSS     uint16 // maximum segment size (bytes)
	WScale  uint8  // window scale shift count
	TSval   uint32 // timestamp value
	TSecr   uint32 // timestamp echo reply
}

// Packet is one decoded TCP segment. Payload and Trailer alias the reader's
// buffer: copy what you keep. The zero value is an empty packet.
type Packet struct {
	Frame    int       // 1-based packet number in file order
	Offset   int64     // byte offset of the record in the uncompressed file
	Time     time.Time // capture time (UTC)
	LinkType LinkType  // link type of the packet's interface

	Src, Dst netip.AddrPort
	IPv6     bool
	TTL      uint8  // IPv4 TTL or IPv6 hop limit
	IPID     uint16 // IPv4 identification; 0 for IPv6
	Fragment bool   // first fragment of a fragmented datagram

	Flags   TCPFlags
	Seq     uint32
	Ack     uint32
	Window  uint16 // raw window field, not scaled
	Options TCPOptions

	// Payload is the captured TCP payload; shorter than PayloadLen when
	// the snap length cut the packet.
	Payload []byte
	// PayloadLen is the TCP payload length from the IP length fields.
	PayloadLen int
	// Trailer holds, for Ethernet frames captured whole (caplen == wirelen),
	// the bytes after the end of the IP datagram: padding, FCS and vendor
	// trailers such as F5's. Nil otherwise.
	Trailer []byte
	// Truncated is true when the snap length cut the packet.
	Truncated bool
}

// Kind says what [Decode] found in a record.
type Kind uint8

// Decode results.
const (
	// KindTCP is a TCP segment; the Packet is filled.
	KindTCP Kind = iota
	// KindOther is a well-formed packet that is not TCP (ARP, UDP, ICMP,
	// non-first IP fragments, other protocols).
	KindOther
	// KindMalformed is a packet whose headers are cut short or inconsistent.
	KindMalformed
	// KindUnsupportedLink is a packet of a link type Decode does not know.
	KindUnsupportedLink
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindTCP:
		return "tcp"
	case KindOther:
		return "other"
	case KindMalformed:
		return "malformed"
	case KindUnsupportedLink:
		return "unsupported link type"
	}
	return "unknown"
}
