package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/hopaudit/hopaudit/term"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X github.com/hopaudit/hopaudit/cli.version=v1.2.3".
var version = ""

// Version returns the program version: the -ldflags value, else the
// module version from the build info, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Factory carries what every command needs: the streams and a clock.
type Factory struct {
	IO  *term.IOStreams
	Now func() time.Time
}

// NewRoot builds the command tree.
func NewRoot(f *Factory) *cobra.Command {
	var color string
	root := &cobra.Command{
		Use:   "hopaudit",
		Short: "Find the box that cuts ActiveSync Direct Push long-polls",
		Long: `hopaudit audits the idle timers between mobile devices and Exchange.

It checks declared timers against the Ping heartbeat, analyzes captures to
name the hop behind every premature close, probes the live path with
silent long-polls, and writes change requests with exact commands.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := f.IO.SetColorMode(color); err != nil {
				return &UsageError{Err: err}
			}
			return nil
		},
	}
	root.PersistentFlags().StringVar(&color, "color", "auto", "colour output: auto, always or never (NO_COLOR turns auto off)")
	root.AddCommand(
		newCheckCmd(f),
		newAnalyzeCmd(f),
		newProbeCmd(f),
		newServeCmd(f),
		newWatchCmd(f),
		newInitCmd(f),
		newKindsCmd(f),
		newVersionCmd(f),
		newReportCmd(f),
		newAuditCmd(f),
	)
	markRunErrors(root)
	return root
}

// Main runs the program with args and returns the exit code.
func Main(io *term.IOStreams, args []string) int {
	return mainWith(&Factory{IO: io, Now: time.Now}, args)
}

func mainWith(f *Factory, args []string) int {
	io := f.IO
	root := NewRoot(f)
	root.SetArgs(args)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	var ce *cmdError
	if !errors.As(err, &ce) {
		// cobra's own errors (unknown command, bad arguments) are usage.
		fmt.Fprintf(io.ErrOut, "hopaudit: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
		return ExitUsage
	}
	var fe *FindingsError
	if !errors.As(err, &fe) {
		fmt.Fprintf(io.ErrOut, "hopaudit: %v\n", ce.err)
	}
	return exitCode(ce.err)
}

// cmdError marks an error returned by a command's own work, as opposed
// to one cobra raised while parsing.
type cmdError struct{ err error }

func (e *cmdError) Error() string { return e.err.Error() }
func (e *cmdError) Unwrap() error { return e.err }

// markRunErrors wraps every command's RunE so Main can tell its errors
// from cobra's.
func markRunErrors(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if err := run(cmd, args); err != nil {
				return &cmdError{err: err}
			}
			return nil
		}
	}
	if pre := c.PersistentPreRunE; pre != nil {
		c.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
			if err := pre(cmd, args); err != nil {
				return &cmdError{err: err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		markRunErrors(sub)
	}
}
