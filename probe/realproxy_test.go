package probe_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/probe"
	"github.com/hopaudit/hopaudit/serve"
)

// binary finds a Debian proxy binary or skips the test.
func binary(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := "/usr/sbin/" + name; fileExists(p) {
		return p
	}
	t.Skipf("%s not installed (Debian package %s): skipping the real-middlebox test", name, name)
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// freePort returns a loopback host:port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// launch starts a proxy process, kills it at cleanup, and waits until addr
// accepts connections (at most 5 s).
func launch(t *testing.T, addr string, name string, args ...string) {
	t.Helper()
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "out.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); _ = logf.Close() })
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			_ = c.Close()
			return
		}
	}
	out, _ := os.ReadFile(logf.Name())
	t.Fatalf("%s did not listen on %s within 5 s: %s", name, addr, out)
}

// haproxy starts HAProxy in mode (http or tcp) with every timeout at timeout,
// forwarding to upstream; it returns the listening address.
func haproxy(t *testing.T, mode, upstream string, timeout time.Duration) string {
	bin := binary(t, "haproxy")
	addr := freePort(t)
	ms := timeout.Milliseconds()
	cfg := fmt.Sprintf(`global
  maxconn 100
defaults
  mode %s
  timeout connect 1s
  timeout client %dms
  timeout server %dms
frontend fe
  bind %s
  default_backend be
backend be
  server s1 %s
`, mode, ms, ms, addr, upstream)
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	launch(t, addr, bin, "-f", path, "-db")
	return addr
}

// nginx starts NGINX proxying to upstream with proxy_read_timeout readTimeout.
func nginx(t *testing.T, upstream string, readTimeout time.Duration) string {
	bin := binary(t, "nginx")
	addr := freePort(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  server {
    listen %[2]s;
    location / {
      proxy_pass http://%[3]s;
      proxy_http_version 1.1;
      proxy_read_timeout %[4]dms;
    }
  }
}
`, dir, addr, upstream, readTimeout.Milliseconds())
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	launch(t, addr, bin, "-p", dir, "-c", path, "-e", filepath.Join(dir, "error.log"))
	return addr
}

// cutEvent waits for the responder's event of a hold that was not answered.
func cutEvent(t *testing.T, events <-chan serve.Event, hold float64) serve.Event {
	t.Helper()
	for {
		if e := farEnd(t, events, hold); e.Outcome != serve.Answered {
			return e
		}
	}
}

func TestHAProxyHTTPMode(t *testing.T) {
	t.Parallel()
	s, events := responder(t)
	lb := haproxy(t, "http", s.HTTPAddr().String(), 2*time.Second)
	res := run(t, probe.Options{Mode: probe.HTTP, Target: "http://" + lb + "/", Holds: []time.Duration{secs(1), secs(3)}})
	expect(t, res.Probes[0], probe.Answered, 200, true, 1)
	expect(t, res.Probes[1], probe.HTTPCode, 504, false, 2)
	e := cutEvent(t, events, 3)
	// HAProxy answers 504 downstream and aborts the server side with a RST.
	if e.Outcome != serve.RST || e.AfterS < 1.95 || e.AfterS > 2.5 {
		t.Errorf("responder saw %s after %.3f s, want rst at 2 s", e.Outcome, e.AfterS)
	}
	t.Logf("haproxy http mode, timeout 2s: probe %s %d after %.3f s (%v); responder %s after %.3f s",
		res.Probes[1].Outcome, res.Probes[1].Status, res.Probes[1].AfterS, res.Probes[1].Evidence, e.Outcome, e.AfterS)
}

func TestHAProxyTCPMode(t *testing.T) {
	t.Parallel()
	s, events := responder(t)
	lb := haproxy(t, "tcp", s.HTTPAddr().String(), 2*time.Second)
	res := run(t, probe.Options{Mode: probe.HTTP, Target: "http://" + lb + "/", Holds: []time.Duration{secs(1), secs(3)}})
	expect(t, res.Probes[0], probe.Answered, 200, true, 1)
	expect(t, res.Probes[1], probe.FIN, 0, false, 2)
	e := cutEvent(t, events, 3)
	if e.Outcome != serve.FIN || e.AfterS < 1.95 || e.AfterS > 2.5 {
		t.Errorf("responder saw %s after %.3f s, want fin at 2 s", e.Outcome, e.AfterS)
	}
	tcp := run(t, probe.Options{Mode: probe.TCP, Target: lb, Holds: []time.Duration{secs(3)}})
	expect(t, tcp.Probes[0], probe.FIN, 0, false, 2)
	t.Logf("haproxy tcp mode, timeout 2s: http probe %s after %.3f s, tcp probe %s after %.3f s; responder %s after %.3f s",
		res.Probes[1].Outcome, res.Probes[1].AfterS, tcp.Probes[0].Outcome, tcp.Probes[0].AfterS, e.Outcome, e.AfterS)
}

func TestNginxReadTimeout(t *testing.T) {
	t.Parallel()
	s, events := responder(t)
	gw := nginx(t, s.HTTPAddr().String(), 2*time.Second)
	res := run(t, probe.Options{Mode: probe.HTTP, Target: "http://" + gw + "/", Holds: []time.Duration{secs(1), secs(3)}})
	expect(t, res.Probes[0], probe.Answered, 200, true, 1)
	expect(t, res.Probes[1], probe.HTTPCode, 504, false, 2)
	e := cutEvent(t, events, 3)
	if e.Outcome != serve.FIN || e.AfterS < 1.95 || e.AfterS > 2.5 {
		t.Errorf("responder saw %s after %.3f s, want fin at 2 s", e.Outcome, e.AfterS)
	}
	t.Logf("nginx proxy_read_timeout 2s: probe %s %d after %.3f s (%v); responder %s after %.3f s",
		res.Probes[1].Outcome, res.Probes[1].Status, res.Probes[1].AfterS, res.Probes[1].Evidence, e.Outcome, e.AfterS)
}

// TestRealChainPlan is the "done when": through HAProxy (2 s) in front of
// NGINX (4 s) in front of the responder, the plan names HAProxy and brackets 2 s,
// and the responder reports the same close from the far side.
func TestRealChainPlan(t *testing.T) {
	t.Parallel()
	s, events := responder(t)
	gw := nginx(t, s.HTTPAddr().String(), 4*time.Second)
	lb := haproxy(t, "http", gw, 2*time.Second)
	plan := []probe.PlanHop{
		{Name: "server", Kind: "exchange", Targets: []string{s.HTTPAddr().String()}},
		{Name: "gw", Kind: "nginx", Targets: []string{gw}},
		{Name: "lb", Kind: "haproxy", Targets: []string{lb}},
	}
	res, err := probe.Run(context.Background(), probe.Options{Mode: probe.HTTP, Target: "http://" + lb + "/", Plan: plan,
		Holds: []time.Duration{secs(1), secs(3)}, Margin: time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := res.Verdict
	if v == nil || v.Outer != "lb" || v.Inner != "gw" || len(v.Segment) != 1 || v.Bracket.TimerS != 2 ||
		v.Bracket.LongestHeldS != 1 || v.Bracket.ShortestCutS != 3 {
		t.Fatalf("verdict = %+v (bracket %+v), want lb named with a 2.0 s timer between 1 s and 3 s", v, v.Bracket)
	}
	e := cutEvent(t, events, 3)
	if e.Outcome != serve.FIN || e.AfterS < 1.95 || e.AfterS > 2.5 {
		t.Errorf("responder saw %s after %.3f s, want fin at 2 s", e.Outcome, e.AfterS)
	}
	t.Logf("verdict: %s; responder: %s after %.3f s from %s", v.Text, e.Outcome, e.AfterS, e.Peer)
}
