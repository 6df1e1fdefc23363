package cli

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/hopaudit/hopaudit/analyze"
	"github.com/hopaudit/hopaudit/check"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
	"github.com/spf13/cobra"
)

// analyzeOptions are the inputs of `hopaudit analyze`.
type analyzeOptions struct {
	Topology    string
	Captures    []string
	At          []string // FILE=HOP,HOP
	LongPollMin time.Duration
	Connections string
	MaxListed   int
	out         outputOptions
}

func newAnalyzeCmd(f *Factory) *cobra.Command {
	o := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:   "analyze [-t TOPOLOGY] [CAPTURE...]",
		Short: "Name the hop behind every premature end of a long-poll, from pcap/pcapng captures",
		Long: `analyze reads pcap and pcapng captures (gzip too) and says, for every TCP
connection, how it ended (answered, rst, fin, 5xx-by-proxy, silent-drop or
open), whether it was a long-poll cut before its heartbeat, and which declared
hop ended it, how sure that is and on what evidence. Without a topology it
still reports every end and infers timers from clusters of closes.

Where each capture was taken comes from the topology's captures: entries,
or from --at FILE=HOP,HOP; with no capture arguments, the topology's
captures are read.`,
		Example: `  hopaudit analyze -t path.yaml
  hopaudit analyze -t path.yaml edge.pcapng --at edge.pcapng=edge-fw,eas-vip
  hopaudit analyze f5-vip.pcap --format json -o analysis.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Captures = args
			return runAnalyze(f, o)
		},
	}
	cmd.Flags().StringVarP(&o.Topology, "topology", "t", "", "topology `FILE` (YAML); optional")
	cmd.Flags().StringArrayVar(&o.At, "at", nil, "where a capture was taken: `FILE=HOP,HOP` (repeatable)")
	cmd.Flags().DurationVar(&o.LongPollMin, "long-poll-min", 0, "silence after which an undecodable outstanding request counts as a long-poll (default: a quarter of the heartbeat, 1-30 s)")
	cmd.Flags().StringVar(&o.Connections, "connections", "all", "connections to list in the result: all, long-poll or none (all are judged and counted)")
	cmd.Flags().IntVar(&o.MaxListed, "max-connections", defaultMaxListed, "list at most N connections in the result, the first ones in capture order (0: no limit); every connection is still judged, counted and in the findings")
	_ = cmd.MarkFlagFilename("topology", "yaml", "yml")
	o.out.addFlags(cmd, report.Formats...)
	return cmd
}

func runAnalyze(f *Factory, o *analyzeOptions) error {
	if _, err := o.out.validate(); err != nil {
		return err
	}
	top, err := loadTopology(o.Topology)
	if err != nil {
		return err
	}
	inputs, err := o.inputs(top)
	if err != nil {
		return err
	}
	opts := analyze.Options{Inputs: inputs, Topology: top, LongPollMin: o.LongPollMin, MaxListed: o.MaxListed}
	switch o.Connections {
	case "all":
	case "long-poll":
		opts.OnlyLongPolls = true
	case "none":
		opts.MaxListed = -1
	default:
		return usagef("--connections must be all, long-poll or none, not %q", o.Connections)
	}
	a, findings, err := runAnalysis(f, opts)
	if err != nil {
		return err
	}
	res := newResult(f)
	res.Analysis = a
	res.Findings = findings
	if top != nil {
		check.Describe(top, res)
		if worst, ok := report.Worst(findings); ok && worst == report.SeverityError {
			res.Plans = check.Plans(top, check.Limits(top))
		}
	}
	return o.out.emit(f, res)
}

// inputs pairs each capture with its place on the path: --at first, then
// the topology's captures: entries (by path or by file name).
func (o *analyzeOptions) inputs(top *topology.Topology) ([]analyze.Input, error) {
	at := map[string][2]string{}
	for _, s := range o.At {
		file, hops, ok := strings.Cut(s, "=")
		a, b, ok2 := strings.Cut(hops, ",")
		if !ok || !ok2 || file == "" || a == "" || b == "" {
			return nil, usagef("--at %q: want FILE=HOP,HOP", s)
		}
		if top != nil && (top.Index(a) < 0 || top.Index(b) < 0) {
			return nil, usagef("--at %q: the topology has no hop %q or %q", s, a, b)
		}
		at[file] = [2]string{a, b}
	}
	files := o.Captures
	if len(files) == 0 && top != nil {
		for _, c := range top.Captures {
			files = append(files, c.Path)
		}
	}
	if len(files) == 0 {
		return nil, usagef("no capture given: name capture files, or a topology with captures:")
	}
	var out []analyze.Input
	for _, file := range files {
		in := analyze.Input{Path: file, Between: at[file]}
		if in.Between[0] == "" && top != nil {
			in.Between = placeOf(top, file)
		}
		out = append(out, in)
	}
	return out, nil
}

func placeOf(top *topology.Topology, file string) [2]string {
	for _, c := range top.Captures {
		if c.Path == file || c.File == file || filepath.Base(c.File) == filepath.Base(file) {
			return c.Between
		}
	}
	return [2]string{}
}
