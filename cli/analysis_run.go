package cli

import (
	"errors"
	"os"
	"runtime/debug"

	"github.com/hopaudit/hopaudit/analyze"
	"github.com/hopaudit/hopaudit/report"
)

// runAnalysis runs the analyze engine for analyze and audit: progress on
// stderr when it is a terminal, and a capture that cannot be read at all
// reported as invalid input (exit 2).
func runAnalysis(f *Factory, opts analyze.Options) (*report.Analysis, []report.Finding, error) {
	// Judging runs beside reading: a second core takes the per-connection
	// work off the packet loop.
	opts.Capture.OnConnAsync = true
	softMemoryLimit()
	if f.IO.ProgressEnabled() {
		p := &byteProgress{w: f.IO.ErrOut, n: len(opts.Inputs)}
		opts.Progress = p.start
		opts.Capture.Progress = p.update
		defer p.clear()
	}
	a, findings, err := analyze.Run(opts)
	var ie *analyze.InputError
	if errors.As(err, &ie) {
		return nil, nil, &UsageError{Err: err}
	}
	return a, findings, err
}

// analyzeMemoryLimit is the soft memory limit analyze runs under unless
// GOMEMLIMIT says otherwise: the garbage collector works harder near it
// instead of letting the heap double (it is a target, not a cap: a capture
// with more open connections than fit still runs).
const analyzeMemoryLimit = 140 << 20

func softMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(analyzeMemoryLimit)
	}
}

// defaultMaxListed bounds the connections a result lists by default, so
// that memory and output stay bounded on multi-gigabyte captures; the
// findings, clusters and counts still cover every connection.
const defaultMaxListed = 10000
