package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"time"
)

// connect dials j's address with keep-alive off and, when useTLS, completes a
// TLS handshake. The returned recorder sees every raw read error.
func (r *runner) connect(ctx context.Context, j job, useTLS bool) (net.Conn, *recConn, error) {
	dctx, cancel := context.WithTimeout(ctx, r.opts.ConnectTimeout)
	defer cancel()
	raw, err := r.opts.Dialer.DialContext(dctx, "tcp", j.addr)
	if err != nil {
		return nil, nil, fmt.Errorf("connect %s: %w", j.addr, err)
	}
	if tc, ok := raw.(*net.TCPConn); ok {
		_ = tc.SetKeepAlive(false) // belt and braces: an injected dialer may not
	}
	rec := &recConn{Conn: raw}
	if !useTLS {
		return rec, rec, nil
	}
	conf := &tls.Config{ServerName: r.opts.ServerName, InsecureSkipVerify: r.opts.Insecure, NextProtos: []string{"http/1.1"}}
	if conf.ServerName == "" {
		conf.ServerName, _, _ = net.SplitHostPort(j.addr)
	}
	tc := tls.Client(rec, conf)
	if err := tc.HandshakeContext(dctx); err != nil {
		_ = raw.Close()
		return nil, nil, fmt.Errorf("tls handshake with %s: %w", j.addr, err)
	}
	return tc, rec, nil
}

// recConn remembers the first error its raw reads returned, so a TLS EOF can be
// told apart: a close_notify alert (raw socket still open) or a bare FIN.
type recConn struct {
	net.Conn
	mu        sync.Mutex
	rawErr    error
	lastWrite time.Time
}

// Write writes to the raw connection and records when.
func (c *recConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	c.lastWrite = time.Now()
	c.mu.Unlock()
	return n, err
}

// wrote returns when the last write finished (zero before any).
func (c *recConn) wrote() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastWrite
}

// Read reads from the raw connection and records the first error.
func (c *recConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		c.mu.Lock()
		if c.rawErr == nil {
			c.rawErr = err
		}
		c.mu.Unlock()
	}
	return n, err
}

// err returns the first raw read error, or nil.
func (c *recConn) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rawErr
}

// silent runs a tcp or tls probe: connect, then read nothing until the hold ends
// or the path closes the connection.
func (r *runner) silent(ctx context.Context, j job, res *ProbeResult) {
	r.hub.set(j.idx, Connecting, time.Time{})
	conn, rec, err := r.connect(ctx, j, j.mode == TLS)
	if err != nil {
		res.Outcome, res.Evidence = Error, []string{err.Error()}
		return
	}
	defer conn.Close()
	res.Local, res.Remote = rec.LocalAddr().String(), rec.RemoteAddr().String()
	start := time.Now()
	r.hub.set(j.idx, Holding, start)
	_ = conn.SetReadDeadline(start.Add(j.hold))
	stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Now()) })
	defer stop()
	n, err := readAll(conn)
	res.AfterS = time.Since(start).Seconds()
	if n > 0 {
		res.Evidence = append(res.Evidence, fmt.Sprintf("the far end sent %d bytes while the probe was silent", n))
	}
	r.finish(ctx, j, res, err)
	if res.Outcome == Open {
		res.Held = true
		res.Evidence = append(res.Evidence, fmt.Sprintf("still open at the %s hold", fmtSeconds(j.hold.Seconds())))
	}
	if res.Outcome == FIN && j.mode == TLS && rec.err() == nil {
		res.Evidence = append(res.Evidence, "TLS close_notify alert before the FIN")
	}
}

// readAll reads until an error and returns the byte count and the error.
func readAll(c net.Conn) (int, error) {
	buf := make([]byte, 2048)
	total := 0
	for {
		n, err := c.Read(buf)
		total += n
		if err != nil {
			return total, err
		}
	}
}

// finish sets the outcome for a read error err, naming an interruption.
func (r *runner) finish(ctx context.Context, j job, res *ProbeResult, err error) {
	if ctx.Err() != nil {
		res.Outcome, res.Interrupted = Open, true
		res.Evidence = append(res.Evidence, fmt.Sprintf("interrupted after %.2f s of the %s hold", res.AfterS, fmtSeconds(j.hold.Seconds())))
		return
	}
	res.Outcome = classify(err)
	switch res.Outcome {
	case FIN:
		res.Evidence = append(res.Evidence, fmt.Sprintf("closed with a FIN (EOF) after %.2f s", res.AfterS))
	case RST:
		res.Evidence = append(res.Evidence, fmt.Sprintf("reset (ECONNRESET) after %.2f s", res.AfterS))
	case Error:
		res.Evidence = append(res.Evidence, err.Error())
	}
}
