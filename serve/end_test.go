package serve_test

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/serve"
)

// TestEndsEarlyAsAsked checks close= and reset= from the client's socket: a FIN
// reads as a clean EOF with no answer, a RST as ECONNRESET, both at the delay
// asked; and the responder logs how it ended the request.
func TestEndsEarlyAsAsked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		tls     bool
		query   string
		want    serve.Outcome
		wantErr error // from the client's read: io.EOF or ECONNRESET
	}{
		{"http close", false, "close=0.3", serve.Closed, io.EOF},
		{"http reset", false, "reset=0.3", serve.Reset, syscall.ECONNRESET},
		{"https close", true, "close=0.3", serve.Closed, io.EOF},
		{"https reset", true, "reset=0.3", serve.Reset, syscall.ECONNRESET},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := serve.Options{}
			if tc.tls {
				opts.HTTPSAddr = "127.0.0.1:0"
			}
			s, events := start(t, opts)
			var c net.Conn
			var err error
			if tc.tls {
				c, err = tls.Dial("tcp", s.HTTPSAddr().String(), &tls.Config{InsecureSkipVerify: true})
			} else {
				c, err = net.Dial("tcp", s.HTTPAddr().String())
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			begin := time.Now()
			fmt.Fprintf(c, "POST /Microsoft-Server-ActiveSync?Cmd=Ping&%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s",
				tc.query, len(pingBody20), pingBody20)
			_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
			got, err := io.ReadAll(c)
			if err == nil {
				err = io.EOF // ReadAll reports a clean EOF as nil
			}
			if len(got) != 0 || !errors.Is(err, tc.wantErr) {
				t.Errorf("client read %q, %v; want nothing and %v", got, err, tc.wantErr)
			}
			within(t, "client wait", time.Since(begin).Seconds(), 0.3)
			e := next(t, events, 3*time.Second)
			if e.Outcome != tc.want || e.Status != 0 || e.HoldS != 0.3 || e.Detail != "" {
				t.Errorf("event = %+v, want %s after 0.3 s without a status", e, tc.want)
			}
			within(t, "event after", e.AfterS, 0.3)
		})
	}
}

// pingBody20 is an ActiveSync Ping body with HeartbeatInterval 20: close= and
// reset= replace the heartbeat's hold.
var pingBody20 = "\x03\x01\x6A\x00\x00\x0D\x45\x48\x0320\x00\x01\x49\x4A\x4B\x035\x00\x01\x4C\x03Email\x00\x01\x01\x01\x01"

// TestEarlyEndLogLine checks the text log names how the responder ended it.
func TestEarlyEndLogLine(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	s, err := serve.Start(t.Context(), serve.Options{HTTPAddr: "127.0.0.1:0"}, &log)
	if err != nil {
		t.Fatal(err)
	}
	c := rawRequest(t, s.HTTPAddr(), "/x?reset=0.1")
	_, _ = io.ReadAll(c)
	_ = c.Close()
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	const want = " http POST /x hold=0.100s reset after=0.1"
	if !strings.Contains(log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, log.String())
	}
}
