package report

import (
	"github.com/hopaudit/hopaudit/hops"
)

// Schema names the version of the JSON result. It changes when a field
// changes meaning or disappears; adding a field keeps it.
const Schema = "hopaudit/result/v1"

// Result is everything one run found. The zero value is an empty result;
// renderers accept it.
type Result struct {
	Schema string `json:"schema"`
	// Tool is "hopaudit" and its version.
	Tool string `json:"tool"`
	// Generated is when the result was made, RFC 3339 ("" in goldens).
	Generated string `json:"generated,omitempty"`
	// Path is the declared path, when a topology was given.
	Path *Path `json:"path,omitempty"`
	// Check is the verdict on declared timers, when check ran.
	Check *Check `json:"check,omitempty"`
	// Analysis is what analyze found in captures, when it ran.
	Analysis *Analysis `json:"analysis,omitempty"`
	// Probes are the probe runs read into the result, when any.
	Probes []ProbeRun `json:"probes,omitempty"`
	// Findings are sorted by severity (errors first), then hop order.
	Findings []Finding `json:"findings"`
	// Plans are the change plans, the recommended one first.
	Plans []Plan `json:"plans,omitempty"`
}

// Path is the declared path with each hop's effective idle limit.
type Path struct {
	Name string `json:"name"`
	File string `json:"file,omitempty"`
	// HeartbeatS is the longest Ping heartbeat, in seconds;
	// HeartbeatFrom is "declared", "exchange max_heartbeat" or "default".
	HeartbeatS    float64 `json:"heartbeat_s"`
	HeartbeatFrom string  `json:"heartbeat_from"`
	// MarginS is the headroom every timer needs above the heartbeat, s.
	MarginS    float64 `json:"margin_s"`
	MarginFrom string  `json:"margin_from"`
	Hops       []Hop   `json:"hops"`
}

// Hop is one hop of the path as check sees it.
type Hop struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Vendor   string   `json:"vendor,omitempty"`
	Title    string   `json:"title"`
	Carriage string   `json:"carriage"`
	Fixed    bool     `json:"fixed,omitempty"`
	Listen   []string `json:"listen,omitempty"`
	Source   []string `json:"source,omitempty"`
	Timers   []Timer  `json:"timers"`
	// LimitS is the shortest idle-governing timer in seconds; null when
	// nothing on this hop limits an idle long-poll.
	LimitS *float64 `json:"limit_s"`
	// LimitTimer is the key of that timer.
	LimitTimer string `json:"limit_timer,omitempty"`
	// OnExpiry is what the hop does when LimitTimer fires.
	OnExpiry string `json:"on_expiry,omitempty"`
	// FirstCloser marks the hop that ends a silent Ping first.
	FirstCloser bool `json:"first_closer,omitempty"`
}

// Timer is one timer's value on a hop.
type Timer struct {
	Key     string `json:"key"`
	Setting string `json:"setting"`
	// S is the value in seconds; null for no limit.
	S *float64 `json:"s"`
	// Origin is "declared", "default" or "assumed" (a default the vendor's
	// own text does not confirm).
	Origin   string `json:"origin"`
	Idle     bool   `json:"idle"`
	OnExpiry string `json:"on_expiry"`
	Source   string `json:"source,omitempty"`
}

// Check is the verdict on the declared timers.
type Check struct {
	// Verdict is one sentence: who ends a silent Ping first, or that
	// Exchange does.
	Verdict string `json:"verdict"`
	// FirstCloser is the hop that ends a silent Ping first ("" when
	// Exchange answers first, as it should).
	FirstCloser string `json:"first_closer"`
	// FirstCloserAfterS is when it does, in seconds of silence.
	FirstCloserAfterS *float64 `json:"first_closer_after_s"`
	// FirstCloserAction is what it sends: rst, fin, 5xx, silent-drop, abort.
	FirstCloserAction string `json:"first_closer_action,omitempty"`
}

// Finding is one problem or observation, with what to do about it.
type Finding struct {
	// ID is stable across runs for the same problem ("timer-short:eas-vip:tcp_idle").
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	// From is the engine that found it: "check", "analyze" or "probe".
	From     string   `json:"from"`
	Hop      string   `json:"hop,omitempty"`
	Key      string   `json:"key,omitempty"`
	Title    string   `json:"title"`
	Detail   string   `json:"detail,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	// Fix is the change that resolves it, when one change does.
	Fix *hops.Change `json:"fix,omitempty"`
}

// Plan is a coherent set of changes.
type Plan struct {
	// ID is "raise-timers" or "lower-heartbeat".
	ID          string `json:"id"`
	Title       string `json:"title"`
	Recommended bool   `json:"recommended"`
	// Feasible is false when the plan cannot reach its goal (a fixed hop
	// is too short, or a box's maximum is too low); Caveats say why.
	Feasible bool `json:"feasible"`
	// HeartbeatS is the heartbeat the plan is built for, in seconds.
	HeartbeatS float64  `json:"heartbeat_s"`
	Summary    string   `json:"summary"`
	Steps      []Step   `json:"steps"`
	Caveats    []string `json:"caveats,omitempty"`
}

// Step is one timer change in execution order (innermost box first).
type Step struct {
	Order   int    `json:"order"`
	Hop     string `json:"hop"`
	Kind    string `json:"kind"`
	Timer   string `json:"timer"`
	Setting string `json:"setting"`
	// CurrentS is today's value in seconds (null: no limit), with its origin.
	CurrentS      *float64    `json:"current_s"`
	CurrentOrigin string      `json:"current_origin"`
	ProposedS     float64     `json:"proposed_s"`
	Change        hops.Change `json:"change"`
	// Rollback restores today's value; nil when today's value is unknown.
	Rollback *hops.Change `json:"rollback,omitempty"`
}
