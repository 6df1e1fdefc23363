package eas

import (
	"bytes"
	"strings"
)

// ActiveSyncPath is the path every ActiveSync request goes to ([MS-ASHTTP]
// section 2.2.1.1.1).
const ActiveSyncPath = "/Microsoft-Server-ActiveSync"

// Request is what ParseRequestHead found in the first bytes of an HTTP/1.x
// request. Fields are empty (or -1 for ContentLength) when the snippet does
// not carry them. Credentials are never kept: only whether an Authorization
// header was present and its scheme.
type Request struct {
	Method string // "POST"; empty if the request line was cut before it ended
	Target string // request target as sent: "/Microsoft-Server-ActiveSync?Cmd=Ping&..."
	Path   string // Target's path (absolute-form targets lose scheme and host)
	Proto  string // "HTTP/1.1"
	Host   string // Host header, or the authority of an absolute-form target

	UserAgent       string
	ProtocolVersion string // MS-ASProtocolVersion header
	PolicyKey       string // X-MS-PolicyKey header
	ContentType     string
	ContentLength   int64 // -1 when absent
	Chunked         bool  // Transfer-Encoding: chunked (the body is left undecoded)

	// HasAuthorization reports an Authorization header; AuthScheme is its
	// scheme when it is one of Basic, Bearer, NTLM, Negotiate or Digest, else
	// "other". The credentials themselves are never read into the result.
	HasAuthorization bool
	AuthScheme       string

	// Body holds the body bytes present in the snippet, aliasing the input
	// (at most ContentLength bytes).
	Body []byte
	// HeadComplete reports that the empty line ending the head was seen;
	// BodyComplete that the whole body is in Body.
	HeadComplete bool
	BodyComplete bool

	// ActiveSync reports Path == ActiveSyncPath (case-insensitive). Then
	// Query is the parsed query, or QueryErr says why it did not parse. For
	// the plain form Query.ProtocolVersion and Query.PolicyKey are filled from
	// the headers.
	ActiveSync bool
	Query      Query
	QueryErr   error

	// HasPing reports a Ping (Cmd=Ping, POST) whose whole body is present;
	// Ping is then its request (the zero value for an empty Ping), or PingErr
	// says why the body did not parse.
	HasPing bool
	Ping    PingRequest
	PingErr error
}

// ParseRequestHead parses an HTTP/1.x request head from a captured snippet
// b, which may be cut anywhere. A cut is not an error: the fields seen so far
// are returned with HeadComplete or BodyComplete false. Bytes that cannot
// start an HTTP/1.x request give a *HeadError wrapping ErrNotHTTP; a
// malformed header line or Content-Length gives a *HeadError (not ErrNotHTTP)
// together with the fields parsed before it. Body aliases b.
func ParseRequestHead(b []byte) (Request, error) {
	r := Request{ContentLength: -1}
	s := headScanner{b: b}
	s.skipBlankLines()
	line, off, complete := s.line()
	if !complete {
		line = bytes.TrimSuffix(b[s.pos:], []byte{'\r'})
	}
	if err := r.requestLine(line, off, complete); err != nil || !complete {
		return r, err
	}
	if err := r.headers(&s); err != nil || !r.HeadComplete {
		return r, err
	}
	noBody := r.ContentLength < 0 && !r.Chunked
	r.Body, r.BodyComplete = bodyOf(b[s.pos:], r.ContentLength, r.Chunked, noBody, false)
	r.activeSync()
	return r, nil
}

func (r *Request) requestLine(line []byte, off int, complete bool) error {
	notHTTP := func(o int, msg string) error {
		return &HeadError{Kind: "request", Offset: o, Msg: msg, NotHTTP: true}
	}
	if len(line) == 0 && !complete {
		return notHTTP(off, "no request line")
	}
	sp := bytes.IndexByte(line, ' ')
	if sp < 0 {
		if !complete && len(line) <= maxMethodLen && isToken(line) {
			return nil // cut inside the method
		}
		return notHTTP(off, "request line has no method")
	}
	if sp > maxMethodLen || !isToken(line[:sp]) {
		return notHTTP(off, "request line has no method")
	}
	r.Method = internString(line[:sp])
	rest := line[sp+1:]
	sp2 := bytes.IndexByte(rest, ' ')
	if sp2 <= 0 {
		if !complete && sp2 < 0 && !hasCTL(rest) {
			return nil // cut inside the target
		}
		return notHTTP(off+sp+1, "request line has no target and version")
	}
	target, proto := rest[:sp2], rest[sp2+1:]
	if hasCTL(target) || !protoPrefixOK(proto, complete) {
		return notHTTP(off+sp+1+sp2+1, "request line does not end in HTTP/1.x")
	}
	r.Target = string(target)
	if complete {
		r.Proto = internString(proto)
	}
	r.splitTarget()
	return nil
}

// splitTarget sets Path (and Host for absolute-form targets).
func (r *Request) splitTarget() {
	t := r.Target
	if i := strings.Index(t, "://"); i > 0 && !strings.HasPrefix(t, "/") {
		t = t[i+3:]
		slash := strings.IndexByte(t, '/')
		if slash < 0 {
			slash = len(t)
		}
		r.Host, t = t[:slash], t[slash:]
	}
	if q := strings.IndexByte(t, '?'); q >= 0 {
		t = t[:q]
	}
	r.Path = t
}

func (r *Request) headers(s *headScanner) error {
	for {
		h, done, ok, err := s.nextHeader("request")
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

func (r *Request) header(h header) error {
	switch {
	case bytes.EqualFold(h.name, []byte("Host")):
		r.Host = string(h.value)
	case bytes.EqualFold(h.name, []byte("User-Agent")):
		r.UserAgent = string(h.value)
	case bytes.EqualFold(h.name, []byte("MS-ASProtocolVersion")):
		r.ProtocolVersion = internString(h.value)
	case bytes.EqualFold(h.name, []byte("X-MS-PolicyKey")):
		r.PolicyKey = string(h.value)
	case bytes.EqualFold(h.name, []byte("Content-Type")):
		r.ContentType = internString(h.value)
	case bytes.EqualFold(h.name, []byte("Transfer-Encoding")):
		r.Chunked = isChunked(h.value)
	case bytes.EqualFold(h.name, []byte("Authorization")):
		r.HasAuthorization = true
		r.AuthScheme = authScheme(h.value)
	case bytes.EqualFold(h.name, []byte("Content-Length")):
		n, ok := parseContentLength(h.value)
		if !ok {
			return &HeadError{Kind: "request", Offset: h.off, Msg: "Content-Length is not a decimal number"}
		}
		r.ContentLength = n
	}
	return nil
}

// authScheme names the scheme of an Authorization value without looking at
// the credentials.
func authScheme(v []byte) string {
	scheme, _, _ := bytes.Cut(v, []byte(" "))
	for _, s := range [...]string{"Basic", "Bearer", "NTLM", "Negotiate", "Digest"} {
		if bytes.EqualFold(scheme, []byte(s)) {
			return s
		}
	}
	return "other"
}

// activeSync parses the query and, for a complete Ping, the body.
func (r *Request) activeSync() {
	if !strings.EqualFold(r.Path, ActiveSyncPath) {
		return
	}
	r.ActiveSync = true
	_, raw, hasQuery := strings.Cut(r.Target, "?")
	if !hasQuery {
		return // OPTIONS carries no query
	}
	r.Query, r.QueryErr = ParseQuery(raw)
	if r.QueryErr != nil {
		return
	}
	if !r.Query.Encoded {
		r.Query.ProtocolVersion, r.Query.PolicyKey = r.ProtocolVersion, r.PolicyKey
	}
	if r.Query.Cmd == "Ping" && r.Method == "POST" && r.BodyComplete && !r.Chunked {
		r.HasPing = true
		r.Ping, r.PingErr = ParsePingRequest(r.Body)
	}
}
