package report

import (
	"fmt"
	"strings"
)

// crProbes is the probe section of a change request: every renderer
// shows probe runs from this one place.
type crProbes struct {
	Runs []crProbeRun
}

type crProbeRun struct {
	Title   string
	Rows    []crProbeRow
	Ladders []string
	Verdict string
	Notes   []string
}

// crProbeRow is one probe: Cut marks a hold ended by the path; Match
// names the declared timer its end fits.
type crProbeRow struct {
	Hop, Target, Hold, Outcome, After, Held, Match string
	Cut                                            bool
}

func crProbesOf(res *Result) *crProbes {
	if len(res.Probes) == 0 {
		return nil
	}
	ps := &crProbes{}
	for _, r := range res.Probes {
		ps.Runs = append(ps.Runs, crProbeRunOf(res.Path, r))
	}
	return ps
}

func crProbeRunOf(p *Path, r ProbeRun) crProbeRun {
	run := crProbeRun{Title: fmt.Sprintf("%s probes of %s", r.Mode, r.Target)}
	if r.Started != "" {
		run.Title += ", started " + r.Started
	}
	if r.Source != "" {
		run.Title += " (" + baseName(r.Source) + ")"
	}
	for _, pr := range r.Probes {
		run.Rows = append(run.Rows, crProbeRowOf(p, pr))
	}
	for _, l := range r.Ladders {
		run.Ladders = append(run.Ladders, firstNonEmpty(l.Hop, l.Target)+": "+l.Text)
	}
	if r.Verdict != nil {
		run.Verdict = r.Verdict.Text
	}
	run.Notes = r.Notes
	if r.Interrupted {
		run.Notes = append(run.Notes, "the run was interrupted: the rows above are what was learned before the stop")
	}
	return run
}

func crProbeRowOf(p *Path, pr Probe) crProbeRow {
	hop := firstNonEmpty(pr.Hop, hopOfAddr(p, pr.Target))
	out := outcomeText(pr)
	row := crProbeRow{Hop: hop, Target: pr.Target, Hold: durS(pr.HoldS), Outcome: out,
		After: fmt.Sprintf("%.2f s", pr.AfterS), Held: yesNo(pr.Held), Cut: pr.cut()}
	if row.Cut {
		if m, ok := MatchTimer(p, hop, pr.AfterS); ok {
			row.Match = timerName(m)
		}
	}
	if len(pr.Evidence) > 0 {
		row.Match = strings.TrimPrefix(row.Match+"; "+strings.Join(pr.Evidence, "; "), "; ")
	}
	return row
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// outcomeText says how a probe ended: "answered, Ping Status 1", "http 504".
func outcomeText(p Probe) string {
	switch {
	case p.Status == 0:
		return p.Outcome
	case p.Mode == "eas" && p.Outcome == "answered":
		return fmt.Sprintf("answered, Ping Status %d", p.Status)
	}
	return fmt.Sprintf("%s %d", p.Outcome, p.Status)
}
