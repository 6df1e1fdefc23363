package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
	"github.com/spf13/cobra"
)

type initOptions struct {
	Path  string
	Force bool
}

func newInitCmd(f *Factory) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write an annotated example topology to start from",
		Long:  "init writes an annotated example topology (default hopaudit.yaml; - for stdout). It refuses to overwrite a file unless --force is given.",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Path = "hopaudit.yaml"
			if len(args) == 1 {
				o.Path = args[0]
			}
			return runInit(f, o)
		},
	}
	cmd.Flags().BoolVar(&o.Force, "force", false, "overwrite an existing file")
	return cmd
}

func runInit(f *Factory, o *initOptions) error {
	if o.Path == "-" {
		_, err := f.IO.Out.Write(topology.Example)
		return err
	}
	if _, err := os.Stat(o.Path); err == nil && !o.Force {
		return usagef("%s exists; use --force to overwrite it", o.Path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("init: %w", err)
	}
	err := report.WriteFileAtomic(o.Path, func(w io.Writer) error {
		_, err := w.Write(topology.Example)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "wrote %s; next: hopaudit check -t %s\n", o.Path, o.Path)
	return nil
}
