package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/serve"
)

// start runs a responder on loopback and returns it with a channel of its events.
func start(t *testing.T, opts serve.Options) (*serve.Server, <-chan serve.Event) {
	t.Helper()
	events := make(chan serve.Event, 16)
	opts.OnEvent = func(e serve.Event) { events <- e }
	if opts.HTTPAddr == "" && opts.HTTPSAddr == "" {
		opts.HTTPAddr = "127.0.0.1:0"
	}
	s, err := serve.Start(context.Background(), opts, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, events
}

// next waits for one event, failing after limit.
func next(t *testing.T, events <-chan serve.Event, limit time.Duration) serve.Event {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(limit):
		t.Fatal("no event from the responder")
	}
	return serve.Event{}
}

// within fails unless got is in [want-lo, want+hi] seconds.
func within(t *testing.T, what string, got, want float64) {
	t.Helper()
	if got < want-0.05 || got > want+0.5 {
		t.Errorf("%s = %.3f s, want %.3f s (-0.05/+0.5)", what, got, want)
	}
}

// rawRequest dials addr and writes a POST asking to hold path.
func rawRequest(t *testing.T, addr net.Addr, target string) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", target)
	return c.(*net.TCPConn)
}

func TestAnswersAfterHold(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{})
	begin := time.Now()
	resp, err := http.Post("http://"+s.HTTPAddr().String()+"/any/path?hold=1", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	within(t, "client wait", time.Since(begin).Seconds(), 1)
	if resp.StatusCode != 200 || string(body) != "held 1.000s\n" || !resp.Close {
		t.Errorf("got %d %q close=%v, want 200 \"held 1.000s\\n\" with Connection: close", resp.StatusCode, body, resp.Close)
	}
	e := next(t, events, 3*time.Second)
	if e.Outcome != serve.Answered || e.Status != 200 || e.HoldS != 1 || e.Path != "/any/path" || e.Method != "POST" {
		t.Errorf("event = %+v, want answered 200 POST /any/path hold 1", e)
	}
	within(t, "event after", e.AfterS, 1)
	if host, _, _ := net.SplitHostPort(e.Peer); host != "127.0.0.1" {
		t.Errorf("peer = %q, want 127.0.0.1:port", e.Peer)
	}
}

func TestActiveSyncPingHeartbeat(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{})
	ping := []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x48, 0x03, '1', 0x00, 0x01, 0x49, 0x4A, 0x4B, 0x03, '5', 0x00, 0x01, 0x4C, 0x03, 'E', 'm', 'a', 'i', 'l', 0x00, 0x01, 0x01, 0x01, 0x01}
	url := "http://" + s.HTTPAddr().String() + "/Microsoft-Server-ActiveSync?Cmd=Ping&User=u&DeviceId=d&DeviceType=t"
	resp, err := http.Post(url, "application/vnd.ms-sync.wbxml", strings.NewReader(string(ping)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != string(serve.PingStatus1) || resp.Header.Get("Content-Type") != "application/vnd.ms-sync.wbxml" {
		t.Errorf("body % x type %q, want Ping Status 1 WBXML", body, resp.Header.Get("Content-Type"))
	}
	e := next(t, events, 3*time.Second)
	if e.HoldS != 1 || e.Path != "/Microsoft-Server-ActiveSync?Cmd=Ping" {
		t.Errorf("event = %+v, want hold 1 from the heartbeat, path without user", e)
	}
}

func TestUpstreamCloses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		linger bool
		want   serve.Outcome
	}{
		{"fin", false, serve.FIN},
		{"rst", true, serve.RST},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, events := start(t, serve.Options{})
			c := rawRequest(t, s.HTTPAddr(), "/x?hold=10")
			time.Sleep(300 * time.Millisecond)
			if tc.linger {
				_ = c.SetLinger(0)
			}
			_ = c.Close()
			e := next(t, events, 3*time.Second)
			if e.Outcome != tc.want || e.HoldS != 10 || e.Status != 0 {
				t.Errorf("event = %+v, want %s while holding 10 s", e, tc.want)
			}
			within(t, "after", e.AfterS, 0.3)
		})
	}
}

func TestSilentConnection(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{MaxHold: 400 * time.Millisecond})
	c, err := net.Dial("tcp", s.HTTPAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	e := next(t, events, 3*time.Second)
	if e.Outcome != serve.Timeout || e.Method != "" {
		t.Errorf("event = %+v, want timeout with no request", e)
	}
	within(t, "after", e.AfterS, 0.4)
}

func TestHoldCappedAndBad(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{MaxHold: 300 * time.Millisecond})
	c := rawRequest(t, s.HTTPAddr(), "/x?hold=10m")
	defer c.Close()
	e := next(t, events, 3*time.Second)
	if e.Outcome != serve.Answered || e.HoldS != 0.3 || e.Detail != "asked 10m0s, capped to max hold 300ms" {
		t.Errorf("event = %+v, want answered at the 0.3 s cap", e)
	}
	c2 := rawRequest(t, s.HTTPAddr(), "/x?hold=soon")
	defer c2.Close()
	resp, err := http.ReadResponse(bufio.NewReader(c2), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	const want = "bad hold: hold \"soon\": want seconds or a duration like 5m\n"
	if resp.StatusCode != 400 || string(body) != want {
		t.Errorf("got %d %q, want 400 %q", resp.StatusCode, body, want)
	}
}

func TestHTTPSSelfSigned(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{HTTPSAddr: "127.0.0.1:0"})
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	req, _ := http.NewRequest("POST", "https://"+s.HTTPSAddr().String()+"/", nil)
	req.Header.Set(serve.HoldHeader, "0.2")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	e := next(t, events, 3*time.Second)
	if resp.StatusCode != 200 || e.Outcome != serve.Answered || !e.TLS || e.HoldS != 0.2 {
		t.Errorf("status %d event %+v, want 200 answered over TLS after 0.2 s", resp.StatusCode, e)
	}
}

func TestMaxConns(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{MaxConns: 1})
	c1 := rawRequest(t, s.HTTPAddr(), "/x?hold=2")
	defer c1.Close()
	time.Sleep(100 * time.Millisecond)
	c2 := rawRequest(t, s.HTTPAddr(), "/x?hold=2")
	defer c2.Close()
	resp, err := http.ReadResponse(bufio.NewReader(c2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 503 {
		t.Errorf("second connection got %d, want 503", resp.StatusCode)
	}
	if e := next(t, events, 3*time.Second); e.Outcome != serve.Rejected {
		t.Errorf("event = %+v, want rejected", e)
	}
}

func TestShutdownAnswersHeld(t *testing.T) {
	t.Parallel()
	s, events := start(t, serve.Options{})
	c := rawRequest(t, s.HTTPAddr(), "/x?hold=30")
	defer c.Close()
	time.Sleep(200 * time.Millisecond)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("held request got %v %v, want 503", resp, err)
	}
	if e := next(t, events, time.Second); e.Outcome != serve.Shutdown || e.Status != 503 {
		t.Errorf("event = %+v, want shutdown 503", e)
	}
}

// syncBuffer is a bytes.Buffer safe for the responder's log goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, serve.Options{HTTPAddr: "127.0.0.1:0", LogFormat: serve.LogJSON}, io.Discard)
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v after cancel, want nil", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestJSONEvent(t *testing.T) {
	e := serve.Event{Arrived: time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), Peer: "203.0.113.9:4242", Local: "192.0.2.5:443",
		TLS: true, Method: "POST", Path: "/", HoldS: 2, Outcome: serve.FIN, AfterS: 1.5}
	b, _ := json.Marshal(e)
	const want = `{"arrived":"2026-11-25T03:00:00Z","peer":"203.0.113.9:4242","local":"192.0.2.5:443","tls":true,"method":"POST","path":"/","hold_s":2,"outcome":"fin","after_s":1.5}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// listenAddr extracts the address from a text start-up line.
func listenAddr(log string) string {
	const p = "listening http://"
	i := strings.Index(log, p)
	if i < 0 {
		return ""
	}
	return strings.Fields(log[i+len(p):])[0]
}

func TestRunTextLog(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log syncBuffer
	done := make(chan error, 1)
	go func() { done <- serve.Run(ctx, serve.Options{HTTPAddr: "127.0.0.1:0"}, &log) }()
	var addr string
	for deadline := time.Now().Add(2 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		addr = listenAddr(log.String())
	}
	if addr == "" {
		t.Fatalf("no start-up line in %q", log.String())
	}
	c := rawRequest(t, tcpAddr(t, addr), "/x?hold=0.1")
	_, _ = io.ReadAll(c)
	_ = c.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), " http POST /x hold=0.100s answered 200 after=0.1") {
		t.Errorf("log lacks the request line:\n%s", log.String())
	}
}

func tcpAddr(t *testing.T, s string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
