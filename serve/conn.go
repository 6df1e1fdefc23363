package serve

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds the request body the responder reads; the rest is ignored.
const maxBody = 1 << 20

// lingerAfterAnswer bounds the wait for the client's own close after the answer.
const lingerAfterAnswer = 2 * time.Second

// baseEvent fills the fields known at accept time.
func (s *Server) baseEvent(c net.Conn, isTLS bool, arrived time.Time) Event {
	return Event{Arrived: arrived, Peer: c.RemoteAddr().String(), Local: c.LocalAddr().String(), TLS: isTLS}
}

// handle serves one connection: optional TLS handshake, one request, the hold,
// the answer; then it emits the connection's event.
func (s *Server) handle(raw net.Conn, isTLS bool, arrived time.Time) {
	ev := s.baseEvent(raw, isTLS, arrived)
	c, err := s.handshake(raw, isTLS)
	if err != nil {
		_ = raw.Close()
		ev.Outcome, ev.Detail = classify(err), "tls handshake: "+err.Error()
		ev.AfterS = time.Since(arrived).Seconds()
		s.emit(ev)
		return
	}
	defer c.Close()
	br := bufio.NewReader(c)
	req, body, err := s.readRequest(c, br, arrived)
	if err != nil {
		ev.Outcome, ev.Detail = s.endOutcome(err), readDetail(err)
		ev.AfterS = time.Since(arrived).Seconds()
		s.emit(ev)
		return
	}
	ev.Method, ev.Path = req.Method, displayPath(req)
	ev, readErr := s.hold(raw, c, br, req, body, ev)
	s.emit(ev)
	if readErr != nil { // answered: wait briefly for the client's own close
		_ = c.SetReadDeadline(time.Now().Add(lingerAfterAnswer))
		<-readErr
	}
}

// handshake wraps raw in TLS for the HTTPS listener.
func (s *Server) handshake(raw net.Conn, isTLS bool) (net.Conn, error) {
	if !isTLS {
		return raw, nil
	}
	tc := tls.Server(raw, s.tlsConf)
	ctx, cancel := context.WithTimeout(context.Background(), DefaultHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}

// readRequest reads one request and its body. A silent connection is kept up to
// MaxHold after its arrival; shutdown interrupts the wait.
func (s *Server) readRequest(c net.Conn, br *bufio.Reader, arrived time.Time) (*http.Request, []byte, error) {
	_ = c.SetReadDeadline(arrived.Add(s.opts.MaxHold))
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-s.stop:
			_ = c.SetReadDeadline(time.Now())
		case <-done:
		}
	}()
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBody))
	if err != nil {
		return nil, nil, err
	}
	_ = c.SetReadDeadline(time.Time{})
	return req, body, nil
}

// endOutcome classifies err, naming a shutdown as such.
func (s *Server) endOutcome(err error) Outcome {
	select {
	case <-s.stop:
		return Shutdown
	default:
	}
	return classify(err)
}

// readDetail explains a failed request read; plain closes need no detail.
func readDetail(err error) string {
	switch classify(err) {
	case FIN:
		return "closed before a complete request"
	case RST:
		return "reset before a complete request"
	case Timeout:
		return "no request within max hold"
	}
	return err.Error()
}

// displayPath is the request path plus the ActiveSync command, without the rest
// of the query (it may carry user names).
func displayPath(req *http.Request) string {
	if cmd := req.URL.Query().Get("Cmd"); cmd != "" {
		return req.URL.Path + "?Cmd=" + cmd
	}
	return req.URL.Path
}

// hold waits for the granted hold while a background read watches the upstream;
// it answers when the hold runs out (or ends the connection early when the
// request asked for it), or records the upstream's close. After an answer it
// returns the still-running background read, so the caller can wait for the
// client's close (the connection then ends with FINs, not a RST). raw is the TCP
// connection under c (the same connection without TLS).
func (s *Server) hold(raw, c net.Conn, br *bufio.Reader, req *http.Request, body []byte, ev Event) (Event, <-chan error) {
	start := time.Now()
	p, err := s.planFor(req, body)
	if err != nil {
		ev.Status, ev.Outcome, ev.Detail = 400, Answered, err.Error()
		s.answer(c, 400, "text/plain", []byte(err.Error()+"\n"))
		ev.AfterS = time.Since(start).Seconds()
		return ev, nil
	}
	ev.HoldS, ev.Detail = p.d.Seconds(), p.detail
	readErr := make(chan error, 1)
	go func() { readErr <- drain(br) }()
	timer := time.NewTimer(p.d)
	defer timer.Stop()
	select {
	case err := <-readErr:
		ev.Outcome, ev.AfterS = classify(err), time.Since(start).Seconds()
		if ev.Outcome == Failed {
			ev.Detail = err.Error()
		}
		return ev, nil
	case <-timer.C:
		ev.AfterS = time.Since(start).Seconds()
		if p.end != Answered {
			ev.Outcome = p.end
			if err := endEarly(raw, c, p.end); err != nil {
				ev.Detail = joinDetail(ev.Detail, err.Error())
			}
			return ev, nil
		}
		ctype, payload := answerBody(req, p.d)
		ev.Status, ev.Outcome = 200, Answered
		s.answer(c, 200, ctype, payload)
	case <-s.stop:
		ev.Status, ev.Outcome = 503, Shutdown
		ev.AfterS = time.Since(start).Seconds()
		s.answer(c, 503, "text/plain", []byte("shutting down\n"))
	}
	return ev, readErr
}

// endEarly ends a held request without an answer: Closed closes c (a FIN, after
// a close_notify over TLS); Reset sets SO_LINGER 0 on raw and closes it, so the
// kernel sends a RST at once.
func endEarly(raw, c net.Conn, how Outcome) error {
	if how != Reset {
		return c.Close()
	}
	tc, ok := raw.(*net.TCPConn)
	if !ok {
		_ = raw.Close()
		return fmt.Errorf("reset: %T is not a TCP connection; closed instead", raw)
	}
	if err := tc.SetLinger(0); err != nil {
		_ = raw.Close()
		return fmt.Errorf("reset: set SO_LINGER 0: %w; closed instead", err)
	}
	return raw.Close()
}

// joinDetail appends b to a, with a separator when both are set.
func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// drain reads and discards until the connection fails, returning the error:
// io.EOF for a FIN, ECONNRESET for a RST, a timeout after a deadline.
func drain(r io.Reader) error {
	buf := make([]byte, 512)
	for {
		if _, err := r.Read(buf); err != nil {
			return err
		}
	}
}

// answer writes one response with Connection: close and half-closes.
func (s *Server) answer(c net.Conn, status int, ctype string, body []byte) {
	_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, rawResponse(status, ctype, body)); err != nil {
		return
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
}

// rawResponse formats an HTTP/1.1 response with Connection: close.
func rawResponse(status int, ctype string, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format(http.TimeFormat))
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n", ctype, len(body))
	b.WriteString("Connection: close\r\nServer: hopaudit-serve\r\n\r\n")
	b.Write(body)
	return b.String()
}

// errHoldParam marks a malformed hold request parameter.
var errHoldParam = errors.New("bad hold")
