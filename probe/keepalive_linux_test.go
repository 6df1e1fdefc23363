//go:build linux

package probe

import (
	"context"
	"net"
	"syscall"
	"testing"
	"time"
)

// soKeepAlive reads SO_KEEPALIVE from a live socket.
func soKeepAlive(t *testing.T, c net.Conn) int {
	t.Helper()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
	}); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	return v
}

// TestKeepAliveOff proves on the real socket that probe connections carry no TCP
// keep-alive, with the default dialer and with an injected Go default dialer
// (which turns keep-alive on; connect turns it off again).
func TestKeepAliveOff(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	for _, tc := range []struct {
		name string
		d    Dialer
	}{
		{"NewDialer", nil},
		{"injected default net.Dialer", &net.Dialer{}},
	} {
		o := Options{Dialer: tc.d}.withDefaults()
		r := &runner{opts: o}
		_, rec, err := r.connect(context.Background(), job{addr: ln.Addr().String()}, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := soKeepAlive(t, rec.Conn); got != 0 {
			t.Errorf("%s: SO_KEEPALIVE = %d, want 0", tc.name, got)
		}
		_ = rec.Close()
	}
	c, err := (&net.Dialer{Timeout: time.Second}).Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := soKeepAlive(t, c); got != 1 {
		t.Errorf("control: Go's default dialer gave SO_KEEPALIVE = %d, want 1", got)
	}
}
