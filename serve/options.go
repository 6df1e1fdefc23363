package serve

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// HoldParam is the query parameter a client uses to ask for a hold, in seconds
// ("300", "2.5") or as a Go duration ("5m").
const HoldParam = "hold"

// HoldHeader is the request header a client may use instead of [HoldParam]; the
// query parameter wins when both are present.
const HoldHeader = "X-Hopaudit-Hold"

// Defaults applied by [Options] when a field is zero.
const (
	// DefaultMaxHold caps every hold: 3600 s, above Exchange's default
	// MaxHeartbeatInterval of 3540 s (Exchange event 1009).
	DefaultMaxHold = time.Hour
	// DefaultMaxConns bounds the connections served at once.
	DefaultMaxConns = 512
	// DefaultShutdownGrace is how long Shutdown waits for held requests to be
	// answered before closing them.
	DefaultShutdownGrace = 5 * time.Second
	// DefaultHandshakeTimeout bounds a TLS handshake.
	DefaultHandshakeTimeout = 10 * time.Second
)

// LogFormat selects how [Run] writes events.
type LogFormat string

// Log formats.
const (
	LogText LogFormat = "text" // one human-readable line per event (the default)
	LogJSON LogFormat = "json" // one JSON object per line
)

// Options configures a [Server]. The zero value is not usable: at least one of
// HTTPAddr and HTTPSAddr must be set.
type Options struct {
	// HTTPAddr is the host:port of the plain HTTP listener; empty disables it.
	// Port 0 picks a free port (see [Server.HTTPAddr]).
	HTTPAddr string
	// HTTPSAddr is the host:port of the HTTPS listener; empty disables it.
	HTTPSAddr string
	// CertFile and KeyFile name a PEM certificate and key for HTTPS. When both are
	// empty a self-signed certificate is generated at start.
	CertFile, KeyFile string
	// MaxHold caps the hold any request may ask for; zero means DefaultMaxHold.
	// A connection that sends no request is kept at most this long.
	MaxHold time.Duration
	// MaxConns bounds the connections served at once; zero means
	// DefaultMaxConns. Connections over the bound are answered 503 and closed.
	MaxConns int
	// ShutdownGrace bounds Shutdown; zero means DefaultShutdownGrace.
	ShutdownGrace time.Duration
	// LogFormat selects the log line format; empty means LogText.
	LogFormat LogFormat
	// OnEvent, when not nil, is called once per connection after it ended, from
	// the connection's goroutine; it must be safe for concurrent use.
	OnEvent func(Event)
}

// withDefaults returns a copy of o with zero fields replaced by defaults.
func (o Options) withDefaults() Options {
	if o.MaxHold <= 0 {
		o.MaxHold = DefaultMaxHold
	}
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = DefaultShutdownGrace
	}
	if o.LogFormat == "" {
		o.LogFormat = LogText
	}
	return o
}

// validate reports every problem with o at once.
func (o Options) validate() error {
	var errs []error
	if o.HTTPAddr == "" && o.HTTPSAddr == "" {
		errs = append(errs, errors.New("no listener: set an HTTP or HTTPS address"))
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		errs = append(errs, errors.New("certificate and key must be given together"))
	}
	if o.LogFormat != LogText && o.LogFormat != LogJSON {
		errs = append(errs, fmt.Errorf("log format %q: want text or json", o.LogFormat))
	}
	return errors.Join(errs...)
}

// ParseHold parses a hold as bare seconds ("300", "2.5") or a Go duration
// ("5m", "1m30s"). Negative, NaN and unparsable values are errors.
func ParseHold(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty hold")
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || f != f || f > float64(1<<62)/float64(time.Second) {
			return 0, fmt.Errorf("hold %q: out of range", s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("hold %q: want seconds or a duration like 5m", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("hold %q: negative", s)
	}
	return d, nil
}
