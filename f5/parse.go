package f5

import (
	"encoding/binary"
	"fmt"
)

// dptMagic starts every DPT trailer (§5.1).
var dptMagic = [4]byte{0xf5, 0xde, 0xb0, 0xf5}

const (
	minLegacyRecord = 7   // smallest legacy record: low v1 with an empty name (§3)
	maxLegacyRecord = 140 // largest legacy record Wireshark accepts (§3)
	dptHeaderLen    = 8   // magic, length, version
	maxInterned     = 1024
)

// ParseTrailer decodes the F5 trailer in b, the bytes after the end of the IP
// datagram up to the end of the captured frame. Leading zero padding and a
// 4-byte FCS in front of a DPT trailer are skipped (§2, §3). It returns
// ErrNoTrailer when b holds nothing trailer-like and a *ParseError when b is
// not an F5 trailer or is malformed; with a *ParseError the Trailer still holds
// the records decoded before the fault. It never panics and does work linear
// in len(b). It is safe for concurrent use. The returned strings are freshly
// allocated; use a Parser to reuse them.
func ParseTrailer(b []byte) (Trailer, error) {
	d := decoder{b: b}
	err := d.run()
	return d.t, err
}

// Parser decodes trailers like ParseTrailer but keeps up to 1024 distinct
// names (virtual servers, ports, RST cause texts) and returns the same string
// for the same bytes, so decoding a capture does not allocate per packet.
// The zero value is ready to use. A Parser is not safe for concurrent use.
type Parser struct {
	names map[string]string
}

// Parse decodes one trailer; see ParseTrailer.
func (p *Parser) Parse(b []byte) (Trailer, error) {
	d := decoder{b: b, p: p}
	err := d.run()
	return d.t, err
}

func (p *Parser) intern(b []byte) string {
	if s, ok := p.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if p.names == nil {
		p.names = make(map[string]string)
	}
	if len(p.names) < maxInterned {
		p.names[s] = s
	}
	return s
}

// decoder holds the state of one ParseTrailer call.
type decoder struct {
	b    []byte
	p    *Parser
	t    Trailer
	high [highBodyLen]byte // high-noise body, interpreted once all records are read

	flowKnown bool // a record carrying flow ids was decoded
}

func (d *decoder) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if d.p == nil {
		return string(b)
	}
	return d.p.intern(b)
}

func (d *decoder) errorf(off int, format string, args ...any) error {
	return &ParseError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// run finds the start of the trailer and decodes it.
func (d *decoder) run() error {
	b := d.b
	z := 0
	for z < len(b) && b[z] == 0 {
		z++
	}
	if len(b)-z < minLegacyRecord {
		return ErrNoTrailer
	}
	if hasMagic(b, z) {
		return d.dpt(z)
	}
	// FCS in front of the magic; the FCS may itself start with zero bytes
	// that the padding skip swallowed (§3 step 4).
	for i := 0; i <= min(z, 4); i++ {
		if p := z + 4 - i; hasMagic(b, p) {
			d.t.HasOrigFCS = true
			d.t.OrigFCS = binary.BigEndian.Uint32(b[p-4:])
			return d.dpt(p)
		}
	}
	if legacyHeaderOK(b, z) {
		return d.legacy(z)
	}
	return d.errorf(z, "not an F5 trailer: starts with % x", b[z:z+4])
}

func hasMagic(b []byte, at int) bool {
	return len(b)-at >= len(dptMagic) && [4]byte(b[at:at+4]) == dptMagic
}

// legacyHeaderOK applies Wireshark's sanity test to the legacy record header
// at b[at:] (§3 step 5).
func legacyHeaderOK(b []byte, at int) bool {
	if len(b)-at < minLegacyRecord {
		return false
	}
	typ, total, ver := b[at], int(b[at+1])+2, b[at+2]
	return typ >= 1 && typ <= 3 && total >= minLegacyRecord && total <= maxLegacyRecord &&
		ver <= 3 && total <= len(b)-at
}
