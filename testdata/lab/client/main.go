// Command client is the lab's mobile device: it opens one TCP connection
// (optionally TLS) with keep-alive off and sends ActiveSync Pings on it one
// after the other, each with its own HeartbeatInterval, the way a phone
// holding Direct Push does. It gives up on a Ping after its heartbeat plus
// -slack and closes the connection (FIN), as a client would.
//
// Every event is printed on stdout, one line each, with the elapsed time
// since the Ping was sent. It exits 0 when the run went as far as it could
// (a Ping cut by a middlebox is an outcome, not an error), 1 when it could
// not connect at all, 2 on bad usage.
package main

import (
	"bufio"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout))
}

// options holds the command line.
type options struct {
	addr       string        // host:port to dial
	host       string        // Host header and TLS server name
	useTLS     bool          // speak TLS on the connection
	keylog     string        // TLS key log file (NSS format), "" for none
	heartbeats []int         // one Ping per entry, seconds
	slack      time.Duration // give up a Ping after heartbeat+slack
	query      string        // extra query parameters, e.g. "close=3"
	gap        time.Duration // pause between an answer and the next Ping
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	var o options
	var hbs string
	fs.StringVar(&o.addr, "addr", "192.0.2.66:80", "host:port to connect to")
	fs.StringVar(&o.host, "host", "mail.example.com", "Host header and TLS server name")
	fs.BoolVar(&o.useTLS, "tls", false, "use TLS (certificate not verified: lab only)")
	fs.StringVar(&o.keylog, "keylog", "", "write TLS session keys to this file")
	fs.StringVar(&hbs, "heartbeats", "20", "comma-separated HeartbeatInterval per Ping, seconds")
	fs.DurationVar(&o.slack, "slack", 5*time.Second, "give up a Ping this long after its heartbeat")
	fs.StringVar(&o.query, "query", "", "extra query parameters appended to the Ping URL")
	fs.DurationVar(&o.gap, "gap", 0, "pause between an answer and the next Ping")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, f := range strings.Split(hbs, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 || v > 3600 {
			return o, fmt.Errorf("-heartbeats: %q is not a number of seconds in 0..3600", f)
		}
		o.heartbeats = append(o.heartbeats, v)
	}
	return o, nil
}

func run(args []string, out io.Writer) int {
	o, err := parseFlags(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		return 2
	}
	conn, err := dial(o)
	if err != nil {
		fmt.Fprintf(out, "%s connect %s: %v\n", stamp(), o.addr, err)
		return 1
	}
	defer conn.Close()
	fmt.Fprintf(out, "%s connected %s -> %s tls=%v\n", stamp(), conn.LocalAddr(), conn.RemoteAddr(), o.useTLS)
	br := bufio.NewReader(conn)
	for i, hb := range o.heartbeats {
		if !ping(conn, br, o, i+1, hb, out) {
			break
		}
		if o.gap > 0 && i < len(o.heartbeats)-1 {
			time.Sleep(o.gap)
		}
	}
	fmt.Fprintf(out, "%s closing the connection\n", stamp())
	return 0
}

// dial connects with TCP keep-alive off, then runs the TLS handshake if asked.
func dial(o options) (net.Conn, error) {
	d := net.Dialer{KeepAlive: -1, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", o.addr)
	if err != nil || !o.useTLS {
		return conn, err
	}
	cfg := &tls.Config{ServerName: o.host, InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}
	if o.keylog != "" {
		f, err := os.OpenFile(o.keylog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("open key log: %w", err)
		}
		cfg.KeyLogWriter = f // closed at exit
	}
	tc := tls.Client(conn, cfg)
	_ = tc.SetDeadline(time.Now().Add(5 * time.Second))
	if err := tc.Handshake(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("tls handshake: %w", err)
	}
	_ = tc.SetDeadline(time.Time{})
	return tc, nil
}

// ping sends one Ping and waits for its answer. It reports whether the
// connection can carry another Ping.
func ping(conn net.Conn, br *bufio.Reader, o options, n, hb int, out io.Writer) bool {
	start := time.Now()
	limit := time.Duration(hb)*time.Second + o.slack
	_ = conn.SetDeadline(start.Add(limit))
	if _, err := conn.Write(request(o, hb)); err != nil {
		fmt.Fprintf(out, "%s ping %d heartbeat=%ds write error after %s: %v\n", stamp(), n, hb, since(start), err)
		return false
	}
	fmt.Fprintf(out, "%s ping %d heartbeat=%ds sent\n", stamp(), n, hb)
	res, err := readResponse(br)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			fmt.Fprintf(out, "%s ping %d heartbeat=%ds gave up after %s (no answer)\n", stamp(), n, hb, since(start))
		} else {
			fmt.Fprintf(out, "%s ping %d heartbeat=%ds cut after %s: %v\n", stamp(), n, hb, since(start), err)
		}
		return false
	}
	fmt.Fprintf(out, "%s ping %d heartbeat=%ds answered after %s: HTTP %d, ping status %s, connection close=%v\n",
		stamp(), n, hb, since(start), res.code, res.pingStatus, res.close)
	return !res.close
}

func stamp() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z") }

func since(t time.Time) string { return time.Since(t).Round(time.Millisecond).String() }
