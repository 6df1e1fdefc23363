package f5

import "testing"

// benchTrailers are a legacy trailer with name, RST cause and peer, and a DPT
// one with the same content after an FCS.
func benchTrailers() [][]byte {
	m3 := med64{flow: 1, peer: 2, withCF2: true, withPri: true}.bytes()
	high := highBody(6, 4093, addr16(pool4.Addr()), addr16(snat4.Addr()), pool4.Port(), snat4.Port())
	rst := rstBlock(false, 0x287fa33, 2267, "No local listener")
	return [][]byte{
		cat(lowV1(0, 0, 1, "/Common/hackazon.f5demo.com.app/hackazon.f5demo.com_vs"),
			legacyRec(2, 3, m3, rst), legacyRec(3, 0, high)),
		cat([]byte{0, 0xd4, 0x3e, 0x2f}, dpt(dptRec(1, 1, 3, dptLowName(1, 0, 1, "/Common/eas_vip")),
			dptRec(1, 2, 4, cat(m3, rst)), dptRec(1, 3, 1, high))),
	}
}

func TestParserDoesNotAllocate(t *testing.T) {
	var p Parser
	for i, b := range benchTrailers() {
		if _, err := p.Parse(b); err != nil { // warm the name table
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = p.Parse(b) }); n != 0 {
			t.Errorf("trailer %d: Parser.Parse allocates %.1f times per call, want 0", i, n)
		}
		// ParseTrailer allocates the two strings (name and cause) and nothing else.
		if n := testing.AllocsPerRun(100, func() { _, _ = ParseTrailer(b) }); n > 2 {
			t.Errorf("trailer %d: ParseTrailer allocates %.1f times per call, want at most 2", i, n)
		}
	}
}

func TestParserNameTableBounded(t *testing.T) {
	var p Parser
	name := []byte("/Common/vs-0000")
	for i := range 2 * maxInterned {
		name[11], name[12], name[13], name[14] = byte('0'+i/1000%10), byte('0'+i/100%10), byte('0'+i/10%10), byte('0'+i%10)
		tr, err := p.Parse(lowV1(0, 0, 0, string(name)))
		if err != nil || tr.VirtualServer != string(name) {
			t.Fatalf("name %d: %q, %v", i, tr.VirtualServer, err)
		}
	}
	if len(p.names) != maxInterned {
		t.Errorf("name table holds %d entries, want the cap %d", len(p.names), maxInterned)
	}
}

func BenchmarkParser(b *testing.B) {
	for _, tc := range []struct {
		name string
		in   []byte
	}{{"legacy", benchTrailers()[0]}, {"dpt", benchTrailers()[1]}} {
		b.Run(tc.name, func(b *testing.B) {
			var p Parser
			b.ReportAllocs()
			b.SetBytes(int64(len(tc.in)))
			for b.Loop() {
				if _, err := p.Parse(tc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseRSTCausePayload(b *testing.B) {
	in := []byte("BIG-IP: [0x31ae141:4666] {peer} TCP RST from remote system")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ParseRSTCausePayload(in); !ok {
			b.Fatal("no cause")
		}
	}
}
