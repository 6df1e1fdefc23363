package capture

import "time"

// Options tune a [Tracker]. The zero value is usable: every zero field takes
// the default given in its comment.
type Options struct {
	// MaxConns bounds the flow table; when it is full the oldest closed
	// connection, or else an arbitrary one, is handed out early with
	// Evicted set. Default 1,000,000.
	MaxConns int
	// Linger is how long (capture time) a closed connection stays in the
	// table after its last packet to collect late ACKs and retransmissions
	// before it is handed out. Default 2 minutes.
	Linger time.Duration
	// SilenceThreshold is the idle time after which a send that is then
	// retransmitted with no reply counts as a [SilentDrop]. Default 30 s.
	SilenceThreshold time.Duration
	// MaxTurns is how many request/response turns each connection keeps
	// (the last ones). Default 8.
	MaxTurns int
	// RequestCopy and ResponseCopy bound the bytes copied from the start of
	// each turn's request and response. Defaults 4096 and 1024.
	RequestCopy, ResponseCopy int
	// OnConn, when set, receives every finished connection (closed and
	// lingered, evicted, or open at the end of the capture) and the
	// Result keeps none, so memory stays bounded by the open connections.
	// When nil, the Result collects them all.
	OnConn func(*Conn)
	// OnConnAsync makes [Analyze] and [AnalyzeSource] call OnConn on a
	// goroutine of their own, one connection at a time and in the same
	// order, so that its work overlaps reading and tracking; both return
	// only after the last call. OnConn then runs concurrently with the
	// caller's goroutine (and with Progress): it must not share unguarded
	// state with them. A Tracker on its own ignores it.
	OnConnAsync bool
	// Progress, when set, is called by [Analyze] and [AnalyzeSource] (for
	// sources that implement [Positioner], such as [*Reader]) while the
	// capture is read, with the bytes read from the input so far and its
	// total size: for a gzip file both count compressed bytes; total is 0
	// when the size is unknown (a pipe). It is called after every 8 MiB
	// read but at most five times a second, and once more at the end with
	// the final position (read == total for a regular file read to its
	// end), on the goroutine that called Analyze. A Tracker on its own
	// ignores it.
	Progress func(read, total int64)
}

// Defaults for [Options].
const (
	DefaultMaxConns         = 1_000_000
	DefaultLinger           = 2 * time.Minute
	DefaultSilenceThreshold = 30 * time.Second
	DefaultMaxTurns         = 8
	DefaultRequestCopy      = 4096
	DefaultResponseCopy     = 1024
)

// withDefaults returns o with zero fields replaced by their defaults.
func (o Options) withDefaults() Options {
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns
	}
	if o.Linger <= 0 {
		o.Linger = DefaultLinger
	}
	if o.SilenceThreshold <= 0 {
		o.SilenceThreshold = DefaultSilenceThreshold
	}
	if o.MaxTurns <= 0 {
		o.MaxTurns = DefaultMaxTurns
	}
	if o.RequestCopy <= 0 {
		o.RequestCopy = DefaultRequestCopy
	}
	if o.ResponseCopy <= 0 {
		o.ResponseCopy = DefaultResponseCopy
	}
	return o
}
