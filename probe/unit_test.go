package probe

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// ladderProbe builds a probe result for table tests.
func lp(hop string, hold float64, o Outcome, status int, after float64, held bool) ProbeResult {
	return ProbeResult{Hop: hop, Mode: HTTP, Target: "t-" + hop, HoldS: hold, Outcome: o, Status: status, AfterS: after, Held: held}
}

func TestBracket(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     []ProbeResult
		want   string
		timerS float64
	}{
		{"all held", []ProbeResult{lp("", 240, Answered, 200, 240, true), lp("", 540, Answered, 200, 540, true)},
			"every hold up to 540s survived: no idle timer at or under 540s on this path", 0},
		{"issue example", []ProbeResult{lp("", 240, Answered, 200, 240, true), lp("", 540, RST, 0, 300.02, false),
			lp("", 840, RST, 0, 300.2, false), lp("", 1740, RST, 0, 300.1, false)},
			"every hold over 240s ended by RST at 300.0-300.2 s: a 300 s idle timer sits on this path", 300},
		{"even the shortest", []ProbeResult{lp("", 5, HTTPCode, 504, 2.01, false), lp("", 9, HTTPCode, 504, 2.0, false)},
			"every hold, even the shortest (5s), ended by HTTP 504 at 2.0-2.0 s: a 2.0 s idle timer sits on this path", 2},
		{"scattered cuts", []ProbeResult{lp("", 240, RST, 0, 100, false), lp("", 540, FIN, 0, 300, false)},
			"holds were cut (mixed) at 100.0-300.0 s, not at one value or with a longer hold surviving: more than one timer, or more than one path", 0},
		{"longer survivor", []ProbeResult{lp("", 240, RST, 0, 200, false), lp("", 540, Answered, 200, 540, true)},
			"holds were cut (RST) at 200.0-200.0 s, not at one value or with a longer hold surviving: more than one timer, or more than one path", 0},
		{"only errors", []ProbeResult{lp("", 5, Error, 0, 0, false), lp("", 9, Open, 0, 10, false)},
			"no hold was cut, but 2 of 2 probes ended without an answer or with an error", 0},
	} {
		b := bracket(tc.in)
		if b.Text != tc.want || b.TimerS != tc.timerS {
			t.Errorf("%s:\n got  %q (timer %g)\n want %q (timer %g)", tc.name, b.Text, b.TimerS, tc.want, tc.timerS)
		}
	}
}

func TestDecide(t *testing.T) {
	plan := []PlanHop{
		{Name: "server", Kind: "exchange", Targets: []string{"s"}},
		{Name: "gw", Kind: "nginx", Targets: []string{"g"}},
		{Name: "fw", Kind: "firewall"},
		{Name: "vip", Kind: "f5-vip", Targets: []string{"v"}},
	}
	held := func(hop string) []ProbeResult {
		return []ProbeResult{lp(hop, 240, Answered, 200, 240, true), lp(hop, 540, Answered, 200, 540, true)}
	}
	cut := func(hop string) []ProbeResult {
		return []ProbeResult{lp(hop, 240, Answered, 200, 240, true), lp(hop, 540, RST, 0, 300.1, false)}
	}
	join := func(gs ...[]ProbeResult) []ProbeResult {
		var out []ProbeResult
		for _, g := range gs {
			out = append(out, g...)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		in      []ProbeResult
		segment string
		want    string
	}{
		{"vip cuts", join(held("server"), held("gw"), cut("vip")), "vip,fw",
			"holds survive through gw (nginx) but are cut through vip (f5-vip): every hold over 240s ended by RST at 300.1-300.1 s; the 300 s timer sits in one of vip (f5-vip), fw (firewall)"},
		{"gw cuts", join(held("server"), cut("gw"), cut("vip")), "gw",
			"holds survive through server (exchange) but are cut through gw (nginx): every hold over 240s ended by RST at 300.1-300.1 s; the 300 s timer sits in gw (nginx)"},
		{"server cuts", join(cut("server"), cut("gw"), cut("vip")), "server",
			"holds are cut even through server (exchange), the innermost hop probed: every hold over 240s ended by RST at 300.1-300.1 s; the 300 s timer sits in server (exchange), or between it and the server"},
		{"nothing cut", join(held("server"), held("gw"), held("vip")), "",
			"every probed hop held every hold up to 540s: no timer at or under it within reach"},
		{"outer held", join(held("server"), cut("gw"), held("vip")), "gw",
			"holds survive through server (exchange) but are cut through gw (nginx): every hold over 240s ended by RST at 300.1-300.1 s; the 300 s timer sits in gw (nginx); note: vip, further out, held every hold: the jump box may reach it by another path"},
	} {
		v := decide(plan, tc.in)
		if v.Text != tc.want || strings.Join(v.Segment, ",") != tc.segment {
			t.Errorf("%s:\n got  %q %v\n want %q %s", tc.name, v.Text, v.Segment, tc.want, tc.segment)
		}
	}
}

func TestValidate(t *testing.T) {
	o := Options{Mode: "udp", Holds: []time.Duration{time.Second, -time.Second}}
	want := strings.Join([]string{
		`mode "udp": want tcp, tls, http or eas`,
		"no target",
		"hold 2: -1s is not positive",
	}, "\n")
	if err := o.withDefaults().validate(); err == nil || err.Error() != want {
		t.Errorf("validate = %v\nwant %q", err, want)
	}
	many := Options{Mode: TCP, Target: "192.0.2.1:443", Holds: make([]time.Duration, 65)}
	for i := range many.Holds {
		many.Holds[i] = time.Second
	}
	if err := many.validate(); err == nil || err.Error() != "65 probes: at most 64 per run" {
		t.Errorf("validate(65 holds) = %v", err)
	}
}

func TestTargets(t *testing.T) {
	for _, tc := range []struct {
		in   string
		mode Mode
		want string
		err  string
	}{
		{"192.0.2.1:443", TCP, "192.0.2.1:443", ""},
		{"https://mail.example.com/Microsoft-Server-ActiveSync", TLS, "mail.example.com:443", ""},
		{"http://[2001:db8::1]/", TCP, "[2001:db8::1]:80", ""},
		{"http://192.0.2.1:8080/x", HTTP, "192.0.2.1:8080", ""},
		{"http://192.0.2.1/Microsoft-Server-ActiveSync", EAS, "192.0.2.1:80", ""},
		{"mail.example.com", TCP, "", `target "mail.example.com": want host:port or a URL`},
	} {
		got, err := hostPort(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("hostPort(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
	u, err := targetURL("198.51.100.2:8080", "https://user:secret@mail.example.com/Microsoft-Server-ActiveSync?x=1")
	if err != nil || u.String() != "https://198.51.100.2:8080/Microsoft-Server-ActiveSync?x=1" {
		t.Errorf("targetURL = %v, %v", u, err)
	}
	if got := redact("https://user:secret@mail.example.com/x"); got != "https://mail.example.com/x" {
		t.Errorf("redact = %q", got)
	}
}

// sampleResult is a fixed result for the golden renderers.
func sampleResult() Result {
	probes := []ProbeResult{
		lp("gw", 240, Answered, 200, 240.01, true), lp("gw", 540, Answered, 200, 540.02, true),
		lp("vip", 240, Answered, 200, 240.0, true), lp("vip", 540, RST, 0, 300.12, false),
	}
	for i := range probes {
		probes[i].Evidence = []string{"e" + probes[i].Hop}
	}
	plan := []PlanHop{{Name: "gw", Kind: "nginx", Targets: []string{"t-gw"}}, {Name: "vip", Kind: "f5-vip", Targets: []string{"t-vip"}}}
	v := decide(plan, probes)
	return Result{Mode: HTTP, Target: "http://192.0.2.1/", Started: time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC),
		HoldsS: []float64{240, 540}, Probes: probes, Ladders: ladders(probes), Verdict: &v}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestRenderGolden(t *testing.T) {
	r := sampleResult()
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	golden(t, "result.txt", text.Bytes())
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "result.json", append(js, '\n'))
}

func TestFormatProgress(t *testing.T) {
	p := Progress{Index: 1, Total: 2, Hop: "vip", Target: "192.0.2.1:443", Hold: 540 * time.Second, Elapsed: 300500 * time.Millisecond, State: Done, Outcome: RST}
	const want = "vip 192.0.2.1:443                          300.5s / 540s    done: rst"
	if got := FormatProgress(p); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	var b bytes.Buffer
	lp := NewLivePrinter(&b)
	lp.Update(p)
	lp.Update(Progress{Index: 0, Total: 2, Target: "x", State: Holding})
	lp.Finish()
	if !strings.Contains(b.String(), "\x1b[2A") {
		t.Errorf("live printer did not redraw in place: %q", b.String())
	}
}
