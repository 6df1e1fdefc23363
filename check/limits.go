package check

import (
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/topology"
)

// Origin says where a timer value came from.
type Origin string

// Origins.
const (
	Declared Origin = "declared"
	Default  Origin = "default"
	Assumed  Origin = "assumed" // a default the vendor's own text does not confirm
	Unknown  Origin = "unknown" // no default known and none declared
)

// Value is one timer of one hop as check sees it.
type Value struct {
	Spec hops.Timer
	// D is the value; meaningless when Unlimited or Origin is Unknown.
	D         time.Duration
	Unlimited bool
	Origin    Origin
	Pos       topology.Pos
}

// Known reports whether the value limits anything.
func (v Value) Known() bool { return !v.Unlimited && v.Origin != Unknown }

// HopLimits is every timer of one hop and the one that limits a silent
// long-poll first.
type HopLimits struct {
	Hop    *topology.Hop
	Index  int
	Values []Value
	// Limit is the index in Values of the shortest idle-governing timer
	// in play, or -1 when nothing on this hop limits an idle long-poll.
	Limit int
}

// Effective returns the limiting timer and true, or false when none.
func (h HopLimits) Effective() (Value, bool) {
	if h.Limit < 0 {
		return Value{}, false
	}
	return h.Values[h.Limit], true
}

// Limits works out every hop's timers: declared values first, vendor
// defaults otherwise (optional timers only count when declared).
func Limits(t *topology.Topology) []HopLimits {
	out := make([]HopLimits, len(t.Hops))
	for i, h := range t.Hops {
		out[i] = hopLimits(h, i)
	}
	return out
}

func hopLimits(h *topology.Hop, i int) HopLimits {
	hl := HopLimits{Hop: h, Index: i, Limit: -1}
	if h.Profile == nil {
		return hl
	}
	for _, spec := range h.Profile.Timers {
		v, ok := timerValue(h, spec)
		if !ok {
			continue
		}
		hl.Values = append(hl.Values, v)
		if !spec.Idle || !v.Known() {
			continue
		}
		if hl.Limit < 0 || v.D < hl.Values[hl.Limit].D {
			hl.Limit = len(hl.Values) - 1
		}
	}
	return hl
}

func timerValue(h *topology.Hop, spec hops.Timer) (Value, bool) {
	if d, ok := h.Timers[spec.Key]; ok {
		return Value{Spec: spec, D: d.Value, Unlimited: d.Unlimited, Origin: Declared, Pos: d.Pos}, true
	}
	if spec.Optional {
		return Value{}, false
	}
	switch {
	case spec.NoLimit && spec.Assumed:
		return Value{Spec: spec, Unlimited: true, Origin: Assumed}, true
	case spec.NoLimit:
		return Value{Spec: spec, Unlimited: true, Origin: Default}, true
	case spec.Default == 0:
		return Value{Spec: spec, Origin: Unknown}, true
	case spec.Assumed:
		return Value{Spec: spec, D: spec.Default, Origin: Assumed}, true
	}
	return Value{Spec: spec, D: spec.Default, Origin: Default}, true
}

// values returns the declared-or-default durations by key, for advice.
func (h HopLimits) values() map[string]time.Duration {
	m := map[string]time.Duration{}
	for _, v := range h.Values {
		if v.Known() {
			m[v.Spec.Key] = v.D
		}
	}
	return m
}
