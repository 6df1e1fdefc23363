package f5

import (
	"net/netip"
	"testing"
)

func TestParseRSTCausePayload(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Cause
		ok   bool
	}{
		{"no local listener", "BIG-IP: [0x235ef8f:2618] No local listener",
			Cause{Addr: 0x235ef8f, Line: 2618, Text: "No local listener"}, true},
		{"peer", "BIG-IP: [0x31ae141:4666] {peer} TCP RST from remote system",
			Cause{Addr: 0x31ae141, Line: 4666, Peer: true, Text: "TCP RST from remote system"}, true},
		{"upper-case hex, trailing NUL and CRLF", "BIG-IP: [0X2AB4C08:2117] Port denied\r\n\x00",
			Cause{Addr: 0x2ab4c08, Line: 2117, Text: "Port denied"}, true},
		{"no space after colon, empty text", "BIG-IP:[0x1:2]", Cause{Addr: 1, Line: 2}, true},
		{"longest values", "BIG-IP: [0xffffffffffffffff:4294967295] x",
			Cause{Addr: 1<<64 - 1, Line: 1<<32 - 1, Text: "x"}, true},
		{"empty", "", Cause{}, false},
		{"other text", "Connection reset by peer", Cause{}, false},
		{"no 0x", "BIG-IP: [2ab4c08:2117] x", Cause{}, false},
		{"no hex digits", "BIG-IP: [0x:2117] x", Cause{}, false},
		{"no line", "BIG-IP: [0x2ab4c08:] x", Cause{}, false},
		{"no closing bracket", "BIG-IP: [0x2ab4c08:2117 x", Cause{}, false},
		{"line overflows 32 bits", "BIG-IP: [0x1:4294967296] x", Cause{}, false},
		{"addr overflows 64 bits", "BIG-IP: [0x10000000000000000:1] x", Cause{}, false},
		{"truncated", "BIG-IP: [0x2ab4c", Cause{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseRSTCausePayload([]byte(tc.in))
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestCauseString(t *testing.T) {
	for _, tc := range []struct {
		c    Cause
		want string
	}{
		{Cause{Addr: 0x287fa33, Line: 2267, Text: "No local listener"}, "[0x287fa33:2267] No local listener"},
		{Cause{Addr: 0x31ae141, Line: 4666, Peer: true, Text: "TCP RST from remote system"},
			"[0x31ae141:4666] {peer} TCP RST from remote system"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if back, ok := ParseRSTCausePayload([]byte("BIG-IP: " + tc.c.String())); !ok || back != tc.c {
			t.Errorf("round trip of %q gave %+v, %v", tc.c.String(), back, ok)
		}
	}
}

func TestTrailerString(t *testing.T) {
	full := Trailer{Format: FormatLegacy, Low: Level{Present: true}, Medium: Level{Present: true},
		VirtualServer: "/Common/eas_vip", FlowID: 0x5600df76d300, PeerFlowID: 0x5600df76b600, TMM: 0, Slot: 1,
		Direction: DirIn, HasRSTCause: true, RSTCause: "No local listener",
		HasPeer: true, PeerProtocol: 6, PeerLocal: netip.MustParseAddrPort("198.51.100.240:40001"),
		PeerRemote: netip.MustParseAddrPort("203.0.113.20:80")}
	for _, tc := range []struct {
		name string
		t    Trailer
		want string
	}{
		{"empty", Trailer{}, "no trailer"},
		{"framing only", Trailer{Format: FormatDPT, Unknown: 1}, "dpt trailer"},
		{"full", full, `vs=/Common/eas_vip flow=0x5600df76d300 peer=0x5600df76b600 tmm=0 slot=1 in ` +
			`peer-conn=tcp 198.51.100.240:40001->203.0.113.20:80 rst="No local listener"`},
		{"odd name, peer cause, udp, TLS", Trailer{Format: FormatDPT, Low: Level{Present: true}, Slot: 2, TMM: 3,
			Direction: DirOut, VirtualServer: "my vs\n", PhysPort: "1.1", HasRSTCause: true, RSTCause: "x",
			RSTCausePeer: true, HasTLSSecrets: true, HasPeer: true, PeerProtocol: 17,
			PeerLocal: netip.MustParseAddrPort("[2001:db8::1]:53"), PeerRemote: netip.MustParseAddrPort("192.0.2.1:53")},
			`vs="my vs\n" port=1.1 tmm=3 slot=2 out peer-conn=udp [2001:db8::1]:53->192.0.2.1:53 rst="x"(peer) tls-secrets=present`},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
