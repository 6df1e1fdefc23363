package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/term"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run executes the program in-process with test streams and a fixed clock.
func run(t *testing.T, setup func(*term.IOStreams), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	io, _, out, errOut := term.Test()
	if setup != nil {
		setup(io)
	}
	f := &Factory{IO: io, Now: func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }}
	code = mainWith(f, args)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./cli -update rewrites it):\n--- got\n%s", name, got)
	}
}

func topologies(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "topologies", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped topologies: %v", err)
	}
	return files
}

func TestCheckGoldens(t *testing.T) {
	for _, f := range topologies(t) {
		base := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(base, func(t *testing.T) {
			_, plain, _ := run(t, nil, "check", "-t", f, "--fail-on", "none")
			if strings.Contains(plain, "\x1b[") {
				t.Error("plain output carries escape codes")
			}
			golden(t, "check/"+base+".txt", plain)

			_, color, _ := run(t, nil, "check", "-t", f, "--fail-on", "none", "--color", "always")
			if !strings.Contains(color, "\x1b[") {
				t.Error("--color always gave no escape codes")
			}
			golden(t, "check/"+base+".color.txt", color)

			_, js, _ := run(t, nil, "check", "-t", f, "--fail-on", "none", "--format", "json")
			var res report.Result
			if err := json.Unmarshal([]byte(js), &res); err != nil {
				t.Fatalf("invalid JSON: %v", err)
			}
			if res.Schema != report.Schema {
				t.Errorf("schema %q", res.Schema)
			}
			golden(t, "check/"+base+".json", js)
		})
	}
}

func TestColorDecisions(t *testing.T) {
	f := filepath.Join("..", "testdata", "topologies", "f5-default.yaml")
	tests := []struct {
		name  string
		setup func(*term.IOStreams)
		args  []string
		color bool
	}{
		{"pipe", nil, nil, false},
		{"terminal", func(s *term.IOStreams) { s.SetTTY(false, true, false) }, nil, true},
		{"terminal with NO_COLOR", func(s *term.IOStreams) { s.SetTTY(false, true, false); s.SetNoColorEnv(true) }, nil, false},
		{"terminal with --color never", func(s *term.IOStreams) { s.SetTTY(false, true, false) }, []string{"--color", "never"}, false},
		{"pipe with --color always", nil, []string{"--color", "always"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"check", "-t", f, "--fail-on", "none"}, tt.args...)
			_, out, _ := run(t, tt.setup, args...)
			if got := strings.Contains(out, "\x1b["); got != tt.color {
				t.Errorf("escape codes %v, want %v", got, tt.color)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("hops:\n  - name: a\n    kind: nope\n"), 0o644)
	healthy := filepath.Join("..", "testdata", "topologies", "seed-healthy.yaml")
	broken := filepath.Join("..", "testdata", "topologies", "f5-default.yaml")
	warnOnly := filepath.Join(dir, "warn.yaml")
	os.WriteFile(warnOnly, []byte("heartbeat: 10m\nhops:\n  - {name: d, kind: client}\n  - {name: o, kind: proxy, timers: {idle: 20m}}\n  - {name: i, kind: proxy, timers: {idle: 30m}}\n  - {name: x, kind: exchange}\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"healthy", []string{"check", "-t", healthy}, ExitOK, ""},
		{"errors reach default fail-on", []string{"check", "-t", broken}, ExitFindings, ""},
		{"fail-on none", []string{"check", "-t", broken, "--fail-on", "none"}, ExitOK, ""},
		{"warning below fail-on error", []string{"check", "-t", warnOnly}, ExitOK, ""},
		{"warning reaches fail-on warning", []string{"check", "-t", warnOnly, "--fail-on", "warning"}, ExitFindings, ""},
		{"invalid topology", []string{"check", "-t", bad}, ExitUsage, `bad.yaml:3:11: hop "a": unknown kind "nope"`},
		{"missing topology file", []string{"check", "-t", filepath.Join(dir, "none.yaml")}, ExitUsage, "none.yaml"},
		{"missing flag", []string{"check"}, ExitUsage, `required flag(s) "topology" not set`},
		{"bad format", []string{"check", "-t", healthy, "--format", "xml"}, ExitUsage, "--format must be one of text, json"},
		{"bad fail-on", []string{"check", "-t", healthy, "--fail-on", "fatal"}, ExitUsage, "unknown severity"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"bad color", []string{"--color", "rainbow", "version"}, ExitUsage, "--color must be auto, always or never"},
		{"output to missing dir", []string{"check", "-t", healthy, "-o", filepath.Join(dir, "no", "such", "x.json")}, ExitError, "x.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if tt.stderr != "" && !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
		})
	}
}

func TestOutputFileIsWrittenWholeAndPlain(t *testing.T) {
	out := filepath.Join(t.TempDir(), "check.txt")
	f := filepath.Join("..", "testdata", "topologies", "f5-default.yaml")
	code, stdout, _ := run(t, func(s *term.IOStreams) { s.SetTTY(false, true, false) }, "check", "-t", f, "-o", out)
	if code != ExitFindings || stdout != "" {
		t.Fatalf("exit %d stdout %q", code, stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte("first closer")) || bytes.Contains(b, []byte("\x1b[")) {
		t.Fatalf("file %q err %v", b, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestInitWritesALoadableTopology(t *testing.T) {
	p := filepath.Join(t.TempDir(), "new.yaml")
	if code, _, stderr := run(t, nil, "init", p); code != 0 {
		t.Fatalf("init: %d %s", code, stderr)
	}
	if code, _, _ := run(t, nil, "check", "-t", p, "--fail-on", "none"); code != 0 {
		t.Fatalf("check on init output: %d", code)
	}
	if code, _, stderr := run(t, nil, "init", p); code != ExitUsage || !strings.Contains(stderr, "--force") {
		t.Fatalf("second init: %d %s", code, stderr)
	}
}

func TestKinds(t *testing.T) {
	_, out, _ := run(t, nil, "kinds")
	for _, k := range []string{"client", "nat", "firewall", "f5-vip", "seg", "exchange", "haproxy", "nginx", "aws-alb", "aws-nlb", "azure-lb", "gcp-lb", "citrix-adc", "proxy", "vendor: paloalto", "(assumed)", "source:"} {
		if !strings.Contains(out, k) {
			t.Errorf("kinds output lacks %q", k)
		}
	}
	_, js, _ := run(t, nil, "kinds", "--format", "json")
	var v []map[string]any
	if err := json.Unmarshal([]byte(js), &v); err != nil || len(v) < 14 {
		t.Fatalf("kinds json: %v (%d kinds)", err, len(v))
	}
	golden(t, "kinds.txt", out)
	if code, _, _ := run(t, nil, "kinds", "nope"); code != ExitUsage {
		t.Errorf("unknown kind exit %d", code)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	if code, out, _ := run(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "hopaudit ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, out, _ := run(t, nil, "completion", "bash"); code != 0 || !strings.Contains(out, "hopaudit") {
		t.Errorf("completion: %d", code)
	}
}
