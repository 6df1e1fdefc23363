package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"
)

// Mode is what a probe does on its connection.
type Mode string

// Probe modes.
const (
	TCP  Mode = "tcp"  // connect, stay silent
	TLS  Mode = "tls"  // handshake, stay silent
	HTTP Mode = "http" // POST to a serve responder asking it to hold
	EAS  Mode = "eas"  // ActiveSync Ping against Exchange
)

// Limits and defaults of a run.
const (
	// MaxProbes bounds the probes of one run (targets times holds).
	MaxProbes = 64
	// DefaultConcurrency is the number of probes running at once when
	// Options.Concurrency is zero.
	DefaultConcurrency = 16
	// DefaultMargin is how long past its hold an http or eas probe waits for the
	// answer before reporting the connection still open.
	DefaultMargin = 10 * time.Second
	// DefaultConnectTimeout bounds the TCP connect and the TLS handshake.
	DefaultConnectTimeout = 10 * time.Second
)

// Dialer opens probe connections; *net.Dialer satisfies it. Tests inject fakes.
// A dialer with TCP keep-alive on voids the measurement: use [NewDialer].
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// NewDialer returns a dialer with TCP keep-alive off and the given connect
// timeout (zero means no timeout beyond the context's).
func NewDialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{Timeout: timeout, KeepAlive: -1}
}

// Options configures a run. The zero value is not usable: Mode, Target (or Plan)
// and Holds are required.
type Options struct {
	// Mode selects what each probe does.
	Mode Mode
	// Target is a URL (http, eas; https:// for TLS) or host:port (tcp, tls; a URL
	// is reduced to its host and port).
	Target string
	// Holds are the silent times to test, one probe each; at most MaxProbes.
	Holds []time.Duration
	// Plan, when not empty, probes every hop's targets with the same holds
	// instead of Target alone (Target still gives the URL scheme and path).
	Plan []PlanHop
	// Margin is how long past the hold an http or eas probe waits for its answer;
	// zero means DefaultMargin.
	Margin time.Duration
	// ConnectTimeout bounds connect and TLS handshake; zero means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// Concurrency bounds the probes running at once; zero means
	// DefaultConcurrency.
	Concurrency int
	// Insecure skips TLS certificate verification (self-signed responders).
	Insecure bool
	// ServerName overrides the TLS server name (SNI and verification).
	ServerName string
	// Dialer opens connections; nil means NewDialer(ConnectTimeout).
	Dialer Dialer
	// EAS configures the eas mode.
	EAS EASOptions
	// Capture, when set, names a pcapng file for the probes' own packets
	// (Linux, CAP_NET_RAW). Without the capability the run notes it and goes on.
	Capture string
}

// withDefaults fills zero fields.
func (o Options) withDefaults() Options {
	if o.Margin <= 0 {
		o.Margin = DefaultMargin
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Dialer == nil {
		o.Dialer = NewDialer(o.ConnectTimeout)
	}
	return o
}

// validate reports every problem at once.
func (o Options) validate() error {
	var errs []error
	switch o.Mode {
	case TCP, TLS, HTTP, EAS:
	default:
		errs = append(errs, fmt.Errorf("mode %q: want tcp, tls, http or eas", o.Mode))
	}
	if o.Target == "" && len(o.Plan) == 0 {
		errs = append(errs, errors.New("no target"))
	}
	if len(o.Holds) == 0 {
		errs = append(errs, errors.New("no hold"))
	}
	for i, h := range o.Holds {
		if h <= 0 {
			errs = append(errs, fmt.Errorf("hold %d: %s is not positive", i+1, h))
		} else if o.Mode == EAS && h%time.Second != 0 {
			errs = append(errs, fmt.Errorf("hold %d: %s: an eas heartbeat is whole seconds", i+1, h))
		}
	}
	if n := len(o.Holds) * max(1, countTargets(o.Plan)); n > MaxProbes {
		errs = append(errs, fmt.Errorf("%d probes: at most %d per run", n, MaxProbes))
	}
	return errors.Join(errs...)
}

// hostPort reduces a target to host:port: as given, or a URL's host with its
// port or the scheme's (443 for https, else 80).
func hostPort(target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil || u.Host == "" {
		if _, _, err := net.SplitHostPort(target); err != nil {
			return "", fmt.Errorf("target %q: want host:port or a URL", target)
		}
		return target, nil
	}
	if u.Port() != "" {
		return u.Host, nil
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port), nil
}

// targetURL turns a target into a URL for http and eas probes: a bare host:port
// takes the scheme and path of base (or http:// and / without one).
func targetURL(target, base string) (*url.URL, error) {
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u, nil
	}
	if _, _, err := net.SplitHostPort(target); err != nil {
		return nil, fmt.Errorf("target %q: want a URL or host:port", target)
	}
	u := &url.URL{Scheme: "http", Host: target, Path: "/"}
	if b, err := url.Parse(base); err == nil && b.Host != "" {
		u.Scheme, u.Path, u.RawQuery = b.Scheme, b.Path, b.RawQuery
	}
	return u, nil
}
