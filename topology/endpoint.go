package topology

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Endpoint is an address, an address with a port, or a prefix (with an
// optional port). Port 0 matches every port.
type Endpoint struct {
	Prefix netip.Prefix
	Port   uint16
}

// ParseEndpoint parses "203.0.113.10", "203.0.113.10:443",
// "[2001:db8::1]:443", "2001:db8::1", "198.51.100.0/24" or
// "198.51.100.0/24:443".
func ParseEndpoint(s string) (Endpoint, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Endpoint{}, fmt.Errorf("empty address")
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return Endpoint{Prefix: netip.PrefixFrom(ap.Addr().Unmap(), ap.Addr().Unmap().BitLen()), Port: ap.Port()}, nil
	}
	if a, err := netip.ParseAddr(s); err == nil {
		a = a.Unmap()
		return Endpoint{Prefix: netip.PrefixFrom(a, a.BitLen())}, nil
	}
	pfx, port := s, ""
	if i := strings.LastIndexByte(s, ':'); i > 0 && strings.Contains(s, "/") && i > strings.IndexByte(s, '/') {
		pfx, port = s[:i], s[i+1:]
	}
	p, err := netip.ParsePrefix(pfx)
	if err != nil {
		return Endpoint{}, fmt.Errorf("%q is not an address, address:port or prefix", s)
	}
	if p.Masked() != p {
		return Endpoint{}, fmt.Errorf("prefix %q has host bits set (did you mean %s?)", s, p.Masked())
	}
	e := Endpoint{Prefix: p}
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil || n == 0 {
			return Endpoint{}, fmt.Errorf("bad port in %q", s)
		}
		e.Port = uint16(n)
	}
	return e, nil
}

// Contains reports whether the endpoint covers ap.
func (e Endpoint) Contains(ap netip.AddrPort) bool {
	if !e.Prefix.Contains(ap.Addr().Unmap()) {
		return false
	}
	return e.Port == 0 || e.Port == ap.Port()
}

// ContainsAddr reports whether the endpoint covers a, whatever the port.
func (e Endpoint) ContainsAddr(a netip.Addr) bool { return e.Prefix.Contains(a.Unmap()) }

// String renders the endpoint the way it is written in a topology file.
func (e Endpoint) String() string {
	var s string
	if e.Prefix.IsSingleIP() {
		s = e.Prefix.Addr().String()
	} else {
		s = e.Prefix.String()
	}
	if e.Port == 0 {
		return s
	}
	if e.Prefix.Addr().Is6() && e.Prefix.IsSingleIP() {
		return "[" + s + "]:" + strconv.Itoa(int(e.Port))
	}
	return s + ":" + strconv.Itoa(int(e.Port))
}

// MarshalText renders the endpoint for JSON.
func (e Endpoint) MarshalText() ([]byte, error) { return []byte(e.String()), nil }
