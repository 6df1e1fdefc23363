package capture

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/hopaudit/hopaudit/capture/gen"
)

var (
	cli4 = netip.MustParseAddrPort("198.51.100.7:50123")
	srv4 = netip.MustParseAddrPort("192.0.2.10:443")
	cli6 = netip.MustParseAddrPort("[2001:db8::7]:50123")
	srv6 = netip.MustParseAddrPort("[2001:db8::10]:443")
)

func seg4() gen.Segment {
	return gen.Segment{Src: cli4, Dst: srv4, Seq: 1000, Ack: 2000, Flags: gen.PSH | gen.ACK, Window: 512, TTL: 61, IPID: 4242,
		Options: gen.TimestampOption(111, 222), Payload: []byte("hello")}
}

func seg6() gen.Segment {
	s := seg4()
	s.Src, s.Dst, s.IPID = cli6, srv6, 0
	return s
}

// ip returns the datagram of a segment.
func ip(s gen.Segment) []byte { return s.AppendIP(nil) }

// withIPv4Options inserts 4 bytes of IPv4 options (NOPs + EOL) into a datagram.
func withIPv4Options(d []byte) []byte {
	out := append(bytes.Clone(d[:20]), 1, 1, 1, 0)
	out = append(out, d[20:]...)
	out[0] = 0x46
	binary.BigEndian.PutUint16(out[2:], uint16(len(out)))
	return out
}

// withIPv6Ext inserts hop-by-hop, routing, destination options and a
// fragment header (first fragment, more to come) before TCP.
func withIPv6Ext(d []byte, fragOffset uint16) []byte {
	out := bytes.Clone(d[:40])
	out[6] = 0                                                                      // hop-by-hop
	out = append(out, 43, 0, 1, 4, 0, 0, 0, 0)                                      // hop-by-hop -> routing
	out = append(out, 60, 0, 0, 0, 0, 0, 0, 0)                                      // routing -> dest opts
	out = append(out, 44, 0, 1, 4, 0, 0, 0, 0)                                      // dest opts -> fragment
	out = append(out, 6, 0, byte(fragOffset>>5), byte(fragOffset<<3)|1, 0, 0, 0, 1) // fragment -> TCP
	out = append(out, d[40:]...)
	binary.BigEndian.PutUint16(out[4:], uint16(len(out)-40))
	return out
}

func ether(d []byte, tags ...uint16) []byte {
	b := make([]byte, 12)
	for _, tpid := range tags {
		b = binary.BigEndian.AppendUint16(b, tpid)
		b = binary.BigEndian.AppendUint16(b, 100)
	}
	et := uint16(etherIPv4)
	if d[0]>>4 == 6 {
		et = etherIPv6
	}
	b = binary.BigEndian.AppendUint16(b, et)
	return append(b, d...)
}

func sll(d []byte) []byte {
	b := make([]byte, 14)
	et := uint16(etherIPv4)
	if d[0]>>4 == 6 {
		et = etherIPv6
	}
	return append(binary.BigEndian.AppendUint16(b, et), d...)
}

func sll2(d []byte) []byte {
	et := uint16(etherIPv4)
	if d[0]>>4 == 6 {
		et = etherIPv6
	}
	b := binary.BigEndian.AppendUint16(nil, et)
	return append(append(b, make([]byte, 18)...), d...)
}

func null(af uint32, order binary.ByteOrder, d []byte) []byte {
	b := make([]byte, 4)
	order.PutUint32(b, af)
	return append(b, d...)
}

// TestDecodeLinkTypes decodes the same segment under every link type and
// encapsulation and checks every field.
func TestDecodeLinkTypes(t *testing.T) {
	d4, d6 := ip(seg4()), ip(seg6())
	le, be := binary.LittleEndian, binary.BigEndian
	tests := []struct {
		name string
		link LinkType
		data []byte
		v6   bool
	}{
		{"ethernet ipv4", LinkEthernet, ether(d4), false},
		{"ethernet ipv6", LinkEthernet, ether(d6), true},
		{"802.1Q", LinkEthernet, ether(d4, etherVLAN), false},
		{"QinQ 88a8", LinkEthernet, ether(d6, etherQinQ, etherVLAN), true},
		{"QinQ 9100", LinkEthernet, ether(d4, etherQinQ91, etherVLAN), false},
		{"ipv4 options", LinkEthernet, ether(withIPv4Options(d4)), false},
		{"ipv6 extension headers", LinkEthernet, ether(withIPv6Ext(d6, 0)), true},
		{"sll ipv4", LinkSLL, sll(d4), false},
		{"sll ipv6", LinkSLL, sll(d6), true},
		{"sll2 ipv4", LinkSLL2, sll2(d4), false},
		{"sll2 ipv6", LinkSLL2, sll2(d6), true},
		{"raw 101 ipv4", LinkRaw, d4, false},
		{"raw 101 ipv6", LinkRaw, d6, true},
		{"raw 12", LinkRawOld12, d6, true},
		{"raw 14", LinkRawOld14, d4, false},
		{"ipv4 228", LinkIPv4, d4, false},
		{"ipv6 229", LinkIPv6, d6, true},
		{"null le ipv4", LinkNull, null(2, le, d4), false},
		{"null be ipv4", LinkNull, null(2, be, d4), false},
		{"null le ipv6 darwin", LinkNull, null(30, le, d6), true},
		{"null be ipv6 freebsd", LinkNull, null(28, be, d6), true},
		{"loop ipv6 openbsd", LinkLoop, null(24, be, d6), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := Record{Frame: 9, Offset: 99, LinkType: tc.link, Data: tc.data, CapLen: len(tc.data), WireLen: len(tc.data)}
			var p Packet
			if k := Decode(&rec, &p); k != KindTCP {
				t.Fatalf("kind %v", k)
			}
			src, dst := cli4, srv4
			if tc.v6 {
				src, dst = cli6, srv6
			}
			o := p.Options
			if p.Src != src || p.Dst != dst || p.IPv6 != tc.v6 || p.TTL != 61 || p.Seq != 1000 || p.Ack != 2000 ||
				p.Flags != FlagPSH|FlagACK || p.Window != 512 || string(p.Payload) != "hello" || p.PayloadLen != 5 ||
				p.Truncated || p.Frame != 9 || p.Offset != 99 || p.Trailer != nil {
				t.Errorf("got %+v", p)
			}
			if o.Present != OptTimestamps || o.TSval != 111 || o.TSecr != 222 {
				t.Errorf("options %+v", o)
			}
			if !tc.v6 && p.IPID != 4242 {
				t.Errorf("ip id %d", p.IPID)
			}
		})
	}
}

// TestDecodeEdgeCases covers trailers, snap-length cuts, fragments, non-TCP
// and malformed headers.
func TestDecodeEdgeCases(t *testing.T) {
	d4 := ip(seg4())
	syn := seg4()
	syn.Flags, syn.Payload, syn.Options = gen.SYN, nil, gen.SYNOptions(5, 0)
	frag := bytes.Clone(d4)
	binary.BigEndian.PutUint16(frag[6:], 0x0010) // fragment offset 16
	udp := bytes.Clone(d4)
	udp[9] = 17
	badIHL := bytes.Clone(d4)
	badIHL[0] = 0x44
	trailer := append(ether(d4), 0, 0, 0xf5, 0xde, 0xb0, 0xf5)
	tests := []struct {
		name  string
		link  LinkType
		data  []byte
		wire  int
		want  Kind
		check func(*Packet) bool
	}{
		{"trailer kept", LinkEthernet, trailer, 0, KindTCP, func(p *Packet) bool {
			return bytes.Equal(p.Trailer, []byte{0, 0, 0xf5, 0xde, 0xb0, 0xf5}) && string(p.Payload) == "hello"
		}},
		{"no trailer when snapped", LinkEthernet, trailer, len(trailer) + 10, KindTCP, func(p *Packet) bool { return p.Trailer == nil }},
		{"payload cut by snaplen", LinkEthernet, ether(d4)[:len(ether(d4))-3], len(ether(d4)), KindTCP, func(p *Packet) bool {
			return p.Truncated && p.PayloadLen == 5 && string(p.Payload) == "he"
		}},
		{"options cut by snaplen", LinkRaw, d4[:44], len(d4), KindTCP, func(p *Packet) bool {
			return p.Truncated && p.Options.Present.Has(OptMalformed) && p.Payload == nil
		}},
		{"syn options", LinkRaw, ip(syn), 0, KindTCP, func(p *Packet) bool {
			o := p.Options
			return o.Present == OptMSS|OptSACKPermitted|OptTimestamps|OptWindowScale && o.MSS == 1460 && o.WScale == 7 && o.TSval == 5
		}},
		{"ipv6 first fragment", LinkRaw, withIPv6Ext(ip(seg6()), 0), 0, KindTCP, func(p *Packet) bool { return p.Fragment }},
		{"ipv6 later fragment", LinkRaw, withIPv6Ext(ip(seg6()), 100), 0, KindOther, nil},
		{"ipv4 later fragment", LinkRaw, frag, 0, KindOther, nil},
		{"udp", LinkRaw, udp, 0, KindOther, nil},
		{"arp", LinkEthernet, append(make([]byte, 12), 0x08, 0x06, 0, 1), 0, KindOther, nil},
		{"bad ihl", LinkRaw, badIHL, 0, KindMalformed, nil},
		{"ip header cut", LinkRaw, d4[:19], 0, KindMalformed, nil},
		{"tcp header cut", LinkRaw, d4[:25], 0, KindMalformed, nil},
		{"empty ethernet", LinkEthernet, nil, 0, KindMalformed, nil},
		{"vlan cut", LinkEthernet, append(make([]byte, 12), 0x81, 0x00, 0), 0, KindMalformed, nil},
		{"unknown link", 147, d4, 0, KindUnsupportedLink, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wire := max(tc.wire, len(tc.data))
			rec := Record{LinkType: tc.link, Data: tc.data, CapLen: len(tc.data), WireLen: wire}
			var p Packet
			if k := Decode(&rec, &p); k != tc.want {
				t.Fatalf("kind %v, want %v", k, tc.want)
			}
			if tc.check != nil && !tc.check(&p) {
				t.Errorf("got %+v", p)
			}
		})
	}
}

// TestDecodeAllocs checks that decoding allocates nothing.
func TestDecodeAllocs(t *testing.T) {
	data := ether(withIPv6Ext(ip(seg6()), 0), etherVLAN)
	rec := Record{LinkType: LinkEthernet, Data: data, CapLen: len(data), WireLen: len(data)}
	var p Packet
	if n := testing.AllocsPerRun(1000, func() { Decode(&rec, &p) }); n != 0 {
		t.Errorf("%v allocations per decode", n)
	}
}
