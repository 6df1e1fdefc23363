package cli

import (
	"errors"
	"github.com/hopaudit/hopaudit/check"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
	"github.com/spf13/cobra"
	"io/fs"
)

// checkOptions are the inputs of `hopaudit check`.
type checkOptions struct {
	Topology string
	out      outputOptions
}

func newCheckCmd(f *Factory) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check -t TOPOLOGY",
		Short: "Judge the declared timers: who cuts a silent Ping first, and the change plan",
		Long: `check reads a topology file and, for the longest Ping heartbeat, works out
each hop's effective idle limit (declared, or the vendor default), the hop
that ends a silent Ping first and how, every timer below the heartbeat plus
the margin, timers that do not grow outward from Exchange, and a coherent
change plan with the exact commands and their rollback.`,
		Example: `  hopaudit check -t testdata/topologies/f5-default.yaml
  hopaudit check -t path.yaml --format json -o check.json
  hopaudit check -t path.yaml --fail-on warning`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(f, o)
		},
	}
	cmd.Flags().StringVarP(&o.Topology, "topology", "t", "", "topology `FILE` (YAML)")
	_ = cmd.MarkFlagRequired("topology")
	_ = cmd.MarkFlagFilename("topology", "yaml", "yml")
	o.out.addFlags(cmd, report.Formats...)
	return cmd
}

func runCheck(f *Factory, o *checkOptions) error {
	if _, err := o.out.validate(); err != nil {
		return err
	}
	t, err := topology.Load(o.Topology)
	if errors.Is(err, fs.ErrNotExist) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	res := newResult(f)
	check.Run(t, res)
	return o.out.emit(f, res)
}

// newResult starts a result stamped with the tool version and the time.
func newResult(f *Factory) *report.Result {
	r := &report.Result{Schema: report.Schema, Tool: "hopaudit " + Version()}
	if f.Now != nil {
		r.Generated = f.Now().UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	return r
}
