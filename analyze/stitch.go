package analyze

import (
	"net/netip"
	"path/filepath"
	"sort"
	"time"

	"github.com/hopaudit/hopaudit/report"
)

// matchWindow is how far apart, after the clock offset, the same request
// may start on two vantage points: a proxy forwards within milliseconds;
// a busy one or a TLS handshake to the next hop may take longer.
const matchWindow = 2 * time.Second

// offsetEstimate is one capture's clock offset from the previous one.
type offsetEstimate struct {
	d      time.Duration
	pairs  int
	method string
}

// placedCaptures returns the indexes of captures with a position, outermost
// first.
func (e *engine) placedCaptures() []int {
	seen := map[int]int{}
	for _, r := range e.links {
		if r.pos.lo >= 0 {
			seen[r.capIdx] = r.pos.lo
		}
	}
	var out []int
	for c := range seen {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if seen[out[i]] != seen[out[j]] {
			return seen[out[i]] < seen[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// recsOf returns a capture's records sorted by request start.
func (e *engine) recsOf(capIdx int) []*linkRec {
	var out []*linkRec
	for i := range e.links {
		if e.links[i].capIdx == capIdx {
			out = append(out, &e.links[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].reqFirst.Before(out[j].reqFirst) })
	return out
}

// estimateOffset finds how much later Y's clock reads than X's for the
// same request: from pairs on the same TCP tuple (no NAT between), else
// pairs of identical cleartext requests, else nearest request starts.
// ys must be sorted by reqFirst; the work is O((n+m) log m).
func estimateOffset(xs, ys []*linkRec) offsetEstimate {
	byTuple := map[[2]netip.AddrPort]*linkRec{}
	bySig := map[uint64][]*linkRec{}
	for _, y := range ys {
		byTuple[[2]netip.AddrPort{y.client, y.server}] = y
		if y.sig != 0 {
			bySig[y.sig] = append(bySig[y.sig], y)
		}
	}
	var tuple, content, timing []time.Duration
	for _, x := range xs {
		if y := byTuple[[2]netip.AddrPort{x.client, x.server}]; y != nil {
			tuple = append(tuple, y.reqFirst.Sub(x.reqFirst))
		} else if cands := bySig[x.sig]; x.sig != 0 && len(cands) == 1 {
			content = append(content, cands[0].reqFirst.Sub(x.reqFirst))
		}
		if y := nearest(ys, x.reqFirst); y != nil {
			timing = append(timing, y.reqFirst.Sub(x.reqFirst))
		}
	}
	switch {
	case len(tuple) > 0:
		return offsetEstimate{median(tuple), len(tuple), "tuple"}
	case len(content) > 0:
		return offsetEstimate{median(content), len(content), "content"}
	case len(timing) > 0:
		return offsetEstimate{median(timing), len(timing), "timing"}
	}
	return offsetEstimate{method: "none"}
}

// nearest returns the record of ys (sorted by reqFirst) whose request
// started closest to t.
func nearest(ys []*linkRec, t time.Time) *linkRec {
	i := sort.Search(len(ys), func(i int) bool { return !ys[i].reqFirst.Before(t) })
	var best *linkRec
	for _, j := range []int{i - 1, i} {
		if j >= 0 && j < len(ys) && (best == nil || abs(ys[j].reqFirst.Sub(t)) < abs(best.reqFirst.Sub(t))) {
			best = ys[j]
		}
	}
	return best
}

// match links each connection of X to at most one of Y, best score first.
// ys must be sorted by reqFirst: only those within matchWindow of each x
// (after the offset) are scored.
func match(xs, ys []*linkRec, off time.Duration) map[*linkRec]*linkRec {
	type pair struct {
		x, y  *linkRec
		score float64
	}
	var ps []pair
	for _, x := range xs {
		lo := x.reqFirst.Add(off - matchWindow)
		i := sort.Search(len(ys), func(i int) bool { return !ys[i].reqFirst.Before(lo) })
		for ; i < len(ys); i++ {
			y := ys[i]
			d := y.reqFirst.Sub(x.reqFirst) - off
			if d > matchWindow {
				break
			}
			s := 1 - float64(abs(d))/float64(matchWindow)
			if x.client == y.client && x.server == y.server {
				s += 3
			}
			if x.sig != 0 && x.sig == y.sig {
				s += 2
			}
			ps = append(ps, pair{x, y, s})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].score > ps[j].score })
	out := map[*linkRec]*linkRec{}
	used := map[*linkRec]bool{}
	for _, p := range ps {
		if out[p.x] != nil || used[p.y] {
			continue
		}
		out[p.x], used[p.y] = p.y, true
	}
	return out
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// stitch links requests across placed captures into chains and moves each
// chain's verdict to the hop where its end started.
func (e *engine) stitch() {
	caps := e.placedCaptures()
	if len(caps) < 2 {
		return
	}
	st := &report.Stitching{Chains: []report.Chain{}}
	offsets := map[int]time.Duration{caps[0]: 0}
	next := map[*linkRec]*linkRec{}
	for k := 0; k+1 < len(caps); k++ {
		xs, ys := e.recsOf(caps[k]), e.recsOf(caps[k+1])
		est := estimateOffset(xs, ys)
		offsets[caps[k+1]] = offsets[caps[k]] + est.d
		st.Offsets = append(st.Offsets, report.ClockOffset{Capture: e.capName(caps[k+1]), RelativeTo: e.capName(caps[0]),
			OffsetS: secs(offsets[caps[k+1]]), Pairs: est.pairs, Method: est.method})
		for x, y := range match(xs, ys, est.d) {
			next[x] = y
		}
	}
	e.buildChains(st, caps, offsets, next)
	e.res.Stitching = st
}

func (e *engine) capName(i int) string { return filepath.Base(e.res.Captures[i].File) }
