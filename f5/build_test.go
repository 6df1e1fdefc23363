package f5

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// Builders for synthetic trailers, written from F5-TRAILER.md (§4, §5).

var be = binary.BigEndian

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func u16(v uint16) []byte { return be.AppendUint16(nil, v) }
func u32(v uint32) []byte { return be.AppendUint32(nil, v) }
func u64(v uint64) []byte { return be.AppendUint64(nil, v) }
func le16(v uint16) []byte {
	return binary.LittleEndian.AppendUint16(nil, v)
}

// legacyRec builds a legacy record: type, length byte (bytes after it), version, body.
func legacyRec(typ, ver byte, body ...[]byte) []byte {
	r := cat(append([][]byte{{typ, 0, ver}}, body...)...)
	r[1] = byte(len(r) - 2)
	return r
}

// fixed16 NUL-pads (or cuts) s to 16 bytes.
func fixed16(s string) []byte {
	b := make([]byte, 16)
	copy(b, s)
	return b
}

// lowV1 builds legacy low noise v1 (11.2+).
func lowV1(ingress, slot0, tmm byte, vip string) []byte {
	return legacyRec(1, 1, []byte{ingress, slot0, tmm, byte(len(vip))}, []byte(vip))
}

// rstBlock builds an RST-cause block with its length byte in front.
func rstBlock(peer bool, val uint64, line uint16, text string) []byte {
	flags := byte(0)
	if peer {
		flags = 1
	}
	blk := cat([]byte{flags}, u64(val)[2:], u16(line), []byte(text))
	return append([]byte{byte(len(blk))}, blk...)
}

// noRST is an empty RST-cause part: length byte 0.
var noRST = []byte{0}

// med64 builds the common 8-byte-id medium body without RST part:
// flow, peer, [cfflags2], cfflags, flow type, HA unit, slot, port, [priority].
type med64 struct {
	flow, peer       uint64
	cf2, cf          uint32
	ftype, ha        byte
	islot, iport     uint16
	prio             byte
	withCF2, withPri bool
}

func (m med64) bytes() []byte {
	b := cat(u64(m.flow), u64(m.peer))
	if m.withCF2 {
		b = append(b, u32(m.cf2)...)
	}
	b = cat(b, u32(m.cf), []byte{m.ftype, m.ha}, u16(m.islot), u16(m.iport))
	if m.withPri {
		b = append(b, m.prio)
	}
	return b
}

// addr16 encodes an address as the trailer does: IPv4-mapped or native IPv6.
func addr16(a netip.Addr) []byte {
	b := a.As16()
	return b[:]
}

// rdAddr16 encodes an IPv4 address in F5 route-domain form (§6.4).
func rdAddr16(rd uint16, a netip.Addr) []byte {
	v4 := a.As4()
	return cat([]byte{0x26, 0x20, 0, 0, 0x0c, 0x10, 0xf5, 0x01, 0, 0}, u16(rd), v4[:])
}

// highBody builds the 39-byte high-noise body.
func highBody(proto byte, vlan uint16, remote, local []byte, rport, lport uint16) []byte {
	return cat([]byte{proto}, u16(vlan), remote, local, u16(rport), u16(lport))
}

// dptRec builds a DPT record: provider, type, length (incl. 8-byte header), version, data.
func dptRec(prov, typ, ver uint16, data []byte) []byte {
	return cat(u16(prov), u16(typ), u16(uint16(8+len(data))), u16(ver), data)
}

// dpt builds a DPT trailer: magic, length, version 1, records.
func dpt(recs ...[]byte) []byte {
	body := cat(recs...)
	return cat([]byte{0xf5, 0xde, 0xb0, 0xf5}, u16(uint16(8+len(body))), u16(1), body)
}

// dptLowName builds DPT low noise data for v2/v3: flags, slot, tmm, name.
func dptLowName(flags, slot0, tmm byte, vip string) []byte {
	return cat([]byte{flags, slot0, tmm, byte(len(vip))}, []byte(vip))
}

// dptObj builds one low v4 object.
func dptObj(typ byte, name string) []byte {
	return cat([]byte{typ, byte(len(name))}, []byte(name))
}

// Addresses used by the synthetic cases (documentation ranges only).
var (
	client4 = netip.MustParseAddrPort("192.0.2.10:50000")
	vip4    = netip.MustParseAddrPort("198.51.100.5:443")
	snat4   = netip.MustParseAddrPort("198.51.100.240:40001")
	pool4   = netip.MustParseAddrPort("203.0.113.20:80")
	snat6   = netip.MustParseAddrPort("[2001:db8::f5]:40002")
	pool6   = netip.MustParseAddrPort("[2001:db8:1::20]:8080")
)

// dump prints every field of a Trailer (bypassing its String method).
func dump(t Trailer) string {
	type plain Trailer
	return fmt.Sprintf("%+v", plain(t))
}
