package report

import (
	"fmt"
	"net"
	"strings"
)

// changeRequest is the change-request view of a Result, shared by the
// Markdown and HTML renderers: every sentence is written once here, in
// the order a change board reads. Values are plain text; each renderer
// escapes them for its own format.
type changeRequest struct {
	Title    string
	Meta     []keyValue
	Summary  crSummary
	Impact   []string
	Findings []crFinding
	Evidence *crEvidence
	// Probes is the probe section (nil without probe runs).
	Probes       *crProbes
	Changes      []crHopChange
	Other        []crHopChange
	Alternatives []crPlan
	Steps        []string
	Validation   crValidation
	Backout      []crHopChange
	BackoutNotes []string
	Risk         []string
}

type keyValue struct{ Key, Value string }

// crSummary is what a manager reads: what is broken, who is affected,
// the one-line fix. Action is false when nothing needs changing.
type crSummary struct {
	Action                bool
	Broken, Affected, Fix string
}

type crFinding struct {
	Severity, From, Hop, Title, Detail string
	Evidence                           []string
}

// crPlan is a plan not recommended, summarised.
type crPlan struct {
	Title, Summary string
	Feasible       bool
	Caveats        []string
}

// buildChangeRequest derives the change request from res. It never
// fails: missing parts of the result give shorter sections.
func buildChangeRequest(res *Result) *changeRequest {
	cr := &changeRequest{Title: crTitle(res), Meta: crMeta(res)}
	cr.Summary = crSummaryOf(res)
	cr.Impact = crImpact(res)
	for _, f := range res.Findings {
		cr.Findings = append(cr.Findings, crFinding{Severity: f.Severity.String(), From: f.From, Hop: f.Hop, Title: f.Title, Detail: f.Detail, Evidence: f.Evidence})
	}
	cr.Evidence = crEvidenceOf(res)
	cr.Probes = crProbesOf(res)
	cr.buildPlanSections(res)
	cr.Validation = crValidationOf(res)
	cr.Risk = crRisk(res)
	return cr
}

func crTitle(res *Result) string {
	name := "the Direct Push path"
	if res.Path != nil && res.Path.Name != "" {
		name = res.Path.Name
	}
	return "Change request: ActiveSync Direct Push on " + name
}

func crMeta(res *Result) []keyValue {
	var kv []keyValue
	add := func(k, v string) {
		if v != "" {
			kv = append(kv, keyValue{k, v})
		}
	}
	add("Generated", res.Generated)
	add("Tool", res.Tool)
	if res.Path != nil {
		add("Topology", res.Path.File)
		add("Heartbeat", fmt.Sprintf("%s (%s), margin %s (%s)", durS(res.Path.HeartbeatS), res.Path.HeartbeatFrom, durS(res.Path.MarginS), res.Path.MarginFrom))
	}
	if res.Analysis != nil {
		var files []string
		for _, c := range res.Analysis.Captures {
			files = append(files, baseName(c.File))
		}
		add("Captures", strings.Join(files, ", "))
	}
	var probes []string
	for _, r := range res.Probes {
		probes = append(probes, firstNonEmpty(baseName(r.Source), r.Mode+" "+r.Target))
	}
	add("Probe runs", strings.Join(probes, ", "))
	return kv
}

// firstCut returns the hop that cuts Pings first and after how long (s):
// the declared first closer, else the most common premature cluster,
// else the first cut probe ladder.
func firstCut(res *Result) (hop string, afterS float64, action string, ok bool) {
	if c := res.Check; c != nil && c.FirstCloser != "" && c.FirstCloserAfterS != nil {
		return c.FirstCloser, *c.FirstCloserAfterS, c.FirstCloserAction, true
	}
	if a := res.Analysis; a != nil && a.Premature > 0 {
		best := -1
		for i, cl := range a.Clusters {
			if best < 0 || cl.Count > a.Clusters[best].Count {
				best = i
			}
		}
		if best >= 0 {
			cl := a.Clusters[best]
			return firstNonEmpty(cl.Hop, cl.By), cl.MinIdleS, cl.Kind, true
		}
	}
	for _, r := range res.Probes {
		for _, l := range r.Ladders {
			if l.TimerS > 0 {
				return firstNonEmpty(l.Hop, hopOfAddr(res.Path, l.Target), l.Target), l.CutMinS, strings.ToLower(l.Ending), true
			}
		}
	}
	return "", 0, "", false
}

func crSummaryOf(res *Result) crSummary {
	hop, after, _, cut := firstCut(res)
	worst, any := Worst(res.Findings)
	s := crSummary{Action: cut || (any && worst >= SeverityWarning)}
	switch {
	case res.Check != nil && res.Check.FirstCloser != "":
		s.Broken = res.Check.Verdict
	case cut:
		s.Broken = fmt.Sprintf("%s ends silent Pings after %s, before Exchange answers them.", hop, durS(after))
	case res.Check != nil:
		s.Broken = "Nothing is broken: " + res.Check.Verdict
	default:
		s.Broken = "No premature end of a long-poll was found."
	}
	s.Affected = crAffected(res, hop, cut)
	s.Fix = crFixLine(res)
	return s
}

func crAffected(res *Result, hop string, cut bool) string {
	var b strings.Builder
	if cut {
		fmt.Fprintf(&b, "Every mobile device whose Direct Push goes through %s.", hop)
	} else {
		b.WriteString("No user is affected by the timers checked.")
	}
	if a := res.Analysis; a != nil {
		users, devices, clients := affectedCounts(a.Connections)
		fmt.Fprintf(&b, " In the captures, %d of %d long-polls were cut before their heartbeat", a.Premature, a.LongPolls)
		if a.Premature > 0 {
			fmt.Fprintf(&b, " (%s, %s, %s among the listed connections)", plural(users, "user"), plural(devices, "device"), plural(clients, "client address"))
		}
		b.WriteString(".")
	}
	if n, cuts := probeCounts(res.Probes); n > 0 {
		fmt.Fprintf(&b, " %d of %d live probe holds were cut.", cuts, n)
	}
	return b.String()
}

// affectedCounts counts distinct users, devices and client addresses of
// premature connections.
func affectedCounts(cs []Connection) (users, devices, clients int) {
	u, d, c := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, x := range cs {
		if !x.End.Premature {
			continue
		}
		if x.Request != nil && x.Request.User != "" {
			u[x.Request.User] = true
		}
		if x.Request != nil && x.Request.DeviceID != "" {
			d[x.Request.DeviceID] = true
		}
		if h, _, err := net.SplitHostPort(x.Client); err == nil {
			c[h] = true
		} else if x.Client != "" {
			c[x.Client] = true
		}
	}
	return len(u), len(d), len(c)
}

func crFixLine(res *Result) string {
	for _, p := range res.Plans {
		if !p.Recommended || len(p.Steps) == 0 {
			continue
		}
		if len(p.Steps) > 2 {
			return fmt.Sprintf("%s: %d changes, listed below in execution order.", p.Title, len(p.Steps))
		}
		var parts []string
		for _, s := range p.Steps {
			parts = append(parts, fmt.Sprintf("set %s %s (%s) from %s to %s", s.Hop, s.Timer, s.Setting, currentValue(s), durS(s.ProposedS)))
		}
		return capitalize(strings.Join(parts, "; then ")) + "."
	}
	return "No timer change is needed."
}

// currentValue renders a step's current value with its origin.
func currentValue(s Step) string {
	if s.CurrentS == nil {
		return "no limit (" + s.CurrentOrigin + ")"
	}
	return durS(*s.CurrentS) + " (" + s.CurrentOrigin + ")"
}

func probeCounts(runs []ProbeRun) (n, cuts int) {
	for _, r := range runs {
		for _, p := range r.Probes {
			n++
			if p.cut() {
				cuts++
			}
		}
	}
	return n, cuts
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "s") {
		return fmt.Sprintf("%d %ses", n, what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// baseName is the last element of a slash or backslash path.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
