package cli

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/hopaudit/hopaudit/report"
	"github.com/spf13/cobra"
)

// outputOptions are the flags every result-producing command shares.
type outputOptions struct {
	Format  string
	Output  string
	FailOn  string
	formats []string
}

func (o *outputOptions) addFlags(cmd *cobra.Command, formats ...string) {
	o.formats = formats
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: "+strings.Join(formats, ", "))
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	cmd.Flags().StringVar(&o.FailOn, "fail-on", "error", "exit 3 when a finding reaches this level: error, warning, info or none")
	_ = cmd.MarkFlagFilename("output")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning", "info", "none"}, cobra.ShellCompDirectiveNoFileComp))
}

func (o *outputOptions) validate() (report.Severity, error) {
	if !slices.Contains(o.formats, o.Format) {
		return 0, usagef("--format must be one of %s, not %q", strings.Join(o.formats, ", "), o.Format)
	}
	sev, err := report.ParseSeverity(o.FailOn)
	if err != nil {
		return 0, &UsageError{Err: fmt.Errorf("--fail-on: %w", err)}
	}
	return sev, nil
}

// emit renders res in the chosen format to stdout or, atomically, to
// --output, then returns a *FindingsError when findings reach --fail-on.
// Only text is styled: it goes to a terminal in colour, to a pipe or a
// file plain (coloured in a file only with --color always).
func (o *outputOptions) emit(f *Factory, res *report.Result) error {
	failOn, err := o.validate()
	if err != nil {
		return err
	}
	text := o.Format == "text"
	if o.Output != "" {
		err = report.WriteFileAtomic(o.Output, func(w io.Writer) error {
			if text {
				profile := colorprofile.NoTTY
				if f.IO.ColorForced() {
					profile = f.IO.Profile()
				}
				w = &colorprofile.Writer{Forward: w, Profile: profile}
			}
			return o.render(w, res, 100)
		})
	} else {
		var buf bytes.Buffer
		w := io.Writer(&buf)
		if text {
			w = f.IO.Styled(&buf)
		}
		if err = o.render(w, res, f.IO.Width()); err == nil {
			_, err = f.IO.Out.Write(buf.Bytes())
		}
	}
	if err != nil {
		return err
	}
	if worst, ok := report.Worst(res.Findings); ok && worst >= failOn {
		return &FindingsError{Worst: worst, FailOn: failOn}
	}
	return nil
}

func (o *outputOptions) render(w io.Writer, res *report.Result, width int) error {
	return report.Render(w, o.Format, res, report.Options{Width: width})
}
