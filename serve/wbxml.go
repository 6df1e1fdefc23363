package serve

import "strconv"

// WBXML tokens and the ActiveSync Ping code page (MS-ASWBXML).
const (
	wbxSwitchPage = 0x00
	wbxEnd        = 0x01
	wbxStrI       = 0x03
	wbxOpaque     = 0xC3
	wbxContent    = 0x40
	pagePing      = 13
	tagHeartbeat  = 0x08
)

// PingHeartbeat extracts the HeartbeatInterval, in seconds, from a WBXML Ping
// request body. It reports false when the body is not WBXML, has no
// HeartbeatInterval, or the value is not a non-negative integer. It never panics
// on malformed input.
func PingHeartbeat(b []byte) (int, bool) {
	i, ok := skipHeader(b)
	page, want := 0, false
	for ok && i < len(b) {
		tok := b[i]
		i++
		switch {
		case tok == wbxSwitchPage:
			if i >= len(b) {
				return 0, false
			}
			page, i = int(b[i]), i+1
		case tok == wbxEnd:
			want = false
		case tok == wbxStrI:
			end := i
			for end < len(b) && b[end] != 0 {
				end++
			}
			if end == len(b) {
				return 0, false
			}
			if want {
				n, err := strconv.Atoi(string(b[i:end]))
				return n, err == nil && n >= 0
			}
			i = end + 1
		case tok == wbxOpaque:
			var n uint32
			n, i, ok = mbUint32(b, i)
			if !ok || uint64(i)+uint64(n) > uint64(len(b)) {
				return 0, false
			}
			i += int(n)
		default:
			want = page == pagePing && tok&0x3F == tagHeartbeat && tok&wbxContent != 0
		}
	}
	return 0, false
}

// skipHeader returns the offset of the first token after the WBXML header
// (version, public id, charset, string table).
func skipHeader(b []byte) (int, bool) {
	if len(b) < 1 {
		return 0, false
	}
	i, ok := 1, true
	var n uint32
	for k := 0; k < 3 && ok; k++ { // public id, charset, string table length
		n, i, ok = mbUint32(b, i)
	}
	if !ok || uint64(i)+uint64(n) > uint64(len(b)) {
		return 0, false
	}
	return i + int(n), true
}

// mbUint32 decodes a WBXML multi-byte unsigned integer at b[i:].
func mbUint32(b []byte, i int) (uint32, int, bool) {
	var v uint32
	for k := 0; k < 5; k++ {
		if i >= len(b) {
			return 0, i, false
		}
		c := b[i]
		i++
		v = v<<7 | uint32(c&0x7F)
		if c&0x80 == 0 {
			return v, i, true
		}
	}
	return 0, i, false
}
