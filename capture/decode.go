package capture

import (
	"encoding/binary"
	"net/netip"
)

// Ethernet types understood by the decoder.
const (
	etherIPv4   = 0x0800
	etherIPv6   = 0x86dd
	etherVLAN   = 0x8100
	etherQinQ   = 0x88a8
	etherQinQ91 = 0x9100
)

const (
	ethHeaderLen  = 14
	sllHeaderLen  = 16
	sll2HeaderLen = 20
	nullHeaderLen = 4
	maxVLANTags   = 8
)

var be = binary.BigEndian

// Decode parses the link, IP and TCP headers of rec into p. It returns
// KindTCP when p holds a TCP segment; otherwise p's contents are
// unspecified. It never allocates and never panics on any input.
func Decode(rec *Record, p *Packet) Kind {
	*p = Packet{Frame: rec.Frame, Offset: rec.Offset, Time: rec.Time, LinkType: rec.LinkType}
	d := rec.Data
	switch rec.LinkType {
	case LinkEthernet:
		return decodeEthernet(d, p, rec.CapLen >= rec.WireLen)
	case LinkSLL:
		if len(d) < sllHeaderLen {
			return KindMalformed
		}
		return decodeEtherType(be.Uint16(d[14:16]), d[sllHeaderLen:], p)
	case LinkSLL2:
		if len(d) < sll2HeaderLen {
			return KindMalformed
		}
		return decodeEtherType(be.Uint16(d[0:2]), d[sll2HeaderLen:], p)
	case LinkNull, LinkLoop:
		return decodeNull(d, p)
	case LinkRaw, LinkRawOld12, LinkRawOld14:
		return decodeIP(d, p)
	case LinkIPv4:
		return decodeIPv4(d, p)
	case LinkIPv6:
		return decodeIPv6(d, p)
	}
	return KindUnsupportedLink
}

// decodeEthernet skips VLAN tags, decodes IP and, for frames captured
// whole, keeps the bytes after the IP datagram as the trailer.
func decodeEthernet(d []byte, p *Packet, whole bool) Kind {
	if len(d) < ethHeaderLen {
		return KindMalformed
	}
	off, et := vlanSkip(d, 12)
	if off < 0 {
		return KindMalformed
	}
	k := decodeEtherType(et, d[off:], p)
	if k == KindTCP && whole {
		if end := off + ipLen(d[off:], p.IPv6); end < len(d) && end > off {
			p.Trailer = d[end:]
		}
	}
	return k
}

// vlanSkip reads the EtherType at d[at:] and skips any 802.1Q/802.1ad
// tags; it returns the offset of the payload, or -1 when cut short.
func vlanSkip(d []byte, at int) (int, uint16) {
	et := be.Uint16(d[at : at+2])
	off := at + 2
	for i := 0; i < maxVLANTags && (et == etherVLAN || et == etherQinQ || et == etherQinQ91); i++ {
		if len(d) < off+4 {
			return -1, 0
		}
		et = be.Uint16(d[off+2 : off+4])
		off += 4
	}
	return off, et
}

// decodeEtherType decodes an IP payload named by an EtherType, allowing
// VLAN tags after a cooked (SLL) header too.
func decodeEtherType(et uint16, d []byte, p *Packet) Kind {
	if et == etherVLAN || et == etherQinQ || et == etherQinQ91 {
		if len(d) < 4 {
			return KindMalformed
		}
		off, inner := vlanSkip(d, 2)
		if off < 0 {
			return KindMalformed
		}
		et, d = inner, d[off:]
	}
	switch et {
	case etherIPv4:
		return decodeIPv4(d, p)
	case etherIPv6:
		return decodeIPv6(d, p)
	}
	return KindOther
}

// decodeNull handles BSD loopback: a 4-byte address family in the byte
// order of the capturing host (LinkNull) or network order (LinkLoop).
func decodeNull(d []byte, p *Packet) Kind {
	if len(d) < nullHeaderLen {
		return KindMalformed
	}
	af := binary.LittleEndian.Uint32(d[0:4])
	if af > 0xffff {
		af = be.Uint32(d[0:4])
	}
	d = d[nullHeaderLen:]
	switch af {
	case 2:
		return decodeIPv4(d, p)
	case 10, 23, 24, 28, 30: // AF_INET6 on Linux, Windows, NetBSD/OpenBSD, FreeBSD, Darwin
		return decodeIPv6(d, p)
	}
	return KindOther
}

// decodeIP picks IPv4 or IPv6 from the version nibble.
func decodeIP(d []byte, p *Packet) Kind {
	if len(d) < 1 {
		return KindMalformed
	}
	switch d[0] >> 4 {
	case 4:
		return decodeIPv4(d, p)
	case 6:
		return decodeIPv6(d, p)
	}
	return KindOther
}

// ipLen returns the IP datagram length from its header (IPv4 total length,
// IPv6 40 + payload length); 0 when unknown.
func ipLen(d []byte, v6 bool) int {
	if v6 {
		if len(d) < 40 {
			return 0
		}
		if pl := int(be.Uint16(d[4:6])); pl > 0 {
			return 40 + pl
		}
		return 0
	}
	if len(d) < 20 {
		return 0
	}
	return int(be.Uint16(d[2:4]))
}

func decodeIPv4(d []byte, p *Packet) Kind {
	if len(d) < 20 || d[0]>>4 != 4 {
		return KindMalformed
	}
	ihl := int(d[0]&0x0f) * 4
	total := int(be.Uint16(d[2:4]))
	if total == 0 { // TCP segmentation offload: length left at zero
		total = len(d)
	}
	if ihl < 20 || len(d) < ihl || total < ihl {
		return KindMalformed
	}
	frag := be.Uint16(d[6:8])
	if frag&0x1fff != 0 {
		return KindOther // not the first fragment: no TCP header here
	}
	if d[9] != 6 {
		return KindOther
	}
	p.Fragment = frag&0x2000 != 0
	p.TTL, p.IPID = d[8], be.Uint16(d[4:6])
	src := netip.AddrFrom4([4]byte(d[12:16]))
	dst := netip.AddrFrom4([4]byte(d[16:20]))
	return decodeTCP(d[ihl:min(total, len(d))], total-ihl, src, dst, p)
}
