package report

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// crValidation is the validation plan: hopaudit probe commands and what
// each must show.
type crValidation struct {
	Intro    string
	Commands []crProbeCmd
	Notes    []string
}

type crProbeCmd struct {
	Hop, Title, Command string
	Expect              []string
}

// crValidationOf writes one eas probe per hop that has a listen address,
// outermost first, holding Pings for the heartbeat minus the margin and
// for the heartbeat itself: Exchange must answer each at its hold.
func crValidationOf(res *Result) crValidation {
	p := res.Path
	if p == nil {
		return crValidation{Intro: "No topology was given, so no probe target is known: probe the URL devices use with `hopaudit probe --mode eas URL --hold` at the heartbeat."}
	}
	hb, margin := p.HeartbeatS, p.MarginS
	if rec, ok := recommended(res.Plans); ok && rec.HeartbeatS > 0 {
		hb = rec.HeartbeatS
	}
	holds := []float64{hb}
	if hb-margin > 0 {
		holds = []float64{hb - margin, hb}
	}
	v := crValidation{Intro: fmt.Sprintf("After the change, hold ActiveSync Pings through each hop, from the outside in, for %s: each must end with Exchange's answer at its hold, never earlier.", joinDurs(holds))}
	for _, h := range p.Hops {
		if h.Kind == "client" {
			continue
		}
		if u, ok := easURL(h.Listen); ok {
			v.Commands = append(v.Commands, probeCmd(h, u, holds))
		}
	}
	v.Notes = []string{
		"Credentials come from HOPAUDIT_EAS_USER and HOPAUDIT_EAS_PASSWORD (or HOPAUDIT_EAS_TOKEN); use a test mailbox.",
		"A hold cut by rst, fin or an http status before its end means a timer shorter than the hold is still on the path: the hop probed, or one behind it.",
	}
	return v
}

func probeCmd(h Hop, url string, holds []float64) crProbeCmd {
	c := crProbeCmd{Hop: h.Name, Title: "Through " + h.Name, Command: "hopaudit probe --mode eas " + url}
	if h.Kind == "exchange" {
		c.Title = "Directly to " + h.Name + " (control: Exchange alone)"
	}
	for _, s := range holds {
		c.Command += " --hold " + goDur(s)
	}
	for _, s := range holds {
		c.Expect = append(c.Expect, fmt.Sprintf("hold %s: answered, Ping Status 1, at %s s (± a few seconds)", goDur(s), trimFloat(s)))
	}
	return c
}

// easURL builds the ActiveSync URL of the first listen address: https on
// 443, 8443 or without a port, http on any other port (80, 8080: a box
// that listens on another port than 443 is in the cleartext part of the
// path).
func easURL(listen []string) (string, bool) {
	for _, l := range listen {
		if ap, err := netip.ParseAddrPort(l); err == nil {
			host := ap.Addr().String()
			if ap.Addr().Is6() {
				host = "[" + host + "]"
			}
			switch ap.Port() {
			case 80:
				return "http://" + host + "/Microsoft-Server-ActiveSync", true
			case 443:
				return "https://" + host + "/Microsoft-Server-ActiveSync", true
			}
			scheme := "http"
			if ap.Port() == 8443 {
				scheme = "https"
			}
			return fmt.Sprintf("%s://%s:%d/Microsoft-Server-ActiveSync", scheme, host, ap.Port()), true
		}
		if a, err := netip.ParseAddr(l); err == nil {
			if a.Is6() {
				return "https://[" + a.String() + "]/Microsoft-Server-ActiveSync", true
			}
			return "https://" + a.String() + "/Microsoft-Server-ActiveSync", true
		}
	}
	return "", false
}

// goDur writes seconds as a Go duration a flag accepts: "28m", "1h1m", "90s".
func goDur(s float64) string {
	d := time.Duration(s * float64(time.Second)).Round(time.Second)
	out := d.String()
	out = strings.Replace(out, "m0s", "m", 1)
	return strings.Replace(out, "h0m", "h", 1)
}

func joinDurs(ss []float64) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = durS(s)
	}
	return strings.Join(parts, " and ")
}
