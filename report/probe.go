package report

// ProbeRun is one `hopaudit probe` run as written by `hopaudit probe
// --format json`: a set of silent holds through the live path and what
// ended each. Durations are seconds. The zero value is an empty run.
//
// Its JSON form is the "probes" array of the result (schema
// hopaudit/result/v1): mode, target, started, holds_s, probes, ladders,
// verdict, interrupted, notes, source.
type ProbeRun struct {
	// Mode is tcp, tls, http or eas.
	Mode   string `json:"mode"`
	Target string `json:"target"`
	// Started is the RFC 3339 time the run began.
	Started string    `json:"started,omitempty"`
	HoldsS  []float64 `json:"holds_s"`
	// Probes are in (hop, target, hold) order.
	Probes []Probe `json:"probes"`
	// Ladders bracket the path's shortest timer, one per target.
	Ladders []ProbeBracket `json:"ladders,omitempty"`
	// Verdict names the hop holding the short timer when a plan was run.
	Verdict *ProbeVerdict `json:"verdict,omitempty"`
	// Interrupted is true when the run was stopped before the end.
	Interrupted bool     `json:"interrupted"`
	Notes       []string `json:"notes,omitempty"`
	// Source is the file the run was read from (set by audit, "" otherwise).
	Source string `json:"source,omitempty"`
}

// Probe is what one silent hold learned.
type Probe struct {
	// Hop names the plan hop probed ("" without a plan).
	Hop    string `json:"hop,omitempty"`
	Mode   string `json:"mode"`
	Target string `json:"target"`
	// HoldS is the hold asked for, in seconds.
	HoldS float64 `json:"hold_s"`
	// Outcome is answered, fin, rst, http, open or error.
	Outcome string `json:"outcome"`
	// Status is the HTTP status, or the Ping status in eas mode when the
	// HTTP status was 200; 0 when none was received.
	Status int `json:"status"`
	// AfterS is the time from the start of the hold to the end, seconds.
	AfterS float64 `json:"after_s"`
	// Held is true when the connection survived the whole hold.
	Held        bool `json:"held"`
	Interrupted bool `json:"interrupted,omitempty"`
	// Local and Remote are the probe's socket addresses.
	Local    string   `json:"local,omitempty"`
	Remote   string   `json:"remote,omitempty"`
	Evidence []string `json:"evidence"`
}

// ProbeBracket brackets a timer between the longest hold that survived
// and the shortest that was cut. Zero fields mean "none".
type ProbeBracket struct {
	Hop          string  `json:"hop,omitempty"`
	Target       string  `json:"target"`
	LongestHeldS float64 `json:"longest_held_s"`
	ShortestCutS float64 `json:"shortest_cut_s"`
	CutMinS      float64 `json:"cut_min_s"`
	CutMaxS      float64 `json:"cut_max_s"`
	// Ending is how the cut holds ended (RST, FIN, HTTP 504...).
	Ending string `json:"ending,omitempty"`
	// TimerS is the timer the cuts reveal, seconds (0: none).
	TimerS float64 `json:"timer_s"`
	Text   string  `json:"text"`
}

// ProbeVerdict names the hops that may hold the short timer.
type ProbeVerdict struct {
	Segment []string      `json:"segment"`
	Inner   string        `json:"inner,omitempty"`
	Outer   string        `json:"outer,omitempty"`
	Bracket *ProbeBracket `json:"bracket,omitempty"`
	Text    string        `json:"text"`
}

// probeOutcomes are the outcomes a Probe may carry.
var probeOutcomes = []string{"answered", "fin", "rst", "http", "open", "error"}

// cut reports whether the probe was ended by something on the path.
func (p Probe) cut() bool {
	return p.Outcome == "fin" || p.Outcome == "rst" || p.Outcome == "http"
}
