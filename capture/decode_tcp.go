package capture

import "net/netip"

// IPv6 next-header values walked by the decoder.
const (
	ipv6HopByHop  = 0
	ipv6Routing   = 43
	ipv6Fragment  = 44
	ipv6AH        = 51
	ipv6NoNext    = 59
	ipv6DestOpts  = 60
	ipProtoTCP    = 6
	maxExtHeaders = 16
	tcpMinHeader  = 20
)

func decodeIPv6(d []byte, p *Packet) Kind {
	if len(d) < 40 || d[0]>>4 != 6 {
		return KindMalformed
	}
	end := 40 + int(be.Uint16(d[4:6]))
	if end == 40 { // jumbogram or offloaded: trust what was captured
		end = len(d)
	}
	p.IPv6, p.TTL = true, d[7]
	src := netip.AddrFrom16([16]byte(d[8:24]))
	dst := netip.AddrFrom16([16]byte(d[24:40]))
	nh, off := d[6], 40
	for range maxExtHeaders {
		if nh == ipProtoTCP {
			if off > end || off > len(d) {
				return KindMalformed
			}
			return decodeTCP(d[off:min(end, len(d))], end-off, src, dst, p)
		}
		var k Kind
		if nh, off, k = skipExtHeader(d, nh, off, p); k != KindTCP {
			return k
		}
	}
	return KindOther
}

// skipExtHeader steps over one IPv6 extension header at d[off:]. It returns
// KindTCP to continue walking, or the final kind for the packet.
func skipExtHeader(d []byte, nh byte, off int, p *Packet) (byte, int, Kind) {
	switch nh {
	case ipv6HopByHop, ipv6Routing, ipv6DestOpts, ipv6AH:
		if len(d) < off+2 {
			return 0, 0, KindMalformed
		}
		l := (int(d[off+1]) + 1) * 8
		if nh == ipv6AH {
			l = (int(d[off+1]) + 2) * 4
		}
		return d[off], off + l, KindTCP
	case ipv6Fragment:
		if len(d) < off+8 {
			return 0, 0, KindMalformed
		}
		fo := be.Uint16(d[off+2 : off+4])
		if fo>>3 != 0 {
			return 0, 0, KindOther // not the first fragment
		}
		p.Fragment = fo&1 != 0
		return d[off], off + 8, KindTCP
	}
	return 0, 0, KindOther
}

// decodeTCP parses a TCP header from the captured bytes d of a segment
// whose length per the IP header is segLen.
func decodeTCP(d []byte, segLen int, src, dst netip.Addr, p *Packet) Kind {
	if len(d) < tcpMinHeader {
		return KindMalformed
	}
	hl := int(d[12]>>4) * 4
	if hl < tcpMinHeader || segLen < hl {
		return KindMalformed
	}
	p.Src = netip.AddrPortFrom(src, be.Uint16(d[0:2]))
	p.Dst = netip.AddrPortFrom(dst, be.Uint16(d[2:4]))
	p.Seq, p.Ack = be.Uint32(d[4:8]), be.Uint32(d[8:12])
	p.Flags = TCPFlags(d[13]) | TCPFlags(d[12]&1)<<8
	p.Window = be.Uint16(d[14:16])
	p.PayloadLen = segLen - hl
	if len(d) < hl {
		p.Truncated = true
		parseOptions(d[tcpMinHeader:], &p.Options)
		p.Options.Present |= OptMalformed
		return KindTCP
	}
	parseOptions(d[tcpMinHeader:hl], &p.Options)
	p.Payload = d[hl:]
	p.Truncated = len(p.Payload) < p.PayloadLen
	return KindTCP
}

// parseOptions fills o from a TCP option list.
func parseOptions(b []byte, o *TCPOptions) {
	for len(b) > 0 {
		kind := b[0]
		if kind == 0 {
			return
		}
		if kind == 1 {
			b = b[1:]
			continue
		}
		if len(b) < 2 || int(b[1]) < 2 || int(b[1]) > len(b) {
			o.Present |= OptMalformed
			return
		}
		v := b[2:b[1]]
		setOption(kind, v, o)
		b = b[b[1]:]
	}
}

func setOption(kind byte, v []byte, o *TCPOptions) {
	switch {
	case kind == 2 && len(v) == 2:
		o.Present |= OptMSS
		o.MSS = be.Uint16(v)
	case kind == 3 && len(v) == 1:
		o.Present |= OptWindowScale
		o.WScale = v[0]
	case kind == 4:
		o.Present |= OptSACKPermitted
	case kind == 5:
		o.Present |= OptSACK
	case kind == 8 && len(v) == 8:
		o.Present |= OptTimestamps
		o.TSval, o.TSecr = be.Uint32(v[0:4]), be.Uint32(v[4:8])
	default:
		o.Present |= OptOther
	}
}
