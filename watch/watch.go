// Package watch is a reachability monitor: it probes a list of URLs every
// interval and writes each result as one JSON line or one RFC 5424 syslog line,
// to a writer or to a syslog server. HTTP 200, 401 and 407 count as reachable
// (the server, or the proxy in front of it, answered), as in the PowerShell
// monitor of the seed article. The exit code of a one-shot run says whether
// everything was reachable, for schedulers.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Exit codes returned by Run.
const (
	ExitReachable   = 0 // every URL of the last round was reachable
	ExitError       = 1 // the run could not start or failed (see the error)
	ExitUnreachable = 3 // at least one URL of the last round was unreachable
)

// Defaults.
const (
	// DefaultTimeout bounds one request when Options.Timeout is zero.
	DefaultTimeout = 10 * time.Second
	// maxParallel bounds the URLs probed at once.
	maxParallel = 8
)

// Options configures Run. The zero value is not usable: give URLs or File.
type Options struct {
	// URLs to probe, and File naming a file with one URL per line (blank lines
	// and lines starting with # are ignored). Both may be given.
	URLs []string
	File string
	// Interval between rounds; zero means one round (one-shot).
	Interval time.Duration
	// Rounds bounds the rounds when Interval is set; zero means until the
	// context is cancelled.
	Rounds int
	// Timeout bounds one request; zero means DefaultTimeout.
	Timeout time.Duration
	// Format of each line; empty means JSON.
	Format Format
	// Syslog, when set, sends each line to a syslog server instead of out:
	// "udp://host:514" (one datagram per message) or "tcp://host:601" (octet
	// counting, RFC 6587). Syslog implies the syslog format.
	Syslog string
	// Hostname for syslog lines; empty means os.Hostname.
	Hostname string
	// Insecure skips TLS verification.
	Insecure bool
	// Client, when set, replaces the default HTTP client (tests).
	Client *http.Client
}

// Run probes every URL each round and writes one line per result. It returns
// ExitReachable or ExitUnreachable for the last round completed, or ExitError
// with an error. Cancelling ctx ends the run after the round in progress is cut
// short; an interrupted run reports the last complete round.
func Run(ctx context.Context, opts Options, out io.Writer) (int, error) {
	urls, err := loadURLs(opts)
	if err != nil {
		return ExitError, fmt.Errorf("watch: %w", err)
	}
	opts = opts.withDefaults()
	sink, err := newSink(ctx, opts, out)
	if err != nil {
		return ExitError, fmt.Errorf("watch: %w", err)
	}
	defer sink.close()
	client := opts.Client
	if client == nil {
		client = newClient(opts)
	}
	code := ExitReachable
	for round := 1; ; round++ {
		results := probeAll(ctx, client, urls)
		if ctx.Err() != nil && round > 1 {
			return code, nil
		}
		code = ExitReachable
		for _, r := range results {
			if !r.Reachable {
				code = ExitUnreachable
			}
			if err := sink.write(r); err != nil {
				return ExitError, fmt.Errorf("watch: %w", err)
			}
		}
		if opts.Interval <= 0 || (opts.Rounds > 0 && round >= opts.Rounds) || !sleep(ctx, opts.Interval) {
			return code, nil
		}
	}
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Format == "" {
		o.Format = JSON
	}
	if o.Syslog != "" {
		o.Format = Syslog
	}
	return o
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// probeAll probes urls concurrently, at most maxParallel at once, and returns
// the results in input order.
func probeAll(ctx context.Context, client *http.Client, urls []string) []Result {
	results := make([]Result, len(urls))
	sem := make(chan struct{}, maxParallel)
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = probeOne(ctx, client, u)
		}()
	}
	wg.Wait()
	return results
}

// errNoURL is returned when neither URLs nor a file give anything to probe.
var errNoURL = errors.New("no URL to watch")
