package f5

import (
	"encoding/hex"
	"strings"
	"testing"
)

type trailerCase struct {
	name string
	in   []byte
	want Trailer
}

func runTrailerCases(t *testing.T, cases []trailerCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTrailer(tc.in)
			if err != nil {
				t.Fatalf("ParseTrailer: %v", err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", dump(got), dump(tc.want))
			}
			var p Parser
			if got2, err := p.Parse(tc.in); err != nil || got2 != got {
				t.Errorf("Parser.Parse = %+v, %v", got2, err)
			}
		})
	}
}

// frame1682 is the worked example of §4.4: the trailer of hackazon2.pcap
// frame 1682, low v1 + medium v3 with RST cause + high v0 without peer.
func frame1682(t *testing.T) []byte {
	t.Helper()
	h := strings.Join([]string{
		"010501", "00000200",
		"023b03", "00005601b585cf40", "0000000000000000",
		"00000000", "00000020", "46", "01", "00000000", "00", "1a",
		"00", "00000287fa33", "08db", hex.EncodeToString([]byte("No local listener")),
		"032800", strings.Repeat("00", 39),
	}, "")
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLegacyLayouts(t *testing.T) {
	m3 := med64{flow: 0x5600df76d300, peer: 0x5600df76b600, cf: 0x8024, ftype: 0x40, ha: 1, prio: 3, withCF2: true, withPri: true}
	peer := highBody(6, 4093, addr16(pool4.Addr()), addr16(snat4.Addr()), pool4.Port(), snat4.Port())
	runTrailerCases(t, []trailerCase{{
		name: "low v0 9.4 with 32-bit flow ids",
		in: legacyRec(1, 0, []byte{1, 0, 3}, u32(0x11223344), u32(0x55667788), u32(0x24), []byte{0x40},
			fixed16("/Common/vs94")),
		want: Trailer{Format: FormatLegacy, Low: Level{true, 0, 35}, Direction: DirIn, Slot: 1, TMM: 3,
			FlowID: 0x11223344, PeerFlowID: 0x55667788, ConnFlags: 0x24, FlowType: 0x40, VirtualServer: "/Common/vs94"},
	}, {
		name: "low v0 10.x name cut at 16 bytes, medium v0 9.4 little-endian slot/port",
		in: cat(legacyRec(1, 0, []byte{0, 2, 1}, fixed16("/Common/long_vip_name")),
			legacyRec(2, 0, []byte{1}, le16(0x0201), le16(0x0403))),
		want: Trailer{Format: FormatLegacy, Low: Level{true, 0, 22}, Medium: Level{true, 0, 8},
			Direction: DirOut, Slot: 3, TMM: 1, VirtualServer: "/Common/long_vip",
			HAUnit: 1, IngressSlot: 0x0201, IngressPort: 0x0403},
	}, {
		name: "medium v0 10.x 32-bit ids",
		in:   legacyRec(2, 0, u32(7), u32(9), u32(0x20), []byte{0x46, 0}, le16(2), le16(5)),
		want: Trailer{Format: FormatLegacy, Medium: Level{true, 0, 21}, FlowID: 7, PeerFlowID: 9,
			ConnFlags: 0x20, FlowType: 0x46, IngressSlot: 2, IngressPort: 5},
	}, {
		name: "medium v0 11.0 64-bit ids big-endian slot/port",
		in:   legacyRec(2, 0, u64(1<<40), u64(2<<40), u32(0x24), []byte{0x40, 1}, u16(2), u16(5)),
		want: Trailer{Format: FormatLegacy, Medium: Level{true, 0, 29}, FlowID: 1 << 40, PeerFlowID: 2 << 40,
			ConnFlags: 0x24, FlowType: 0x40, HAUnit: 1, IngressSlot: 2, IngressPort: 5},
	}, {
		name: "medium v1 with RST cause",
		in:   legacyRec(2, 1, med64{flow: 5, ftype: 0x46}.bytes(), rstBlock(false, 0x2664c65, 2574, "No flow found for ACK")),
		want: Trailer{Format: FormatLegacy, Medium: Level{true, 1, 60}, FlowID: 5, FlowType: 0x46,
			HasRSTCause: true, RSTCause: "No flow found for ACK", RSTCauseAddr: 0x2664c65, RSTCauseLine: 2574},
	}, {
		name: "medium v2 with peer RST cause",
		in: legacyRec(2, 2, med64{flow: 5, peer: 6, prio: 3, withPri: true}.bytes(),
			rstBlock(true, 0x31ae141, 4666, "TCP RST from remote system")),
		want: Trailer{Format: FormatLegacy, Medium: Level{true, 2, 66}, FlowID: 5, PeerFlowID: 6, Priority: 3,
			HasRSTCause: true, RSTCause: "TCP RST from remote system", RSTCauseAddr: 0x31ae141,
			RSTCauseLine: 4666, RSTCausePeer: true},
	}, {
		name: "low v1, medium v3, high v0 with IPv4 peer after zero padding",
		in: cat(make([]byte, 6), lowV1(0, 0, 1, "/Common/eas_vip"),
			legacyRec(2, 3, m3.bytes(), noRST), legacyRec(3, 0, peer)),
		want: Trailer{Format: FormatLegacy, Offset: 6, Low: Level{true, 1, 22}, Medium: Level{true, 3, 35},
			High: Level{true, 0, 42}, Direction: DirOut, Slot: 1, TMM: 1, VirtualServer: "/Common/eas_vip",
			FlowID: 0x5600df76d300, PeerFlowID: 0x5600df76b600, ConnFlags: 0x8024, FlowType: 0x40, HAUnit: 1,
			Priority: 3, HasPeer: true, PeerProtocol: 6, PeerVLAN: 4093, PeerRemote: pool4, PeerLocal: snat4},
	}, {
		name: "worked example frame 1682",
		in:   frame1682(t),
		want: Trailer{Format: FormatLegacy, Low: Level{true, 1, 7}, Medium: Level{true, 3, 61}, High: Level{true, 0, 42},
			Direction: DirOut, Slot: 1, TMM: 2, FlowID: 0x00005601b585cf40, ConnFlags: 0x20, FlowType: 0x46, HAUnit: 1,
			HasRSTCause: true, RSTCause: "No local listener", RSTCauseAddr: 0x287fa33, RSTCauseLine: 2267},
	}, {
		name: "unknown variant skipped, bad header ends the walk",
		in:   cat(lowV1(1, 0, 0, ""), legacyRec(3, 1, []byte{1, 2, 3, 4, 5}), []byte{9, 5, 0, 1, 2, 3, 4}),
		want: Trailer{Format: FormatLegacy, Low: Level{true, 1, 7}, Direction: DirIn, Slot: 1, Unknown: 1, Ignored: 7},
	}, {
		name: "RST cause block of unknown format version skipped",
		in:   legacyRec(2, 3, m3.bytes(), []byte{3, 2, 0, 0}),
		want: Trailer{Format: FormatLegacy, Medium: Level{true, 3, 38}, FlowID: 0x5600df76d300,
			PeerFlowID: 0x5600df76b600, ConnFlags: 0x8024, FlowType: 0x40, HAUnit: 1, Priority: 3},
	}})
}

func TestLegacyRealFrameMatchesWorkedExample(t *testing.T) {
	frames := readFrames(t, "hackazon2.pcap")
	tb, _, ok := trailerBytes(frames[1681])
	if !ok || hex.EncodeToString(tb) != hex.EncodeToString(frame1682(t)) {
		t.Errorf("frame 1682 trailer\n got %x\nwant %x", tb, frame1682(t))
	}
}
