package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
)

// TestHTMLSelfContained: no script, no external asset, every picture
// present and well-formed XML.
func TestHTMLSelfContained(t *testing.T) {
	page := string(render(t, loadExample(t), "html", colorprofile.NoTTY))
	for _, bad := range []string{"<script", "<link", " src=", "url(", "@import", "<iframe"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(page, -1)
	if len(svgs) != 3 { // path, one histogram (eas-vip), timelines
		t.Fatalf("%d pictures, want 3", len(svgs))
	}
	for i, s := range svgs {
		if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
			t.Errorf("picture %d is not well-formed: %v", i, err)
		}
	}
	if !strings.Contains(page, "@media print") {
		t.Error("no print stylesheet")
	}
}

// TestEscapesCaptureValues: a hostile user name from a capture is text in
// every format, never markup.
func TestEscapesCaptureValues(t *testing.T) {
	res := loadExample(t)
	evil := `<script>alert(1)</script>|**x**`
	res.Analysis.Connections[0].Request.User = evil
	res.Analysis.Connections[0].End.Evidence = append(res.Analysis.Connections[0].End.Evidence, evil)
	page := string(render(t, res, "html", colorprofile.NoTTY))
	if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("HTML does not escape a user name from a capture")
	}
	md := string(render(t, res, "markdown", colorprofile.NoTTY))
	if strings.Contains(md, "<script>") || !strings.Contains(md, `&lt;script&gt;alert(1)&lt;/script&gt;\|\*\*x\*\*`) {
		t.Error("Markdown does not escape a user name from a capture")
	}
}

// TestHTMLScreenshot renders the example page in headless Chromium
// (Debian package chromium) and checks the screenshot decodes and is not
// blank. It is saved under the test's temp dir; set HOPAUDIT_SHOT to also
// copy it there.
func TestHTMLScreenshot(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium): skipping the screenshot")
	}
	if testing.Short() {
		t.Skip("-short: skipping the screenshot")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "cr.html")
	if err := os.WriteFile(page, render(t, loadExample(t), "html", colorprofile.NoTTY), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1280,2000", "file://"+page)
	cmd.WaitDelay = 5 * time.Second
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	checkScreenshot(t, shot)
	t.Logf("screenshot: %s", shot)
	if keep := os.Getenv("HOPAUDIT_SHOT"); keep != "" {
		b, _ := os.ReadFile(shot)
		if err := os.WriteFile(keep, b, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// checkScreenshot decodes the PNG and checks it shows a page: enough
// variance in brightness, and the red of the first closer drawn.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot does not decode: %v", err)
	}
	bounds := img.Bounds()
	if bounds.Dx() != 1280 || bounds.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 1280x2000", bounds.Size())
	}
	var n, sum, sumSq float64
	red := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			n, sum, sumSq = n+1, sum+l, sumSq+l*l
			if r>>8 > 170 && g>>8 < 90 && bl>>8 < 90 {
				red++
			}
		}
	}
	mean := sum / n
	variance := sumSq/n - mean*mean
	t.Logf("screenshot: brightness mean %.0f, variance %.0f, %d red pixels of %.0f sampled", mean, variance, red, n)
	if variance < 200 {
		t.Errorf("screenshot looks blank: brightness variance %.0f", variance)
	}
	if red < 50 {
		t.Errorf("screenshot has %d strongly red pixels: the first closer and the cuts are not drawn", red)
	}
}
