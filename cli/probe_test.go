package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/probe"
	"github.com/hopaudit/hopaudit/probe/probetest"
	"github.com/hopaudit/hopaudit/serve"
	"github.com/hopaudit/hopaudit/term"
)

// startServe runs a real responder on loopback for the test.
func startServe(t *testing.T) (*serve.Server, *syncWriter) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncWriter{w: &bytes.Buffer{}}
	s, err := serve.Start(ctx, serve.Options{HTTPAddr: "127.0.0.1:0", MaxHold: 30 * time.Second}, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		sctx, c2 := context.WithTimeout(context.Background(), 5*time.Second)
		defer c2()
		s.Shutdown(sctx)
	})
	return s, log
}

// TestProbePlanNamesTheHop runs `hopaudit probe --plan` through a real
// loopback chain: a proxy that resets connections idle for 1 s in front
// of `serve`. The hold of 0.5 s survives everywhere; the hold of 2 s
// survives at the server and is cut through the proxy: the verdict names it.
func TestProbePlanNamesTheHop(t *testing.T) {
	s, log := startServe(t)
	px, err := probetest.Start(s.HTTPAddr().String(), time.Second, probetest.EndRST)
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	topo := filepath.Join(t.TempDir(), "loop.yaml")
	yaml := "heartbeat: 2s\nmargin: 1s\nhops:\n  - {name: jump, kind: client}\n" +
		"  - {name: vip, kind: proxy, listen: [\"" + px.Addr() + "\"], timers: {idle: 1s}}\n" +
		"  - {name: responder, kind: exchange, listen: [\"" + s.HTTPAddr().String() + "\"]}\n"
	if err := os.WriteFile(topo, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, nil, "probe", "-t", topo, "--plan", "http://x/", "--mode", "http", "--hold", "500ms,2s", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res probe.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Verdict == nil || !strings.Contains(res.Verdict.Text, "vip") {
		t.Fatalf("verdict %+v does not name vip", res.Verdict)
	}
	for _, p := range res.Probes {
		cut := p.Hop == "vip" && p.HoldS == 2
		if cut && (p.Outcome != probe.RST || p.AfterS < 0.95 || p.AfterS > 1.6) {
			t.Errorf("2 s hold through vip: %+v, want rst at about 1 s", p)
		}
		if !cut && p.Outcome != probe.Answered {
			t.Errorf("probe %+v should have been answered", p)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if !strings.Contains(log.String(), "rst") && !strings.Contains(log.String(), "fin") {
		t.Errorf("serve did not log the early close:\n%s", log.String())
	}
}

func TestProbeUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"probe", "http://127.0.0.1:1/"}, "--hold is required"},
		{[]string{"probe", "--hold", "1s"}, "name a TARGET"},
		{[]string{"probe", "x:1", "--hold", "1s", "--mode", "udp"}, "--mode must be"},
		{[]string{"probe", "x:1", "--hold", "soon"}, `--hold "soon"`},
		{[]string{"probe", "--plan", "--hold", "1s"}, "--plan needs -t"},
		{[]string{"probe", "https://x/", "--mode", "eas", "--hold", "1s"}, "eas mode needs a user"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, func(s *term.IOStreams) {}, tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d stderr %q, want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestProbeNeverPrintsCredentials runs the eas mode with credentials from
// the environment against an unreachable target and checks every output.
func TestProbeNeverPrintsCredentials(t *testing.T) {
	t.Setenv(probe.EnvUser, "alice")
	t.Setenv(probe.EnvPassword, "s3cret-Pa55word")
	code, out, stderr := run(t, nil, "probe", "http://127.0.0.1:1/", "--mode", "eas", "--hold", "1s", "--format", "json", "--connect-timeout", "1s")
	all := out + stderr
	if strings.Contains(all, "s3cret-Pa55word") {
		t.Fatalf("password leaked (exit %d):\n%s", code, all)
	}
	if !strings.Contains(out, `"outcome": "error"`) {
		t.Errorf("want an error outcome: %s", out)
	}
}

// syncWriter serialises writes from serve's connection goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
