// Package probetest provides in-process middleboxes for tests: a TCP proxy that
// ends connections after an idle time the way real boxes do (FIN, RST, or an
// HTTP 504 like a reverse proxy).
package probetest

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Ending is how an IdleProxy ends a connection whose idle timer fired.
type Ending int

// Endings.
const (
	EndFIN Ending = iota // close both sides with a FIN
	EndRST               // reset both sides (SO_LINGER 0)
	End504               // answer the client HTTP 504, then close both with a FIN
)

// IdleProxy forwards TCP connections to one upstream and ends any connection on
// which no byte moved in either direction for Idle. TCP keep-alive is off on
// both sides. It is safe for concurrent use.
type IdleProxy struct {
	ln       net.Listener
	upstream string
	idle     time.Duration
	ending   Ending
	wg       sync.WaitGroup
}

// Start listens on 127.0.0.1 on a free port and proxies to upstream.
func Start(upstream string, idle time.Duration, ending Ending) (*IdleProxy, error) {
	lc := net.ListenConfig{KeepAlive: -1}
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &IdleProxy{ln: ln, upstream: upstream, idle: idle, ending: ending}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *IdleProxy) Addr() string { return p.ln.Addr().String() }

// Close stops accepting and waits for the proxied connections to end.
func (p *IdleProxy) Close() error {
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *IdleProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.proxy(c.(*net.TCPConn))
		}()
	}
}

// proxy copies both ways and enforces the idle timer.
func (p *IdleProxy) proxy(down *net.TCPConn) {
	d := net.Dialer{KeepAlive: -1, Timeout: 5 * time.Second}
	uc, err := d.Dial("tcp", p.upstream)
	if err != nil {
		_ = down.Close()
		return
	}
	up := uc.(*net.TCPConn)
	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	done := make(chan struct{}, 2)
	go pump(up, down, &last, done)
	go pump(down, up, &last, done)
	for {
		wait := time.Until(time.Unix(0, last.Load()).Add(p.idle))
		if wait <= 0 {
			p.expire(down, up)
			break
		}
		select {
		case <-done:
			_ = down.Close()
			_ = up.Close()
			<-done
			return
		case <-time.After(wait):
		}
	}
	<-done
	<-done
}

// expire ends both connections the configured way.
func (p *IdleProxy) expire(down, up *net.TCPConn) {
	switch p.ending {
	case EndRST:
		_ = down.SetLinger(0)
		_ = up.SetLinger(0)
	case End504:
		_, _ = io.WriteString(down, "HTTP/1.1 504 Gateway Timeout\r\nServer: probetest-idleproxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	}
	_ = down.Close()
	_ = up.Close()
}

// pump copies src to dst, stamping last on every chunk.
func pump(dst, src *net.TCPConn, last *atomic.Int64, done chan<- struct{}) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			last.Store(time.Now().UnixNano())
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	done <- struct{}{}
}
