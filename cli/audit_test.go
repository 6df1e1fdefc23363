package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleArgs is the shipped example run, relative to the repository root.
var exampleArgs = []string{"audit", "-t", "testdata/examples/f5-eas/topology.yaml",
	"--probe-results", "testdata/examples/f5-eas/probes.json", "--fail-on", "none"}

const exampleResult = "testdata/examples/f5-eas/result.json"

// TestAuditExample runs the example audit and compares its JSON with the
// shipped result the report goldens are built from (-update rewrites it).
func TestAuditExample(t *testing.T) {
	t.Chdir("..")
	code, out, errOut := run(t, nil, append(exampleArgs, "--format", "json")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if *update {
		if err := os.WriteFile(exampleResult, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(exampleResult)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("%s is stale (go test ./cli -run TestAuditExample -update rewrites it)", exampleResult)
	}
	for _, s := range []string{`"from": "check"`, `"from": "analyze"`, `"from": "probe"`, `"probes": [`, `"analysis": {`} {
		if !strings.Contains(out, s) {
			t.Errorf("merged result lacks %s", s)
		}
	}
}

// TestReportReproducesJSON re-renders the saved result: JSON byte for
// byte, and the same Markdown as audit itself writes.
func TestReportReproducesJSON(t *testing.T) {
	t.Chdir("..")
	code, out, errOut := run(t, nil, "report", exampleResult, "--format", "json")
	want, _ := os.ReadFile(exampleResult)
	if code != ExitOK || out != string(want) {
		t.Fatalf("exit %d, stderr %q; re-rendered JSON differs from %s", code, errOut, exampleResult)
	}
	saved := filepath.Join(t.TempDir(), "audit.json")
	run(t, nil, append(exampleArgs, "--format", "json", "-o", saved)...)
	for _, format := range []string{"markdown", "html", "text"} {
		_, direct, _ := run(t, nil, append(exampleArgs, "--format", format)...)
		_, again, _ := run(t, nil, "report", saved, "--format", format)
		if direct != again || len(direct) < 1000 {
			t.Errorf("report --format %s of the saved result differs from audit --format %s", format, format)
		}
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, want string
	}{
		{"other schema", write("v9.json", `{"schema":"hopaudit/result/v9"}`), `schema "hopaudit/result/v9" is not supported (want "hopaudit/result/v1")`},
		{"no schema", write("none.json", `{"tool":"x"}`), `not a hopaudit result: no "schema" field`},
		{"syntax", write("bad.json", "{\n  \"schema\": \"hopaudit/result/v1\",\n  \"x\": ]\n}"), `line 3:8 (byte 43): invalid character ']'`},
		{"missing", filepath.Join(dir, "absent.json"), "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, nil, "report", tt.file, "--format", "markdown")
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

func TestAuditUsage(t *testing.T) {
	t.Chdir("..")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing", []string{"audit"}, "nothing to audit"},
		{"bad format", []string{"audit", "-t", "testdata/examples/f5-eas/topology.yaml", "--format", "pdf"}, "--format must be one of text, json, markdown, html"},
		{"bad placement", []string{"audit", "-t", "testdata/examples/f5-eas/topology.yaml", "--capture", "x.pcap=nope,cas"}, `the topology has no hop "nope"`},
		{"bad probe file", []string{"audit", "--probe-results", "testdata/examples/f5-eas/topology.yaml"}, "read probe results testdata/examples/f5-eas/topology.yaml: line 1:1 (byte 0): invalid character '#'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, nil, tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

// TestAuditOutputFileAndRedact writes HTML atomically with --redact and
// checks no user name, device ID or client address of the example is in it.
func TestAuditOutputFileAndRedact(t *testing.T) {
	t.Chdir("..")
	out := filepath.Join(t.TempDir(), "cr.html")
	code, stdout, errOut := run(t, nil, append(exampleArgs, "--format", "html", "-o", out, "--redact")...)
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"user4", "DEV00000004", "198.51.100.5", "203.0.113.77"} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("redacted HTML still contains %q", s)
		}
	}
	if !bytes.Contains(b, []byte("192.0.2.10")) {
		t.Errorf("redaction removed the F5's own address")
	}
}
