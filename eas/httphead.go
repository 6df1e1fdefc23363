package eas

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrNotHTTP is wrapped by the errors ParseRequestHead and ParseResponseHead
// return when the bytes are not the start of an HTTP/1.x message (TLS, HTTP/2,
// binary data). Test with errors.Is.
var ErrNotHTTP = errors.New("not an HTTP/1.x message")

// HeadError reports a problem in an HTTP head snippet. Offset is the byte
// offset into the snippet. When NotHTTP is set the error wraps ErrNotHTTP;
// otherwise the message is HTTP with a malformed part (a bad Content-Length,
// a header line without a colon) and the partial result is still returned.
type HeadError struct {
	Kind    string // "request" or "response"
	Offset  int
	Msg     string
	NotHTTP bool
}

// Error formats the error as "http request head: offset N: msg", with
// ": not an HTTP/1.x message" appended when NotHTTP is set.
func (e *HeadError) Error() string {
	s := fmt.Sprintf("http %s head: offset %d: %s", e.Kind, e.Offset, e.Msg)
	if e.NotHTTP {
		s += ": " + ErrNotHTTP.Error()
	}
	return s
}

// Unwrap returns ErrNotHTTP when NotHTTP is set.
func (e *HeadError) Unwrap() error {
	if e.NotHTTP {
		return ErrNotHTTP
	}
	return nil
}

// maxMethodLen bounds the request method; longer tokens are not HTTP.
const maxMethodLen = 20

// headScanner walks the lines of a head. Lines end in LF with an optional CR
// before it.
type headScanner struct {
	b   []byte
	pos int
}

// line returns the next complete line without its terminator and the offset
// it starts at. ok is false when no complete line is left.
func (s *headScanner) line() (line []byte, off int, ok bool) {
	i := bytes.IndexByte(s.b[s.pos:], '\n')
	if i < 0 {
		return nil, s.pos, false
	}
	off = s.pos
	line = s.b[s.pos : s.pos+i]
	s.pos += i + 1
	return bytes.TrimSuffix(line, []byte{'\r'}), off, true
}

// skipBlankLines skips the empty lines a client may send before a request
// line (RFC 9112 section 2.2).
func (s *headScanner) skipBlankLines() {
	for {
		switch {
		case bytes.HasPrefix(s.b[s.pos:], []byte("\r\n")):
			s.pos += 2
		case bytes.HasPrefix(s.b[s.pos:], []byte("\n")):
			s.pos++
		default:
			return
		}
	}
}

// header is one header field as seen in the snippet.
type header struct {
	name, value []byte
	off         int
}

// nextHeader returns the next header field. done is set at the empty line
// ending the head; ok is false when the snippet ends first.
func (s *headScanner) nextHeader(kind string) (h header, done, ok bool, err error) {
	line, off, ok := s.line()
	if !ok {
		return h, false, false, nil
	}
	if len(line) == 0 {
		return h, true, true, nil
	}
	if line[0] == ' ' || line[0] == '\t' {
		return h, false, true, nil // obsolete line folding: ignored
	}
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 || !isToken(line[:colon]) {
		return h, false, true, &HeadError{Kind: kind, Offset: off, Msg: fmt.Sprintf("malformed header line %q", clip(line))}
	}
	h = header{name: line[:colon], value: bytes.Trim(line[colon+1:], " \t"), off: off}
	return h, false, true, nil
}

// isToken reports whether b is a non-empty RFC 9110 token.
func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenChar(c) {
			return false
		}
	}
	return true
}

func tokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return c < 0x80 && bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0
}

// hasCTL reports control characters or spaces, which a request target
// never holds.
func hasCTL(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c == 0x7F {
			return true
		}
	}
	return false
}

// protoPrefixOK reports whether p is "HTTP/1.x" (complete) or a prefix of it.
func protoPrefixOK(p []byte, complete bool) bool {
	const want = "HTTP/1."
	if complete {
		return len(p) == len(want)+1 && string(p[:len(want)]) == want && p[len(want)] >= '0' && p[len(want)] <= '9'
	}
	if len(p) <= len(want) {
		return string(p) == want[:len(p)]
	}
	return string(p[:len(want)]) == want && len(p) == len(want)+1 && p[len(want)] >= '0' && p[len(want)] <= '9'
}

// parseContentLength reads a Content-Length value: 1 to 18 digits.
func parseContentLength(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return -1, false
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return -1, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// internString returns a shared string for common values, avoiding an
// allocation per message.
func internString(b []byte) string {
	for _, s := range [...]string{"POST", "GET", "OPTIONS", "HEAD", "HTTP/1.1", "HTTP/1.0", "OK",
		"application/vnd.ms-sync.wbxml", "keep-alive", "close", "Microsoft-IIS/10.0", "14.1", "14.0", "16.1"} {
		if string(b) == s {
			return s
		}
	}
	return string(b)
}

// bodyOf splits the bytes after the head into the body present and whether
// the whole body is there. length -1 means no Content-Length; noBody means the
// message has no body whatever the headers say.
func bodyOf(rest []byte, length int64, chunked, noBody, untilClose bool) ([]byte, bool) {
	switch {
	case noBody:
		return rest[:0], true
	case chunked:
		return rest, false
	case length >= 0:
		if int64(len(rest)) >= length {
			return rest[:length], true
		}
		return rest, false
	case untilClose:
		return rest, false
	}
	return rest[:0], true
}

// isChunked reports a Transfer-Encoding ending in chunked.
func isChunked(v []byte) bool {
	v = bytes.TrimSpace(v)
	return len(v) >= 7 && bytes.EqualFold(v[len(v)-7:], []byte("chunked"))
}
