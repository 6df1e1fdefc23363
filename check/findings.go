package check

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

// findings lists every problem with the declared timers, in hop order.
// fix maps "hop/timer" to the recommended plan's step for it.
func findings(t *topology.Topology, ls []HopLimits, h time.Duration, fix map[string]*report.Step) []report.Finding {
	out := heartbeatFindings(t, h)
	for _, hl := range ls {
		out = append(out, timerFindings(t, hl, h, fix)...)
		out = append(out, adviceFindings(hl, fix)...)
	}
	return append(out, ladderFindings(ls)...)
}

func heartbeatFindings(t *topology.Topology, h time.Duration) []report.Finding {
	ex := exchangeHop(t)
	if ex == nil {
		return nil
	}
	var out []report.Finding
	if v, ok := ex.Timers["max_heartbeat"]; ok && !v.Unlimited && t.HeartbeatFrom == "declared" && h > v.Value {
		out = append(out, report.Finding{
			ID: "heartbeat-above-max", Severity: report.SeverityWarning, From: "check", Hop: ex.Name, Key: "max_heartbeat",
			Title:  fmt.Sprintf("declared heartbeat %s is above %s's MaxHeartbeatInterval %s", report.Dur(h), ex.Name, report.Dur(v.Value)),
			Detail: "Exchange answers a Ping that asks for more with Status 5 and its maximum; the check uses the declared heartbeat, which is stricter.",
		})
	}
	if min := minHeartbeat(t); h < min {
		out = append(out, report.Finding{
			ID: "heartbeat-below-min", Severity: report.SeverityError, From: "check", Hop: ex.Name, Key: "min_heartbeat",
			Title: fmt.Sprintf("heartbeat %s is below %s's MinHeartbeatInterval %s: every Ping gets Status 5", report.Dur(h), ex.Name, report.Dur(min)),
		})
	}
	return out
}

func timerFindings(t *topology.Topology, hl HopLimits, h time.Duration, fix map[string]*report.Step) []report.Finding {
	hop := hl.Hop
	if hop.Profile == nil || hop.Profile.Carriage == hops.Endpoint {
		return nil
	}
	var out []report.Finding
	for _, v := range hl.Values {
		if !v.Spec.Idle {
			continue
		}
		if f, ok := timerFinding(t, hop, v, h); ok {
			if st := fix[hop.Name+"/"+v.Spec.Key]; st != nil {
				c := st.Change
				f.Fix = &c
			}
			out = append(out, f)
		}
	}
	return out
}

func timerFinding(t *topology.Topology, hop *topology.Hop, v Value, h time.Duration) (report.Finding, bool) {
	f := report.Finding{From: "check", Hop: hop.Name, Key: v.Spec.Key,
		ID: fmt.Sprintf("timer:%s:%s", hop.Name, v.Spec.Key)}
	src := fmt.Sprintf("%s: %s (%s)", v.Spec.Setting, valueText(v), v.Origin)
	if v.Origin != Declared {
		src += "; source: " + v.Spec.Source
	}
	f.Evidence = []string{src}
	switch {
	case v.Origin == Unknown:
		f.Severity = report.SeverityWarning
		f.Title = fmt.Sprintf("%s %s is not declared and has no known default", hop.Name, v.Spec.Key)
		f.Detail = "Declare it under timers: so the check can judge it."
	case v.Unlimited:
		return f, false
	case v.D < h:
		f.Severity = report.SeverityError
		f.Title = fmt.Sprintf("%s %s %s%s is shorter than the %s heartbeat", hop.Name, v.Spec.Key, report.Dur(v.D), originParen(v), report.Dur(h))
		f.Detail = fmt.Sprintf("A silent Ping is ended after %s: %s %s.", report.Dur(v.D), hop.Name, actionPhrase(v.Spec.OnExpiry))
	case v.D < h+t.Margin:
		f.Severity = report.SeverityError
		f.Title = fmt.Sprintf("%s %s %s%s leaves less than the %s margin above the %s heartbeat", hop.Name, v.Spec.Key, report.Dur(v.D), originParen(v), report.Dur(t.Margin), report.Dur(h))
		f.Detail = "The box and Exchange race at the end of every full-length Ping."
	case v.Origin == Assumed:
		f.Severity = report.SeverityInfo
		f.Title = fmt.Sprintf("%s %s not declared: assumed %s", hop.Name, v.Spec.Key, report.Dur(v.D))
		f.Detail = "The vendor's own documentation does not confirm this default; declare the real value."
	default:
		return f, false
	}
	return f, true
}

// adviceFindings turns the knowledge base's advice into findings; advice
// about a timer the plan changes takes the plan's change, so the two never
// disagree.
func adviceFindings(hl HopLimits, fix map[string]*report.Step) []report.Finding {
	p := hl.Hop.Profile
	if p == nil || p.Advise == nil {
		return nil
	}
	var out []report.Finding
	for _, a := range p.Advise(hl.Hop.HopRef(), hl.values()) {
		sev := report.SeverityInfo
		switch a.Level {
		case "error":
			sev = report.SeverityError
		case "warning":
			sev = report.SeverityWarning
		}
		f := report.Finding{
			ID: fmt.Sprintf("advice:%s:%s", hl.Hop.Name, a.Key), Severity: sev, From: "check",
			Hop: hl.Hop.Name, Key: a.Key, Title: a.Message, Fix: a.Change,
		}
		if st := fix[hl.Hop.Name+"/"+a.Key]; st != nil {
			c := st.Change
			f.Fix = &c
		}
		out = append(out, f)
	}
	return out
}

// ladderFindings warns where a box gives up no later than a box nearer to
// Exchange: when the server stalls, the box nearest it should give up first.
func ladderFindings(ls []HopLimits) []report.Finding {
	var out []report.Finding
	inner := -1
	for i := len(ls) - 1; i >= 0; i-- {
		hl := ls[i]
		v, ok := hl.Effective()
		if !ok || hl.Hop.Profile.Carriage == hops.Endpoint {
			continue
		}
		if inner >= 0 {
			iv := mustEff(ls[inner])
			if v.D <= iv.D {
				out = append(out, report.Finding{
					ID: fmt.Sprintf("ladder:%s:%s", hl.Hop.Name, ls[inner].Hop.Name), Severity: report.SeverityWarning, From: "check",
					Hop: hl.Hop.Name, Key: v.Spec.Key,
					Title:  fmt.Sprintf("%s (%s %s) gives up no later than %s (%s %s), which sits nearer to Exchange", hl.Hop.Name, v.Spec.Key, report.Dur(v.D), ls[inner].Hop.Name, iv.Spec.Key, report.Dur(iv.D)),
					Detail: "Timers should grow from Exchange outward, so that when the server stalls the box nearest it gives up first and every outer box sees a clean close.",
				})
			}
		}
		inner = i
	}
	return out
}

// originParen says, in parentheses, where a value not declared came from.
func originParen(v Value) string {
	switch v.Origin {
	case Assumed:
		return " (assumed)"
	case Default:
		return " (vendor default)"
	}
	return ""
}
