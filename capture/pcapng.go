package capture

import (
	"encoding/binary"
	"io"
	"math/bits"
	"time"
)

// pcapng block types handled here; every other block is skipped.
const (
	ngSectionHeader   = 0x0a0d0d0a
	ngInterface       = 0x00000001
	ngObsoletePacket  = 0x00000002
	ngSimplePacket    = 0x00000003
	ngEnhancedPacket  = 0x00000006
	ngByteOrderMagic  = 0x1a2b3c4d
	ngMinBlockLen     = 12
	ngOptTSResol      = 9
	ngOptTSOffset     = 14
	ngMaxInterfaces   = 1 << 16
	ngDefaultTSUnits  = 1_000_000
	ngSHBFixedLen     = 28 // type, length, BOM, versions, section length, trailing length
	ngIDBFixedLen     = 20
	ngEPBFixedLen     = 32
	ngSPBFixedLen     = 16
	ngOptionHeaderLen = 4
)

// ngIface is what a pcapng interface description block says.
type ngIface struct {
	link     LinkType
	snaplen  int
	units    uint64 // timestamp units per second
	tsOffset int64  // seconds added to every timestamp
}

// ngReader reads pcapng files: any number of sections, each with its own
// byte order and interfaces.
type ngReader struct {
	src      *bufSrc
	order    binary.ByteOrder
	ifaces   []ngIface
	blockOff int64 // offset of the block being read
}

func newNgReader(src *bufSrc) (*ngReader, error) {
	n := &ngReader{src: src, order: binary.LittleEndian}
	n.blockOff = src.off
	blk, typ, err := n.readBlock()
	if err != nil {
		if err == io.EOF {
			err = readErr(io.ErrUnexpectedEOF, "section header block", ngSHBFixedLen, 0)
		}
		return n, err
	}
	if typ != ngSectionHeader {
		return n, errf(ErrBadMagic, "first block has type %#x, want a section header", typ)
	}
	n.src.discard(len(blk))
	return n, nil
}

// readBlock peeks one whole block and checks its framing. The caller
// discards len(blk) bytes once done with it.
func (n *ngReader) readBlock() (blk []byte, typ uint32, err error) {
	h, err := n.src.peek(12)
	if len(h) < 8 {
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		return nil, 0, readErr(err, "block header", 8, len(h))
	}
	if binary.LittleEndian.Uint32(h[0:4]) == ngSectionHeader {
		if len(h) < 12 {
			return nil, 0, readErr(err, "section header block", 12, len(h))
		}
		if err := n.setOrder(h[8:12]); err != nil {
			return nil, 0, err
		}
	}
	typ = n.order.Uint32(h[0:4])
	length := int(n.order.Uint32(h[4:8]))
	if length < ngMinBlockLen || length%4 != 0 {
		return nil, typ, errf(ErrCorrupt, "block of type %#x has length %d", typ, length)
	}
	blk, err = n.src.peek(length)
	if err != nil {
		return nil, typ, readErr(err, "block", length, len(blk))
	}
	if trail := int(n.order.Uint32(blk[length-4:])); trail != length {
		return nil, typ, errf(ErrCorrupt, "block of type %#x: length %d, trailing length %d", typ, length, trail)
	}
	return blk, typ, nil
}

func (n *ngReader) setOrder(bom []byte) error {
	switch {
	case binary.LittleEndian.Uint32(bom) == ngByteOrderMagic:
		n.order = binary.LittleEndian
	case binary.BigEndian.Uint32(bom) == ngByteOrderMagic:
		n.order = binary.BigEndian
	default:
		return errf(ErrCorrupt, "section header byte-order magic %x", bom)
	}
	n.ifaces = n.ifaces[:0]
	return nil
}

func (n *ngReader) next(rec *Record) error {
	for {
		n.blockOff = n.src.off
		rec.Offset = n.blockOff
		blk, typ, err := n.readBlock()
		if err != nil {
			return err
		}
		ok, err := n.handle(blk, typ, rec)
		if err != nil {
			return err
		}
		if ok {
			// Data aliases the buffer; discarding only moves the start index.
			n.src.discard(len(blk))
			return nil
		}
		n.src.discard(len(blk))
	}
}

// handle interprets one block; ok is true when it filled rec with a packet.
func (n *ngReader) handle(blk []byte, typ uint32, rec *Record) (ok bool, err error) {
	switch typ {
	case ngSectionHeader:
		if len(blk) < ngSHBFixedLen {
			return false, errf(ErrCorrupt, "section header block of %d bytes", len(blk))
		}
		return false, nil
	case ngInterface:
		return false, n.readInterface(blk)
	case ngEnhancedPacket, ngObsoletePacket:
		return true, n.readEPB(blk, typ, rec)
	case ngSimplePacket:
		return true, n.readSPB(blk, rec)
	}
	return false, nil
}

func (n *ngReader) readInterface(blk []byte) error {
	if len(blk) < ngIDBFixedLen {
		return errf(ErrCorrupt, "interface description block of %d bytes", len(blk))
	}
	if len(n.ifaces) >= ngMaxInterfaces {
		return errf(ErrCorrupt, "more than %d interfaces in a section", ngMaxInterfaces)
	}
	ifc := ngIface{
		link:    LinkType(n.order.Uint16(blk[8:10])),
		snaplen: int(n.order.Uint32(blk[12:16])),
		units:   ngDefaultTSUnits,
	}
	n.readIfaceOptions(blk[16:len(blk)-4], &ifc)
	n.ifaces = append(n.ifaces, ifc)
	return nil
}

// readIfaceOptions picks the timestamp resolution and offset; malformed
// options end the option list silently, as the options are optional.
func (n *ngReader) readIfaceOptions(opts []byte, ifc *ngIface) {
	for len(opts) >= ngOptionHeaderLen {
		code, l := n.order.Uint16(opts[0:2]), int(n.order.Uint16(opts[2:4]))
		if code == 0 || ngOptionHeaderLen+l > len(opts) {
			return
		}
		v := opts[ngOptionHeaderLen : ngOptionHeaderLen+l]
		switch {
		case code == ngOptTSResol && l >= 1:
			ifc.units = tsUnits(v[0])
		case code == ngOptTSOffset && l >= 8:
			ifc.tsOffset = int64(n.order.Uint64(v))
		}
		opts = opts[ngOptionHeaderLen+(l+3)&^3:]
	}
}

// tsUnits converts if_tsresol to units per second; 0 means unusable and is
// replaced by the default microseconds.
func tsUnits(r byte) uint64 {
	exp := uint64(r & 0x7f)
	base := uint64(10)
	if r&0x80 != 0 {
		base = 2
	}
	u := uint64(1)
	for range exp {
		hi, lo := bits.Mul64(u, base)
		if hi != 0 {
			return ngDefaultTSUnits
		}
		u = lo
	}
	return u
}

func (n *ngReader) iface(id uint32) (*ngIface, error) {
	if int64(id) >= int64(len(n.ifaces)) {
		return nil, errf(ErrCorrupt, "packet on interface %d, section has %d interfaces", id, len(n.ifaces))
	}
	return &n.ifaces[id], nil
}

func (n *ngReader) readEPB(blk []byte, typ uint32, rec *Record) error {
	if len(blk) < ngEPBFixedLen {
		return errf(ErrCorrupt, "packet block of %d bytes", len(blk))
	}
	id := n.order.Uint32(blk[8:12])
	if typ == ngObsoletePacket {
		id = uint32(n.order.Uint16(blk[8:10]))
	}
	ifc, err := n.iface(id)
	if err != nil {
		return err
	}
	ts := uint64(n.order.Uint32(blk[12:16]))<<32 | uint64(n.order.Uint32(blk[16:20]))
	capLen := int(n.order.Uint32(blk[20:24]))
	wireLen := int(n.order.Uint32(blk[24:28]))
	if capLen > len(blk)-ngEPBFixedLen || capLen < 0 {
		return errf(ErrCorrupt, "captured length %d does not fit a %d byte block", capLen, len(blk))
	}
	rec.Time = ngTime(ts, ifc)
	n.fill(rec, ifc, int(id), blk[28:28+capLen], wireLen)
	return nil
}

func (n *ngReader) readSPB(blk []byte, rec *Record) error {
	if len(blk) < ngSPBFixedLen {
		return errf(ErrCorrupt, "simple packet block of %d bytes", len(blk))
	}
	ifc, err := n.iface(0)
	if err != nil {
		return err
	}
	wireLen := int(n.order.Uint32(blk[8:12]))
	capLen := min(wireLen, len(blk)-ngSPBFixedLen)
	if ifc.snaplen > 0 {
		capLen = min(capLen, ifc.snaplen)
	}
	capLen = max(capLen, 0)
	rec.Time = time.Time{}
	n.fill(rec, ifc, 0, blk[12:12+capLen], wireLen)
	return nil
}

func (n *ngReader) fill(rec *Record, ifc *ngIface, id int, data []byte, wireLen int) {
	rec.CapLen = len(data)
	rec.WireLen = max(wireLen, len(data))
	rec.LinkType = ifc.link
	rec.Interface = id
	rec.Data = data
}

// ngTime converts a timestamp in interface units to time, without overflow.
func ngTime(ts uint64, ifc *ngIface) time.Time {
	sec := ts / ifc.units
	frac := ts % ifc.units
	hi, lo := bits.Mul64(frac, 1_000_000_000)
	nsec, _ := bits.Div64(hi, lo, ifc.units)
	return time.Unix(int64(sec)+ifc.tsOffset, int64(nsec)).UTC()
}
