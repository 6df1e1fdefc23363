package f5

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestDPTLayouts(t *testing.T) {
	m4 := med64{flow: 0xa1, peer: 0xb2, cf2: 1, cf: 0x24, ftype: 0x40, ha: 1, islot: 1, iport: 2, prio: 3,
		withCF2: true, withPri: true}
	peer4 := highBody(6, 4093, addr16(pool4.Addr()), addr16(snat4.Addr()), pool4.Port(), snat4.Port())
	peer6 := highBody(6, 10, addr16(pool6.Addr()), addr16(snat6.Addr()), pool6.Port(), snat6.Port())
	peerRD := highBody(17, 20, rdAddr16(3, pool4.Addr()), rdAddr16(4, snat4.Addr()), pool4.Port(), snat4.Port())
	fcs := []byte{0x12, 0x34, 0x56, 0x78}
	runTrailerCases(t, []trailerCase{{
		name: "low v2 after an FCS",
		in:   cat(fcs, dpt(dptRec(1, 1, 2, dptLowName(5, 1, 2, "/Common/eas_vip")))),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Offset: 4, HasOrigFCS: true, OrigFCS: 0x12345678,
			Low: Level{true, 2, 27}, Direction: DirIn, Slot: 2, TMM: 2, VirtualServer: "/Common/eas_vip"},
	}, {
		name: "low v3 flags: out, hardware action drop",
		in:   dpt(dptRec(1, 1, 3, dptLowName(2<<1, 0, 0, "/Common/a"))),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Low: Level{true, 3, 21}, Direction: DirOut,
			HWAction: HWActionDrop, Slot: 1, VirtualServer: "/Common/a"},
	}, {
		name: "low v4 objects, unknown object type ignored, zero padding before",
		in: cat(make([]byte, 9), dpt(dptRec(1, 1, 4, cat([]byte{1 | 3<<1, 0, 1, 25},
			dptObj(7, "x"), dptObj(0, "/Common/vs4"), dptObj(1, "1.1"), dptObj(2, "t1"))))),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Offset: 9, Low: Level{true, 4, 37}, Direction: DirIn,
			HWAction: HWActionForward, Slot: 1, TMM: 1, VirtualServer: "/Common/vs4", PhysPort: "1.1", Trunk: "t1"},
	}, {
		name: "medium v4 with peer RST cause, FCS starting with zero bytes",
		in: cat([]byte{0, 0, 0xab, 0xcd}, dpt(dptRec(1, 2, 4, cat(m4.bytes(),
			rstBlock(true, 0x2ab4c08, 2117, "No local listener"))))),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Offset: 4, HasOrigFCS: true, OrigFCS: 0xabcd,
			Medium: Level{true, 4, 66}, FlowID: 0xa1, PeerFlowID: 0xb2, ConnFlagsHigh: 1, ConnFlags: 0x24,
			FlowType: 0x40, HAUnit: 1, IngressSlot: 1, IngressPort: 2, Priority: 3,
			HasRSTCause: true, RSTCause: "No local listener", RSTCauseAddr: 0x2ab4c08, RSTCauseLine: 2117, RSTCausePeer: true},
	}, {
		name: "high v1 before medium v4, IPv4 peer",
		in:   dpt(dptRec(1, 3, 1, peer4), dptRec(1, 2, 4, cat(m4.bytes(), noRST))),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Medium: Level{true, 4, 40}, High: Level{true, 1, 47},
			FlowID: 0xa1, PeerFlowID: 0xb2, ConnFlagsHigh: 1, ConnFlags: 0x24, FlowType: 0x40, HAUnit: 1,
			IngressSlot: 1, IngressPort: 2, Priority: 3,
			HasPeer: true, PeerProtocol: 6, PeerVLAN: 4093, PeerRemote: pool4, PeerLocal: snat4},
	}, {
		name: "high v1 native IPv6 peer without medium",
		in:   dpt(dptRec(1, 3, 1, peer6)),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, High: Level{true, 1, 47},
			HasPeer: true, PeerProtocol: 6, PeerVLAN: 10, PeerRemote: pool6, PeerLocal: snat6},
	}, {
		name: "high v1 route-domain addresses",
		in:   dpt(dptRec(1, 3, 1, peerRD)),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, High: Level{true, 1, 47},
			HasPeer: true, PeerProtocol: 17, PeerVLAN: 20, PeerRemote: pool4, PeerLocal: snat4,
			PeerRemoteRouteDomain: 3, PeerLocalRouteDomain: 4},
	}, {
		name: "high v1 with zero peer flow id is no peer",
		in:   dpt(dptRec(1, 2, 4, cat(med64{flow: 1, withCF2: true, withPri: true}.bytes(), noRST)), dptRec(1, 3, 1, peer4)),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Medium: Level{true, 4, 40}, High: Level{true, 1, 47}, FlowID: 1},
	}, {
		name: "unknown provider and unknown noise version skipped, short tail ignored",
		in: cat(dpt(dptRec(5, 1, 1, []byte{4, 0x88, 0x0f, 0x78}), dptRec(1, 1, 9, []byte{1}),
			dptRec(1, 1, 2, dptLowName(0, 0, 0, ""))), []byte{1, 2, 3}),
		want: Trailer{Format: FormatDPT, DPTVersion: 1, Low: Level{true, 2, 12}, Direction: DirOut, Slot: 1,
			Unknown: 2, Ignored: 3},
	}, {
		name: "unknown DPT version is opaque",
		in:   cat([]byte{0xf5, 0xde, 0xb0, 0xf5}, u16(12), u16(2), []byte{1, 2, 3, 4}),
		want: Trailer{Format: FormatDPT, DPTVersion: 2, Ignored: 4},
	}})
}

// secret is a stand-in for TLS master secrets in provider-4 records.
var secret = []byte("MASTER-SECRET-0123456789abcdef-MUST-NOT-LEAK-0123456789abcdef!!")

func TestTLSSecretsNeverExposed(t *testing.T) {
	in := cat([]byte{0xde, 0xad, 0xbe, 0xef},
		dpt(dptRec(1, 1, 3, dptLowName(1, 0, 0, "/Common/tls_vs")),
			dptRec(4, 0, 0, cat(secret[:48], secret[:32], secret[:32])),
			dptRec(4, 2, 1, cat([]byte{48}, bytes.Repeat(secret, 6))),
			dptRec(1, 2, 4, cat(med64{flow: 1, peer: 2, withCF2: true, withPri: true}.bytes(), noRST))))
	tr, err := ParseTrailer(in)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.HasTLSSecrets || tr.VirtualServer != "/Common/tls_vs" || tr.FlowID != 1 || tr.Unknown != 0 {
		t.Errorf("got %s", dump(tr))
	}
	outputs := []string{tr.String(), dump(tr), fmt.Sprintf("%#v", tr), fmt.Sprint(tr)}
	leaks := []string{string(secret[:16]), hex.EncodeToString(secret[:8]), fmt.Sprint(secret[:8])[1:20],
		fmt.Sprintf("% x", secret[:8])}
	for _, out := range outputs {
		for _, l := range leaks {
			if strings.Contains(out, l) {
				t.Errorf("output leaks secret bytes %q: %s", l, out)
			}
		}
	}
	if !strings.Contains(tr.String(), "tls-secrets=present") {
		t.Errorf("String() = %q, want it to note the secrets", tr.String())
	}
	assertNoByteStorage(t, reflect.TypeFor[Trailer]())
}

// assertNoByteStorage fails if a type could hold raw bytes of its input: no
// slices, arrays, pointers, maps or interfaces (netip types are values).
func assertNoByteStorage(t *testing.T, typ reflect.Type) {
	t.Helper()
	for i := range typ.NumField() {
		f := typ.Field(i)
		switch f.Type.Kind() {
		case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map, reflect.Interface, reflect.UnsafePointer:
			t.Errorf("Trailer.%s is a %s: it could retain trailer bytes", f.Name, f.Type.Kind())
		case reflect.Struct:
			if f.Type.PkgPath() == "net/netip" {
				continue
			}
			assertNoByteStorage(t, f.Type)
		}
	}
}

func TestSyntheticClientServerLink(t *testing.T) {
	// A full-proxy pair: the client side carries flow A / peer B and the
	// server-side tuple; the server side carries flow B / peer A and the
	// client-side tuple (§6.2, §6.3).
	client := cat(lowV1(1, 0, 0, "/Common/eas_vip"),
		legacyRec(2, 3, med64{flow: 0xa, peer: 0xb, withCF2: true, withPri: true}.bytes(), noRST),
		legacyRec(3, 0, highBody(6, 20, addr16(pool4.Addr()), addr16(snat4.Addr()), pool4.Port(), snat4.Port())))
	server := cat(lowV1(0, 0, 0, "/Common/eas_vip"),
		legacyRec(2, 3, med64{flow: 0xb, peer: 0xa, withCF2: true, withPri: true}.bytes(), noRST),
		legacyRec(3, 0, highBody(6, 10, addr16(client4.Addr()), addr16(vip4.Addr()), client4.Port(), vip4.Port())))
	c, err1 := ParseTrailer(client)
	s, err2 := ParseTrailer(server)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if c.FlowID != s.PeerFlowID || c.PeerFlowID != s.FlowID || c.Slot != s.Slot || c.TMM != s.TMM {
		t.Errorf("sides do not link: client %s, server %s", c, s)
	}
	if c.PeerLocal != snat4 || c.PeerRemote != pool4 || s.PeerRemote != client4 || s.PeerLocal != vip4 {
		t.Errorf("peer tuples: client %s, server %s", c, s)
	}
}
