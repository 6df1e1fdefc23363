package eas

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// pingRequestHead is a plain-query Ping as an iPhone sends it, with the
// minimal Ping body.
var pingRequestHead = "POST /Microsoft-Server-ActiveSync?Cmd=Ping&User=alice%40contoso.example&DeviceId=ApplF17XK0ABCD&DeviceType=iPhone HTTP/1.1\r\n" +
	"Host: mail.contoso.example\r\n" +
	"Content-Type: application/vnd.ms-sync.wbxml\r\n" +
	"User-Agent: Apple-iPhone14C2/2103.220\r\n" +
	"MS-ASProtocolVersion: 14.1\r\n" +
	"X-MS-PolicyKey: 3942919513\r\n" +
	"Authorization: Basic YWxpY2U6c2VjcmV0LXBhc3N3b3Jk\r\n" +
	"Content-Length: " + strconv.Itoa(len(minimalPing)) + "\r\n" +
	"\r\n" + string(minimalPing)

var pingResponseHead = "HTTP/1.1 200 OK\r\n" +
	"Cache-Control: private\r\n" +
	"Content-Type: application/vnd.ms-sync.wbxml\r\n" +
	"Server: Microsoft-IIS/10.0\r\n" +
	"Content-Length: " + strconv.Itoa(len(pingStatus1)) + "\r\n" +
	"\r\n" + string(pingStatus1)

func TestParseRequestHeadPing(t *testing.T) {
	r, err := ParseRequestHead([]byte(pingRequestHead))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Method", r.Method, "POST"},
		{"Path", r.Path, ActiveSyncPath},
		{"Proto", r.Proto, "HTTP/1.1"},
		{"Host", r.Host, "mail.contoso.example"},
		{"UserAgent", r.UserAgent, "Apple-iPhone14C2/2103.220"},
		{"ProtocolVersion", r.ProtocolVersion, "14.1"},
		{"PolicyKey", r.PolicyKey, "3942919513"},
		{"ContentLength", r.ContentLength, int64(len(minimalPing))},
		{"HasAuthorization", r.HasAuthorization, true},
		{"AuthScheme", r.AuthScheme, "Basic"},
		{"HeadComplete", r.HeadComplete, true},
		{"BodyComplete", r.BodyComplete, true},
		{"ActiveSync", r.ActiveSync, true},
		{"Query.Cmd", r.Query.Cmd, "Ping"},
		{"Query.User", r.Query.User, "alice@contoso.example"},
		{"Query.ProtocolVersion", r.Query.ProtocolVersion, "14.1"},
		{"Query.PolicyKey", r.Query.PolicyKey, "3942919513"},
		{"HasPing", r.HasPing, true},
		{"Ping.HeartbeatInterval", r.Ping.HeartbeatInterval, 480},
		{"Ping.Folders", len(r.Ping.Folders), 1},
		{"PingErr", r.PingErr, error(nil)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseRequestHeadVariants(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, r Request)
	}{
		{"empty repeated ping", "POST /Microsoft-Server-ActiveSync?Cmd=Ping&User=a&DeviceId=b&DeviceType=c HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
			func(t *testing.T, r Request) {
				if !r.HasPing || r.Ping.HeartbeatInterval != 0 || r.PingErr != nil {
					t.Errorf("empty Ping: %+v", r)
				}
			}},
		{"body cut", pingRequestHead[:len(pingRequestHead)-5],
			func(t *testing.T, r Request) {
				if !r.HeadComplete || r.BodyComplete || r.HasPing || len(r.Body) != len(minimalPing)-5 {
					t.Errorf("cut body: head %v body %v ping %v len %d", r.HeadComplete, r.BodyComplete, r.HasPing, len(r.Body))
				}
			}},
		{"base64 query", "POST /Microsoft-Server-ActiveSync?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
			func(t *testing.T, r Request) {
				if !r.Query.Encoded || r.Query.Cmd != "Sync" || r.Query.ProtocolVersion != "14.0" || r.HasPing {
					t.Errorf("base64: %+v", r.Query)
				}
			}},
		{"options", "OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\nHost: h\n\n",
			func(t *testing.T, r Request) {
				if r.Method != "OPTIONS" || !r.ActiveSync || r.QueryErr != nil || r.Query.Cmd != "" || !r.BodyComplete {
					t.Errorf("options: %+v", r)
				}
			}},
		{"absolute form and bearer", "POST http://proxy.example:8080/Microsoft-Server-ActiveSync?Cmd=Sync&User=a&DeviceId=b&DeviceType=c HTTP/1.1\r\nAuthorization: Bearer eyJhbGciOi\r\n\r\n",
			func(t *testing.T, r Request) {
				if r.Host != "proxy.example:8080" || r.Path != ActiveSyncPath || r.AuthScheme != "Bearer" {
					t.Errorf("absolute: host %q path %q scheme %q", r.Host, r.Path, r.AuthScheme)
				}
			}},
		{"bad query kept as error", "POST /Microsoft-Server-ActiveSync?User=a HTTP/1.1\r\n\r\n",
			func(t *testing.T, r Request) {
				if r.QueryErr == nil || r.QueryErr.Error() != "query: no Cmd parameter" {
					t.Errorf("QueryErr = %v", r.QueryErr)
				}
			}},
		{"bad ping body kept as error", "POST /Microsoft-Server-ActiveSync?Cmd=Ping&User=a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
			func(t *testing.T, r Request) {
				want := "ping request: wbxml: offset 0: WBXML version 0x61 not supported (want 0x03)"
				if !r.HasPing || r.PingErr == nil || r.PingErr.Error() != want {
					t.Errorf("PingErr = %v", r.PingErr)
				}
			}},
		{"request line cut", "POST /Microsoft-Server-Act",
			func(t *testing.T, r Request) {
				if r.Method != "POST" || r.Target != "" || r.HeadComplete {
					t.Errorf("cut line: %+v", r)
				}
			}},
		{"other path", "GET /owa/ HTTP/1.1\r\n\r\n",
			func(t *testing.T, r Request) {
				if r.ActiveSync || r.Path != "/owa/" {
					t.Errorf("owa: %+v", r)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRequestHead([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, r)
		})
	}
}

func TestParseRequestHeadNeverKeepsCredentials(t *testing.T) {
	r, err := ParseRequestHead([]byte(pingRequestHead))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ToLower(fmtAll(r))
	for _, secret := range []string{"ywxpy2u6c2vjcmv0lxbhc3n3b3jk", "secret-password"} {
		if strings.Contains(s, secret) {
			t.Errorf("parsed request holds the credential %q", secret)
		}
	}
}

func TestParseHeadTruncatedPrefixes(t *testing.T) {
	for n := 1; n <= len(pingRequestHead); n++ {
		r, err := ParseRequestHead([]byte(pingRequestHead[:n]))
		if err != nil {
			t.Fatalf("request prefix of %d bytes: %v", n, err)
		}
		if r.HasPing != (n == len(pingRequestHead)) {
			t.Fatalf("request prefix of %d bytes: HasPing = %v", n, r.HasPing)
		}
	}
	for n := 1; n <= len(pingResponseHead); n++ {
		r, err := ParseResponseHead([]byte(pingResponseHead[:n]))
		if err != nil {
			t.Fatalf("response prefix of %d bytes: %v", n, err)
		}
		if r.HasPing != (n == len(pingResponseHead)) {
			t.Fatalf("response prefix of %d bytes: HasPing = %v", n, r.HasPing)
		}
	}
}

func TestParseHeadErrors(t *testing.T) {
	tests := []struct {
		name    string
		resp    bool
		in      string
		want    string
		notHTTP bool
	}{
		{"req empty", false, "", "http request head: offset 0: no request line: not an HTTP/1.x message", true},
		{"req tls", false, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "http request head: offset 0: request line has no method: not an HTTP/1.x message", true},
		{"req http2", false, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "http request head: offset 6: request line does not end in HTTP/1.x: not an HTTP/1.x message", true},
		{"req http09", false, "GET /\r\n", "http request head: offset 4: request line has no target and version: not an HTTP/1.x message", true},
		{"req long method", false, strings.Repeat("A", 30), "http request head: offset 0: request line has no method: not an HTTP/1.x message", true},
		{"req bad header", false, "GET / HTTP/1.1\r\nHost mail\r\n\r\n", "http request head: offset 16: malformed header line \"Host mail\"", false},
		{"req bad length", false, "POST / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n", "http request head: offset 17: Content-Length is not a decimal number", false},
		{"resp empty", true, "", "http response head: offset 0: no status line: not an HTTP/1.x message", true},
		{"resp binary", true, "\x00\x00\x12\x04\x00", "http response head: offset 0: status line does not start with HTTP/1.x: not an HTTP/1.x message", true},
		{"resp http2 status", true, "HTTP/2 200\r\n\r\n", "http response head: offset 0: status line does not start with HTTP/1.x: not an HTTP/1.x message", true},
		// Found by FuzzParseResponseHead: a complete status line without a code.
		{"resp line without code", true, "H\nContent-Length:01\n\n", "http response head: offset 0: status line does not start with HTTP/1.x: not an HTTP/1.x message", true},
		{"resp version only", true, "HTTP/1.1\r\n\r\n", "http response head: offset 0: status line has no status code: not an HTTP/1.x message", true},
		{"resp bad code", true, "HTTP/1.1 2x0 OK\r\n\r\n", "http response head: offset 9: status code is not 3 digits from 100 to 999: not an HTTP/1.x message", true},
		{"resp code 042", true, "HTTP/1.1 042 X\r\n\r\n", "http response head: offset 9: status code is not 3 digits from 100 to 999: not an HTTP/1.x message", true},
		{"resp bad length", true, "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "http response head: offset 17: Content-Length is not a decimal number", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.resp {
				_, err = ParseResponseHead([]byte(tc.in))
			} else {
				_, err = ParseRequestHead([]byte(tc.in))
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
			if errors.Is(err, ErrNotHTTP) != tc.notHTTP {
				t.Errorf("errors.Is(err, ErrNotHTTP) = %v, want %v", !tc.notHTTP, tc.notHTTP)
			}
			var he *HeadError
			if !errors.As(err, &he) {
				t.Errorf("error %T is not a *HeadError", err)
			}
		})
	}
}

func TestParseResponseHead(t *testing.T) {
	r, err := ParseResponseHead([]byte(pingResponseHead))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 || r.Reason != "OK" || r.Server != "Microsoft-IIS/10.0" || !r.HasPing ||
		r.Ping.Status != PingExpired || r.ContentType != "application/vnd.ms-sync.wbxml" {
		t.Errorf("ping response: %+v", r)
	}
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, r Response)
	}{
		{"503 retry", "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
			func(t *testing.T, r Response) {
				if r.Status != 503 || r.RetryAfter != "30" || r.Connection != "close" || !r.BodyComplete {
					t.Errorf("%+v", r)
				}
			}},
		{"451 redirect", "HTTP/1.1 451 \r\nX-MS-Location: https://mail2.contoso.example/Microsoft-Server-ActiveSync\r\nContent-Length: 0\r\n\r\n",
			func(t *testing.T, r Response) {
				if r.Status != 451 || r.Location != "https://mail2.contoso.example/Microsoft-Server-ActiveSync" || r.Reason != "" {
					t.Errorf("%+v", r)
				}
			}},
		{"options", "HTTP/1.1 200 OK\r\nMS-ASProtocolVersions: 2.5,12.0,12.1,14.0,14.1\r\nMS-ASProtocolCommands: Sync,Ping\r\nContent-Length: 0\r\n\r\n",
			func(t *testing.T, r Response) {
				if r.ProtocolVersions != "2.5,12.0,12.1,14.0,14.1" || r.ProtocolCommands != "Sync,Ping" {
					t.Errorf("%+v", r)
				}
			}},
		{"until close", "HTTP/1.0 502 Bad Gateway\r\n\r\n<html>",
			func(t *testing.T, r Response) {
				if r.BodyComplete || string(r.Body) != "<html>" {
					t.Errorf("%+v", r)
				}
			}},
		{"204 no body", "HTTP/1.1 204 No Content\r\n\r\n",
			func(t *testing.T, r Response) {
				if !r.BodyComplete || len(r.Body) != 0 {
					t.Errorf("%+v", r)
				}
			}},
		{"status cut", "HTTP/1.1 50",
			func(t *testing.T, r Response) {
				if r.Status != 0 || r.Proto != "HTTP/1.1" || r.HeadComplete {
					t.Errorf("%+v", r)
				}
			}},
		{"ping status 5", withLength("HTTP/1.1 200 OK\r\n", mustPingResp(PingResponse{Status: 5, HeartbeatInterval: 3540})),
			func(t *testing.T, r Response) {
				if !r.HasPing || r.Ping.Status != PingHeartbeatOutOfRange || r.Ping.HeartbeatInterval != 3540 {
					t.Errorf("%+v", r)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseResponseHead([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, r)
		})
	}
}

func mustPingResp(r PingResponse) string {
	b, err := EncodePingResponse(r)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func BenchmarkParseRequestHeadPing(b *testing.B) {
	in := []byte(pingRequestHead)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRequestHead(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseResponseHeadPing(b *testing.B) {
	in := []byte(pingResponseHead)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseResponseHead(in); err != nil {
			b.Fatal(err)
		}
	}
}

func fmtAll(v any) string { return fmt.Sprintf("%+v %#v", v, v) }

func withLength(head, body string) string {
	return head + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}
