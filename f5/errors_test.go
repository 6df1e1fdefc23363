package f5

import (
	"errors"
	"testing"
)

func TestNoTrailer(t *testing.T) {
	for name, in := range map[string][]byte{
		"nil":             nil,
		"zero padding":    make([]byte, 18),
		"bare FCS":        {0xde, 0xad, 0xbe, 0xef},
		"padding and FCS": {0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78},
		"six bytes":       {1, 5, 1, 0, 0, 0},
	} {
		t.Run(name, func(t *testing.T) {
			tr, err := ParseTrailer(in)
			if !errors.Is(err, ErrNoTrailer) || tr != (Trailer{}) {
				t.Errorf("got %s, %v; want zero Trailer and ErrNoTrailer", dump(tr), err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	m4 := med64{flow: 1, withCF2: true, withPri: true}.bytes()
	cases := []struct {
		name    string
		in      []byte
		wantErr string
		want    Trailer // what was decoded before the fault
	}{{
		name:    "not a trailer",
		in:      []byte("hello, world"),
		wantErr: "f5: offset 0: not an F5 trailer: starts with 68 65 6c 6c",
	}, {
		name:    "legacy type 4",
		in:      cat([]byte{0, 0}, legacyRec(4, 1, []byte{0, 0, 0, 0})),
		wantErr: "f5: offset 2: not an F5 trailer: starts with 04 05 01 00",
	}, {
		name:    "legacy low v1 name length does not fit",
		in:      legacyRec(1, 1, []byte{0, 0, 0, 9}, []byte("/Common/xy")),
		wantErr: "f5: offset 6: low noise v1: name length 9 does not fit record of 17 bytes",
		want:    Trailer{Format: FormatLegacy},
	}, {
		name: "legacy medium v3 rst length disagrees with record",
		in: cat(lowV1(1, 0, 0, ""), legacyRec(2, 3, med64{withCF2: true, withPri: true}.bytes(),
			[]byte{12}, make([]byte, 10))),
		wantErr: "f5: offset 41: medium noise: rst cause length 12, 10 bytes follow",
		want:    Trailer{Format: FormatLegacy, Low: Level{true, 1, 7}, Direction: DirIn, Slot: 1, FlowID: 0, HAUnit: 0},
	}, {
		name:    "legacy rst block shorter than 9 bytes",
		in:      legacyRec(2, 1, med64{}.bytes(), []byte{4, 0, 1, 2, 3}),
		wantErr: "f5: offset 30: rst cause block of 4 bytes, need at least 9",
		want:    Trailer{Format: FormatLegacy},
	}, {
		name:    "dpt length beyond the frame",
		in:      cat([]byte{0xf5, 0xde, 0xb0, 0xf5}, u16(200), u16(1), make([]byte, 8)),
		wantErr: "f5: offset 4: dpt length 200, 16 bytes available",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt length below header size",
		in:      cat([]byte{0, 0xf5, 0xde, 0xb0, 0xf5}, u16(4), u16(1)),
		wantErr: "f5: offset 5: dpt length 4, 8 bytes available",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1, Offset: 1},
	}, {
		name:    "dpt record length below 8",
		in:      dpt(cat(u16(1), u16(1), u16(4), u16(2), []byte{0, 0, 0, 0})),
		wantErr: "f5: offset 12: dpt record length 4, 12 bytes left in block",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt record past the block, after a good record",
		in:      dpt(dptRec(1, 1, 2, dptLowName(1, 0, 0, "")), cat(u16(9), u16(9), u16(64), u16(1))),
		wantErr: "f5: offset 24: dpt record length 64, 8 bytes left in block",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1, Low: Level{true, 2, 12}, Direction: DirIn, Slot: 1},
	}, {
		name:    "dpt low name past the record",
		in:      dpt(dptRec(1, 1, 3, []byte{0, 0, 0, 5, 'a'})),
		wantErr: "f5: offset 19: low noise: name length 5, 1 bytes follow",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt low body too short",
		in:      dpt(dptRec(1, 1, 2, []byte{0, 0})),
		wantErr: "f5: offset 16: low noise: 2 byte body, need at least 4",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt low v4 object past the list",
		in:      dpt(dptRec(1, 1, 4, cat([]byte{0, 0, 0, 4}, dptObj(0, "abcdef")[:4]))),
		wantErr: "f5: offset 21: low noise object length 6, 2 bytes follow",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt low v4 object header cut",
		in:      dpt(dptRec(1, 1, 4, cat([]byte{0, 0, 0, 4}, dptObj(0, "a"), []byte{2}))),
		wantErr: "f5: offset 23: low noise object header truncated",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt medium body too short",
		in:      dpt(dptRec(1, 2, 4, m4[:20])),
		wantErr: "f5: offset 16: medium noise: 20 byte body, need at least 32",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt medium rst length beyond the record",
		in:      dpt(dptRec(1, 2, 4, cat(m4, []byte{30}, make([]byte, 9)))),
		wantErr: "f5: offset 47: medium noise: rst cause length 30, 9 bytes follow",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}, {
		name:    "dpt high body too short",
		in:      dpt(dptRec(1, 3, 1, make([]byte, 38))),
		wantErr: "f5: offset 16: high noise: 38 byte body, need 39",
		want:    Trailer{Format: FormatDPT, DPTVersion: 1},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTrailer(tc.in)
			var pe *ParseError
			if !errors.As(err, &pe) || err.Error() != tc.wantErr {
				t.Fatalf("error %v, want *ParseError %q", err, tc.wantErr)
			}
			if pe.Offset < 0 || pe.Offset > len(tc.in) {
				t.Errorf("offset %d outside the %d input bytes", pe.Offset, len(tc.in))
			}
			want := tc.want
			if want.Format == FormatUnknown {
				want = Trailer{}
			}
			if got != want {
				t.Errorf("partial trailer\n got %s\nwant %s", dump(got), dump(want))
			}
		})
	}
}
