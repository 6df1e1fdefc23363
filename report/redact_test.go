package report

import (
	"bytes"
	"net"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// secrets lists the user names, device IDs and client addresses of res.
func secrets(res *Result) []string {
	var out []string
	for _, c := range res.Analysis.Connections {
		host, _, _ := net.SplitHostPort(c.Client)
		out = append(out, host)
		if c.Request != nil {
			out = append(out, c.Request.User, c.Request.DeviceID)
		}
	}
	for _, r := range res.Probes {
		for _, p := range r.Probes {
			host, _, _ := net.SplitHostPort(p.Local)
			out = append(out, host)
		}
	}
	return out
}

// TestRedactEveryFormat: no user name, device ID or client address of
// the example survives in any format; servers and boxes stay.
func TestRedactEveryFormat(t *testing.T) {
	res := loadExample(t)
	sec := secrets(res)
	if len(sec) < 20 {
		t.Fatalf("the example has only %d secrets: the test would prove little", len(sec))
	}
	red := Redact(res, "k")
	for _, format := range Formats {
		out := render(t, red, format, colorprofile.ANSI)
		for _, s := range sec {
			if s != "" && bytes.Contains(bytes.ToLower(out), []byte(strings.ToLower(s))) {
				t.Errorf("%s output still contains %q", format, s)
			}
		}
		if !bytes.Contains(out, []byte("192.0.2.10")) {
			t.Errorf("%s output lost the F5's address 192.0.2.10", format)
		}
	}
	if again := Redact(res, "k"); !reflect.DeepEqual(again, red) {
		t.Errorf("Redact is not stable for the same key")
	}
	if res.Analysis.Connections[0].Request.User != "user4" {
		t.Errorf("Redact modified its input")
	}
}

func TestRedactStrings(t *testing.T) {
	res := &Result{
		Path: &Path{Hops: []Hop{{Name: "devices", Kind: "client", Source: []string{"198.51.100.0/24"}}, {Name: "lb", Kind: "haproxy", Listen: []string{"192.0.2.1:443"}, Source: []string{"198.51.100.1"}}}},
		Analysis: &Analysis{Connections: []Connection{
			{Client: "198.51.100.7:4000", Request: &Request{User: `CORP\jdoe`, DeviceID: "ABC123"}},
			{Client: "198.51.100.1:5000"}, // the proxy's own address: stays
			{Client: "[2001:db8::7]:4000"},
		}},
		Findings: []Finding{{Evidence: []string{
			`198.51.100.7 sent RST; 198.51.100.70 and 198.51.100.7.5 did not`,
			`POST /Microsoft-Server-ActiveSync?Cmd=Ping&User=jdoe&DeviceId=abc123&DeviceType=iPhone`,
			`by 198.51.100.1 and [2001:db8::7]:4000, user JDOE@example.com via 192.0.2.1:443`,
			`Cmd=Sync&User=other&DeviceId=XYZ9`,
		}}},
	}
	red := Redact(res, "k")
	ev := strings.Join(red.Findings[0].Evidence, "\n")
	for _, gone := range []string{"198.51.100.7 ", "jdoe", "JDOE", "abc123", "ABC123", "2001:db8::7", "other", "XYZ9"} {
		if strings.Contains(ev, gone) {
			t.Errorf("evidence still contains %q:\n%s", gone, ev)
		}
	}
	for _, kept := range []string{"198.51.100.70", "198.51.100.7.5", "198.51.100.1 ", "192.0.2.1:443", "DeviceType=iPhone", "@example.com"} {
		if !strings.Contains(ev, kept) {
			t.Errorf("evidence lost %q:\n%s", kept, ev)
		}
	}
	c := red.Analysis.Connections
	if !strings.HasPrefix(c[0].Client, "client-") || !strings.HasSuffix(c[0].Client, ":4000") || c[1].Client != "198.51.100.1:5000" {
		t.Errorf("clients = %q, %q", c[0].Client, c[1].Client)
	}
	if !strings.HasPrefix(c[0].Request.User, "user-") || !strings.HasPrefix(c[0].Request.DeviceID, "device-") {
		t.Errorf("request = %+v", *c[0].Request)
	}
	if red.Path.Hops[0].Source[0] == "198.51.100.0/24" || red.Path.Hops[1].Source[0] != "198.51.100.1" {
		t.Errorf("path sources = %v, %v", red.Path.Hops[0].Source, red.Path.Hops[1].Source)
	}
	// The same device ID in another case gets the same pseudonym.
	if !strings.Contains(ev, c[0].Request.DeviceID) {
		t.Errorf("DeviceId=abc123 did not get %s:\n%s", c[0].Request.DeviceID, ev)
	}
	if Redact(res, "other-key").Analysis.Connections[0].Request.User == c[0].Request.User {
		t.Errorf("pseudonyms do not depend on the key")
	}
}
