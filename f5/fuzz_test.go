package f5

import (
	"errors"
	"testing"
)

// trailerSeeds are valid and nearly valid trailers of every layout.
func trailerSeeds() [][]byte {
	m3 := med64{flow: 1, peer: 2, withCF2: true, withPri: true}.bytes()
	high := highBody(6, 1, addr16(pool4.Addr()), rdAddr16(2, snat4.Addr()), 80, 1024)
	return [][]byte{
		cat(lowV1(1, 0, 0, "/Common/vs"), legacyRec(2, 3, m3, rstBlock(false, 1, 2, "No local listener")),
			legacyRec(3, 0, high)),
		legacyRec(1, 0, []byte{1, 0, 3}, u32(1), u32(2), u32(3), []byte{4}, fixed16("/Common/vs94")),
		cat(legacyRec(1, 0, []byte{0, 2, 1}, fixed16("vs")), legacyRec(2, 0, []byte{1}, le16(1), le16(2))),
		legacyRec(2, 2, med64{withPri: true}.bytes(), rstBlock(true, 3, 4, "x")),
		cat([]byte{0, 0, 1, 2}, dpt(dptRec(1, 1, 4, cat([]byte{1, 0, 0, 7}, dptObj(0, "vs"), dptObj(1, "1.1"))),
			dptRec(1, 2, 4, cat(m3, rstBlock(true, 5, 6, "Port denied"))), dptRec(1, 3, 1, high),
			dptRec(4, 0, 0, make([]byte, 112)), dptRec(5, 1, 1, make([]byte, 12)))),
		dpt(dptRec(1, 1, 2, dptLowName(1, 0, 0, "a")), dptRec(1, 1, 3, dptLowName(3, 0, 0, "b"))),
		make([]byte, 20),
	}
}

func FuzzParseTrailer(f *testing.F) {
	for _, s := range trailerSeeds() {
		f.Add(s)
	}
	var p Parser
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := ParseTrailer(b)
		var pe *ParseError
		switch {
		case err == nil:
			if tr.Format == FormatUnknown || tr.Offset < 0 || tr.Offset >= len(b) || tr.Ignored < 0 || tr.Ignored > len(b) {
				t.Fatalf("bad success result %s", dump(tr))
			}
		case errors.Is(err, ErrNoTrailer):
			if tr != (Trailer{}) {
				t.Fatalf("ErrNoTrailer with non-zero result %s", dump(tr))
			}
		case errors.As(err, &pe):
			if pe.Offset < 0 || pe.Offset > len(b) {
				t.Fatalf("error offset %d outside %d bytes: %v", pe.Offset, len(b), err)
			}
		default:
			t.Fatalf("untyped error %v", err)
		}
		if tr.HasPeer && !tr.High.Present {
			t.Fatalf("peer without high noise: %s", dump(tr))
		}
		tr2, err2 := p.Parse(b)
		if tr2 != tr || (err == nil) != (err2 == nil) {
			t.Fatalf("Parser.Parse differs: %s / %v", dump(tr2), err2)
		}
		_ = tr.String()
	})
}

func FuzzParseRSTCausePayload(f *testing.F) {
	for _, s := range []string{
		"BIG-IP: [0x2664c65:2574] No flow found for ACK",
		"BIG-IP: [0x31ae141:4666] {peer} TCP RST from remote system",
		"BIG-IP:[0X1:0]{peer}{peer}\r\n",
		"BIG-IP: [0x",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, ok := ParseRSTCausePayload(b)
		if !ok {
			if c != (Cause{}) {
				t.Fatalf("not ok but %+v", c)
			}
			return
		}
		// What String prints must parse back to the same cause.
		back, ok := ParseRSTCausePayload([]byte("BIG-IP: " + c.String()))
		if !ok || back != c {
			t.Fatalf("round trip of %+v gave %+v, %v", c, back, ok)
		}
	})
}
