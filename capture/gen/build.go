// Package gen writes synthetic captures: a TCP/IP packet builder, a
// streaming pcap writer and a generator of ActiveSync-like long-poll
// traffic (see [Generate]) for tests and benchmarks of package capture.
// Addresses default to the documentation ranges (RFC 5737, RFC 3849).
package gen

import (
	"encoding/binary"
	"net/netip"
)

// TCP flag bits for [Segment].Flags.
const (
	FIN = 0x01
	SYN = 0x02
	RST = 0x04
	PSH = 0x08
	ACK = 0x10
)

// Segment describes one TCP segment to build. Src and Dst must both be IPv4
// or both IPv6. The zero TTL is sent as 64.
type Segment struct {
	Src, Dst netip.AddrPort
	Seq, Ack uint32
	Flags    uint8
	Window   uint16
	TTL      uint8
	IPID     uint16 // IPv4 only
	// Options is the raw TCP option list; it is padded to 4 bytes.
	Options []byte
	Payload []byte
}

// AppendIP appends the IPv4 or IPv6 datagram (IP header, TCP header,
// options, payload) with valid checksums to b.
func (s *Segment) AppendIP(b []byte) []byte {
	opt := (len(s.Options) + 3) &^ 3
	tcpLen := 20 + opt + len(s.Payload)
	ttl := s.TTL
	if ttl == 0 {
		ttl = 64
	}
	if s.Src.Addr().Is4() {
		b = appendIPv4(b, s, tcpLen, ttl)
	} else {
		b = appendIPv6(b, s, tcpLen, ttl)
	}
	tcp := len(b)
	b = binary.BigEndian.AppendUint16(b, s.Src.Port())
	b = binary.BigEndian.AppendUint16(b, s.Dst.Port())
	b = binary.BigEndian.AppendUint32(b, s.Seq)
	b = binary.BigEndian.AppendUint32(b, s.Ack)
	b = append(b, byte((20+opt)/4)<<4, s.Flags)
	b = binary.BigEndian.AppendUint16(b, s.Window)
	b = append(b, 0, 0, 0, 0) // checksum, urgent pointer
	b = append(b, s.Options...)
	for range opt - len(s.Options) {
		b = append(b, 0)
	}
	b = append(b, s.Payload...)
	sum := pseudoSum(s, tcpLen) + sum16(b[tcp:])
	binary.BigEndian.PutUint16(b[tcp+16:], ^fold(sum))
	return b
}

func appendIPv4(b []byte, s *Segment, tcpLen int, ttl uint8) []byte {
	h := len(b)
	b = append(b, 0x45, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(20+tcpLen))
	b = binary.BigEndian.AppendUint16(b, s.IPID)
	b = append(b, 0x40, 0, ttl, 6, 0, 0) // DF, TTL, TCP, checksum
	src, dst := s.Src.Addr().As4(), s.Dst.Addr().As4()
	b = append(b, src[:]...)
	b = append(b, dst[:]...)
	binary.BigEndian.PutUint16(b[h+10:], ^fold(sum16(b[h:h+20])))
	return b
}

func appendIPv6(b []byte, s *Segment, tcpLen int, ttl uint8) []byte {
	b = append(b, 0x60, 0, 0, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(tcpLen))
	b = append(b, 6, ttl)
	src, dst := s.Src.Addr().As16(), s.Dst.Addr().As16()
	b = append(b, src[:]...)
	return append(b, dst[:]...)
}

func pseudoSum(s *Segment, tcpLen int) uint32 {
	var sum uint32
	if s.Src.Addr().Is4() {
		src, dst := s.Src.Addr().As4(), s.Dst.Addr().As4()
		sum = sum16(src[:]) + sum16(dst[:])
	} else {
		src, dst := s.Src.Addr().As16(), s.Dst.Addr().As16()
		sum = sum16(src[:]) + sum16(dst[:])
	}
	return sum + 6 + uint32(tcpLen)
}

func sum16(b []byte) uint32 {
	var s uint32
	for len(b) >= 2 {
		s += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	return s
}

func fold(s uint32) uint16 {
	for s > 0xffff {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}

// Ethernet MAC addresses used by [AppendEthernet] (locally administered).
var (
	macClient = [6]byte{0x02, 0, 0, 0, 0, 1}
	macServer = [6]byte{0x02, 0, 0, 0, 0, 2}
)

// AppendEthernet appends an Ethernet II header for an IPv4 (v6 false) or
// IPv6 payload to b.
func AppendEthernet(b []byte, v6 bool) []byte {
	b = append(b, macServer[:]...)
	b = append(b, macClient[:]...)
	if v6 {
		return append(b, 0x86, 0xdd)
	}
	return append(b, 0x08, 0x00)
}

// TimestampOption returns a NOP, NOP, timestamps option list.
func TimestampOption(tsval, tsecr uint32) []byte {
	b := []byte{1, 1, 8, 10}
	b = binary.BigEndian.AppendUint32(b, tsval)
	return binary.BigEndian.AppendUint32(b, tsecr)
}

// SYNOptions returns MSS 1460, SACK permitted, timestamps and window scale 7.
func SYNOptions(tsval, tsecr uint32) []byte {
	b := []byte{2, 4, 0x05, 0xb4, 4, 2, 8, 10}
	b = binary.BigEndian.AppendUint32(b, tsval)
	b = binary.BigEndian.AppendUint32(b, tsecr)
	return append(b, 1, 3, 3, 7)
}
