package capture

// Tests against gopacket's pcapgo, an implementation independent of ours.
// They need golang.org/x/net in go.sum (pcapgo imports x/net/bpf).

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// TestReaderPcapgoWritten reads files written by gopacket's writers, an
// implementation independent of the hand-made writers above.
func TestReaderPcapgoWritten(t *testing.T) {
	pk := samplePkts()
	var micro, nano, ng bytes.Buffer
	wm := pcapgo.NewWriter(&micro)
	wm.WriteFileHeader(65535, layers.LinkTypeEthernet)
	wn := pcapgo.NewWriterNanos(&nano)
	wn.WriteFileHeader(65535, layers.LinkTypeLinuxSLL)
	wg, err := pcapgo.NewNgWriterInterface(&ng, pcapgo.NgInterface{LinkType: layers.LinkTypeEthernet, SnapLength: 65535}, pcapgo.DefaultNgWriterOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wg.AddInterface(pcapgo.NgInterface{LinkType: layers.LinkTypeNull, SnapLength: 65535}); err != nil {
		t.Fatal(err)
	}
	for _, p := range pk {
		ci := gopacket.CaptureInfo{Timestamp: p.t, CaptureLength: len(p.data), Length: p.wireLen(), InterfaceIndex: p.iface}
		wm.WritePacket(ci, p.data)
		wn.WritePacket(ci, p.data)
		if err := wg.WritePacket(ci, p.data); err != nil {
			t.Fatal(err)
		}
	}
	wg.Flush()
	e, s, n := LinkEthernet, LinkSLL, LinkNull
	for _, c := range []readerCase{
		{name: "pcapgo-usec", file: micro.Bytes(), format: FormatPcap, links: []LinkType{e, e, e, e}},
		{name: "pcapgo-nsec", file: nano.Bytes(), format: FormatPcap, links: []LinkType{s, s, s, s}, nanos: true},
		{name: "pcapgo-ng", file: ng.Bytes(), format: FormatPcapNG, links: []LinkType{e, n, e, n}, nanos: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(c.file), c.name)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := readAll(t, r)
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, c, recs)
		})
	}
}

// TestReaderMatchesPcapgo reads every corpus capture with pcapgo and with
// Reader and compares every packet (time, link type, lengths, bytes).
// pcapgo stops at the damage of a truncated file, so only the packets it
// returned are compared there.
func TestReaderMatchesPcapgo(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "public", "*.pcap*"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want := pcapgoRead(t, f)
			r, err := Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, err := readAll(t, r)
			if err != nil && !strings.Contains(f, "truncated") {
				t.Errorf("read: %v", err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d packets, pcapgo %d", len(got), len(want))
			}
			for i := range got {
				w := want[i]
				if !got[i].Time.Equal(w.Time) || got[i].LinkType != w.LinkType || got[i].WireLen != w.WireLen || !bytes.Equal(got[i].Data, w.Data) {
					t.Errorf("packet %d: %v %v %d %d bytes; pcapgo %v %v %d %d bytes", i+1,
						got[i].Time, got[i].LinkType, got[i].WireLen, len(got[i].Data), w.Time, w.LinkType, w.WireLen, len(w.Data))
				}
			}
		})
	}
}

func pcapgoRead(t *testing.T, path string) []Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var next func() ([]byte, gopacket.CaptureInfo, error)
	var link LinkType
	if strings.Contains(path, ".pcapng") {
		r, err := pcapgo.NewNgReader(f, pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			t.Fatal(err)
		}
		next = r.ReadPacketData
	} else {
		r, err := pcapgo.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		next, link = r.ReadPacketData, LinkType(r.LinkType())
	}
	var out []Record
	for {
		data, ci, err := next()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return out
		}
		if err != nil {
			t.Fatalf("pcapgo: %v", err)
		}
		l := link
		if len(ci.AncillaryData) > 0 {
			l = LinkType(ci.AncillaryData[0].(layers.LinkType))
		}
		out = append(out, Record{Time: ci.Timestamp, LinkType: l, WireLen: ci.Length, Data: data})
	}
}
