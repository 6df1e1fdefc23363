package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/hopaudit/hopaudit/analyze"
	"github.com/hopaudit/hopaudit/check"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
	"github.com/spf13/cobra"
)

// auditOptions are the inputs of `hopaudit audit`.
type auditOptions struct {
	Topology     string
	Captures     []string // FILE or FILE=HOP,HOP
	ProbeResults []string
	LongPollMin  time.Duration
	MaxListed    int
	out          resultOutput
}

func newAuditCmd(f *Factory) *cobra.Command {
	o := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit [-t TOPOLOGY] [--capture FILE[=HOP,HOP]...] [--probe-results FILE...]",
		Short: "Check, analyze and probe results in one report: the change request",
		Long: `audit runs check on the topology, analyze on the captures and reads saved
probe results (hopaudit probe --format json), then merges everything into
one result: one list of findings, the change plans, and the evidence. With
--format markdown or html it is a change request a change board can read:
summary, impact, findings with evidence, changes per device in execution
order, implementation steps, validation, backout and risk.

Captures come from --capture (placed with =HOP,HOP, like analyze --at), or
from the topology's captures: entries when no --capture is given.`,
		Example: `  hopaudit audit -t path.yaml --capture edge.pcapng=devices,eas-vip --probe-results p.json --format markdown -o cr.md
  hopaudit audit -t path.yaml --format html -o cr.html --redact
  hopaudit audit -t path.yaml --format json -o audit.json && hopaudit report audit.json --format html -o cr.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(f, o)
		},
	}
	cmd.Flags().StringVarP(&o.Topology, "topology", "t", "", "topology `FILE` (YAML)")
	cmd.Flags().StringArrayVar(&o.Captures, "capture", nil, "capture `FILE`, optionally placed: FILE=HOP,HOP (repeatable)")
	cmd.Flags().StringArrayVar(&o.ProbeResults, "probe-results", nil, "probe results `FILE` written by hopaudit probe --format json (repeatable)")
	cmd.Flags().DurationVar(&o.LongPollMin, "long-poll-min", 0, "silence after which an undecodable outstanding request counts as a long-poll (see analyze)")
	cmd.Flags().IntVar(&o.MaxListed, "max-connections", defaultMaxListed, "list at most N connections in the result, the first ones in capture order (0: no limit); every connection is still judged, counted and in the findings")
	_ = cmd.MarkFlagFilename("topology", "yaml", "yml")
	_ = cmd.MarkFlagFilename("capture")
	_ = cmd.MarkFlagFilename("probe-results", "json")
	o.out.addFlags(cmd)
	return cmd
}

func runAudit(f *Factory, o *auditOptions) error {
	if _, err := o.out.out.validate(); err != nil {
		return err
	}
	if o.Topology == "" && len(o.Captures) == 0 && len(o.ProbeResults) == 0 {
		return usagef("nothing to audit: give a topology (-t), captures (--capture) or probe results (--probe-results)")
	}
	top, err := loadTopology(o.Topology)
	if err != nil {
		return err
	}
	res := newResult(f)
	if top != nil {
		check.Run(top, res)
	}
	if err := o.analyze(f, top, res); err != nil {
		return err
	}
	if err := o.readProbes(res); err != nil {
		return err
	}
	report.SortFindings(res.Findings)
	return o.out.emit(f, res)
}

func loadTopology(path string) (*topology.Topology, error) {
	if path == "" {
		return nil, nil
	}
	t, err := topology.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &UsageError{Err: err}
	}
	return t, err
}

// analyze runs analyze on the captures, when there are any, and merges
// its result into res.
func (o *auditOptions) analyze(f *Factory, top *topology.Topology, res *report.Result) error {
	ao := &analyzeOptions{}
	for _, c := range o.Captures {
		file, place := splitPlacement(c)
		ao.Captures = append(ao.Captures, file)
		if place != "" {
			ao.At = append(ao.At, file+"="+place)
		}
	}
	if len(ao.Captures) == 0 && (top == nil || len(top.Captures) == 0) {
		return nil
	}
	inputs, err := ao.inputs(top)
	if err != nil {
		return err
	}
	opts := analyze.Options{Inputs: inputs, Topology: top, LongPollMin: o.LongPollMin, MaxListed: o.MaxListed}
	a, findings, err := runAnalysis(f, opts)
	if err != nil {
		return err
	}
	if res.Path == nil && top != nil {
		check.Describe(top, res)
	}
	res.Analysis = a
	res.Findings = append(res.Findings, findings...)
	return nil
}

// splitPlacement splits "FILE=HOP,HOP" into the file and "HOP,HOP"; a
// name whose part after the last '=' holds no comma is all file.
func splitPlacement(s string) (file, place string) {
	i := strings.LastIndex(s, "=")
	if i < 0 || !strings.Contains(s[i+1:], ",") {
		return s, ""
	}
	return s[:i], s[i+1:]
}

// readProbes reads every --probe-results file into res, with the
// findings their cut ladders reveal.
func (o *auditOptions) readProbes(res *report.Result) error {
	var runs []report.ProbeRun
	for _, path := range o.ProbeResults {
		run, err := readProbeFile(path)
		if err != nil {
			return err
		}
		runs = append(runs, *run)
	}
	res.Probes = append(res.Probes, runs...)
	res.Findings = append(res.Findings, report.ProbeFindings(runs, res.Path, res.Plans)...)
	return nil
}

func readProbeFile(path string) (*report.ProbeRun, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, &UsageError{Err: fmt.Errorf("probe results: %w", err)}
	}
	defer file.Close()
	run, err := report.ReadProbeRun(file)
	if err != nil {
		return nil, &UsageError{Err: fmt.Errorf("read probe results %s: %w", path, err)}
	}
	run.Source = path
	return run, nil
}
