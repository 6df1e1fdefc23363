package probe_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/probe"
	"github.com/hopaudit/hopaudit/probe/probetest"
	"github.com/hopaudit/hopaudit/serve"
)

// responder starts a serve responder on loopback (HTTP and HTTPS) and returns it
// with its event stream.
func responder(t *testing.T) (*serve.Server, <-chan serve.Event) {
	t.Helper()
	events := make(chan serve.Event, 32)
	s, err := serve.Start(context.Background(), serve.Options{
		HTTPAddr: "127.0.0.1:0", HTTPSAddr: "127.0.0.1:0", MaxHold: 20 * time.Second,
		OnEvent: func(e serve.Event) { events <- e },
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, events
}

// idleProxy starts an in-process idle-closing proxy to upstream.
func idleProxy(t *testing.T, upstream string, idle time.Duration, e probetest.Ending) string {
	t.Helper()
	p, err := probetest.Start(upstream, idle, e)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p.Addr()
}

// run runs a probe with a short margin and fails on error.
func run(t *testing.T, opts probe.Options) probe.Result {
	t.Helper()
	opts.Margin, opts.Insecure = time.Second, true
	res, err := probe.Run(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// secs converts seconds to a duration.
func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// expect checks one probe's outcome, status, held flag and time.
func expect(t *testing.T, p probe.ProbeResult, outcome probe.Outcome, status int, held bool, after float64) {
	t.Helper()
	if p.Outcome != outcome || p.Status != status || p.Held != held {
		t.Errorf("hold %gs: got %s %d held=%v (%v), want %s %d held=%v", p.HoldS, p.Outcome, p.Status, p.Held, p.Evidence, outcome, status, held)
	}
	if p.AfterS < after-0.05 || p.AfterS > after+0.5 {
		t.Errorf("hold %gs: after %.3f s, want %.3f s (-0.05/+0.5)", p.HoldS, p.AfterS, after)
	}
}

// farEnd waits for the responder's event for a held request (not a silent one).
func farEnd(t *testing.T, events <-chan serve.Event, hold float64) serve.Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-events:
			if e.Method != "" && e.HoldS == hold {
				return e
			}
		case <-deadline:
			t.Fatalf("no responder event for the %gs hold", hold)
			return serve.Event{}
		}
	}
}

func TestHTTPDirect(t *testing.T) {
	t.Parallel()
	s, events := responder(t)
	res := run(t, probe.Options{Mode: probe.HTTP, Target: "http://" + s.HTTPAddr().String() + "/eas", Holds: []time.Duration{secs(0.5), secs(1.5)}})
	expect(t, res.Probes[0], probe.Answered, 200, true, 0.5)
	expect(t, res.Probes[1], probe.Answered, 200, true, 1.5)
	if want := "every hold up to 1.5s survived: no idle timer at or under 1.5s on this path"; res.Ladders[0].Text != want {
		t.Errorf("ladder = %q, want %q", res.Ladders[0].Text, want)
	}
	e := farEnd(t, events, 1.5)
	if e.Outcome != serve.Answered || e.Peer != res.Probes[1].Local {
		t.Errorf("responder saw %+v, want answered from %s", e, res.Probes[1].Local)
	}
}

func TestHTTPSDirect(t *testing.T) {
	t.Parallel()
	s, _ := responder(t)
	res := run(t, probe.Options{Mode: probe.HTTP, Target: "https://" + s.HTTPSAddr().String() + "/", Holds: []time.Duration{secs(0.3)}})
	expect(t, res.Probes[0], probe.Answered, 200, true, 0.3)
}

func TestHTTPThroughIdleProxies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		ending  probetest.Ending
		outcome probe.Outcome
		status  int
		far     serve.Outcome
		ladder  string
	}{
		{"fin", probetest.EndFIN, probe.FIN, 0, serve.FIN, "every hold over 0.4s ended by FIN at 1.0-1.0 s: a 1.0 s idle timer sits on this path"},
		{"rst", probetest.EndRST, probe.RST, 0, serve.RST, "every hold over 0.4s ended by RST at 1.0-1.0 s: a 1.0 s idle timer sits on this path"},
		{"504", probetest.End504, probe.HTTPCode, 504, serve.FIN, "every hold over 0.4s ended by HTTP 504 at 1.0-1.0 s: a 1.0 s idle timer sits on this path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, events := responder(t)
			px := idleProxy(t, s.HTTPAddr().String(), time.Second, tc.ending)
			res := run(t, probe.Options{Mode: probe.HTTP, Target: "http://" + px + "/", Holds: []time.Duration{secs(0.4), secs(2), secs(3)}})
			expect(t, res.Probes[0], probe.Answered, 200, true, 0.4)
			expect(t, res.Probes[1], tc.outcome, tc.status, false, 1.0)
			expect(t, res.Probes[2], tc.outcome, tc.status, false, 1.0)
			if got := res.Ladders[0]; got.Text != tc.ladder || got.TimerS != 1.0 {
				t.Errorf("ladder = %q (timer %g), want %q", got.Text, got.TimerS, tc.ladder)
			}
			e := farEnd(t, events, 2)
			if e.Outcome != tc.far || e.AfterS < 0.95 || e.AfterS > 1.4 {
				t.Errorf("responder saw %s after %.3f s, want %s at 1.0 s", e.Outcome, e.AfterS, tc.far)
			}
		})
	}
}

func TestSilentModes(t *testing.T) {
	t.Parallel()
	s, _ := responder(t)
	rstProxy := idleProxy(t, s.HTTPAddr().String(), time.Second, probetest.EndRST)
	finProxy := idleProxy(t, s.HTTPSAddr().String(), time.Second, probetest.EndFIN)
	tcp := run(t, probe.Options{Mode: probe.TCP, Target: rstProxy, Holds: []time.Duration{secs(0.5), secs(2)}})
	expect(t, tcp.Probes[0], probe.Open, 0, true, 0.5)
	expect(t, tcp.Probes[1], probe.RST, 0, false, 1.0)
	tls := run(t, probe.Options{Mode: probe.TLS, Target: "https://" + finProxy + "/", Holds: []time.Duration{secs(0.5), secs(2)}})
	expect(t, tls.Probes[0], probe.Open, 0, true, 0.5)
	expect(t, tls.Probes[1], probe.FIN, 0, false, 1.0)
	if tls.Probes[1].Target != finProxy {
		t.Errorf("tls target = %q, want host:port %q", tls.Probes[1].Target, finProxy)
	}
}

func TestInterrupt(t *testing.T) {
	t.Parallel()
	s, _ := responder(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	begin := time.Now()
	res, err := probe.Run(ctx, probe.Options{Mode: probe.HTTP, Target: "http://" + s.HTTPAddr().String(), Holds: []time.Duration{secs(10)}}, nil)
	if !errors.Is(err, probe.ErrInterrupted) || !res.Interrupted {
		t.Fatalf("err = %v interrupted=%v, want ErrInterrupted", err, res.Interrupted)
	}
	if time.Since(begin) > 2*time.Second {
		t.Errorf("Run took %s after the cancel", time.Since(begin))
	}
	p := res.Probes[0]
	if p.Outcome != probe.Open || !p.Interrupted || !strings.HasPrefix(p.Evidence[0], "interrupted after 0.") {
		t.Errorf("probe = %+v, want open, interrupted", p)
	}
}

func TestPlanNamesHop(t *testing.T) {
	t.Parallel()
	s, events := responder(t)
	gw := idleProxy(t, s.HTTPAddr().String(), 3*time.Second, probetest.EndFIN)
	lb := idleProxy(t, gw, time.Second, probetest.EndRST)
	plan := []probe.PlanHop{
		{Name: "server", Kind: "exchange", Targets: []string{s.HTTPAddr().String()}},
		{Name: "gw", Kind: "nginx", Targets: []string{gw}},
		{Name: "fw", Kind: "firewall"},
		{Name: "lb", Kind: "haproxy", Targets: []string{lb}},
	}
	var updates int
	res, err := probe.Run(context.Background(), probe.Options{
		Mode: probe.HTTP, Target: "http://" + lb + "/Microsoft-Server-ActiveSync", Plan: plan,
		Holds: []time.Duration{secs(0.5), secs(2)}, Margin: time.Second,
	}, func(probe.Progress) { updates++ })
	if err != nil {
		t.Fatal(err)
	}
	v := res.Verdict
	const want = "holds survive through gw (nginx) but are cut through lb (haproxy): every hold over 0.5s ended by RST at 1.0-1.0 s; the 1.0 s timer sits in one of lb (haproxy), fw (firewall)"
	if v == nil || v.Text != want || strings.Join(v.Segment, ",") != "lb,fw" || v.Inner != "gw" || v.Outer != "lb" {
		t.Fatalf("verdict = %+v\nwant %q", v, want)
	}
	if len(res.Probes) != 6 || res.Probes[0].Target != "http://"+s.HTTPAddr().String()+"/Microsoft-Server-ActiveSync" {
		t.Errorf("probes = %+v, want 6 with the base URL's path", res.Probes)
	}
	if updates < 18 { // 6 waiting + 6 connecting + 6 holding at least, plus done
		t.Errorf("%d progress updates, want at least 18", updates)
	}
	far := farEnd(t, events, 2)
	for far.Outcome == serve.Answered {
		far = farEnd(t, events, 2)
	}
	if far.Outcome != serve.FIN {
		t.Errorf("responder saw %s for the cut hold, want fin (the inner proxy closes with FIN)", far.Outcome)
	}
}
