package capture

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
)

type progressCall struct{ read, total int64 }

// genFile writes a synthetic capture of a few hundred KiB, gzipped or not,
// and returns its path and size.
func genFile(t *testing.T, gz bool) (string, int64) {
	t.Helper()
	var buf bytes.Buffer
	var w io.Writer = &buf
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(&buf)
		w = zw
	}
	if _, err := gen.Generate(w, gen.Config{Seed: 3, Devices: 200, PingsPerDevice: 4}); err != nil {
		t.Fatal(err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "p.pcap")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, int64(buf.Len())
}

// setThrottle shrinks the progress throttles for one test.
func setThrottle(t *testing.T, step int64, every time.Duration) {
	oldStep, oldEvery := progressStep, progressInterval
	progressStep, progressInterval = step, every
	t.Cleanup(func() { progressStep, progressInterval = oldStep, oldEvery })
}

func TestProgress(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(map[bool]string{false: "pcap", true: "gzip"}[gz], func(t *testing.T) {
			path, size := genFile(t, gz)
			step := max(size/20, 1)
			setThrottle(t, step, 0)
			var calls []progressCall
			_, err := Analyze(path, Options{Progress: func(r, tot int64) { calls = append(calls, progressCall{r, tot}) }})
			if err != nil {
				t.Fatal(err)
			}
			checkCalls(t, calls, size, size, step)
		})
	}
}

// checkCalls checks that every call carries total, reads grow by at least
// step (the last one aside) and the last call reports wantRead.
func checkCalls(t *testing.T, calls []progressCall, wantRead, total, step int64) {
	t.Helper()
	if len(calls) < 3 {
		t.Fatalf("%d calls %v, want several for %d bytes in steps of %d", len(calls), calls, wantRead, step)
	}
	for i, c := range calls {
		if c.total != total {
			t.Errorf("call %d: total %d, want %d", i, c.total, total)
		}
		if i > 0 && i < len(calls)-1 && c.read-calls[i-1].read < step {
			t.Errorf("call %d: read %d only %d after the previous call (step %d)", i, c.read, c.read-calls[i-1].read, step)
		}
	}
	if last := calls[len(calls)-1]; last.read != wantRead {
		t.Errorf("last call read %d, want %d", last.read, wantRead)
	}
	if n := int64(len(calls)); n > wantRead/step+2 {
		t.Errorf("%d calls for %d bytes in steps of %d: not throttled", n, wantRead, step)
	}
}

func TestProgressInterval(t *testing.T) {
	path, size := genFile(t, false)
	setThrottle(t, 1, time.Hour)
	var calls []progressCall
	if _, err := Analyze(path, Options{Progress: func(r, tot int64) { calls = append(calls, progressCall{r, tot}) }}); err != nil {
		t.Fatal(err)
	}
	// The first step reports at once, the hour-long interval holds back
	// every other one but the final call.
	if len(calls) != 2 || calls[1] != (progressCall{size, size}) || calls[0].read >= size {
		t.Errorf("calls %v, want one early call and {%d %d}", calls, size, size)
	}
}

func TestProgressUnknownSize(t *testing.T) {
	var buf bytes.Buffer
	if _, err := gen.Generate(&buf, gen.Config{Seed: 3, Devices: 200, PingsPerDevice: 4}); err != nil {
		t.Fatal(err)
	}
	size := int64(buf.Len())
	step := size / 20
	setThrottle(t, step, 0)
	r, err := NewReader(&buf, "stdin")
	if err != nil {
		t.Fatal(err)
	}
	var calls []progressCall
	if _, err := AnalyzeSource("stdin", r, Options{Progress: func(r, tot int64) { calls = append(calls, progressCall{r, tot}) }}); err != nil {
		t.Fatal(err)
	}
	checkCalls(t, calls, size, 0, step)
}

// plainSource is a Source that does not know its position.
type plainSource struct{ r *Reader }

func (s plainSource) Next(rec *Record) error { return s.r.Next(rec) }

func TestProgressNeedsPositioner(t *testing.T) {
	path, _ := genFile(t, false)
	setThrottle(t, 1, 0)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	called := false
	res, err := AnalyzeSource(path, plainSource{r}, Options{Progress: func(int64, int64) { called = true }})
	if err != nil || res.Stats.Packets == 0 {
		t.Fatalf("%v, %d packets", err, res.Stats.Packets)
	}
	if called {
		t.Error("Progress called for a source without a position")
	}
}
