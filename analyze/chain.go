package analyze

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/hopaudit/hopaudit/report"
)

func cutKind(k string) bool {
	return k == KindRST || k == KindFIN || k == KindProxy5xx || k == KindSilentDrop
}

// evidential reports whether a link's end can show where a chain's end
// started. A device that closes after waiting past its heartbeat is giving
// up on an answer that never came: a consequence, not a cause.
func (e *engine) evidential(l *linkRec) bool {
	if !cutKind(l.kind) {
		return false
	}
	device := l.hasBy && !l.byServer && l.pos.lo == 0
	return !device || e.ends[l.endIdx].premature
}

// buildChains follows the links from the outermost capture inward and
// judges each chain of two or more connections.
func (e *engine) buildChains(st *report.Stitching, caps []int, offsets map[int]time.Duration, next map[*linkRec]*linkRec) {
	pointed := map[*linkRec]bool{}
	for _, y := range next {
		pointed[y] = true
	}
	inChain := map[*linkRec]bool{}
	for _, c := range caps {
		for _, r := range e.recsOf(c) {
			if pointed[r] {
				continue
			}
			var links []*linkRec
			for x := r; x != nil; x = next[x] {
				links = append(links, x)
			}
			if len(links) < 2 {
				continue
			}
			for _, l := range links {
				inChain[l] = true
			}
			st.Chains = append(st.Chains, e.judgeChain(len(st.Chains)+1, links, offsets))
		}
	}
	for i := range e.links {
		if inChain[&e.links[i]] {
			st.Linked++
		} else {
			st.Unlinked++
		}
	}
}

// judgeChain finds where the chain's end started: the earliest close on the
// reference clock; when two adjacent segments closed at once, the box
// between them closed both.
func (e *engine) judgeChain(id int, links []*linkRec, offsets map[int]time.Duration) report.Chain {
	ch := report.Chain{ID: id, PassedOn: []string{}}
	start := links[0].reqFirst.Add(-offsets[links[0].capIdx])
	var origin *linkRec
	var originAt time.Time
	for _, l := range links {
		cl := report.ChainLink{Capture: filepath.Base(e.capName(l.capIdx)), Conn: l.conn, Client: l.client.String(),
			Server: l.server.String(), Kind: l.kind, Hop: e.hopName(l.hop), By: e.ends[l.endIdx].by}
		if !l.endAt.IsZero() {
			at := l.endAt.Add(-offsets[l.capIdx])
			s := secs(at.Sub(start))
			cl.AtS = &s
			if e.evidential(l) && (origin == nil || at.Before(originAt)) {
				origin, originAt = l, at
			}
		}
		ch.Links = append(ch.Links, cl)
	}
	if origin == nil {
		ch.Kind = links[0].kind
		return ch
	}
	hop, certain := e.originHop(links, origin)
	origin = e.originLink(links, origin, hop)
	ch.Kind, ch.Origin, ch.OriginCapture = origin.kind, e.hopName(hop), filepath.Base(e.capName(origin.capIdx))
	ch.Premature = e.ends[links[0].endIdx].premature || e.ends[origin.endIdx].premature
	ch.IdleS = secs(e.ends[origin.endIdx].idle)
	ch.Confidence = round2(clamp(e.confidenceOf(origin) + 0.15))
	ch.Evidence = []string{fmt.Sprintf("across %d captures the close first appears on %s (%s), at +%.3f s on the reference clock",
		len(links), ch.OriginCapture, e.betweenText(origin), secs(originAt.Sub(start)))}
	if certain {
		ch.Confidence = round2(clamp(max(ch.Confidence, 0.9)))
		ch.Evidence = append(ch.Evidence, fmt.Sprintf("every segment's close points at %s: closes carrying inner addresses on its outer side, outer addresses on its inner side", ch.Origin))
	}
	e.applyChain(&ch, links, origin, hop)
	return ch
}

// originHop is the hop that originated the end, from causality: a close
// that carries the server side's address on a segment came from that
// segment's inner side, one that carries the client side's from its outer
// side. Intersecting these over every segment of the chain leaves the
// hops that can have started it; one hop is a certain answer, several are
// settled by the segments' own verdicts. It returns the hop and whether
// causality alone decided it.
func (e *engine) originHop(links []*linkRec, origin *linkRec) (int, bool) {
	if e.path == nil {
		return origin.hop, false
	}
	lo, hi := 0, len(e.path.top.Hops)-1
	for _, l := range links {
		if !e.evidential(l) || !l.hasBy || l.pos.lo < 0 {
			continue
		}
		if l.byServer {
			lo = max(lo, l.pos.lo+1)
		} else {
			hi = min(hi, l.pos.lo)
		}
	}
	switch {
	case lo > hi:
		return origin.hop, false
	case lo == hi:
		return lo, true
	}
	best, conf := -1, -1.0
	for _, l := range links {
		if l.hop >= lo && l.hop <= hi && e.evidential(l) && e.confidenceOf(l) > conf {
			best, conf = l.hop, e.confidenceOf(l)
		}
	}
	if best < 0 {
		return origin.hop, false
	}
	return best, false
}

func (e *engine) betweenText(l *linkRec) string {
	if e.path == nil || l.pos.lo < 0 {
		return "position unknown"
	}
	return fmt.Sprintf("between %s and %s", e.path.top.Hops[l.pos.lo].Name, e.path.top.Hops[l.pos.lo+1].Name)
}

func (e *engine) confidenceOf(l *linkRec) float64 {
	if l.listed >= 0 {
		return e.res.Connections[l.listed].End.Confidence
	}
	return 0.5
}

// originLink is the chain's connection on which hop's close appears:
// the segment touching the hop whose close came from the hop's side.
func (e *engine) originLink(links []*linkRec, fallback *linkRec, hop int) *linkRec {
	for _, l := range links {
		if !e.evidential(l) || !l.hasBy || l.pos.lo < 0 {
			continue
		}
		if (l.byServer && l.pos.lo+1 == hop) || (!l.byServer && l.pos.lo == hop) {
			return l
		}
	}
	return fallback
}

// applyChain moves every linked connection's verdict to the origin and
// marks the passed-on ends so findings count each request once.
func (e *engine) applyChain(ch *report.Chain, links []*linkRec, origin *linkRec, hop int) {
	name := e.hopName(hop)
	for _, l := range links {
		end := &e.ends[l.endIdx]
		end.hop = hop
		if l != origin {
			end.dup = true
			if e.evidential(l) && l.hop != hop && l.hop >= 0 && !contains(ch.PassedOn, e.hopName(l.hop)) {
				ch.PassedOn = append(ch.PassedOn, e.hopName(l.hop))
			}
		}
		if l.listed < 0 {
			continue
		}
		ce := &e.res.Connections[l.listed].End
		ce.Hop = name
		ce.Evidence = append(ce.Evidence, fmt.Sprintf("chain %d: %s", ch.ID, ch.Evidence[0]))
		if l != origin && cutKind(l.kind) {
			ce.Evidence = append(ce.Evidence, fmt.Sprintf("on this segment the close was passed on; %s originated it", name))
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
