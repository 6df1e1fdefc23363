// Command responder is the lab's stand-in for Exchange: a small HTTP server
// that holds each ActiveSync Ping for a number of seconds and then answers
// 200 with Ping Status 1, as Exchange does when a heartbeat runs out with no
// change. It exists only for testdata/lab/lab.sh; a real `hopaudit serve`
// can replace it later because its interface is two query parameters.
//
// Query parameters on any POST:
//
//	hold=SECONDS   hold the request this long before answering (capped by
//	               -max-hold). Without it the hold is the HeartbeatInterval
//	               read from the WBXML Ping body; without either, 0.
//	close=SECONDS  instead of answering, close the connection (FIN) after
//	               this long.
//	reset=SECONDS  instead of answering, reset the connection (RST) after
//	               this long.
//
// TCP keep-alive is off on accepted connections: with Go's default (15 s
// probes) no middlebox idle timer would ever fire.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// options holds the command line.
type options struct {
	listen  []string
	maxHold time.Duration
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("responder", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:8081", "comma-separated addresses to listen on")
	maxHold := fs.Duration("max-hold", 120*time.Second, "longest hold or close delay honoured (the server's max heartbeat)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	o := options{maxHold: *maxHold}
	for _, a := range strings.Split(*listen, ",") {
		if a = strings.TrimSpace(a); a != "" {
			o.listen = append(o.listen, a)
		}
	}
	if len(o.listen) == 0 {
		return o, errors.New("no -listen address")
	}
	return o, nil
}

func run(args []string) int {
	o, err := parseFlags(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "responder:", err)
		return 2
	}
	log.SetFlags(0)
	log.SetOutput(&stampWriter{w: os.Stderr})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, o); err != nil {
		log.Printf("error: %v", err)
		return 1
	}
	return 0
}

// serve listens on every address and serves until ctx ends.
func serve(ctx context.Context, o options) error {
	lc := net.ListenConfig{KeepAlive: -1} // keep-alive off on accepted conns
	srv := &http.Server{
		Handler:           &handler{maxHold: o.maxHold},
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       5 * time.Minute,
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(o.listen))
	for _, addr := range o.listen {
		ln, err := lc.Listen(ctx, "tcp", addr)
		if err != nil {
			return fmt.Errorf("listen %s: %w", addr, err)
		}
		log.Printf("listening on %s", ln.Addr())
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs <- err
			}
		}()
	}
	select {
	case <-ctx.Done():
	case err := <-errs:
		_ = srv.Close()
		return err
	}
	_ = srv.Close()
	wg.Wait()
	return nil
}

// stampWriter prefixes every log line with a UTC timestamp in microseconds.
type stampWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *stampWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	if _, err := fmt.Fprintf(s.w, "%s %s", ts, p); err != nil {
		return 0, err
	}
	return len(p), nil
}
