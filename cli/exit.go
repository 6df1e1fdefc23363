// Package cli holds hopaudit's commands: one constructor and one options
// struct per command, the work in a plain function tests call directly,
// and exit codes decided in one place (Main).
package cli

import (
	"errors"
	"fmt"

	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

// Exit codes.
const (
	ExitOK       = 0 // clean
	ExitError    = 1 // runtime error
	ExitUsage    = 2 // usage error or invalid input
	ExitFindings = 3 // findings at or above --fail-on
)

// UsageError is bad usage or invalid input: exit code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// FindingsError says findings reached --fail-on: exit code 3. The result
// was written in full before it is returned.
type FindingsError struct {
	Worst  report.Severity
	FailOn report.Severity
}

func (e *FindingsError) Error() string {
	return fmt.Sprintf("findings at %s level (--fail-on %s)", e.Worst, e.FailOn)
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ue *UsageError
	var te *topology.Error
	var fe *FindingsError
	var we *watchExit
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &we):
		return we.code
	case errors.As(err, &fe):
		return ExitFindings
	case errors.As(err, &ue), errors.As(err, &te):
		return ExitUsage
	}
	return ExitError
}
