package check

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

// shortest returns the shortest known idle limit of the boxes between the
// endpoints (only fixed ones when fixedOnly), and the hop it is on.
func shortest(ls []HopLimits, fixedOnly bool) (time.Duration, *topology.Hop, bool) {
	var best time.Duration
	var hop *topology.Hop
	for _, hl := range ls {
		v, ok := hl.Effective()
		if !ok || hl.Hop.Profile.Carriage == hops.Endpoint || (fixedOnly && !hl.Hop.Fixed) {
			continue
		}
		if hop == nil || v.D < best {
			best, hop = v.D, hl.Hop
		}
	}
	return best, hop, hop != nil
}

// exchangeHop returns the last exchange hop, or nil.
func exchangeHop(t *topology.Topology) *topology.Hop {
	for i := len(t.Hops) - 1; i >= 0; i-- {
		if t.Hops[i].Kind == "exchange" {
			return t.Hops[i]
		}
	}
	return nil
}

// minHeartbeat is the server's MinHeartbeatInterval.
func minHeartbeat(t *topology.Topology) time.Duration {
	if ex := exchangeHop(t); ex != nil {
		if v, ok := ex.Timers["min_heartbeat"]; ok && !v.Unlimited {
			return v.Value
		}
	}
	return 60 * time.Second // Exchange default (DOMAIN.md §2)
}

// lower builds the plan that lowers MaxHeartbeatInterval to newH and, with
// raiseRest, raises the other timers for it.
func lower(t *topology.Topology, ls []HopLimits, newH time.Duration, why string, raiseRest bool) report.Plan {
	p := report.Plan{ID: "lower-heartbeat", Feasible: true, HeartbeatS: newH.Seconds()}
	p.Title = fmt.Sprintf("Lower Exchange's MaxHeartbeatInterval to %s", report.Dur(newH))
	if min := minHeartbeat(t); newH < min {
		p.Feasible = false
		p.Caveats = append(p.Caveats, fmt.Sprintf("%s is below the server's MinHeartbeatInterval %s: no heartbeat fits under this path's timers", report.Dur(newH), report.Dur(min)))
	}
	p.Steps = append(p.Steps, heartbeatStep(t, newH))
	if raiseRest {
		r := raise(t, ls, newH)
		p.Steps = append(p.Steps, r.Steps...)
		p.Caveats = append(p.Caveats, r.Caveats...)
		p.Feasible = p.Feasible && r.Feasible
	}
	for i := range p.Steps {
		p.Steps[i].Order = i + 1
	}
	p.Summary = fmt.Sprintf("Exchange answers every Ping within %s, %s; devices Ping more often (battery and data use grow accordingly) and any device asking for more gets Ping Status 5 with the allowed maximum and adapts.", report.Dur(newH), why)
	return p
}

func heartbeatStep(t *topology.Topology, newH time.Duration) report.Step {
	ex := exchangeHop(t)
	name := "exchange"
	h := hops.Hop{Name: name}
	var cur *topology.Timer
	if ex != nil {
		name, h = ex.Name, ex.HopRef()
		if v, ok := ex.Timers["max_heartbeat"]; ok {
			cur = &v
		}
	}
	prof, _ := hops.Lookup("exchange", "")
	spec, _ := prof.Timer("max_heartbeat")
	st := report.Step{Hop: name, Kind: "exchange", Timer: spec.Key, Setting: spec.Setting,
		ProposedS: newH.Seconds(), Change: spec.Set(h, newH)}
	curD, origin := spec.Default, string(Default)
	if cur != nil {
		curD, origin = cur.Value, string(Declared)
	}
	st.CurrentS, st.CurrentOrigin = report.Secs(curD), origin
	rb := spec.Set(h, curD)
	st.Rollback = &rb
	return st
}
