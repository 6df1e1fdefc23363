package report

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Peak is the most connections open at once in one capture.
type Peak struct {
	Count int
	// At is when the peak was first reached, RFC 3339.
	At string
}

// interval is a connection's life, in seconds since the Unix epoch.
type interval struct{ from, to float64 }

// PeakConcurrency returns, per capture (by the name in
// Connection.Capture), the peak of connections open at once, found by a
// sweep over their first and last packets. A connection ending exactly
// when another starts does not overlap it. Connections with unreadable
// times are skipped.
func PeakConcurrency(cs []Connection) map[string]Peak {
	byCap := map[string][]interval{}
	for _, c := range cs {
		if iv, ok := connInterval(c); ok {
			byCap[c.Capture] = append(byCap[c.Capture], iv)
		}
	}
	out := map[string]Peak{}
	for name, ivs := range byCap {
		n, at := sweep(ivs)
		out[name] = Peak{Count: n, At: time.Unix(0, int64(at*1e9)).UTC().Format(time.RFC3339)}
	}
	return out
}

func connInterval(c Connection) (interval, bool) {
	f, err1 := time.Parse(time.RFC3339Nano, c.First)
	l, err2 := time.Parse(time.RFC3339Nano, c.Last)
	if err1 != nil || err2 != nil || l.Before(f) {
		return interval{}, false
	}
	return interval{secs(f), secs(l)}, true
}

func secs(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// sweep returns the most intervals open at once and when that began.
func sweep(ivs []interval) (peak int, at float64) {
	type ev struct {
		t float64
		d int
	}
	evs := make([]ev, 0, 2*len(ivs))
	for _, iv := range ivs {
		evs = append(evs, ev{iv.from, 1}, ev{iv.to, -1})
	}
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].t != evs[j].t {
			return evs[i].t < evs[j].t
		}
		return evs[i].d < evs[j].d // ends before starts at the same instant
	})
	n := 0
	for _, e := range evs {
		n += e.d
		if n > peak {
			peak, at = n, e.t
		}
	}
	return peak, at
}

// crRisk estimates what longer timers cost in state tables.
func crRisk(res *Result) []string {
	step, ok := longestRaise(res.Plans)
	var out []string
	if ok {
		out = append(out, fmt.Sprintf("Longer timers keep idle connections in state tables longer: a connection whose device vanished without closing (phone off, out of coverage) now stays up to %s on %s instead of %s.",
			durS(step.ProposedS), step.Hop, currentValue(step)))
	}
	out = append(out, peakRisk(res, step, ok))
	for _, p := range res.Plans {
		if p.Recommended {
			out = append(out, p.Caveats...)
		}
	}
	out = append(out, "Every change is undone by the commands of the backout plan; connections opened before a change keep the old value until they end.")
	return out
}

func peakRisk(res *Result, step Step, raised bool) string {
	a := res.Analysis
	if a == nil || len(a.Connections) == 0 {
		return "Peak of concurrent connections: not measured (no capture in this run); read it on the busiest box before the change (on an F5: tmsh show sys connection count) to size the state tables."
	}
	peaks := PeakConcurrency(a.Connections)
	names := make([]string, 0, len(peaks))
	for n := range peaks {
		names = append(names, n)
	}
	sort.Strings(names)
	s := "Observed peak of concurrent connections:"
	for i, n := range names {
		if i > 0 {
			s += ";"
		}
		s += fmt.Sprintf(" %d in %s (at %s)", peaks[n].Count, n, peaks[n].At)
	}
	s += ". Each device holds one Ping at a time, so live connections stay about as many after the change; what grows is the connections of devices that vanish without closing."
	if rate, ok := openRate(a); ok && raised && step.CurrentS != nil {
		s += fmt.Sprintf(" Connections were opened at up to %.2f a minute: if every one were abandoned, at most %.0f would sit idle at once with the new %s instead of %.0f with today's %s.",
			rate*60, math.Ceil(rate*step.ProposedS), durS(step.ProposedS), math.Ceil(rate**step.CurrentS), durS(*step.CurrentS))
	}
	if len(a.Connections) < a.ConnectionsTotal {
		s += fmt.Sprintf(" (From the %d listed connections of %d.)", len(a.Connections), a.ConnectionsTotal)
	}
	return s
}

// openRate is the highest rate of new connections per second over a
// capture's span.
func openRate(a *Analysis) (float64, bool) {
	best := 0.0
	for _, c := range a.Captures {
		f, err1 := time.Parse(time.RFC3339Nano, c.First)
		l, err2 := time.Parse(time.RFC3339Nano, c.Last)
		if err1 != nil || err2 != nil || !l.After(f) {
			continue
		}
		best = math.Max(best, float64(c.Connections)/l.Sub(f).Seconds())
	}
	return best, best > 0
}

// longestRaise returns the recommended plan's step that raises a timer
// the most.
func longestRaise(plans []Plan) (Step, bool) {
	var best Step
	found := false
	for _, p := range plans {
		if !p.Recommended {
			continue
		}
		for _, s := range p.Steps {
			if s.CurrentS != nil && s.ProposedS > *s.CurrentS && (!found || s.ProposedS > best.ProposedS) && s.Kind != "exchange" {
				best, found = s, true
			}
		}
	}
	return best, found
}
