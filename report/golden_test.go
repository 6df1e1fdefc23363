package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

var update = flag.Bool("update", false, "rewrite golden files")

// exampleFile is the shipped example run (check + analyze + probe),
// written by go test ./cli -run TestAuditExample -update.
var exampleFile = filepath.Join("..", "testdata", "examples", "f5-eas", "result.json")

func loadExample(t testing.TB) *Result {
	t.Helper()
	f, err := os.Open(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", "report", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (go test ./report -update rewrites it)", name)
	}
}

// render renders the example in format; text goes through a colour
// profile writer (NoTTY strips styles, ANSI keeps 16 colours).
func render(t *testing.T, res *Result, format string, profile colorprofile.Profile) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: profile}
	var err error
	if format == "text" {
		err = Render(w, format, res, Options{Width: 100})
	} else {
		err = Render(&buf, format, res, Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldens(t *testing.T) {
	res := loadExample(t)
	for _, tt := range []struct {
		file, format string
		profile      colorprofile.Profile
	}{
		{"example.md", "markdown", colorprofile.NoTTY},
		{"example.html", "html", colorprofile.NoTTY},
		{"example.json", "json", colorprofile.NoTTY},
		{"example.txt", "text", colorprofile.NoTTY},
		{"example.ansi.txt", "text", colorprofile.ANSI},
		{"example-redacted.md", "markdown", colorprofile.NoTTY},
	} {
		t.Run(tt.file, func(t *testing.T) {
			in := res
			if strings.Contains(tt.file, "redacted") {
				in = Redact(res, "golden-key")
			}
			checkGolden(t, tt.file, render(t, in, tt.format, tt.profile))
		})
	}
}

func TestColourGoldenHasColour(t *testing.T) {
	res := loadExample(t)
	plain, ansi := render(t, res, "text", colorprofile.NoTTY), render(t, res, "text", colorprofile.ANSI)
	if bytes.Contains(plain, []byte("\x1b[")) || !bytes.Contains(ansi, []byte("\x1b[")) {
		t.Errorf("plain text has escapes or coloured text has none")
	}
}

// TestJSONRoundTrip: reading a saved result and writing it again gives
// the same bytes.
func TestJSONRoundTrip(t *testing.T) {
	want, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, loadExample(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("re-rendered JSON differs from %s", exampleFile)
	}
}

// TestMarkdownOrder checks the change request's sections come in the
// order a change board reads, with the evidence a reviewer needs.
func TestMarkdownOrder(t *testing.T) {
	md := string(render(t, loadExample(t), "markdown", colorprofile.NoTTY))
	last := -1
	for _, h := range []string{"## Summary", "## Impact", "## Findings", "## Evidence from the captures", "## Live probes",
		"## Proposed changes", "## Implementation steps", "## Validation plan", "## Backout plan", "## Risk"} {
		i := strings.Index(md, "\n"+h+"\n")
		if i < 0 || i < last {
			t.Fatalf("section %q missing or out of order", h)
		}
		last = i
	}
	for _, s := range []string{
		"tmsh modify ltm profile tcp tcp-eas idle-timeout 1800", // the change
		"tmsh modify ltm profile tcp tcp-eas idle-timeout 300",  // the backout
		"300 s (default) → **30 min (1800 s)**",
		"hopaudit probe --mode eas http://192.0.2.10/Microsoft-Server-ActiveSync --hold 26m --hold 28m",
		"| edge-monday.pcap | 1 | 1–31 |", // a sample connection with frames
		"Observed peak of concurrent connections: 6 in edge-monday.pcap",
		"matching eas-vip tcp\\_idle 300 s (default)",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("Markdown lacks %q", s)
		}
	}
}
