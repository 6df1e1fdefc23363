package probe

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// ProbeResult is what one probe learned. Durations are seconds.
type ProbeResult struct {
	// Hop names the plan hop probed; empty without a plan.
	Hop string `json:"hop,omitempty"`
	// Mode and Target of the probe (the target with any credentials removed).
	Mode   Mode   `json:"mode"`
	Target string `json:"target"`
	// HoldS is the hold asked for.
	HoldS float64 `json:"hold_s"`
	// Outcome is what ended the probe.
	Outcome Outcome `json:"outcome"`
	// Status is the HTTP status, or the ActiveSync Ping status in eas mode when
	// the HTTP status was 200; 0 when none was received.
	Status int `json:"status"`
	// AfterS is the time from the start of the hold (request sent, or connection
	// established) to the end.
	AfterS float64 `json:"after_s"`
	// Held is true when the connection survived the whole hold: an answer at or
	// after the hold (http, eas), or still open at the hold (tcp, tls).
	Held bool `json:"held"`
	// Interrupted is true when the run was cancelled before this probe ended.
	Interrupted bool `json:"interrupted,omitempty"`
	// Local and Remote are the probe's socket addresses, to match the responder's
	// log and a capture; empty when no connection was made.
	Local  string `json:"local,omitempty"`
	Remote string `json:"remote,omitempty"`
	// Evidence lists what supports the outcome, one plain sentence each.
	Evidence []string `json:"evidence"`
}

// Result is the outcome of a run. The zero value is an empty result.
type Result struct {
	Mode    Mode      `json:"mode"`
	Target  string    `json:"target"`
	Started time.Time `json:"started"`
	HoldsS  []float64 `json:"holds_s"`
	// Probes in (hop, target, hold) order.
	Probes []ProbeResult `json:"probes"`
	// Ladders has one bracket per target.
	Ladders []Bracket `json:"ladders"`
	// Verdict is set when a plan was run.
	Verdict *Verdict `json:"verdict,omitempty"`
	// Interrupted is true when the run was cancelled (Ctrl-C) before the end.
	Interrupted bool `json:"interrupted"`
	// Capture describes the capture written, when one was asked for and started.
	Capture *CaptureInfo `json:"capture,omitempty"`
	// Notes carries run-level remarks (for example a capture that could not start).
	Notes []string `json:"notes,omitempty"`
}

// WriteText writes r as a plain-text table followed by the findings.
func (r Result) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "probe %s %s, holds %s\n", r.Mode, r.Target, secondsList(r.HoldsS))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HOP\tTARGET\tHOLD\tOUTCOME\tAFTER\tHELD\tEVIDENCE")
	for _, p := range r.Probes {
		hop := p.Hop
		if hop == "" {
			hop = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2fs\t%s\t%s\n", hop, p.Target, fmtSeconds(p.HoldS),
			outcomeText(p), p.AfterS, yesNo(p.Held), strings.Join(p.Evidence, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range r.Ladders {
		fmt.Fprintf(&b, "ladder %s: %s\n", l.Target, l.Text)
	}
	if r.Verdict != nil {
		fmt.Fprintf(&b, "verdict: %s\n", r.Verdict.Text)
	}
	if r.Capture != nil {
		fmt.Fprintf(&b, "capture: %d packets written to %s\n", r.Capture.Packets, r.Capture.File)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if r.Interrupted {
		b.WriteString("interrupted: results above are what was learned before the stop\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func outcomeText(p ProbeResult) string {
	if p.Status != 0 {
		return fmt.Sprintf("%s %d", p.Outcome, p.Status)
	}
	return string(p.Outcome)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// fmtSeconds prints whole seconds without decimals, others with up to three.
func fmtSeconds(s float64) string {
	if s == float64(int64(s)) {
		return fmt.Sprintf("%ds", int64(s))
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", s), "0"), ".") + "s"
}

func secondsList(ss []float64) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmtSeconds(s)
	}
	return strings.Join(parts, ",")
}
