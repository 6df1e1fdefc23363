package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// statusServer answers the status code named by the path (/200, /401...).
func statusServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		w.WriteHeader(code)
	}))
	t.Cleanup(s.Close)
	return s
}

func decodeLines(t *testing.T, s string) []Result {
	t.Helper()
	var out []Result
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		var r Result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		out = append(out, r)
	}
	return out
}

func TestOneShot(t *testing.T) {
	s := statusServer(t)
	dead := closedPort(t)
	var out bytes.Buffer
	urls := []string{s.URL + "/200", s.URL + "/401", s.URL + "/407", s.URL + "/500", "http://" + dead + "/"}
	code, err := Run(context.Background(), Options{URLs: urls, Timeout: 2 * time.Second}, &out)
	if err != nil || code != ExitUnreachable {
		t.Fatalf("Run = %d, %v; want %d", code, err, ExitUnreachable)
	}
	got := decodeLines(t, out.String())
	want := []struct {
		ok     bool
		status int
	}{{true, 200}, {true, 401}, {true, 407}, {false, 500}, {false, 0}}
	for i, w := range want {
		if got[i].Reachable != w.ok || got[i].Status != w.status || got[i].URL != urls[i] {
			t.Errorf("line %d = %+v, want reachable=%v status %d", i, got[i], w.ok, w.status)
		}
	}
	if got[4].Error == "" || got[0].LatencyMS <= 0 {
		t.Errorf("want an error for the closed port and a latency: %+v", got)
	}
	out.Reset()
	code, err = Run(context.Background(), Options{URLs: urls[:3]}, &out)
	if err != nil || code != ExitReachable {
		t.Errorf("all reachable: Run = %d, %v; want 0", code, err)
	}
}

// closedPort returns a loopback address nobody listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestRoundsAndCredentials(t *testing.T) {
	s := statusServer(t)
	var out bytes.Buffer
	u := strings.Replace(s.URL, "http://", "http://alice:s3cr3t@", 1) + "/200"
	code, err := Run(context.Background(), Options{URLs: []string{u}, Interval: 50 * time.Millisecond, Rounds: 3}, &out)
	if err != nil || code != ExitReachable {
		t.Fatalf("Run = %d, %v", code, err)
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("%d lines for 3 rounds", n)
	}
	if strings.Contains(out.String(), "s3cr3t") || strings.Contains(out.String(), "alice") {
		t.Errorf("credentials leaked: %s", out.String())
	}
}

func TestSyslogFormat(t *testing.T) {
	r := Result{Time: time.Date(2026, 11, 25, 3, 4, 5, 678901000, time.UTC), URL: `https://mail.example.com/a"b]`, Status: 503, LatencyMS: 12.34}
	const want = `<12>1 2026-11-25T03:04:05.678901Z jump_box hopaudit 42 watch [hopaudit@32473 url="https://mail.example.com/a\"b\]" reachable="false" status="503" latency_ms="12.3"] https://mail.example.com/a"b] unreachable: HTTP 503 in 12.3 ms`
	if got := FormatSyslog(r, "jump box", 42); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r = Result{Time: r.Time, URL: "https://mail.example.com/", Reachable: true, Status: 401, LatencyMS: 3}
	if got := FormatSyslog(r, "", 7); !strings.HasPrefix(got, "<14>1 2026-11-25T03:04:05.678901Z - hopaudit 7 watch ") {
		t.Errorf("reachable line = %s", got)
	}
}

func TestSyslogUDPAndTCP(t *testing.T) {
	s := statusServer(t)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	code, err := Run(context.Background(), Options{URLs: []string{s.URL + "/200"}, Syslog: "udp://" + pc.LocalAddr().String(), Hostname: "h"}, nil)
	if err != nil || code != 0 {
		t.Fatalf("Run = %d, %v", code, err)
	}
	buf := make([]byte, 2048)
	_ = pc.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, _, err := pc.ReadFrom(buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "<14>1 ") || !strings.Contains(string(buf[:n]), ` status="200" `) {
		t.Errorf("datagram %q, %v", buf[:n], err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b := make([]byte, 4096)
		n, _ := c.Read(b)
		got <- string(b[:n])
	}()
	if _, err := Run(context.Background(), Options{URLs: []string{s.URL + "/200"}, Syslog: "tcp://" + ln.Addr().String(), Hostname: "h"}, nil); err != nil {
		t.Fatal(err)
	}
	frame := <-got
	sp := strings.IndexByte(frame, ' ')
	if sp < 0 || frame[:sp] != strconv.Itoa(len(frame)-sp-1) {
		t.Errorf("tcp frame %q: want octet-counting length prefix", frame)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(path, []byte("# monitor\nhttps://mail.example.com/\n\nftp://198.51.100.1/\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"file line", Options{File: path}, "watch: " + path + `:4: "ftp://198.51.100.1/" is not an http or https URL`},
		{"argument", Options{URLs: []string{"https://ok.example.com/", "mail.example.com"}}, `watch: argument 2: "mail.example.com" is not an http or https URL`},
		{"nothing", Options{}, "watch: no URL to watch"},
		{"syslog", Options{URLs: []string{"https://ok.example.com/"}, Syslog: "198.51.100.1:514"}, `watch: syslog server "198.51.100.1:514": want udp://host:port or tcp://host:port`},
		{"format", Options{URLs: []string{"https://ok.example.com/"}, Format: "xml"}, `watch: format "xml": want json or syslog`},
	} {
		code, err := Run(context.Background(), tc.o, &bytes.Buffer{})
		if code != ExitError || err == nil || err.Error() != tc.want {
			t.Errorf("%s: Run = %d, %v\nwant %d, %q", tc.name, code, err, ExitError, tc.want)
		}
	}
}

// FuzzSyslog checks that any URL and error text give one line whose structured
// data stays closed: every ] and " inside a value is escaped.
func FuzzSyslog(f *testing.F) {
	f.Add("https://mail.example.com/", "dial tcp: refused")
	f.Add(`a"b]c\`, "]]")
	f.Fuzz(func(t *testing.T, u, e string) {
		if strings.ContainsAny(u+e, "\r\n") {
			t.Skip()
		}
		line := FormatSyslog(Result{URL: u, Error: e}, "h", 1)
		rest := line[strings.Index(line, "[")+1:]
		inQuote, esc := false, false
		for i, c := range rest {
			switch {
			case esc:
				esc = false
			case c == '\\' && inQuote:
				esc = true
			case c == '"':
				inQuote = !inQuote
			case c == ']' && !inQuote:
				if !strings.HasPrefix(rest[i+1:], " ") {
					t.Fatalf("structured data closed early in %q", line)
				}
				return
			}
		}
		t.Fatalf("structured data never closed in %q", line)
	})
}
