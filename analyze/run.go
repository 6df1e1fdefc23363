package analyze

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/report"
)

// InputError is a capture that cannot be read at all (missing, empty,
// not a capture, unsupported link type): invalid input, not a crash.
type InputError struct {
	File string
	Err  error
}

func (e *InputError) Error() string { return fmt.Sprintf("capture %s: %v", e.File, e.Err) }
func (e *InputError) Unwrap() error { return e.Err }

// endRecord is what clustering and findings keep of one judged end.
type endRecord struct {
	capture   string
	conn      int
	frame     int
	by        string
	hop       int
	kind      string
	idle      time.Duration
	premature bool
	// failed: a long-poll whose answer never reached its client (cut
	// before, at or after its heartbeat).
	failed bool
	// dup marks an end that only passed on a close another segment of
	// the same chain started; findings count it once, at the origin.
	dup bool
}

// engine holds the state of one Run. Not safe for concurrent use.
type engine struct {
	opts  *Options
	path  *pathModel
	hbDev map[string]time.Duration // heartbeat last decoded per DeviceId
	res   report.Analysis
	ends  []endRecord
	links []linkRec
	// f5recs are the current capture's connections with F5 flow ids.
	f5recs []f5Rec
	// stitching is set when two or more captures are placed on the path:
	// only then are links and ends kept, to be fed once chains are known.
	// Otherwise each end is fed at once and memory does not grow with the
	// number of connections.
	stitching bool
	// tally, clusterSet and failSet aggregate the fed ends.
	tally      map[string]*tally
	clusterSet aggSet
	failSet    aggSet
	// capIdx is the index of the capture being read.
	capIdx int
	lpMin  time.Duration
}

// Run analyzes every input and returns the analysis and its findings.
// A capture that cannot be read at all returns an *InputError; a damaged
// one is analyzed up to the damage and carries a warning.
func Run(opts Options) (*report.Analysis, []report.Finding, error) {
	e := &engine{opts: &opts, path: newPath(opts.Topology), hbDev: map[string]time.Duration{}, lpMin: opts.longPollMin(),
		tally: map[string]*tally{}}
	placed := 0
	for _, in := range opts.Inputs {
		if e.path.position(in.Between).lo >= 0 {
			placed++
		}
	}
	e.stitching = placed >= 2
	e.res.Connections = []report.Connection{}
	for i, in := range opts.Inputs {
		if opts.Progress != nil {
			opts.Progress(i, in.Path)
		}
		e.capIdx = i
		if err := e.capture(in); err != nil {
			return nil, nil, err
		}
	}
	e.stitch()
	for _, r := range e.ends {
		e.feed(r)
	}
	e.res.Hops = e.tallies()
	e.res.Clusters = e.clusters()
	return &e.res, e.findings(), nil
}

func (e *engine) capture(in Input) error {
	name := filepath.Base(in.Path)
	pos := e.path.position(in.Between)
	copts := e.opts.Capture
	if copts.SilenceThreshold == 0 {
		// A silent drop is a send after a long-poll's silence: use the
		// same scale, so paths scaled to seconds are judged alike.
		copts.SilenceThreshold = e.lpMin
	}
	n := 0
	copts.OnConn = func(c *capture.Conn) {
		n++
		e.judge(c, name, pos)
	}
	r, err := capture.Analyze(in.Path, copts)
	if r == nil {
		return &InputError{File: in.Path, Err: err}
	}
	e.pairF5(name)
	e.res.Captures = append(e.res.Captures, summary(r.Stats, in, n))
	if err != nil {
		e.res.Captures[len(e.res.Captures)-1].Warnings = append(e.res.Captures[len(e.res.Captures)-1].Warnings, err.Error())
	}
	return nil
}

func summary(st capture.CaptureStats, in Input, conns int) report.CaptureSummary {
	s := report.CaptureSummary{File: st.File, Format: string(st.Format), Packets: st.Packets, TCPPackets: st.TCPPackets,
		Connections: conns, Damaged: st.Damaged, Warnings: []string{}}
	if in.Between[0] != "" {
		s.Between = []string{in.Between[0], in.Between[1]}
	}
	if !st.First.IsZero() {
		s.First, s.Last = rfc3339(st.First), rfc3339(st.Last)
	}
	for _, w := range st.Warnings {
		s.Warnings = append(s.Warnings, w.String())
	}
	if st.WarningsDropped > 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%d more warnings not listed", st.WarningsDropped))
	}
	return s
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
