package analyze

import (
	"math"
	"sort"
	"time"

	"github.com/hopaudit/hopaudit/report"
)

// minTimer is the shortest idle a cluster must show to reveal a timer:
// closes after less are refusals and teardown, not expiries.
const minTimer = time.Second

// maxSamples bounds the sample connections kept per cluster or finding.
const maxSamples = 5

// group is ends of one sender and kind that closed after nearly the same
// idle time.
type group struct {
	by, kind string
	hop      int
	ends     []endRecord
}

func (g *group) minIdle() time.Duration { return g.ends[0].idle }
func (g *group) maxIdle() time.Duration { return g.ends[len(g.ends)-1].idle }

// clusterEnds groups closes by (key, kind) and then by idle time: a new
// cluster starts when an idle exceeds the cluster's first by more than
// max(1 s, 2%), the lateness a box's timer may show.
func clusterEnds(ends []endRecord, key func(endRecord) string) []*group {
	buckets := map[string][]endRecord{}
	var order []string
	for _, r := range ends {
		if r.kind == KindAnswered || r.kind == KindOpen || r.dup {
			continue
		}
		k := key(r) + "\x00" + r.kind
		if _, ok := buckets[k]; !ok {
			order = append(order, k)
		}
		buckets[k] = append(buckets[k], r)
	}
	var out []*group
	for _, k := range order {
		rs := buckets[k]
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].idle < rs[j].idle })
		var g *group
		for _, r := range rs {
			if g == nil || r.idle > g.minIdle()+max(time.Second, g.minIdle()/50) {
				g = &group{by: r.by, kind: r.kind, hop: r.hop}
				out = append(out, g)
			}
			g.ends = append(g.ends, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].ends) > len(out[j].ends) })
	return out
}

// clusters reports groups of at least two closes by one sender: the
// timers the traffic reveals without any declaration.
func (e *engine) clusters() []report.Cluster {
	out := []report.Cluster{}
	for _, g := range clusterEnds(e.ends, func(r endRecord) string { return r.by }) {
		if len(g.ends) < 2 || g.by == "" || g.minIdle() < minTimer {
			continue
		}
		out = append(out, report.Cluster{By: g.by, Hop: e.hopName(g.hop), Kind: g.kind, Count: len(g.ends),
			MinIdleS: secs(g.minIdle()), MaxIdleS: secs(g.maxIdle()), TimerS: timerOf(g.minIdle()), Samples: samples(g.ends)})
	}
	return out
}

// timerOf rounds the shortest idle of a cluster to the timer it most
// likely is: whole seconds when within 0.5 s of one, else tenths.
func timerOf(d time.Duration) float64 {
	s := d.Seconds()
	if r := math.Round(s); math.Abs(s-r) <= 0.5 {
		return r
	}
	return math.Round(s*10) / 10
}

func samples(rs []endRecord) []report.Sample {
	var out []report.Sample
	for i, r := range rs {
		if i == maxSamples {
			break
		}
		out = append(out, report.Sample{Capture: r.capture, Conn: r.conn, Frame: r.frame})
	}
	return out
}

// tallies counts ends per hop, with a histogram of premature idle times.
func (e *engine) tallies() []report.HopTally {
	byHop := map[string]*report.HopTally{}
	var order []string
	idles := map[string][]float64{}
	for _, r := range e.ends {
		name := e.hopName(r.hop)
		t, ok := byHop[name]
		if !ok {
			t = &report.HopTally{Hop: name, Ends: map[string]int{}}
			byHop[name] = t
			order = append(order, name)
		}
		t.Ends[r.kind]++
		if !r.premature {
			continue
		}
		s := secs(r.idle)
		if t.Premature == 0 || s < t.MinIdleS {
			t.MinIdleS = s
		}
		t.MaxIdleS = max(t.MaxIdleS, s)
		t.Premature++
		idles[name] = append(idles[name], s)
	}
	sort.Strings(order)
	out := []report.HopTally{}
	for _, n := range order {
		t := byHop[n]
		t.Idle = histogram(idles[n], 10)
		out = append(out, *t)
	}
	return out
}

// histogram bins values into n equal bins between their min and max.
func histogram(vs []float64, n int) []report.Bin {
	if len(vs) == 0 {
		return nil
	}
	lo, hi := vs[0], vs[0]
	for _, v := range vs {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi-lo < 1 {
		// Nearly equal values (one timer firing): one bin says it best.
		return []report.Bin{{FromS: lo, ToS: hi, Count: len(vs)}}
	}
	lo, hi = math.Floor(lo), math.Ceil(hi)
	w := (hi - lo) / float64(n)
	bins := make([]report.Bin, n)
	for i := range bins {
		bins[i] = report.Bin{FromS: lo + float64(i)*w, ToS: lo + float64(i+1)*w}
	}
	for _, v := range vs {
		i := min(int((v-lo)/w), n-1)
		bins[i].Count++
	}
	return bins
}
