package f5

import (
	"errors"
	"testing"
)

// fileInfoFrame builds a fileinfo pseudo-packet with the given strings.
func fileInfoFrame(items ...string) []byte {
	b := cat(make([]byte, 12), []byte{0x05, 0xff}, []byte("F5-Pseudo-pkt\x00"))
	for _, it := range items {
		b = append(append(b, it...), 0)
	}
	return b
}

func TestParseFileInfo(t *testing.T) {
	in := fileInfoFrame("CMD: tcpdump -s0 -nni 0.0:nnnp -w /var/tmp/x.pcap host 192.0.2.10",
		"VER: 15.1.8 0.0.7", "HOST: bigip1.example", "PLAT: C119", "PROD: BIG-IP", "SESS: 42",
		"NEW: ignored", "no key here", "")
	in = append(in, "VER: 16.1.0"...) // last string without its NUL overrides the first VER
	got, err := ParseFileInfo(in)
	if err != nil {
		t.Fatal(err)
	}
	want := FileInfo{Command: "tcpdump -s0 -nni 0.0:nnnp -w /var/tmp/x.pcap host 192.0.2.10",
		Version: "16.1.0", Host: "bigip1.example", Platform: "C119", Product: "BIG-IP", Session: "42"}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if lvl, peer, ok := got.NoiseLevel(); lvl != 3 || !peer || !ok {
		t.Errorf("NoiseLevel() = %d, %v, %v, want 3, true, true", lvl, peer, ok)
	}
}

func TestNotFileInfo(t *testing.T) {
	good := fileInfoFrame("CMD: x")
	for name, in := range map[string][]byte{
		"nil":           nil,
		"short":         good[:20],
		"address bytes": append([]byte{1}, good[1:]...),
		"ethertype":     cat(good[:13], []byte{0xfe}, good[14:]),
		"magic":         cat(good[:14], []byte("F5-Pseudo-pkx\x00"), good[28:]),
	} {
		if IsFileInfo(in) {
			t.Errorf("%s: IsFileInfo = true", name)
		}
		_, err := ParseFileInfo(in)
		var pe *ParseError
		if !errors.As(err, &pe) || err.Error() != "f5: offset 0: fileinfo: not an F5 fileinfo pseudo-packet" {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if !IsFileInfo(good) {
		t.Error("IsFileInfo(good) = false")
	}
}

func TestNoiseLevel(t *testing.T) {
	for _, tc := range []struct {
		cmd      string
		lvl      int
		peer, ok bool
	}{
		{"tcpdump -ni 0.0:n", 1, false, true},
		{"tcpdump -i0.0:nnp -w x", 2, true, true},
		{"tcpdump -s0 -i external:nnn", 3, false, true},
		{"tcpdump -i 0.0 host 2001:db8::1", 0, false, false},
		{"tcpdump -i 0.0:nnnn", 0, false, false},
		{"", 0, false, false},
	} {
		lvl, peer, ok := FileInfo{Command: tc.cmd}.NoiseLevel()
		if lvl != tc.lvl || peer != tc.peer || ok != tc.ok {
			t.Errorf("%q: got %d, %v, %v; want %d, %v, %v", tc.cmd, lvl, peer, ok, tc.lvl, tc.peer, tc.ok)
		}
	}
}
