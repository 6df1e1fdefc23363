package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
)

// Outcome says how a connection served by the responder ended.
type Outcome string

// Outcomes of a connection, from the responder's side.
const (
	Answered Outcome = "answered" // the hold ran out and the answer was written
	FIN      Outcome = "fin"      // the upstream closed with a FIN (read returned EOF)
	RST      Outcome = "rst"      // the upstream reset the connection (ECONNRESET)
	Timeout  Outcome = "timeout"  // no request arrived within MaxHold
	Shutdown Outcome = "shutdown" // the server shut down while holding (answered 503)
	Rejected Outcome = "rejected" // over MaxConns (answered 503)
	Closed   Outcome = "closed"   // the responder closed with a FIN, as the request asked (CloseParam)
	Reset    Outcome = "reset"    // the responder reset the connection, as the request asked (ResetParam)
	Failed   Outcome = "error"    // another error; see Event.Detail
)

// Event describes one connection as the responder saw it. Times are wall-clock;
// durations are seconds as float64.
type Event struct {
	// Arrived is when the connection was accepted.
	Arrived time.Time `json:"arrived"`
	// Peer is the remote address: the SNAT or proxy address the connection really
	// came from.
	Peer string `json:"peer"`
	// Local is the address the connection was accepted on.
	Local string `json:"local"`
	// TLS is true for the HTTPS listener.
	TLS bool `json:"tls"`
	// Method and Path of the request; empty when no request arrived.
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	// HoldS is the hold granted, in seconds (after the MaxHold cap).
	HoldS float64 `json:"hold_s"`
	// Outcome says how the connection ended.
	Outcome Outcome `json:"outcome"`
	// Status is the HTTP status written, or 0 when none was.
	Status int `json:"status,omitempty"`
	// AfterS is the time from the request (or, without one, from the accept) to
	// the end, in seconds.
	AfterS float64 `json:"after_s"`
	// Detail explains an error or a capped hold.
	Detail string `json:"detail,omitempty"`
}

// WriteText writes e as one line: arrival time, peer, scheme, request, hold,
// outcome and elapsed seconds.
func (e Event) WriteText(w io.Writer) error {
	scheme := "http"
	if e.TLS {
		scheme = "https"
	}
	req := "-"
	if e.Method != "" {
		req = e.Method + " " + e.Path
	}
	line := fmt.Sprintf("%s peer=%s %s %s hold=%.3fs %s",
		e.Arrived.UTC().Format("2006-01-02T15:04:05.000Z"), e.Peer, scheme, req, e.HoldS, e.Outcome)
	if e.Status != 0 {
		line += fmt.Sprintf(" %d", e.Status)
	}
	line += fmt.Sprintf(" after=%.3fs", e.AfterS)
	if e.Detail != "" {
		line += fmt.Sprintf(" (%s)", e.Detail)
	}
	_, err := io.WriteString(w, line+"\n")
	return err
}

// logger serializes event lines to one writer.
type logger struct {
	mu     sync.Mutex
	w      io.Writer
	format LogFormat
}

// event writes e in the configured format; write errors are dropped because a
// broken log must not end the measurement.
func (l *logger) event(e Event) {
	if l.w == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.format == LogJSON {
		b, _ := json.Marshal(e)
		_, _ = l.w.Write(append(b, '\n'))
		return
	}
	_ = e.WriteText(l.w)
}

// printf writes one informational line (text format only).
func (l *logger) printf(format string, args ...any) {
	if l.w == nil || l.format == LogJSON {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = fmt.Fprintf(l.w, format+"\n", args...)
}

// classify maps a read error on a held connection to an outcome.
func classify(err error) Outcome {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FIN
	case errors.Is(err, syscall.ECONNRESET):
		return RST
	case errors.Is(err, os.ErrDeadlineExceeded):
		return Timeout
	}
	return Failed
}
