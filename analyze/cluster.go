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

// binWidth is the resolution at which ends are aggregated by idle time.
// Aggregating instead of keeping every end keeps memory independent of
// how many connections a capture holds.
const binWidth = 10 * time.Millisecond

// group is ends of one sender (or hop) and kind that closed after nearly
// the same idle time.
type group struct {
	by, kind string
	hop      int
	n        int
	min, max time.Duration
	samples  []report.Sample
}

func (g *group) minIdle() time.Duration { return g.min }
func (g *group) maxIdle() time.Duration { return g.max }

// idleBin is the ends of one key and kind within one binWidth of idle.
type idleBin struct {
	n        int
	min, max time.Duration
	samples  []report.Sample
}

// idleAgg collects the ends of one key and kind by idle time.
type idleAgg struct {
	by, kind string
	hop      int
	bins     map[int64]*idleBin
}

// aggSet groups ends by a key and kind; the zero value is ready to use.
// Not safe for concurrent use.
type aggSet struct {
	m     map[string]*idleAgg
	order []string
}

func (s *aggSet) add(key string, r endRecord) {
	if s.m == nil {
		s.m = map[string]*idleAgg{}
	}
	k := key + "\x00" + r.kind
	a := s.m[k]
	if a == nil {
		a = &idleAgg{by: r.by, kind: r.kind, hop: r.hop, bins: map[int64]*idleBin{}}
		s.m[k] = a
		s.order = append(s.order, k)
	}
	i := int64(r.idle / binWidth)
	b := a.bins[i]
	if b == nil {
		b = &idleBin{min: r.idle, max: r.idle}
		a.bins[i] = b
	}
	b.n++
	b.min, b.max = min(b.min, r.idle), max(b.max, r.idle)
	if len(b.samples) < maxSamples {
		b.samples = append(b.samples, report.Sample{Capture: r.capture, Conn: r.conn, Frame: r.frame})
	}
}

// groups clusters each key's ends by idle time: a new cluster starts when
// an idle exceeds the cluster's first by more than max(1 s, 2%), the
// lateness a box's timer may show. Largest clusters first.
func (s *aggSet) groups() []*group {
	var out []*group
	for _, k := range s.order {
		a := s.m[k]
		keys := make([]int64, 0, len(a.bins))
		for i := range a.bins {
			keys = append(keys, i)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		var g *group
		for _, i := range keys {
			b := a.bins[i]
			if g == nil || b.min > g.min+max(time.Second, g.min/50) {
				g = &group{by: a.by, kind: a.kind, hop: a.hop, min: b.min, max: b.max}
				out = append(out, g)
			}
			g.n += b.n
			g.max = max(g.max, b.max)
			for _, sm := range b.samples {
				if len(g.samples) < maxSamples {
					g.samples = append(g.samples, sm)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].n > out[j].n })
	return out
}

// tally is what the per-hop table keeps of one hop.
type tally struct {
	ends      map[string]int
	premature int
	min, max  time.Duration
	bins      map[int64]int // premature idle, in binWidth units
}

// feed takes one judged end into the tallies, the clusters and the
// findings. Ends that only passed on a close (dup) count in the tallies
// under the chain's origin, but once only in clusters and findings.
func (e *engine) feed(r endRecord) {
	name := e.hopName(r.hop)
	t := e.tally[name]
	if t == nil {
		t = &tally{ends: map[string]int{}, bins: map[int64]int{}}
		e.tally[name] = t
	}
	t.ends[r.kind]++
	if r.premature {
		if t.premature == 0 || r.idle < t.min {
			t.min = r.idle
		}
		t.max = max(t.max, r.idle)
		t.premature++
		t.bins[int64(r.idle/binWidth)]++
	}
	if r.dup || !cutKind(r.kind) {
		return
	}
	e.clusterSet.add(r.by, r)
	if r.failed {
		key := "addr:" + r.by
		if r.hop >= 0 {
			key = "hop:" + name
		}
		e.failSet.add(key, r)
	}
}

// clusters reports groups of at least two closes by one sender: the
// timers the traffic reveals without any declaration.
func (e *engine) clusters() []report.Cluster {
	out := []report.Cluster{}
	for _, g := range e.clusterSet.groups() {
		if g.n < 2 || g.by == "" || g.minIdle() < minTimer {
			continue
		}
		out = append(out, report.Cluster{By: g.by, Hop: e.hopName(g.hop), Kind: g.kind, Count: g.n,
			MinIdleS: secs(g.minIdle()), MaxIdleS: secs(g.maxIdle()), TimerS: timerOf(g.minIdle()), Samples: g.samples})
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

// tallies returns the per-hop table, hops sorted by name.
func (e *engine) tallies() []report.HopTally {
	names := make([]string, 0, len(e.tally))
	for n := range e.tally {
		names = append(names, n)
	}
	sort.Strings(names)
	out := []report.HopTally{}
	for _, n := range names {
		t := e.tally[n]
		ht := report.HopTally{Hop: n, Ends: t.ends, Premature: t.premature, Idle: histogram(t.bins, 10)}
		if t.premature > 0 {
			ht.MinIdleS, ht.MaxIdleS = secs(t.min), secs(t.max)
		}
		out = append(out, ht)
	}
	return out
}

// histogram bins idle times (counts per binWidth) into n equal bins
// between their min and max; nearly equal values (one timer firing) make
// one bin.
func histogram(bins map[int64]int, n int) []report.Bin {
	if len(bins) == 0 {
		return nil
	}
	first := true
	var lo, hi float64
	for i := range bins {
		v := (time.Duration(i) * binWidth).Seconds()
		if first || v < lo {
			lo = v
		}
		if first || v > hi {
			hi = v
		}
		first = false
	}
	hi += binWidth.Seconds()
	if hi-lo < 1 {
		total := 0
		for _, c := range bins {
			total += c
		}
		return []report.Bin{{FromS: round2(lo), ToS: round2(hi), Count: total}}
	}
	lo, hi = math.Floor(lo), math.Ceil(hi)
	w := (hi - lo) / float64(n)
	out := make([]report.Bin, n)
	for i := range out {
		out[i] = report.Bin{FromS: lo + float64(i)*w, ToS: lo + float64(i+1)*w}
	}
	for i, c := range bins {
		v := (time.Duration(i) * binWidth).Seconds()
		out[min(int((v-lo)/w), n-1)].Count += c
	}
	return out
}
