package eas

import "bytes"

// Response is what ParseResponseHead found in the first bytes of an HTTP/1.x
// response. Fields are empty (or -1 for ContentLength) when the snippet does
// not carry them.
type Response struct {
	Proto  string // "HTTP/1.1"
	Status int    // 200; 0 if the status line was cut before the code
	Reason string // "OK"

	ContentLength    int64 // -1 when absent
	Chunked          bool  // Transfer-Encoding: chunked (the body is left undecoded)
	ContentType      string
	RetryAfter       string // Retry-After as sent (seconds or an HTTP date), with 503
	Location         string // X-MS-Location, with 451 ([MS-ASHTTP] section 3.1.5.2.2)
	Server           string
	Connection       string
	ProtocolVersions string // MS-ASProtocolVersions, answer to OPTIONS
	ProtocolCommands string // MS-ASProtocolCommands, answer to OPTIONS

	// Body holds the body bytes present in the snippet, aliasing the input
	// (at most ContentLength bytes).
	Body []byte
	// HeadComplete reports that the empty line ending the head was seen;
	// BodyComplete that the whole body is in Body.
	HeadComplete bool
	BodyComplete bool

	// HasPing reports a complete WBXML body whose root is Ping:Ping; Ping is
	// then the decoded response, or PingErr says why it did not parse.
	HasPing bool
	Ping    PingResponse
	PingErr error
}

// ParseResponseHead parses an HTTP/1.x response head from a captured snippet
// b, which may be cut anywhere; see ParseRequestHead for how cuts and errors
// are reported. A response without Content-Length or chunked coding runs to
// the connection's close, so its BodyComplete stays false; 1xx, 204 and 304
// responses have no body. Body aliases b.
func ParseResponseHead(b []byte) (Response, error) {
	r := Response{ContentLength: -1}
	s := headScanner{b: b}
	line, off, complete := s.line()
	if !complete {
		line = bytes.TrimSuffix(b, []byte{'\r'})
	}
	if err := r.statusLine(line, off, complete); err != nil || !complete {
		return r, err
	}
	if err := r.headers(&s); err != nil || !r.HeadComplete {
		return r, err
	}
	noBody := r.Status < 200 || r.Status == 204 || r.Status == 304
	r.Body, r.BodyComplete = bodyOf(b[s.pos:], r.ContentLength, r.Chunked, noBody, true)
	r.ping()
	return r, nil
}

func (r *Response) statusLine(line []byte, off int, complete bool) error {
	notHTTP := func(o int, msg string) error {
		return &HeadError{Kind: "response", Offset: o, Msg: msg, NotHTTP: true}
	}
	if len(line) == 0 {
		return notHTTP(off, "no status line")
	}
	proto, rest, hasSP := bytes.Cut(line, []byte(" "))
	if !protoPrefixOK(proto, hasSP || complete) {
		return notHTTP(off, "status line does not start with HTTP/1.x")
	}
	if !hasSP {
		if complete {
			return notHTTP(off, "status line has no status code")
		}
		return nil // cut inside the version
	}
	r.Proto = internString(proto)
	code, reason, hasReason := bytes.Cut(rest, []byte(" "))
	if len(code) > 3 || !allDigits(code) || (len(code) < 3 && (complete || hasReason)) || (len(code) > 0 && code[0] == '0') {
		return notHTTP(off+len(proto)+1, "status code is not 3 digits from 100 to 999")
	}
	if len(code) == 3 {
		r.Status = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
	}
	if complete {
		r.Reason = internString(reason)
	}
	return nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (r *Response) headers(s *headScanner) error {
	for {
		h, done, ok, err := s.nextHeader("response")
		if err != nil || !ok {
			return err
		}
		if done {
			r.HeadComplete = true
			return nil
		}
		if err := r.header(h); err != nil {
			return err
		}
	}
}

func (r *Response) header(h header) error {
	fields := [...]struct {
		name string
		dst  *string
	}{
		{"Content-Type", &r.ContentType}, {"Retry-After", &r.RetryAfter},
		{"X-MS-Location", &r.Location}, {"Server", &r.Server},
		{"Connection", &r.Connection}, {"MS-ASProtocolVersions", &r.ProtocolVersions},
		{"MS-ASProtocolCommands", &r.ProtocolCommands},
	}
	for _, f := range fields {
		if bytes.EqualFold(h.name, []byte(f.name)) {
			*f.dst = internString(h.value)
			return nil
		}
	}
	switch {
	case bytes.EqualFold(h.name, []byte("Transfer-Encoding")):
		r.Chunked = isChunked(h.value)
	case bytes.EqualFold(h.name, []byte("Content-Length")):
		n, ok := parseContentLength(h.value)
		if !ok {
			return &HeadError{Kind: "response", Offset: h.off, Msg: "Content-Length is not a decimal number"}
		}
		r.ContentLength = n
	}
	return nil
}

// ping decodes a complete WBXML body whose root is Ping.
func (r *Response) ping() {
	if !r.BodyComplete || r.Chunked || !bytes.HasPrefix(r.Body, Header) {
		return
	}
	root, err := Decode(r.Body)
	if err != nil || root.Tag != TagPing {
		return
	}
	r.HasPing = true
	r.Ping, r.PingErr = pingResponseFrom(root)
}
