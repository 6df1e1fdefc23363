package f5

import (
	"errors"
	"net/netip"
	"strconv"
)

// Format is the trailer layout family. The zero value FormatUnknown means no
// trailer was decoded.
type Format uint8

// Trailer layout families (§1).
const (
	FormatUnknown Format = iota
	FormatLegacy         // BIG-IP 9.4.2 to 13.x: type/length/version records
	FormatDPT            // BIG-IP 14.0 and later: magic f5 de b0 f5, provider records
)

// String returns "legacy", "dpt" or "unknown".
func (f Format) String() string {
	switch f {
	case FormatLegacy:
		return "legacy"
	case FormatDPT:
		return "dpt"
	}
	return "unknown"
}

// Direction says whether a frame entered or left the BIG-IP. The zero value
// DirUnknown means the trailer had no low-noise record.
type Direction uint8

// Directions as recorded by the low-noise ingress flag (§6.1).
const (
	DirUnknown Direction = iota
	DirOut               // leaving the BIG-IP (egress)
	DirIn                // entering the BIG-IP (ingress)
)

// String returns "in", "out" or "unknown".
func (d Direction) String() string {
	switch d {
	case DirIn:
		return "in"
	case DirOut:
		return "out"
	}
	return "unknown"
}

// HWAction is the hardware action recorded in the flags byte of DPT low-noise
// records version 3 and 4 (§5.3); always HWActionNotSet in other layouts.
type HWAction uint8

// Hardware actions, values as on the wire.
const (
	HWActionNotSet HWAction = iota
	HWActionChallenge
	HWActionDrop
	HWActionForward
)

// Level describes one noise-level record (low, medium or high) as found in a
// trailer. The zero value means the record was absent.
type Level struct {
	Present bool   // the record was found and decoded
	Version uint8  // record version: legacy 0..3, DPT 1..4
	Size    uint16 // bytes of the record, header included
}

// Trailer is one decoded F5 Ethernet trailer. Fields of a noise level that was
// absent keep their zero values. The zero value is an empty trailer.
type Trailer struct {
	Format     Format
	DPTVersion uint16 // version field of the DPT header; 0 for legacy trailers
	Offset     int    // where the trailer starts in the parsed bytes (after padding and FCS)
	HasOrigFCS bool   // a 4-byte Ethernet FCS sat in front of a DPT trailer
	OrigFCS    uint32 // that FCS, big-endian as on the wire

	Low, Medium, High Level // which noise records were present, with versions

	// Low noise (§4.1, §5.3).
	Direction     Direction
	HWAction      HWAction
	Slot          uint16 // 1-based blade slot (the wire value is 0-based); 0 = unknown
	TMM           uint8  // 0-based TMM index
	VirtualServer string // full path, e.g. /Common/app.app/name_vs; empty if none
	PhysPort      string // physical port object (DPT low v4), e.g. "1.1"
	Trunk         string // trunk object (DPT low v4)

	// Medium noise (§4.2, §5.3); the 9.4 low record also carries flow ids.
	FlowID        uint64 // TMM flow id of this connection side; 0 = no flow
	PeerFlowID    uint64 // flow id of the other side of the proxy; 0 = none
	ConnFlags     uint32 // cfflags, opaque
	ConnFlagsHigh uint32 // cfflags2 (legacy medium v3, DPT medium v4), opaque
	FlowType      uint8  // opaque
	HAUnit        uint8  // opaque
	IngressSlot   uint16 // shown as "reserved" by current Wireshark
	IngressPort   uint16 // shown as "reserved" by current Wireshark
	Priority      uint8  // opaque; legacy medium v2/v3 and DPT medium v4

	// RST cause block inside medium noise (§4.4), format version 0 only.
	HasRSTCause  bool
	RSTCause     string // cause text, e.g. "No local listener"
	RSTCauseAddr uint64 // 48-bit code shown in hex by F5, e.g. 0x287fa33
	RSTCauseLine uint16 // source line, e.g. 2267
	RSTCausePeer bool   // the cause arose on the peer flow ("{peer}")

	// High noise (§4.3, §5.3): the peer flow's tuple. HasPeer is false when
	// there is no high record or the peer flow id is 0; peer fields are then zero.
	HasPeer               bool
	PeerProtocol          uint8 // IP protocol of the peer flow (6 TCP, 17 UDP)
	PeerVLAN              uint16
	PeerRemote            netip.AddrPort // far endpoint of the peer flow
	PeerLocal             netip.AddrPort // BIG-IP's own endpoint on the peer flow
	PeerRemoteRouteDomain uint16         // route domain when encoded in F5 form (§6.4), else 0
	PeerLocalRouteDomain  uint16

	HasTLSSecrets bool // a TLS-secrets record (provider 4) was present and skipped
	Unknown       int  // records skipped because their provider/type/version is unknown
	Ignored       int  // trailing bytes after the last record that were not decoded
}

// ErrNoTrailer reports that the bytes hold nothing trailer-like: empty, only
// zero padding, or fewer than 7 bytes after the padding (a bare FCS).
var ErrNoTrailer = errors.New("f5: no trailer")

// ParseError reports bytes that are not an F5 trailer or a malformed one.
type ParseError struct {
	Offset int    // byte offset into the parsed slice where the fault lies
	Msg    string // what is wrong, lower case
}

// Error returns "f5: offset N: msg".
func (e *ParseError) Error() string {
	return "f5: offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Cause returns the trailer's RST cause in the same form as
// ParseRSTCausePayload; ok is false when the trailer carried none.
func (t Trailer) Cause() (c Cause, ok bool) {
	if !t.HasRSTCause {
		return Cause{}, false
	}
	return Cause{Addr: t.RSTCauseAddr, Line: uint32(t.RSTCauseLine), Peer: t.RSTCausePeer, Text: t.RSTCause}, true
}
