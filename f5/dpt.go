package f5

import "encoding/binary"

// DPT providers (§5.2).
const (
	providerNoise = 1
	providerTLS   = 4 // TLS secrets: never decoded, only noted
)

// DPT object types in low noise v4 (§5.3).
const (
	objVirtualServer = 0
	objPhysPort      = 1
	objTrunk         = 2
)

const dptRecordHeaderLen = 8 // provider, type, length, version

// dpt decodes a DPT trailer whose magic is at b[at:] (§5). The header length
// must fit in the bytes left; records are walked until fewer than 8 bytes
// remain in the block, unknown ones are skipped by length.
func (d *decoder) dpt(at int) error {
	d.t.Format = FormatDPT
	d.t.Offset = at
	b := d.b
	if len(b)-at < dptHeaderLen {
		return d.errorf(at, "dpt header truncated: %d bytes", len(b)-at)
	}
	n := int(binary.BigEndian.Uint16(b[at+4:]))
	d.t.DPTVersion = binary.BigEndian.Uint16(b[at+6:])
	if n < dptHeaderLen || n > len(b)-at {
		return d.errorf(at+4, "dpt length %d, %d bytes available", n, len(b)-at)
	}
	end := at + n
	d.t.Ignored = len(b) - end
	if d.t.DPTVersion != 1 { // only version 1 is known; the body stays opaque
		d.t.Ignored += n - dptHeaderLen
		return nil
	}
	pos := at + dptHeaderLen
	for end-pos >= dptRecordHeaderLen {
		rl := int(binary.BigEndian.Uint16(b[pos+4:]))
		if rl < dptRecordHeaderLen || rl > end-pos {
			d.finish()
			return d.errorf(pos+4, "dpt record length %d, %d bytes left in block", rl, end-pos)
		}
		saved, savedFlow := d.t, d.flowKnown
		if err := d.dptRecord(pos, b[pos:pos+rl]); err != nil {
			d.t, d.flowKnown = saved, savedFlow // keep only the records decoded before the fault
			d.finish()
			return err
		}
		pos += rl
	}
	d.t.Ignored += end - pos
	d.finish()
	return nil
}

// dptRecord dispatches one record r (header included) found at offset off.
func (d *decoder) dptRecord(off int, r []byte) error {
	prov := binary.BigEndian.Uint16(r)
	typ := binary.BigEndian.Uint16(r[2:])
	ver := binary.BigEndian.Uint16(r[6:])
	switch prov {
	case providerNoise:
		return d.dptNoise(off, typ, ver, r)
	case providerTLS:
		d.t.HasTLSSecrets = true // the secrets themselves are never read
		return nil
	}
	d.t.Unknown++
	return nil
}

// dptNoise decodes the noise provider's records (§5.3).
func (d *decoder) dptNoise(off int, typ, ver uint16, r []byte) error {
	data, doff := r[dptRecordHeaderLen:], off+dptRecordHeaderLen
	lvl := Level{Present: true, Version: uint8(ver), Size: uint16(len(r))}
	var err error
	switch {
	case typ == typeLow && ver >= 2 && ver <= 4:
		if err = d.dptLow(doff, ver, data); err == nil {
			d.t.Low = lvl
		}
	case typ == typeMedium && ver == 4:
		l := medLayout{idBytes: 8, flagsHigh: true, priority: true, rst: true}
		if err = d.medium(doff, data, l, false); err == nil {
			d.t.Medium = lvl
		}
	case typ == typeHigh && ver == 1:
		if len(data) < highBodyLen {
			return d.errorf(doff, "high noise: %d byte body, need %d", len(data), highBodyLen)
		}
		copy(d.high[:], data)
		d.t.High = lvl
	default:
		d.t.Unknown++
	}
	return err
}

// dptLow decodes low noise v2 (ingress byte, name), v3 (flags, name) and v4
// (flags, object list).
func (d *decoder) dptLow(off int, ver uint16, data []byte) error {
	if len(data) < 4 {
		return d.errorf(off, "low noise: %d byte body, need at least 4", len(data))
	}
	n := int(data[3])
	if 4+n > len(data) {
		return d.errorf(off+3, "low noise: name length %d, %d bytes follow", n, len(data)-4)
	}
	ingress := data[0]
	if ver >= 3 {
		ingress = data[0] & 1
		d.t.HWAction = HWAction(data[0] >> 1 & 3)
	}
	d.lowCommon(ingress, data[1], data[2])
	if ver < 4 {
		d.t.VirtualServer = d.str(trimNUL(data[4 : 4+n]))
		return nil
	}
	return d.objects(off+4, data[4:4+n])
}

// objects decodes the low v4 object list: repeated {type, len, name}.
func (d *decoder) objects(off int, o []byte) error {
	for pos := 0; pos < len(o); {
		if len(o)-pos < 2 {
			return d.errorf(off+pos, "low noise object header truncated")
		}
		typ, n := o[pos], int(o[pos+1])
		if n > len(o)-pos-2 {
			return d.errorf(off+pos+1, "low noise object length %d, %d bytes follow", n, len(o)-pos-2)
		}
		name := trimNUL(o[pos+2 : pos+2+n])
		switch typ {
		case objVirtualServer:
			d.t.VirtualServer = d.str(name)
		case objPhysPort:
			d.t.PhysPort = d.str(name)
		case objTrunk:
			d.t.Trunk = d.str(name)
		}
		pos += 2 + n
	}
	return nil
}
