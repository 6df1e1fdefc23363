package report

import (
	"fmt"
	"math"
)

// crImpact says what users feel, from the first cut and the heartbeat.
// The client behaviours quoted are those of DOMAIN.md §1 and §6.
func crImpact(res *Result) []string {
	hop, after, action, cut := firstCut(res)
	if !cut {
		return []string{"Users should notice nothing: every held Ping ends with Exchange's own answer, so new mail is pushed as soon as it arrives."}
	}
	hb := heartbeatOf(res)
	var out []string
	if hb > 0 && after > 0 && after < hb {
		out = append(out, fmt.Sprintf("Each held Ping is cut after %s instead of lasting the %s heartbeat: a device reconnects about %s times an hour instead of %s, and every reconnection costs battery and data.",
			durS(after), durS(hb), trimFloat(math.Round(3600/after)), trimFloat(math.Round(3600/hb*10)/10)))
	}
	switch action {
	case "rst":
		out = append(out, fmt.Sprintf("%s resets the connection: the device sees an error, not an answer, and new mail, calendar and contact changes wait until it notices and sends a new Ping.", hop))
	case "fin":
		out = append(out, fmt.Sprintf("%s closes the connection without an answer: new mail waits until the device notices and sends a new Ping.", hop))
	case "5xx", "5xx-by-proxy":
		out = append(out, fmt.Sprintf("%s answers the Ping with an HTTP 5xx error of its own: after a series of them some iOS versions reload the whole mailbox, and users see sync errors.", hop))
	case "silent-drop":
		out = append(out, fmt.Sprintf("%s forgets the connection silently: the device does not learn it is gone and receives no new mail until its next heartbeat or its next own request, then gets a reset.", hop))
	default:
		out = append(out, fmt.Sprintf("%s ends the Ping before Exchange answers it: new mail is delayed until the device sends a new Ping.", hop))
	}
	out = append(out, "Clients react to cuts by shrinking their heartbeat (more Pings, shorter battery life); Exchange then logs event 1040 (average heartbeat 540 s or less). Mail is delivered late rather than lost, so users report it as \"push is slow\" or \"mail arrives when I open the app\".")
	return out
}

// heartbeatOf is the heartbeat the path is judged against, seconds: the
// declared one, else the longest heartbeat seen in a Ping, else 0.
func heartbeatOf(res *Result) float64 {
	if res.Path != nil {
		return res.Path.HeartbeatS
	}
	var hb float64
	if res.Analysis != nil {
		for _, c := range res.Analysis.Connections {
			if c.Request != nil {
				hb = max(hb, c.Request.HeartbeatS)
			}
		}
	}
	return hb
}
