package cli

import (
	"errors"
	"fmt"

	"github.com/hopaudit/hopaudit/analyze"
	"github.com/hopaudit/hopaudit/report"
)

// runAnalysis runs the analyze engine for analyze and audit: progress on
// stderr when it is a terminal, and a capture that cannot be read at all
// reported as invalid input (exit 2).
func runAnalysis(f *Factory, opts analyze.Options) (*report.Analysis, []report.Finding, error) {
	if f.IO.ProgressEnabled() {
		n := len(opts.Inputs)
		opts.Progress = func(i int, path string) {
			fmt.Fprintf(f.IO.ErrOut, "reading %s (%d/%d)\n", path, i+1, n)
		}
	}
	a, findings, err := analyze.Run(opts)
	var ie *analyze.InputError
	if errors.As(err, &ie) {
		return nil, nil, &UsageError{Err: err}
	}
	return a, findings, err
}
