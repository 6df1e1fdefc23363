package f5

import (
	"encoding/binary"
	"net/netip"
)

// highBodyLen is the size of the high-noise body, legacy v0 and DPT v1 (§4.3).
const highBodyLen = 39

// rstBlockMin is the smallest version-0 RST cause block: flags, value, line (§4.4).
const rstBlockMin = 9

// medLayout selects the fields of a medium-noise body (§4.2, §5.3).
type medLayout struct {
	noFlow       bool // 9.4: HA unit, ingress slot and port only
	idBytes      int  // size of flow id and peer flow id: 4 or 8
	flagsHigh    bool // cfflags2 after the peer flow id
	priority     bool
	rst          bool // RST-cause length byte and block at the end
	littleEndian bool // ingress slot/port byte order (two v0 layouts)
}

// fixedLen returns the size of the body before any RST-cause block.
func (l medLayout) fixedLen() int {
	n := 1 + 2 + 2 // HA unit, ingress slot, ingress port
	if !l.noFlow {
		n += 2*l.idBytes + 4 + 1 // flow ids, cfflags, flow type
	}
	if l.flagsHigh {
		n += 4
	}
	if l.priority {
		n++
	}
	if l.rst {
		n++
	}
	return n
}

// medium decodes a medium-noise body found at offset off. With exact set the
// body must end where its RST-cause length says (legacy); otherwise extra
// bytes after the block are tolerated (DPT).
func (d *decoder) medium(off int, body []byte, l medLayout, exact bool) error {
	fixed := l.fixedLen()
	if len(body) < fixed {
		return d.errorf(off, "medium noise: %d byte body, need at least %d", len(body), fixed)
	}
	o := 0
	if !l.noFlow {
		o = d.mediumFlow(body, l)
	}
	d.t.HAUnit = body[o]
	var order binary.ByteOrder = binary.BigEndian
	if l.littleEndian {
		order = binary.LittleEndian
	}
	d.t.IngressSlot = order.Uint16(body[o+1:])
	d.t.IngressPort = order.Uint16(body[o+3:])
	o += 5
	if l.priority {
		d.t.Priority = body[o]
		o++
	}
	if !l.rst {
		return nil
	}
	rl := int(body[o])
	blk := body[o+1:]
	if len(blk) < rl || exact && len(blk) != rl {
		return d.errorf(off+o, "medium noise: rst cause length %d, %d bytes follow", rl, len(blk))
	}
	return d.rstBlock(off+o+1, blk[:rl])
}

// mediumFlow decodes flow ids, cfflags2, cfflags and flow type, returning the
// offset of the HA unit byte.
func (d *decoder) mediumFlow(body []byte, l medLayout) int {
	o := 0
	if l.idBytes == 4 {
		d.t.FlowID = uint64(binary.BigEndian.Uint32(body))
		d.t.PeerFlowID = uint64(binary.BigEndian.Uint32(body[4:]))
		o = 8
	} else {
		d.t.FlowID = binary.BigEndian.Uint64(body)
		d.t.PeerFlowID = binary.BigEndian.Uint64(body[8:])
		o = 16
	}
	d.flowKnown = true
	if l.flagsHigh {
		d.t.ConnFlagsHigh = binary.BigEndian.Uint32(body[o:])
		o += 4
	}
	d.t.ConnFlags = binary.BigEndian.Uint32(body[o:])
	d.t.FlowType = body[o+4]
	return o + 5
}

// rstBlock decodes an RST-cause block (§4.4) found at offset off. Blocks of a
// format version other than 0 are skipped.
func (d *decoder) rstBlock(off int, blk []byte) error {
	if len(blk) == 0 || blk[0]>>1 != 0 {
		return nil
	}
	if len(blk) < rstBlockMin {
		return d.errorf(off, "rst cause block of %d bytes, need at least %d", len(blk), rstBlockMin)
	}
	d.t.HasRSTCause = true
	d.t.RSTCausePeer = blk[0]&1 != 0
	d.t.RSTCauseAddr = uint64(binary.BigEndian.Uint16(blk[1:]))<<32 | uint64(binary.BigEndian.Uint32(blk[3:]))
	d.t.RSTCauseLine = binary.BigEndian.Uint16(blk[7:])
	txt := blk[9:]
	for len(txt) > 0 && txt[len(txt)-1] == 0 {
		txt = txt[:len(txt)-1]
	}
	d.t.RSTCause = d.str(txt)
	return nil
}

// finish interprets the high-noise body once every record is read, because
// DPT records may come in any order (§5.2). As in Wireshark, a zero peer flow
// id means no peer; without flow ids, an all-zero body means no peer.
func (d *decoder) finish() {
	if !d.t.High.Present {
		return
	}
	h := &d.high
	if d.flowKnown && d.t.PeerFlowID == 0 || !d.flowKnown && *h == [highBodyLen]byte{} {
		return
	}
	d.t.HasPeer = true
	d.t.PeerProtocol = h[0]
	d.t.PeerVLAN = binary.BigEndian.Uint16(h[1:])
	ra, rrd := peerAddr(h[3:19])
	la, lrd := peerAddr(h[19:35])
	d.t.PeerRemote = netip.AddrPortFrom(ra, binary.BigEndian.Uint16(h[35:]))
	d.t.PeerLocal = netip.AddrPortFrom(la, binary.BigEndian.Uint16(h[37:]))
	d.t.PeerRemoteRouteDomain, d.t.PeerLocalRouteDomain = rrd, lrd
}

// rdPrefix marks an F5 route-domain address: 2620:0:c10:f501:0::/80, then a
// 2-byte route domain id and an IPv4 address (§6.4).
var rdPrefix = [10]byte{0x26, 0x20, 0x00, 0x00, 0x0c, 0x10, 0xf5, 0x01, 0x00, 0x00}

// peerAddr decodes a 16-byte peer address: IPv4-mapped, route-domain form or
// native IPv6.
func peerAddr(a []byte) (netip.Addr, uint16) {
	if [10]byte(a[:10]) == rdPrefix {
		return netip.AddrFrom4([4]byte(a[12:16])), binary.BigEndian.Uint16(a[10:])
	}
	return netip.AddrFrom16([16]byte(a[:16])).Unmap(), 0
}
