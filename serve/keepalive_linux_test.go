//go:build linux

package serve

import (
	"context"
	"net"
	"syscall"
	"testing"
)

// TestAcceptedKeepAliveOff reads SO_KEEPALIVE on a socket accepted by the
// responder's listener: Go would turn it on by default.
func TestAcceptedKeepAliveOff(t *testing.T) {
	s := &Server{opts: Options{HTTPAddr: "127.0.0.1:0"}.withDefaults(), log: &logger{}}
	if err := s.listen(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.closeListeners()
	c, err := net.Dial("tcp", s.HTTPAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ac, err := s.httpLn.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer ac.Close()
	if got := soKeepAlive(t, ac.(*net.TCPConn)); got != 0 {
		t.Errorf("SO_KEEPALIVE = %d on an accepted connection, want 0", got)
	}
	if got := soKeepAlive(t, c.(*net.TCPConn)); got != 1 {
		t.Errorf("control: SO_KEEPALIVE = %d on a default Go dial, want 1 (Go's default)", got)
	}
}

func soKeepAlive(t *testing.T, c *net.TCPConn) int {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
	}); err != nil {
		t.Fatal(err)
	}
	if serr != nil {
		t.Fatal(serr)
	}
	return v
}
