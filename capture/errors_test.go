package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

// TestReaderErrors checks the full error text and type for damaged input.
func TestReaderErrors(t *testing.T) {
	le := binary.LittleEndian
	good, offs := writePcap(le, false, LinkEthernet, samplePkts())
	ng, ngOffs := writePcapng(ngSection{order: le, links: []LinkType{LinkEthernet}, pkts: samplePkts()[:1]})
	badLink, _ := writePcap(le, false, 147, nil)
	badVersion := bytes.Clone(good)
	le.PutUint16(badVersion[4:], 3)
	hugeCap := bytes.Clone(good)
	le.PutUint32(hugeCap[24+8:], 999999)
	badTrail := bytes.Clone(ng)
	badTrail[len(badTrail)-1] = 0x7f
	noIface := bytes.Clone(ng)
	le.PutUint32(noIface[ngOffs[0]+8:], 5)
	tests := []struct {
		name     string
		in       []byte
		sentinel error
		wantOpen string // error from NewReader; "" when it must succeed
		wantNext string // error ending reading
		packets  int    // records before the error
	}{
		{"zero bytes", nil, ErrEmptyFile, "capture f: at byte 0: empty file (0 bytes)", "", 0},
		{"short junk", []byte("abc"), ErrBadMagic, "capture f: at byte 0: not a pcap or pcapng file: only 3 bytes", "", 0},
		{"bad magic", []byte("GET / HTTP/1.1\r\n"), ErrBadMagic, "capture f: at byte 0: not a pcap or pcapng file: first bytes 47455420", "", 0},
		{"pcap header cut", good[:10], ErrTruncated, "capture f: at byte 0: file ends in the middle of a record: pcap file header needs 24 bytes, only 10 left", "", 0},
		{"pcap version", badVersion, ErrCorrupt, "capture f: at byte 0: corrupt record: pcap major version 3, want 2", "", 0},
		{"unsupported link", badLink, ErrUnsupportedLinkType, "capture f: at byte 0: unsupported link type: linktype 147", "", 0},
		{"record header cut", good[:offs[2]+5], ErrTruncated, "", "capture f: packet 3 at byte 177: file ends in the middle of a record: record header needs 16 bytes, only 5 left", 2},
		{"record data cut", good[:offs[1]+16+10], ErrTruncated, "", "capture f: packet 2 at byte 100: file ends in the middle of a record: packet data needs 61 bytes, only 10 left", 1},
		{"caplen too big", hugeCap, ErrCorrupt, "", "capture f: packet 1 at byte 24: corrupt record: captured length 999999 exceeds the snap length 65535", 0},
		{"pcapng block cut", ng[:len(ng)-3], ErrTruncated, "", "capture f: packet 1 at byte 84: file ends in the middle of a record: block needs 92 bytes, only 89 left", 0},
		{"pcapng trailing length", badTrail, ErrCorrupt, "", "capture f: packet 1 at byte 84: corrupt record: block of type 0x6: length 92, trailing length 2130706524", 0},
		{"pcapng unknown interface", noIface, ErrCorrupt, "", "capture f: packet 1 at byte 84: corrupt record: packet on interface 5, section has 1 interfaces", 0},
		{"pcapng no section header", ng[28:], ErrBadMagic, "capture f: at byte 0: not a pcap or pcapng file: first bytes 01000000", "", 0},
		{"gzip cut", gzipped(good)[:40], ErrTruncated, "", "", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tc.in), "f")
			if tc.wantOpen != "" || err != nil {
				if err == nil || err.Error() != tc.wantOpen || !isFormatErr(err, tc.sentinel) {
					t.Fatalf("open error %v, want %q wrapping %v", err, tc.wantOpen, tc.sentinel)
				}
				return
			}
			recs, err := readAll(t, r)
			if !isFormatErr(err, tc.sentinel) {
				t.Fatalf("read error %v, want a FormatError wrapping %v", err, tc.sentinel)
			}
			if tc.packets >= 0 && (len(recs) != tc.packets || err.Error() != tc.wantNext) {
				t.Errorf("%d records then %q\nwant %d then %q", len(recs), err, tc.packets, tc.wantNext)
			}
			if err2 := r.Next(&Record{}); err2 != err {
				t.Errorf("error not sticky: %v", err2)
			}
		})
	}
}

// TestCorpusDamage checks the corpus's broken and empty files.
func TestCorpusDamage(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "public")
	_, err := Analyze(filepath.Join(dir, "pcap-parser-err-eof.bin"), Options{})
	if !errors.Is(err, ErrBadMagic) {
		t.Errorf("err-eof.bin: %v, want bad magic", err)
	}
	res, err := Analyze(filepath.Join(dir, "zeek-empty.pcap"), Options{})
	if err != nil || res.Stats.Packets != 0 || len(res.Stats.Warnings) != 1 || res.Stats.Damaged {
		t.Errorf("empty.pcap: %v %+v", err, res)
	}
	name := filepath.Join(dir, "suricata-verify-http-mime-truncated-input.pcap")
	res, err = Analyze(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := res.Stats.Warnings
	want := "capture " + name + ": packet 2697 at byte 2715459: file ends in the middle of a record: record header needs 16 bytes, only 1 left"
	if !res.Stats.Damaged || len(w) != 1 || w[0].String() != want || w[0].Offset != 2715459 || w[0].Packet != 2697 {
		t.Errorf("truncated file: damaged %v warnings %v\nwant %q", res.Stats.Damaged, w, want)
	}
	if res.Stats.Packets != 2696 || len(res.Conns) != 1 || res.Conns[0].RST == nil {
		t.Errorf("truncated file: %d packets, %d conns", res.Stats.Packets, len(res.Conns))
	}
	if _, err := Analyze(filepath.Join(dir, "does-not-exist.pcap"), Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
