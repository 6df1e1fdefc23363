package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/hopaudit/hopaudit/report"
	"github.com/spf13/cobra"
)

// reportOptions are the inputs of `hopaudit report`.
type reportOptions struct {
	File string
	out  resultOutput
}

func newReportCmd(f *Factory) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report RESULT.json",
		Short: "Re-render a saved JSON result as text, Markdown or HTML, without re-reading captures",
		Long: `report reads a result saved with --format json (by check, analyze or audit)
and renders it again: a change request in Markdown, a single-file HTML
report with pictures, terminal text, or the same JSON (byte for byte).
--redact replaces user names, device IDs and client addresses by stable
pseudonyms in every format.`,
		Example: `  hopaudit report audit.json --format markdown -o cr.md
  hopaudit report audit.json --format html -o cr.html --redact`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			return runReport(f, o)
		},
	}
	o.out.addFlags(cmd)
	fo := cmd.Flags().Lookup("fail-on")
	fo.DefValue = "none"
	_ = fo.Value.Set("none")
	return cmd
}

func runReport(f *Factory, o *reportOptions) error {
	if _, err := o.out.out.validate(); err != nil {
		return err
	}
	file, err := os.Open(o.File)
	if errors.Is(err, fs.ErrNotExist) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	defer file.Close()
	res, err := report.ReadJSON(file)
	if err != nil {
		return &UsageError{Err: fmt.Errorf("read %s: %w", o.File, err)}
	}
	return o.out.emit(f, res)
}

// resultOutput are the output flags of audit and report: outputOptions
// with every format of package report, and redaction.
type resultOutput struct {
	out       outputOptions
	Redact    bool
	RedactKey string
}

func (o *resultOutput) addFlags(cmd *cobra.Command) {
	o.out.addFlags(cmd, report.Formats...)
	cmd.Flags().BoolVar(&o.Redact, "redact", false, "replace user names, device IDs and client addresses by stable pseudonyms")
	cmd.Flags().StringVar(&o.RedactKey, "redact-key", "", "`KEY` for --redact pseudonyms, to keep them stable across runs (default: a random key per run)")
}

// emit redacts when asked, then renders as outputOptions.emit does.
func (o *resultOutput) emit(f *Factory, res *report.Result) error {
	if _, err := o.out.validate(); err != nil {
		return err
	}
	if o.Redact || o.RedactKey != "" {
		res = report.Redact(res, o.key())
	}
	return o.out.emit(f, res)
}

func (o *resultOutput) key() string {
	if o.RedactKey != "" {
		return o.RedactKey
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
