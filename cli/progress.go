package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"sync"
)

// byteProgress draws one progress line on stderr (only used when stderr
// is a terminal): the capture, its place in the run, how far it is read.
// The capture package throttles calls (every 8 MiB, at most 5 a second).
type byteProgress struct {
	mu    sync.Mutex
	w     io.Writer
	name  string
	i, n  int
	drawn bool
}

func (p *byteProgress) start(i int, path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.i, p.name = i, filepath.Base(path)
}

func (p *byteProgress) update(read, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("reading %s (%d/%d): %s", p.name, p.i+1, p.n, mib(read))
	if total > 0 {
		line = fmt.Sprintf("%s of %s, %3.0f%%", line, mib(total), 100*float64(read)/float64(total))
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

// clear removes the line before results are printed.
func (p *byteProgress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
