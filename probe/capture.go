package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
)

// ErrCaptureUnsupported is returned by the capture on systems without AF_PACKET.
var ErrCaptureUnsupported = errors.New("live capture is supported on linux only")

// CaptureInfo describes the capture a run wrote (Options.Capture).
type CaptureInfo struct {
	// File is the pcapng file written (link type raw IP, 101).
	File string `json:"file"`
	// Packets is the number of packets written: the probes' own, matched on the
	// targets' address and port.
	Packets int `json:"packets"`
	// Seen is the number of packets the socket delivered before filtering.
	Seen int `json:"seen"`
}

// endpointSet is the set of target address:ports whose packets are kept.
type endpointSet map[netip.AddrPort]struct{}

// has reports whether a packet between src and dst touches a target.
func (s endpointSet) has(src, dst netip.AddrPort) bool {
	if _, ok := s[src]; ok {
		return true
	}
	_, ok := s[dst]
	return ok
}

// resolveEndpoints resolves every job's host:port to address:ports.
func resolveEndpoints(ctx context.Context, jobs []job) (endpointSet, error) {
	set := endpointSet{}
	for _, j := range jobs {
		host, portStr, err := net.SplitHostPort(j.addr)
		if err != nil {
			return nil, err
		}
		port, err := strconv.ParseUint(portStr, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("port %q: %w", portStr, err)
		}
		addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		for _, a := range addrs {
			set[netip.AddrPortFrom(a.Unmap(), uint16(port))] = struct{}{}
		}
	}
	return set, nil
}

// tcpEndpoints reads the TCP source and destination of a raw IPv4 or IPv6
// packet (no IPv6 extension headers). ok is false for anything else or a
// truncated packet. It does not allocate.
func tcpEndpoints(p []byte) (src, dst netip.AddrPort, ok bool) {
	if len(p) < 1 {
		return src, dst, false
	}
	var sa, da netip.Addr
	var off int
	switch p[0] >> 4 {
	case 4:
		ihl := int(p[0]&0x0F) * 4
		if len(p) < 20 || ihl < 20 || p[9] != 6 {
			return src, dst, false
		}
		sa, da, off = netip.AddrFrom4([4]byte(p[12:16])), netip.AddrFrom4([4]byte(p[16:20])), ihl
	case 6:
		if len(p) < 40 || p[6] != 6 {
			return src, dst, false
		}
		sa, da, off = netip.AddrFrom16([16]byte(p[8:24])), netip.AddrFrom16([16]byte(p[24:40])), 40
	default:
		return src, dst, false
	}
	if len(p) < off+4 {
		return src, dst, false
	}
	sp := uint16(p[off])<<8 | uint16(p[off+1])
	dp := uint16(p[off+2])<<8 | uint16(p[off+3])
	return netip.AddrPortFrom(sa, sp), netip.AddrPortFrom(da, dp), true
}

// startCaptureNote starts the capture for a run, or explains why it did not
// start; the probes go on either way.
func startCaptureNote(ctx context.Context, file string, jobs []job) (*capturer, string) {
	set, err := resolveEndpoints(ctx, jobs)
	if err != nil {
		return nil, fmt.Sprintf("capture not started: %v; probing without it", err)
	}
	c, err := startCapture(file, set)
	switch {
	case errors.Is(err, errNoPermission):
		return nil, fmt.Sprintf("capture not started: %v (needs CAP_NET_RAW: run as root or grant cap_net_raw); probing without it", err)
	case err != nil:
		return nil, fmt.Sprintf("capture not started: %v; probing without it", err)
	}
	return c, ""
}

// errNoPermission marks a capture refused for lack of CAP_NET_RAW.
var errNoPermission = errors.New("no permission to open an AF_PACKET socket")
