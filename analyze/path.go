package analyze

import (
	"net/netip"
	"time"

	"github.com/hopaudit/hopaudit/check"
	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/topology"
)

// pathModel is the declared path as attribution needs it.
type pathModel struct {
	top    *topology.Topology
	limits []check.HopLimits
}

func newPath(t *topology.Topology) *pathModel {
	if t == nil {
		return nil
	}
	return &pathModel{top: t, limits: check.Limits(t)}
}

// position is where a capture sat: between hops lo and lo+1; lo is -1
// when unknown.
type position struct{ lo int }

func (p *pathModel) position(between [2]string) position {
	if p == nil || between[0] == "" {
		return position{lo: -1}
	}
	a, b := p.top.Index(between[0]), p.top.Index(between[1])
	if a < 0 || b < 0 || (a-b != 1 && b-a != 1) {
		return position{lo: -1}
	}
	return position{lo: min(a, b)}
}

func (p *pathModel) carriage(i int) hops.Carriage {
	if prof := p.top.Hops[i].Profile; prof != nil {
		return prof.Carriage
	}
	return hops.Forwards
}

// endpointInward returns the first hop at or after i that ends TCP (a full
// proxy or the server): the real owner of a capture's server side.
func (p *pathModel) endpointInward(i int) int {
	for ; i < len(p.top.Hops); i++ {
		if p.carriage(i) != hops.Forwards {
			return i
		}
	}
	return len(p.top.Hops) - 1
}

// endpointOutward returns the last hop at or before i that ends TCP: the
// real owner of a capture's client side.
func (p *pathModel) endpointOutward(i int) int {
	for ; i >= 0; i-- {
		if p.carriage(i) != hops.Forwards {
			return i
		}
	}
	return 0
}

// hopsWithAddr returns the hops whose listen or source covers a.
func (p *pathModel) hopsWithAddr(a netip.AddrPort) []int {
	var out []int
	for i, h := range p.top.Hops {
		if covers(h.Listen, a) || coversAddr(h.Source, a.Addr()) {
			out = append(out, i)
		}
	}
	return out
}

func covers(es []topology.Endpoint, a netip.AddrPort) bool {
	for _, e := range es {
		if e.Contains(a) {
			return true
		}
	}
	return false
}

func coversAddr(es []topology.Endpoint, a netip.Addr) bool {
	for _, e := range es {
		if e.ContainsAddr(a) {
			return true
		}
	}
	return false
}

// timerMatch returns the idle-governing timer of hop i that an idle gap
// matches, if any. Timers never fire early; they may fire a little late
// (boxes expire flows in sweeps), so the window is [t-0.5%, t+max(1 s, 2%)].
func (p *pathModel) timerMatch(i int, idle time.Duration) (check.Value, bool) {
	for _, v := range p.limits[i].Values {
		if v.Spec.Idle && v.Known() && matches(idle, v.D) {
			return v, true
		}
	}
	return check.Value{}, false
}

func matches(idle, timer time.Duration) bool {
	early := max(timer/200, 100*time.Millisecond)
	late := max(timer/50, time.Second)
	return idle >= timer-early && idle <= timer+late
}
