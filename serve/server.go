package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Server is a running responder. It is safe for concurrent use; create one with
// [Start].
type Server struct {
	opts    Options
	log     *logger
	tlsConf *tls.Config
	httpLn  net.Listener
	httpsLn net.Listener
	slots   chan struct{} // one token per connection served
	rejects chan struct{} // bounds the goroutines answering 503 over the limit
	stop    chan struct{} // closed when shutting down
	once    sync.Once
	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   map[net.Conn]struct{}
}

// Run starts a responder, serves until ctx is cancelled, then shuts down within
// Options.ShutdownGrace. Events and start-up lines are written to logw (nil
// discards them). It returns nil after a clean shutdown.
func Run(ctx context.Context, opts Options, logw io.Writer) error {
	s, err := Start(ctx, opts, logw)
	if err != nil {
		return err
	}
	<-ctx.Done()
	return s.Shutdown(context.Background())
}

// Start validates opts, opens the listeners and serves in the background until
// [Server.Shutdown]. ctx bounds only the start-up.
func Start(ctx context.Context, opts Options, logw io.Writer) (*Server, error) {
	opts = opts.withDefaults()
	if err := opts.validate(); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s := &Server{
		opts:    opts,
		log:     &logger{w: logw, format: opts.LogFormat},
		slots:   make(chan struct{}, opts.MaxConns),
		rejects: make(chan struct{}, 64),
		stop:    make(chan struct{}),
		conns:   make(map[net.Conn]struct{}),
	}
	if err := s.listen(ctx); err != nil {
		s.closeListeners()
		return nil, err
	}
	s.serve(s.httpLn, false)
	s.serve(s.httpsLn, true)
	return s, nil
}

// listen opens the configured listeners with TCP keep-alive off.
func (s *Server) listen(ctx context.Context) error {
	lc := net.ListenConfig{KeepAlive: -1}
	var err error
	if s.opts.HTTPAddr != "" {
		if s.httpLn, err = lc.Listen(ctx, "tcp", s.opts.HTTPAddr); err != nil {
			return fmt.Errorf("serve: listen http: %w", err)
		}
		s.log.printf("listening http://%s (max hold %s, max conns %d)", s.httpLn.Addr(), s.opts.MaxHold, s.opts.MaxConns)
	}
	if s.opts.HTTPSAddr == "" {
		return nil
	}
	conf, fp, err := loadTLS(s.opts.CertFile, s.opts.KeyFile)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	s.tlsConf = conf
	if s.httpsLn, err = lc.Listen(ctx, "tcp", s.opts.HTTPSAddr); err != nil {
		return fmt.Errorf("serve: listen https: %w", err)
	}
	s.log.printf("listening https://%s (certificate sha256 %s)", s.httpsLn.Addr(), fp)
	return nil
}

// HTTPAddr returns the plain HTTP listener's address, or nil when disabled.
func (s *Server) HTTPAddr() net.Addr { return addrOf(s.httpLn) }

// HTTPSAddr returns the HTTPS listener's address, or nil when disabled.
func (s *Server) HTTPSAddr() net.Addr { return addrOf(s.httpsLn) }

func addrOf(ln net.Listener) net.Addr {
	if ln == nil {
		return nil
	}
	return ln.Addr()
}

// serve runs the accept loop of ln in a goroutine; nil ln is ignored.
func (s *Server) serve(ln net.Listener, isTLS bool) {
	if ln == nil {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				time.Sleep(50 * time.Millisecond) // e.g. EMFILE: back off, keep serving
				continue
			}
			s.dispatch(c, isTLS)
		}
	}()
}

// dispatch hands c to a connection goroutine, or rejects it over the bound.
func (s *Server) dispatch(c net.Conn, isTLS bool) {
	disableKeepAlive(c)
	arrived := time.Now()
	select {
	case s.slots <- struct{}{}:
	default:
		s.reject(c, isTLS, arrived)
		return
	}
	s.track(c, true)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { <-s.slots }()
		defer s.track(c, false)
		s.handle(c, isTLS, arrived)
	}()
}

// reject answers 503 to a connection over MaxConns, or just closes it when even
// the reject goroutines are exhausted.
func (s *Server) reject(c net.Conn, isTLS bool, arrived time.Time) {
	ev := s.baseEvent(c, isTLS, arrived)
	ev.Outcome = Rejected
	select {
	case s.rejects <- struct{}{}:
	default:
		_ = c.Close()
		ev.Detail = "over max conns; closed"
		s.emit(ev)
		return
	}
	go func() {
		defer func() { <-s.rejects }()
		if !isTLS { // a TLS peer would need a handshake first: just close it
			_ = c.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = io.WriteString(c, rawResponse(503, "text/plain", []byte("over max conns\n")))
			ev.Status = 503
		}
		_ = c.Close()
		ev.Detail = "over max conns"
		s.emit(ev)
	}()
}

// track adds or removes c from the set closed by a forced shutdown.
func (s *Server) track(c net.Conn, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		s.conns[c] = struct{}{}
	} else {
		delete(s.conns, c)
	}
}

// Shutdown stops accepting, answers every held request 503 at once, and waits
// for the connections to end, at most Options.ShutdownGrace or until ctx is done;
// then it closes what is left. It is safe to call more than once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.once.Do(func() {
		close(s.stop)
		s.closeListeners()
	})
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	grace := time.NewTimer(s.opts.ShutdownGrace)
	defer grace.Stop()
	select {
	case <-done:
		return nil
	case <-grace.C:
	case <-ctx.Done():
	}
	s.mu.Lock()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	<-done
	return errors.New("serve: shutdown grace ran out; closed remaining connections")
}

func (s *Server) closeListeners() {
	for _, ln := range []net.Listener{s.httpLn, s.httpsLn} {
		if ln != nil {
			_ = ln.Close()
		}
	}
}

// emit logs ev and passes it to the OnEvent hook.
func (s *Server) emit(ev Event) {
	s.log.event(ev)
	if s.opts.OnEvent != nil {
		s.opts.OnEvent(ev)
	}
}

// disableKeepAlive turns TCP keep-alive off on c (the listener config already
// does; this guards against a wrapped listener).
func disableKeepAlive(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetKeepAlive(false)
	}
}
