package eas

import (
	"bytes"
	"errors"
	"testing"
)

// minimalPing is DOMAIN.md's minimal Ping: heartbeat 480, folder 5 (Email).
var minimalPing = []byte("\x03\x01\x6a\x00\x00\x0d\x45\x48\x03480\x00\x01\x49\x4a\x4b\x035\x00\x01\x4c\x03Email\x00\x01\x01\x01\x01")

// pingStatus1 is DOMAIN.md's Ping answer with Status 1.
var pingStatus1 = []byte("\x03\x01\x6a\x00\x00\x0d\x45\x47\x031\x00\x01\x01")

func TestDecodeMinimalPing(t *testing.T) {
	root, err := Decode(minimalPing)
	if err != nil {
		t.Fatal(err)
	}
	if root.Tag != TagPing || root.Offset != 6 {
		t.Fatalf("root = %v at %d, want Ping:Ping at 6", root.Tag, root.Offset)
	}
	hb := root.Child(TagHeartbeatInterval)
	if hb == nil || string(hb.Text) != "480" {
		t.Fatalf("HeartbeatInterval = %+v", hb)
	}
	folder := root.Child(TagPingFolders).Child(TagPingFolder)
	if id := folder.Child(TagPingID); string(id.Text) != "5" {
		t.Errorf("Id = %q", id.Text)
	}
	if cl := folder.Child(TagPingClass); string(cl.Text) != "Email" {
		t.Errorf("Class = %q", cl.Text)
	}
}

func TestEncodeRoundTripGolden(t *testing.T) {
	for _, doc := range [][]byte{minimalPing, pingStatus1} {
		root, err := Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Encode(root)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, doc) {
			t.Errorf("Encode(Decode(x)) = % x\nwant               % x", got, doc)
		}
	}
}

func TestDecodeTextDoesNotWriteIntoInput(t *testing.T) {
	// Two STR_I pieces in one element: the second append must not overwrite
	// the byte after the first piece in the caller's buffer.
	doc := []byte("\x03\x01\x6a\x00\x00\x0d\x48\x03ab\x00\x03cd\x00\x01")
	orig := append([]byte(nil), doc...)
	root, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if string(root.Text) != "abcd" {
		t.Errorf("Text = %q", root.Text)
	}
	if !bytes.Equal(doc, orig) {
		t.Errorf("input modified: % x", doc)
	}
}

func TestDecodeOpaqueAndEmptyElements(t *testing.T) {
	doc := []byte("\x03\x01\x6a\x00\x00\x0e\x45\x4a\xc3\x81\x00" + string(bytes.Repeat([]byte{'x'}, 128)) + "\x01\x0c\x01")
	root, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	data := root.Child(TagPolicyData)
	if !data.Opaque || len(data.Text) != 128 {
		t.Fatalf("Data opaque=%v len=%d", data.Opaque, len(data.Text))
	}
	if rw := root.Child(TagRemoteWipe); rw == nil || rw.Text != nil {
		t.Fatalf("RemoteWipe = %+v", rw)
	}
	got, err := Encode(root)
	if err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("Encode = % x, %v", got, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	deep := []byte{3, 1, 0x6a, 0}
	for i := 0; i <= MaxDepth; i++ {
		deep = append(deep, 0x45)
	}
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "wbxml: offset 0: unexpected end of input"},
		{"header only", "\x03\x01\x6a\x00", "wbxml: offset 4: unexpected end of input"},
		{"short header", "\x03\x01", "wbxml: offset 2: unexpected end of input"},
		{"version", "\x02\x01\x6a\x00\x05", "wbxml: offset 0: WBXML version 0x02 not supported (want 0x03)"},
		{"public id", "\x03\x04\x6a\x00\x05", "wbxml: offset 1: public identifier 4 not supported (want 1)"},
		{"charset", "\x03\x01\x04\x00\x05", "wbxml: offset 2: charset 4 not supported (want 106)"},
		{"string table", "\x03\x01\x6a\x02ab\x05", "wbxml: offset 3: string table length 2 not supported (want 0)"},
		{"long mb int", "\x03\x81\x81\x81\x81\x81\x01", "wbxml: offset 1: multi-byte integer longer than 5 bytes"},
		{"mb int overflow", "\x03\x9f\xff\xff\xff\x7f", "wbxml: offset 1: multi-byte integer overflows 32 bits"},
		{"unclosed", "\x03\x01\x6a\x00\x00\x0d\x45\x48\x03480\x00\x01", "wbxml: offset 14: unexpected end of input"},
		{"unterminated string", "\x03\x01\x6a\x00\x45\x03abc", "wbxml: offset 9: unexpected end of input in inline string started at offset 5"},
		{"switch page at end", "\x03\x01\x6a\x00\x00", "wbxml: offset 5: unexpected end of input"},
		{"attributes", "\x03\x01\x6a\x00\x85", "wbxml: offset 4: tag 0x85 has attributes, which ActiveSync never uses"},
		{"entity", "\x03\x01\x6a\x00\x45\x02\x41\x01", "wbxml: offset 5: global token 0x02 not supported by ActiveSync"},
		{"str_t", "\x03\x01\x6a\x00\x45\x83\x00\x01", "wbxml: offset 5: global token 0x83 not supported by ActiveSync"},
		{"stray end", "\x03\x01\x6a\x00\x01", "wbxml: offset 4: END with no open element"},
		{"text outside", "\x03\x01\x6a\x00\x03a\x00", "wbxml: offset 4: character data outside any element"},
		{"trailing", "\x03\x01\x6a\x00\x05\x05", "wbxml: offset 5: trailing data after the root element"},
		{"opaque too long", "\x03\x01\x6a\x00\x45\xc3\x8f\xff\xff\xff\x7fab\x01", "wbxml: offset 5: opaque data of 4294967295 bytes exceeds the 3 bytes left"},
		{"too deep", string(deep), "wbxml: offset 36: elements nested deeper than 32"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error = %q\nwant    %q", err, tc.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("error %T is not a *SyntaxError", err)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   *Node
		want string
	}{
		{"nil", nil, "wbxml encode: nil element"},
		{"bad token", El(MakeTag(13, 0x02)), "wbxml encode: Ping:0x02: tag token 0x02 outside 0x05..0x3f"},
		{"nul", Str(TagPingID, "a\x00b"), "wbxml encode: Ping:Id: text contains NUL"},
		{"nil child", El(TagPing, nil), "wbxml encode: nil element"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Encode(tc.in)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestTagString(t *testing.T) {
	for tag, want := range map[Tag]string{
		TagHeartbeatInterval: "Ping:HeartbeatInterval",
		TagFolderSync:        "FolderHierarchy:FolderSync",
		MakeTag(2, 0x2f):     "Email:0x2f",
		MakeTag(40, 0x05):    "page 40:0x05",
	} {
		if got := tag.String(); got != want {
			t.Errorf("%#04x.String() = %q, want %q", uint16(tag), got, want)
		}
	}
}
