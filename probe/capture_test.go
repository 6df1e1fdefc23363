package probe

import (
	"net/netip"
	"testing"
)

func TestTCPEndpoints(t *testing.T) {
	v4 := []byte{0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2, 0x01, 0xBB, 0xC3, 0x50}
	v6 := make([]byte, 44)
	v6[0], v6[6] = 0x60, 6
	copy(v6[8:], netip.MustParseAddr("2001:db8::1").AsSlice())
	copy(v6[24:], netip.MustParseAddr("2001:db8::2").AsSlice())
	v6[40], v6[41], v6[42], v6[43] = 0x00, 0x50, 0x01, 0xBB
	udp := append([]byte(nil), v4...)
	udp[9] = 17
	for _, tc := range []struct {
		name     string
		in       []byte
		src, dst string
		ok       bool
	}{
		{"ipv4", v4, "192.0.2.1:443", "198.51.100.2:50000", true},
		{"ipv6", v6, "[2001:db8::1]:80", "[2001:db8::2]:443", true},
		{"udp", udp, "", "", false},
		{"truncated ports", v4[:22], "", "", false},
		{"bad ihl", append([]byte{0x41}, v4[1:]...), "", "", false},
		{"empty", nil, "", "", false},
	} {
		src, dst, ok := tcpEndpoints(tc.in)
		if ok != tc.ok || (ok && (src.String() != tc.src || dst.String() != tc.dst)) {
			t.Errorf("%s: got %v %v %v, want %s %s %v", tc.name, src, dst, ok, tc.src, tc.dst, tc.ok)
		}
	}
	set := endpointSet{netip.MustParseAddrPort("192.0.2.1:443"): {}}
	src, dst, _ := tcpEndpoints(v4)
	if !set.has(src, dst) || !set.has(dst, src) || set.has(dst, dst) {
		t.Error("endpoint set matching is wrong")
	}
}

func FuzzTCPEndpoints(f *testing.F) {
	f.Add([]byte{0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2, 0x01, 0xBB, 0xC3, 0x50})
	f.Add([]byte{0x60})
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, _, ok := tcpEndpoints(b); ok && len(b) < 24 {
			t.Fatalf("accepted a %d-byte packet", len(b))
		}
	})
}

func TestTCPEndpointsAllocs(t *testing.T) {
	v4 := []byte{0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2, 0x01, 0xBB, 0xC3, 0x50}
	set := endpointSet{netip.MustParseAddrPort("192.0.2.1:443"): {}}
	if n := testing.AllocsPerRun(100, func() {
		src, dst, _ := tcpEndpoints(v4)
		_ = set.has(src, dst)
	}); n != 0 {
		t.Errorf("%v allocations per packet, want 0", n)
	}
}
