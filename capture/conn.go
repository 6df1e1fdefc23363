package capture

import (
	"net/netip"
	"time"
)

// Mark is the position of one packet: frame number, record offset and time.
// The zero Mark (Frame 0) means "none".
type Mark struct {
	Frame  int
	Offset int64
	Time   time.Time
}

// IsZero reports whether the mark is unset.
func (m Mark) IsZero() bool { return m.Frame == 0 }

func markOf(p *Packet) Mark { return Mark{Frame: p.Frame, Offset: p.Offset, Time: p.Time} }

// Direction indexes per-side data of a [Conn].
type Direction int

// Directions: packets sent by the client (initiator) or by the server.
const (
	FromClient Direction = 0
	FromServer Direction = 1
)

// String returns "client" or "server".
func (d Direction) String() string {
	if d == FromClient {
		return "client"
	}
	return "server"
}

// InitiatorRule says how the client of a connection was chosen.
type InitiatorRule uint8

// Initiator rules, from certain to guessed.
const (
	// RuleSYN: the client sent a SYN without ACK.
	RuleSYN InitiatorRule = iota
	// RuleSYNACK: the server's SYN+ACK was seen, the client's SYN was not.
	RuleSYNACK
	// RuleWellKnownPort: no handshake seen; the client is the side that
	// sends to a port below 1024 from a port at or above 1024.
	RuleWellKnownPort
	// RuleLowerPort: no handshake seen; the client sends to the lower port.
	RuleLowerPort
	// RuleFirstSender: no handshake seen, equal ports; the client is the
	// sender of the first packet seen.
	RuleFirstSender
)

// Guessed reports whether the rule is a guess (no handshake packet seen).
func (r InitiatorRule) Guessed() bool { return r >= RuleWellKnownPort }

// String names the rule.
func (r InitiatorRule) String() string {
	return [...]string{"syn", "syn-ack", "well-known port", "lower port", "first sender"}[r]
}

// Conn is one TCP connection in one capture. A Tracker owns and mutates it
// until it hands it out as finished; after that it is not touched again.
// Not safe for concurrent use while the tracker owns it.
type Conn struct {
	// ID numbers connections 1, 2, ... in the order they were first seen.
	ID int

	// Unexported state first: it is touched by every packet, and so
	// shares cache lines with Client and Last.
	turns        turnRing
	isn          uint32 // client's initial sequence number, valid when SYNSeen
	closedQueued bool
	v6           bool // the tuple is IPv6 (flow table key family)

	// Client is the initiator, Server the responder; see Rule.
	Client, Server netip.AddrPort
	// Rule says how Client was chosen; Rule.Guessed() when no handshake was seen.
	Rule InitiatorRule
	// First and Last are the first and last packets of the connection.
	First, Last Mark
	// SYNSeen: a SYN without ACK from the client was seen.
	// SYNACKSeen: a SYN+ACK from the server was seen.
	SYNSeen, SYNACKSeen bool
	// Side holds per-direction data, indexed by FromClient / FromServer.
	Side [2]Side
	// RST is the first RST of the connection, nil when none was seen.
	RST *RST
	// CloseKind is the flag (FlagFIN or FlagRST) of the first FIN or RST
	// of the connection, 0 when neither was seen. Close is that packet.
	CloseKind TCPFlags
	Close     Mark
	// CloseBy is the sender of Close.
	CloseBy Direction
	// IdleBeforeClose is the time between the packet before Close and
	// Close; 0 when the connection never closed.
	IdleBeforeClose time.Duration
	// MaxIdle is the longest gap between consecutive packets of the
	// connection, MaxIdleAfter the packet that started it.
	MaxIdle      time.Duration
	MaxIdleAfter Mark
	// OpenAtEnd is true when the connection was still in the table at the
	// end of the capture and had seen neither a FIN nor a RST (a half-closed
	// connection is not open; tshark's "open" state means the same).
	OpenAtEnd bool
	// Evicted is true when the table was full and the connection was
	// handed out early; later packets of its tuple start a new Conn.
	Evicted bool
	// End is when the connection ended for the purpose of silences: Close
	// time when it closed, else the last packet time of the capture.
	End time.Time
}

// Side is what one direction of a connection sent.
type Side struct {
	// Sequence tracking first: touched by every packet.
	nextSeq  uint32 // one past the highest sequence number sent
	seqKnown bool
	probe    probe // pending send after a silence

	// Trailer is a copy of the first vendor trailer (at most
	// RSTTrailerCopy bytes) this side's Ethernet frames carried after the
	// IP datagram; nil when none did. Padding and a bare FCS are not kept.
	// F5 captures (tcpdump -i 0.0:nnn) carry flow ids in it.
	Trailer []byte

	// Packets and PayloadBytes count every packet of this direction and
	// the TCP payload bytes by IP length (snap length does not matter).
	Packets      int64
	PayloadBytes int64
	// DataPackets counts packets with payload.
	DataPackets int64
	// FirstFIN and FirstRST are the first FIN and RST this side sent.
	FirstFIN, FirstRST Mark
	// Retransmissions counts segments whose sequence range was all sent
	// before (SYN, FIN and payload count; keep-alive probes count too).
	Retransmissions int
	// DataAfterOwnFIN counts new payload packets sent after this side's FIN.
	DataAfterOwnFIN int
	// DataAfterPeerFIN counts payload packets sent after the other side's
	// FIN (a normal half-close).
	DataAfterPeerFIN int
	// PacketsAfterRST and DataAfterRST count packets (any, and with payload)
	// this side sent after the connection's first RST.
	PacketsAfterRST, DataAfterRST int
	// SilentDrop describes unanswered retransmissions after a silence.
	SilentDrop SilentDrop
	// Baseline describes this side's non-RST packets.
	Baseline Baseline
}

// SilentDrop is the signature of a middlebox that forgot the flow: after
// the connection was idle for at least [Options.SilenceThreshold], this side
// sent a segment and then retransmitted it with nothing coming back in
// between. Count 0 means no such episode.
type SilentDrop struct {
	// First is the first retransmission of the first episode.
	First Mark
	// Sent is the original segment sent after the silence.
	Sent Mark
	// GapBefore is the silence before Sent.
	GapBefore time.Duration
	// Count is the number of such retransmissions (all episodes).
	Count int
	// Answered is true when the other side sent anything after an episode
	// had begun.
	Answered bool
}

// probe is a segment sent after a silence, waiting for an answer.
type probe struct {
	active bool
	seq    uint32
	sent   Mark
	gap    time.Duration
}

// RST is the first RST of a connection with what forgery tests need.
type RST struct {
	// By is the side whose address the RST carries, Sender that address.
	By     Direction
	Sender netip.AddrPort
	Mark
	TTL     uint8
	IPID    uint16
	Window  uint16
	Seq     uint32
	Ack     uint32
	Flags   TCPFlags
	Options TCPOptions
	// ExpectedSeq is the sequence number the receiver expected next from
	// the claimed sender (RFC 5961); valid when SeqKnown.
	ExpectedSeq uint32
	SeqKnown    bool
	// IdleBefore is the time since the connection's previous packet.
	IdleBefore time.Duration
	// Payload is a copy of up to 256 payload bytes (F5 puts its reset cause
	// text there); PayloadLen is the full payload length.
	Payload    []byte
	PayloadLen int
	// Trailer is a copy of up to 512 bytes of the Ethernet trailer.
	Trailer []byte
	// Baseline is the claimed sender's baseline just before the RST.
	Baseline Baseline
}

// Limits of the copies kept in RST.
const (
	RSTPayloadCopy = 256
	RSTTrailerCopy = 512
)

// Closed reports whether the connection saw a RST or a FIN from both sides.
func (c *Conn) Closed() bool {
	return c.RST != nil || (!c.Side[0].FirstFIN.IsZero() && !c.Side[1].FirstFIN.IsZero())
}

// Addr returns the address of the given side.
func (c *Conn) Addr(d Direction) netip.AddrPort {
	if d == FromClient {
		return c.Client
	}
	return c.Server
}
