package f5

import "encoding/binary"

// Legacy record types (§4.0).
const (
	typeLow    = 1
	typeMedium = 2
	typeHigh   = 3
)

// legacy walks the legacy records starting at b[start:], which passed
// legacyHeaderOK. The walk ends at the first header that fails the sanity
// test; the bytes from there on are counted in Ignored (§2 item 5, §3 item 7).
func (d *decoder) legacy(start int) error {
	d.t.Format = FormatLegacy
	d.t.Offset = start
	pos := start
	for legacyHeaderOK(d.b, pos) {
		total := int(d.b[pos+1]) + 2
		saved, savedFlow := d.t, d.flowKnown
		if err := d.legacyRecord(pos, d.b[pos:pos+total]); err != nil {
			d.t, d.flowKnown = saved, savedFlow // keep only the records decoded before the fault
			d.finish()
			return err
		}
		pos += total
	}
	d.t.Ignored = len(d.b) - pos
	d.finish()
	return nil
}

// legacyRecord decodes one record r (header included) found at offset off.
// Layouts are chosen by (type, version, size); a known (type, version) whose
// size contradicts its own length fields is an error, an unknown combination
// is skipped.
func (d *decoder) legacyRecord(off int, r []byte) error {
	typ, ver := r[0], r[2]
	lvl := Level{Present: true, Version: ver, Size: uint16(len(r))}
	var known bool
	var err error
	switch typ {
	case typeLow:
		known, err = d.legacyLow(off, r)
		if known && err == nil {
			d.t.Low = lvl
		}
	case typeMedium:
		known, err = d.legacyMedium(off, r)
		if known && err == nil {
			d.t.Medium = lvl
		}
	case typeHigh:
		known = ver == 0 && len(r) == 3+highBodyLen
		if known {
			copy(d.high[:], r[3:])
			d.t.High = lvl
		}
	}
	if !known && err == nil {
		d.t.Unknown++
	}
	return err
}

// legacyLow decodes low noise (§4.1).
func (d *decoder) legacyLow(off int, r []byte) (known bool, err error) {
	ver, n := r[2], len(r)
	switch {
	case ver == 0 && n == 35: // 9.4: flow ids and a fixed 16-byte name
		d.lowCommon(r[3], r[4], r[5])
		d.t.FlowID = uint64(binary.BigEndian.Uint32(r[6:]))
		d.t.PeerFlowID = uint64(binary.BigEndian.Uint32(r[10:]))
		d.t.ConnFlags = binary.BigEndian.Uint32(r[14:])
		d.t.FlowType = r[18]
		d.flowKnown = true
		d.t.VirtualServer = d.str(trimNUL(r[19:35]))
		return true, nil
	case ver == 0 && n == 22: // 10.x: fixed 16-byte name
		d.lowCommon(r[3], r[4], r[5])
		d.t.VirtualServer = d.str(trimNUL(r[6:22]))
		return true, nil
	case ver == 1:
		if n != 7+int(r[6]) {
			return true, d.errorf(off+6, "low noise v1: name length %d does not fit record of %d bytes", r[6], n)
		}
		d.lowCommon(r[3], r[4], r[5])
		d.t.VirtualServer = d.str(trimNUL(r[7:]))
		return true, nil
	}
	return false, nil
}

// lowCommon stores the ingress byte (non-zero = in), the 0-based slot and the TMM.
func (d *decoder) lowCommon(ingress, slot, tmm byte) {
	d.t.Direction = DirOut
	if ingress != 0 {
		d.t.Direction = DirIn
	}
	d.t.Slot = uint16(slot) + 1
	d.t.TMM = tmm
}

// legacyMedium decodes medium noise (§4.2).
func (d *decoder) legacyMedium(off int, r []byte) (known bool, err error) {
	ver, n := r[2], len(r)
	switch {
	case ver == 0 && n == 8: // 9.4
		return true, d.medium(off+3, r[3:], medLayout{noFlow: true, littleEndian: true}, true)
	case ver == 0 && n == 21: // 10.x, 32-bit flow ids
		return true, d.medium(off+3, r[3:], medLayout{idBytes: 4, littleEndian: true}, true)
	case ver == 0 && n == 29:
		return true, d.medium(off+3, r[3:], medLayout{idBytes: 8}, true)
	case ver == 1:
		return true, d.medium(off+3, r[3:], medLayout{idBytes: 8, rst: true}, true)
	case ver == 2:
		return true, d.medium(off+3, r[3:], medLayout{idBytes: 8, priority: true, rst: true}, true)
	case ver == 3:
		return true, d.medium(off+3, r[3:], medLayout{idBytes: 8, flagsHigh: true, priority: true, rst: true}, true)
	}
	return false, nil
}

// trimNUL cuts b at its first NUL byte.
func trimNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}
