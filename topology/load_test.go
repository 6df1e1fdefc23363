package topology

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	top, err := Parse("ex.yaml", Example)
	if err != nil {
		t.Fatalf("example topology does not load: %v", err)
	}
	if top.Name != "contoso-eas" || len(top.Hops) != 5 {
		t.Fatalf("got name %q with %d hops", top.Name, len(top.Hops))
	}
	if top.Heartbeat != 59*time.Minute || top.HeartbeatFrom != "declared" {
		t.Errorf("heartbeat %v from %s", top.Heartbeat, top.HeartbeatFrom)
	}
	vip := top.Hops[top.Index("eas-vip")]
	if got := vip.Timers["tcp_idle"]; got.Value != 300*time.Second || got.Pos.Line == 0 {
		t.Errorf("tcp_idle = %+v", got)
	}
	if vip.Listen[0].String() != "203.0.113.10:443" || vip.Source[0].String() != "198.51.100.5" {
		t.Errorf("addresses %v %v", vip.Listen, vip.Source)
	}
	if vip.Str("pool") != "eas-pool" {
		t.Errorf("settings %v", vip.Settings)
	}
	if c := top.Captures[0]; c.Path != "edge.pcapng" || c.Between != [2]string{"edge-fw", "eas-vip"} {
		t.Errorf("capture %+v", c)
	}
}

func TestHeartbeatDefaults(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       time.Duration
		from       string
	}{
		{"from exchange", "hops:\n  - name: c\n    kind: exchange\n    timers: { max_heartbeat: 1800 }\n", 30 * time.Minute, "exchange max_heartbeat"},
		{"default", "hops:\n  - name: c\n    kind: client\n", DefaultHeartbeat, "default"},
		{"declared wins", "heartbeat: 20m\nhops:\n  - name: c\n    kind: exchange\n    timers: { max_heartbeat: 30m }\n", 20 * time.Minute, "declared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top, err := Parse("t.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if top.Heartbeat != tt.want || top.HeartbeatFrom != tt.from {
				t.Errorf("got %v from %q, want %v from %q", top.Heartbeat, top.HeartbeatFrom, tt.want, tt.from)
			}
			if top.Margin != DefaultMargin || top.MarginFrom != "default" {
				t.Errorf("margin %v %s", top.Margin, top.MarginFrom)
			}
		})
	}
}

// TestParseErrors checks the full error text: every problem at once,
// sorted, each with line:column and the hop it is in.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{
			name: "everything at once",
			yaml: `name: bad
heartbeat: soon
colour: red
hops:
  - name: devices
    kind: client
  - name: fw
    kind: firewal
  - name: vip
    kind: f5-vip
    listen: [203.0.113.300:443]
    timers: { tcp_idle: -5s, idle: 60m }
    settings: { pool: p, lb_method: [a] }
  - name: vip
    kind: exchange
captures:
  - file: a.pcap
    between: [vip, nowhere]
`,
			want: `t.yaml:2:12: heartbeat: "soon" is not a duration (write 300s, 35m, 1h30m or a number of seconds)
t.yaml:3:1: unknown key "colour" in the topology (known: name, description, heartbeat, margin, hops, captures)
t.yaml:8:11: hop "fw": unknown kind "firewal" (known: aws-alb, aws-nlb, azure-lb, citrix-adc, client, exchange, f5-vip, firewall, gcp-lb, haproxy, nat, nginx, proxy, seg)
t.yaml:11:14: hop "vip": listen: "203.0.113.300:443" is not an address, address:port or prefix
t.yaml:12:25: hop "vip": timer tcp_idle: duration -5s must be positive (use indefinite for no timeout)
t.yaml:12:30: hop "vip": unknown key "idle" in timers of kind f5-vip (known: tcp_idle, fastl4_idle, snat_idle)
t.yaml:13:37: hop "vip": setting lb_method must be a single value, not a list
t.yaml:14:5: hop "vip": duplicate hop name (first at line 9)
t.yaml:18:20: capture a.pcap: between names no hop "nowhere"`,
		},
		{
			name: "duplicate names and adjacency",
			yaml: `hops:
  - name: a
    kind: client
  - name: b
    kind: nat
  - name: a
    kind: exchange
captures:
  - file: x.pcap
    between: [a, a]
`,
			want: `t.yaml:6:5: hop "a": duplicate hop name (first at line 2)
t.yaml:10:14: capture x.pcap: hops "a" and "a" are not adjacent on the path`,
		},
		{
			name: "vendor and ranges",
			yaml: `hops:
  - name: lb
    kind: aws-nlb
    vendor: aws
    timers: { tcp_idle: 10s }
  - name: az
    kind: azure-lb
    timers: { idle: 2h }
  - kind: client
`,
			want: `t.yaml:3:11: hop "lb": kind "aws-nlb" has no vendor variants; remove vendor "aws"
t.yaml:8:21: hop "az": timer idle 2 h is above the largest value Azure Load Balancer accepts (100 min)
t.yaml:9:5: hop has no name`,
		},
		{name: "syntax", yaml: "hops:\n  - name: a\n   kind: client\n", want: "t.yaml:1:1: YAML syntax: did not find expected '-' indicator"},
		{name: "empty", yaml: "  \n", want: "t.yaml:1:1: empty topology: expected a mapping with hops:"},
		{name: "no hops", yaml: "name: x\n", want: "t.yaml:1:1: no hops: declare the path from the devices to Exchange under hops:"},
		{name: "not a mapping", yaml: "- a\n- b\n", want: "t.yaml:1:1: the topology must be a mapping, not a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tt.yaml))
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("want *Error, got %v", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error text:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestLoadShippedTopologies(t *testing.T) {
	files, _ := filepath.Glob("../testdata/topologies/*.yaml")
	if len(files) < 7 {
		t.Fatalf("want at least 7 shipped topologies, found %d", len(files))
	}
	for _, f := range files {
		if _, err := Load(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
}

func TestParseEndpoint(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "203.0.113.10", want: "203.0.113.10"},
		{in: "203.0.113.10:443", want: "203.0.113.10:443"},
		{in: "[2001:db8::1]:443", want: "[2001:db8::1]:443"},
		{in: "2001:db8::1", want: "2001:db8::1"},
		{in: "198.51.100.0/24", want: "198.51.100.0/24"},
		{in: "198.51.100.0/24:443", want: "198.51.100.0/24:443"},
		{in: "::ffff:192.0.2.1", want: "192.0.2.1"},
		{in: "198.51.100.1/24", err: `prefix "198.51.100.1/24" has host bits set (did you mean 198.51.100.0/24?)`},
		{in: "example.com:443", err: `"example.com:443" is not an address, address:port or prefix`},
		{in: "198.51.100.0/24:0", err: `bad port in "198.51.100.0/24:0"`},
		{in: "", err: "empty address"},
	}
	for _, tt := range tests {
		e, err := ParseEndpoint(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: err %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || e.String() != tt.want {
			t.Errorf("%q: got %v %v, want %s", tt.in, e, err, tt.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in        string
		want      time.Duration
		unlimited bool
		bad       bool
	}{
		{"300", 300 * time.Second, false, false},
		{"300s", 300 * time.Second, false, false},
		{"1h30m", 90 * time.Minute, false, false},
		{"indefinite", 0, true, false},
		{"0", 0, false, true},
		{"-1m", 0, false, true},
		{"5 min", 0, false, true},
		{"99999999999999999999", 0, false, true},
	}
	for _, tt := range tests {
		d, u, err := ParseDuration(tt.in)
		if (err != nil) != tt.bad || d != tt.want || u != tt.unlimited {
			t.Errorf("%q: got %v %v %v", tt.in, d, u, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Example)
	f.Add([]byte("hops:\n  - name: a\n    kind: client\n"))
	f.Add([]byte("hops: [{name: a, kind: f5-vip, timers: {tcp_idle: 1}, settings: {irules: [x]}}]\ncaptures: [{file: a, between: [a, a]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		top, err := Parse("f.yaml", data)
		if err == nil && top == nil {
			t.Fatal("nil topology without error")
		}
		var te *Error
		if err != nil && errors.As(err, &te) && len(te.Problems) == 0 {
			t.Fatal("error without problems")
		}
	})
}
