package capture

import (
	"io"
	"os"
	"time"
)

// Throttles of [Options.Progress]: the position is looked at every
// progressStep bytes and reported when progressInterval has passed since
// the last report. Variables so that tests can shrink them.
var (
	progressStep     int64 = 8 << 20
	progressInterval       = 200 * time.Millisecond
)

// Positioner is implemented by sources that know how far into their input
// they are; [*Reader] implements it. [AnalyzeSource] reports progress only
// for sources that implement it.
type Positioner interface {
	// Position returns the bytes consumed from the underlying input so far
	// and its total size, 0 when unknown.
	Position() (read, total int64)
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
	}
	return n, err
}

// sizeOf returns the size of r when it is a regular file, else 0.
func sizeOf(r io.Reader) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return 0
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	return st.Size()
}

// progress throttles calls to Options.Progress.
type progress struct {
	fn     func(read, total int64)
	pos    Positioner
	next   int64 // report when read reaches this
	last   time.Time
	called bool
}

func newProgress(fn func(read, total int64), src Source) *progress {
	pos, ok := src.(Positioner)
	if fn == nil || !ok {
		return nil
	}
	return &progress{fn: fn, pos: pos, next: progressStep}
}

// tick reports the position when another step was read and the interval
// has passed since the last report.
func (p *progress) tick() {
	read, total := p.pos.Position()
	if read < p.next {
		return
	}
	p.next = read + progressStep
	if now := time.Now(); !p.called || now.Sub(p.last) >= progressInterval {
		p.last, p.called = now, true
		p.fn(read, total)
	}
}

// done reports the final position once.
func (p *progress) done() {
	read, total := p.pos.Position()
	p.fn(read, total)
}
