package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Format is the line format of results.
type Format string

// Formats.
const (
	JSON   Format = "json"   // one JSON object per line
	Syslog Format = "syslog" // one RFC 5424 line
)

// sdID is the structured-data id of result fields: "hopaudit" at the
// documentation enterprise number 32473 (RFC 5612).
const sdID = "hopaudit@32473"

// FormatJSON renders r as one JSON line (with the newline).
func FormatJSON(r Result) string {
	b, _ := json.Marshal(r)
	return string(b) + "\n"
}

// FormatSyslog renders r as one RFC 5424 message (without a newline): facility
// user, severity informational when reachable, warning otherwise; the fields in
// structured data; a readable message.
func FormatSyslog(r Result, hostname string, pid int) string {
	sev := 6
	if !r.Reachable {
		sev = 4
	}
	sd := fmt.Sprintf(`[%s url="%s" reachable="%t" status="%d" latency_ms="%.1f"`, sdID, sdEscape(r.URL), r.Reachable, r.Status, r.LatencyMS)
	if r.Error != "" {
		sd += fmt.Sprintf(` error="%s"`, sdEscape(r.Error))
	}
	sd += "]"
	return fmt.Sprintf("<%d>1 %s %s hopaudit %d watch %s %s", 1*8+sev, r.Time.UTC().Format("2006-01-02T15:04:05.000000Z"),
		headerField(hostname), pid, sd, message(r))
}

// message is the free-text part of a syslog line.
func message(r Result) string {
	if r.Reachable {
		return fmt.Sprintf("%s reachable: HTTP %d in %.1f ms", r.URL, r.Status, r.LatencyMS)
	}
	if r.Status != 0 {
		return fmt.Sprintf("%s unreachable: HTTP %d in %.1f ms", r.URL, r.Status, r.LatencyMS)
	}
	return fmt.Sprintf("%s unreachable after %.1f ms: %s", r.URL, r.LatencyMS, r.Error)
}

// sdEscape escapes a structured-data parameter value (RFC 5424 6.3.3).
func sdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, `]`, `\]`).Replace(s)
}

// headerField makes s a valid header field: printable US-ASCII without spaces,
// at most 255 characters, "-" when empty.
func headerField(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 33 || c > 126 {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "-"
	}
	return string(b[:min(len(b), 255)])
}

// sink writes results to a writer or a syslog server.
type sink struct {
	format   Format
	out      io.Writer
	conn     net.Conn
	stream   bool // octet-counting framing (tcp)
	hostname string
	pid      int
}

// newSink opens the syslog connection when one is configured.
func newSink(ctx context.Context, o Options, out io.Writer) (*sink, error) {
	s := &sink{format: o.Format, out: out, hostname: o.Hostname, pid: os.Getpid()}
	if s.hostname == "" {
		s.hostname, _ = os.Hostname()
	}
	if s.format != JSON && s.format != Syslog {
		return nil, fmt.Errorf("format %q: want json or syslog", s.format)
	}
	if o.Syslog == "" {
		return s, nil
	}
	u, err := url.Parse(o.Syslog)
	if err != nil || (u.Scheme != "udp" && u.Scheme != "tcp") || u.Port() == "" {
		return nil, fmt.Errorf("syslog server %q: want udp://host:port or tcp://host:port", o.Syslog)
	}
	d := net.Dialer{Timeout: o.Timeout}
	if s.conn, err = d.DialContext(ctx, u.Scheme, u.Host); err != nil {
		return nil, fmt.Errorf("syslog server %s: %w", u.Host, err)
	}
	s.stream = u.Scheme == "tcp"
	return s, nil
}

// write sends one result.
func (s *sink) write(r Result) error {
	if s.format == JSON {
		_, err := io.WriteString(s.out, FormatJSON(r))
		return err
	}
	line := FormatSyslog(r, s.hostname, s.pid)
	if s.conn == nil {
		_, err := io.WriteString(s.out, line+"\n")
		return err
	}
	if s.stream {
		line = strconv.Itoa(len(line)) + " " + line
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(s.conn, line); err != nil {
		return fmt.Errorf("send to syslog server: %w", err)
	}
	return nil
}

func (s *sink) close() {
	if s.conn != nil {
		_ = s.conn.Close()
	}
}
