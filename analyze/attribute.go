package analyze

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/f5"
	"github.com/hopaudit/hopaudit/hops"
)

// verdict is who ended a connection, how sure, and why.
type verdict struct {
	hop        int // -1: none
	confidence float64
	evidence   []string
}

type candidate struct {
	idx   int
	score float64
	why   []string
}

func (c *candidate) add(score float64, format string, args ...any) {
	c.score += score
	c.why = append(c.why, fmt.Sprintf(format, args...))
}

// attribute scores every hop that could have ended c and keeps the best.
func (p *pathModel) attribute(c *capture.Conn, e ending, pos position, cause string) verdict {
	switch {
	case e.kind == KindAnswered || e.kind == KindOpen:
		return verdict{hop: -1}
	case e.kind == KindSilentDrop:
		return p.attributeSilent(e)
	}
	cands := p.candidates(c, e, pos)
	var anoms []capture.Anomaly
	if e.kind == KindRST && c.RST != nil {
		anoms = c.RSTAnomalies() // once per connection: it allocates
	}
	for _, cd := range cands {
		p.score(cd, c, e, pos, cause, anoms)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	if len(cands) == 0 {
		return verdict{hop: -1}
	}
	best := cands[0]
	v := verdict{hop: best.idx, confidence: clamp(best.score), evidence: best.why}
	if len(cands) > 1 && cands[1].score > best.score-0.1 {
		v.confidence = clamp(v.confidence - 0.2)
		v.evidence = append(v.evidence, fmt.Sprintf("%s is nearly as likely", p.top.Hops[cands[1].idx].Name))
	}
	return v
}

// candidates lists the hops that could have sent the closing packet: the
// TCP owner of the side whose address it carries and every forwarding box
// between that owner and the capture (which may forge such packets).
func (p *pathModel) candidates(c *capture.Conn, e ending, pos position) []*candidate {
	var idx []int
	if pos.lo >= 0 {
		if e.by == capture.FromServer {
			end := p.endpointInward(pos.lo + 1)
			for i := pos.lo + 1; i <= end; i++ {
				idx = append(idx, i)
			}
		} else {
			end := p.endpointOutward(pos.lo)
			for i := end; i <= pos.lo; i++ {
				idx = append(idx, i)
			}
		}
	} else if hs := p.hopsWithAddr(c.Addr(e.by)); len(hs) > 0 {
		idx = hs
	} else {
		for i := range p.top.Hops {
			idx = append(idx, i)
		}
	}
	out := make([]*candidate, len(idx))
	for i, x := range idx {
		out[i] = &candidate{idx: x}
	}
	return out
}

// strongOf keeps the forgery tests a real endpoint rarely fails. An IP ID
// of 0 on a RST is left out: Linux sends its own RSTs with ID 0.
func strongOf(c *capture.Conn, as []capture.Anomaly) []capture.Anomaly {
	var out []capture.Anomaly
	for _, a := range as {
		switch a.Kind {
		case capture.AnomalyIPID:
			if c.RST.IPID != 0 {
				out = append(out, a)
			}
		case capture.AnomalyTTL, capture.AnomalyInitialTTL, capture.AnomalySeq, capture.AnomalySenderContinued:
			out = append(out, a)
		}
	}
	return out
}

func (p *pathModel) score(cd *candidate, c *capture.Conn, e ending, pos position, cause string, anoms []capture.Anomaly) {
	h := p.top.Hops[cd.idx]
	addr := c.Addr(e.by)
	owner := p.carriage(cd.idx) != hops.Forwards
	switch {
	case covers(h.Listen, addr) || coversAddr(h.Source, addr.Addr()):
		cd.add(0.35, "the %s carries %s, declared for %s", closeWord(e.kind), addr, h.Name)
	case owner && pos.lo >= 0:
		cd.add(0.25, "%s owns the %s side of this capture's connections", h.Name, sideWord(e.by))
	case owner:
		cd.add(0.1, "%s ends TCP connections (%s)", h.Name, h.Profile.Carriage)
	}
	if e.kind == KindRST && c.RST != nil {
		p.scoreForgery(cd, c, owner, anoms)
	}
	if v, ok := p.limits[cd.idx].Effective(); ok && !owner && v.Spec.OnExpiry == hops.SilentDrop && e.idle > v.D {
		cd.add(0.2, "%s forgets idle flows after %s, less than the %s silence", h.Name, hops.Dur(v.D), fmtS(e.idle))
	}
	if v, ok := p.timerMatch(cd.idx, e.idle); ok {
		cd.add(0.4, "idle %s matches %s %s %s (%s)", fmtS(e.idle), h.Name, v.Spec.Key, hops.Dur(v.D), v.Origin)
		if actionFits(v.Spec.OnExpiry, e.kind) {
			cd.add(0.05, "%s %s on expiry, as seen", h.Name, v.Spec.OnExpiry)
		}
	}
	if cause != "" && h.Kind == "f5-vip" {
		cd.add(0.5, "the BIG-IP's reset cause: %q", cause)
	}
}

// scoreForgery moves belief between the claimed sender and the boxes that
// forward its connection, after the RST's fit to its claimed sender.
func (p *pathModel) scoreForgery(cd *candidate, c *capture.Conn, owner bool, as []capture.Anomaly) {
	strong := strongOf(c, as)
	switch {
	case len(strong) > 0 && owner:
		cd.add(-0.25, "the RST does not fit its claimed sender: %s", anomalyText(strong))
	case len(strong) > 0:
		cd.add(0.35, "forged RST: %s", anomalyText(strong))
	case owner && len(as) == 0:
		cd.add(0.1, "the RST fits its sender's earlier packets (TTL %d, IP ID and options)", c.RST.TTL)
	}
}

func anomalyText(as []capture.Anomaly) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Detail)
	}
	return strings.Join(s, "; ")
}

// attributeSilent names the box that most likely forgot a flow: among the
// boxes that drop silently, the shortest timer that had run out.
func (p *pathModel) attributeSilent(e ending) verdict {
	best, bestD := -1, time.Duration(0)
	for i, hl := range p.limits {
		v, ok := hl.Effective()
		if !ok || v.Spec.OnExpiry != hops.SilentDrop || v.D > e.idle+max(time.Second, v.D/50) {
			continue
		}
		if best < 0 || v.D < bestD {
			best, bestD = i, v.D
		}
	}
	if best < 0 {
		return verdict{hop: -1, confidence: 0.2, evidence: []string{"no declared box that drops silently has a timer within the silence"}}
	}
	h := p.top.Hops[best]
	return verdict{hop: best, confidence: 0.55, evidence: []string{
		fmt.Sprintf("%s forgets idle flows silently after %s, and the silence lasted %s", h.Name, hops.Dur(bestD), fmtS(e.idle)),
	}}
}

func actionFits(a hops.Action, kind string) bool {
	switch kind {
	case KindRST:
		return a == hops.ResetBoth || a == hops.SilentDrop
	case KindFIN:
		return a == hops.Close || a == hops.Abort
	case KindProxy5xx:
		return a == hops.Answer5xx
	}
	return false
}

func closeWord(kind string) string {
	switch kind {
	case KindRST:
		return "RST"
	case KindFIN:
		return "FIN"
	}
	return "answer"
}

func sideWord(d capture.Direction) string {
	if d == capture.FromServer {
		return "server"
	}
	return "client"
}

func clamp(x float64) float64 { return min(max(x, 0), 0.99) }

// resetCause reads the BIG-IP's reset cause from the RST's payload or its
// F5 trailer, "" when neither carries one.
func resetCause(c *capture.Conn) string {
	if c.RST == nil {
		return ""
	}
	if cause, ok := f5.ParseRSTCausePayload(c.RST.Payload); ok {
		return cause.String()
	}
	if t, ok := rstTrailer(c); ok {
		if cause, ok := t.Cause(); ok {
			return cause.String()
		}
	}
	return ""
}

// rstTrailer decodes the F5 trailer of the connection's RST, when the
// capture was taken on a BIG-IP with tcpdump -i 0.0:nnn.
func rstTrailer(c *capture.Conn) (f5.Trailer, bool) {
	if c.RST == nil || len(c.RST.Trailer) == 0 {
		return f5.Trailer{}, false
	}
	t, err := f5.ParseTrailer(c.RST.Trailer)
	return t, err == nil
}

// f5Evidence describes the RST's F5 trailer: virtual server, flow and
// peer flow, direction; "" without one. The TLS-secrets block a trailer
// may carry is never read into it.
func f5Evidence(c *capture.Conn) string {
	t, ok := rstTrailer(c)
	if !ok {
		return ""
	}
	s := "F5 trailer on the RST:"
	if t.VirtualServer != "" {
		s += " virtual server " + t.VirtualServer + ","
	}
	return fmt.Sprintf("%s flow %#x, peer flow %#x, %s, tmm %d slot %d", s, t.FlowID, t.PeerFlowID, t.Direction, t.TMM, t.Slot)
}
