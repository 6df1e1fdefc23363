package probe

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// Outcome says what ended a probe, as seen from the probe's socket.
type Outcome string

// Outcomes.
const (
	Answered Outcome = "answered" // the far end answered (http 200, eas 200)
	FIN      Outcome = "fin"      // the connection was closed with a FIN (EOF)
	RST      Outcome = "rst"      // the connection was reset (ECONNRESET)
	HTTPCode Outcome = "http"     // an HTTP status other than the expected answer
	Open     Outcome = "open"     // still open at the deadline (or when interrupted)
	Error    Outcome = "error"    // connect, handshake or protocol failure
)

// classify maps a socket error to an outcome: io.EOF is a FIN, ECONNRESET a RST,
// a passed deadline means the connection was still open.
func classify(err error) Outcome {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FIN
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return RST
	case errors.Is(err, os.ErrDeadlineExceeded):
		return Open
	}
	return Error
}

// cut reports whether o is a close by something on the path (as opposed to a
// survival, an unanswered deadline or a local error).
func (o Outcome) cut() bool { return o == FIN || o == RST || o == HTTPCode }
