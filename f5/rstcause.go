package f5

import (
	"bytes"
	"strconv"
)

// Cause is a BIG-IP reset cause: the code site (Addr, Line) and the text, as
// carried in the trailer's RST-cause block (§4.4) or in the payload of an RST
// sent with tm.rstcause.pkt enabled (§8.2). The zero value is "no cause".
type Cause struct {
	Addr uint64 // opaque code F5 prints in hex, e.g. 0x2ab4c08
	Line uint32 // source line, e.g. 2117
	Peer bool   // the cause arose on the other side of the proxy ("{peer}")
	Text string // e.g. "No local listener"
}

// String returns the cause in F5's wire form without the "BIG-IP: " prefix,
// e.g. "[0x2ab4c08:2117] {peer} TCP RST from remote system".
func (c Cause) String() string {
	b := make([]byte, 0, 32+len(c.Text))
	b = append(b, "[0x"...)
	b = strconv.AppendUint(b, c.Addr, 16)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(c.Line), 10)
	b = append(b, "] "...)
	if c.Peer {
		b = append(b, "{peer} "...)
	}
	return string(append(b, c.Text...))
}

// ParseRSTCausePayload decodes the text BIG-IP writes into the payload of the
// RSTs it sends when the db key tm.rstcause.pkt is enabled:
//
//	BIG-IP: [0x<hex>:<decimal line>] [{peer} ]<cause text>
//
// Trailing NULs, CR, LF and spaces are dropped from the text. ok is false
// when the payload does not have this shape. It does not allocate unless the
// payload matches (one string for the text).
func ParseRSTCausePayload(payload []byte) (c Cause, ok bool) {
	p, ok := cutPrefix(payload, "BIG-IP:")
	if !ok {
		return Cause{}, false
	}
	p = bytes.TrimLeft(p, " ")
	if p, ok = cutPrefix(p, "[0x"); !ok {
		if p, ok = cutPrefix(p, "[0X"); !ok {
			return Cause{}, false
		}
	}
	var n int
	if c.Addr, n, ok = parseUint(p, 16, 16); !ok || n >= len(p) || p[n] != ':' {
		return Cause{}, false
	}
	p = p[n+1:]
	line, n, ok := parseUint(p, 10, 10)
	if !ok || line > 1<<32-1 || n >= len(p) || p[n] != ']' {
		return Cause{}, false
	}
	c.Line = uint32(line)
	p = bytes.TrimLeft(p[n+1:], " ")
	if rest, peer := cutPrefix(p, "{peer}"); peer {
		c.Peer = true
		p = bytes.TrimLeft(rest, " ")
	}
	c.Text = string(bytes.TrimRight(p, "\x00\r\n "))
	return c, true
}

func cutPrefix(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return b, false
	}
	return b[len(prefix):], true
}

// parseUint reads 1..maxDigits digits in base 10 or 16 from the start of b and
// returns the value and the number of bytes used.
func parseUint(b []byte, base uint64, maxDigits int) (v uint64, n int, ok bool) {
	for n < len(b) && n < maxDigits {
		dv, isDigit := digitVal(b[n])
		if !isDigit || dv >= base {
			break
		}
		v = v*base + dv
		n++
	}
	return v, n, n > 0
}

func digitVal(c byte) (uint64, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint64(c - '0'), true
	case c >= 'a' && c <= 'f':
		return uint64(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}
