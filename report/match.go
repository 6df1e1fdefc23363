package report

import (
	"math"
	"net/netip"
	"net/url"
	"strings"
)

// TimerMatch is a declared or default timer that an observed idle time
// fits.
type TimerMatch struct {
	Hop   string
	Timer Timer
}

// MatchTimer finds the idle-governing timer of the path that an observed
// idle time (seconds) fits: the cut came at or just after the timer (within
// 2 s or 2 %). It looks at hop first, then at every hop; ok is false when
// nothing fits or p is nil.
func MatchTimer(p *Path, hop string, idleS float64) (m TimerMatch, ok bool) {
	if p == nil {
		return m, false
	}
	fits := func(t Timer) bool {
		if !t.Idle || t.S == nil {
			return false
		}
		tol := math.Max(2, *t.S*0.02)
		return idleS >= *t.S-0.5 && idleS <= *t.S+tol
	}
	for _, pass := range []bool{true, false} {
		for _, h := range p.Hops {
			if pass != (h.Name == hop) {
				continue
			}
			for _, t := range h.Timers {
				if fits(t) {
					return TimerMatch{Hop: h.Name, Timer: t}, true
				}
			}
		}
	}
	return m, false
}

// hopOfAddr returns the hop that declares addr (host or host:port) among
// its listen addresses, "" when none does.
func hopOfAddr(p *Path, addr string) string {
	if p == nil {
		return ""
	}
	ip, ok := hostAddr(addr)
	if !ok {
		return ""
	}
	for _, h := range p.Hops {
		for _, l := range h.Listen {
			if addrIn(ip, l) {
				return h.Name
			}
		}
	}
	return ""
}

// hostAddr extracts the IP address of a URL, host:port or bare address.
func hostAddr(s string) (netip.Addr, bool) {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		s = u.Host
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return a, err == nil
}

// addrIn reports whether ip is the address, address:port or within the
// prefix written in decl.
func addrIn(ip netip.Addr, decl string) bool {
	if pf, err := netip.ParsePrefix(decl); err == nil {
		return pf.Contains(ip)
	}
	a, ok := hostAddr(decl)
	return ok && a == ip.Unmap()
}
