package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"time"
)

// fuzzRead reads a capture from arbitrary bytes through the whole pipeline
// and checks the reader's invariants; it must never panic.
func fuzzRead(t *testing.T, data []byte) {
	r, err := NewReader(bytes.NewReader(data), "fuzz")
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("open error is not a FormatError: %v", err)
		}
		return
	}
	tr := NewTracker(Options{MaxConns: 64})
	var rec Record
	var p Packet
	last := int64(-1)
	for i := 0; i < 10000; i++ {
		err := r.Next(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("read error is not a FormatError: %v", err)
			}
			break
		}
		if rec.CapLen != len(rec.Data) || rec.WireLen < rec.CapLen || rec.Offset <= last || rec.Frame != i+1 {
			t.Fatalf("record %d: caplen %d len %d wirelen %d offset %d after %d", rec.Frame, rec.CapLen, len(rec.Data), rec.WireLen, rec.Offset, last)
		}
		if !r.Gzipped() && rec.Offset >= int64(len(data)) {
			t.Fatalf("offset %d beyond the %d byte input", rec.Offset, len(data))
		}
		last = rec.Offset
		if Decode(&rec, &p) == KindTCP {
			tr.Add(&p)
		}
	}
	for _, c := range tr.Finish(time.Time{}) {
		c.RSTAnomalies()
		c.Turns()
	}
}

func FuzzReadPcap(f *testing.F) {
	pk := samplePkts()
	for _, o := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, nanos := range []bool{false, true} {
			b, _ := writePcap(o, nanos, LinkEthernet, pk)
			f.Add(b)
		}
	}
	b, _ := writePcap(binary.LittleEndian, false, LinkEthernet, []testPkt{{t: t0, data: ether(ip(seg4()))}})
	f.Add(b)
	f.Add(gzipped(b))
	f.Fuzz(fuzzRead)
}

func FuzzReadPcapng(f *testing.F) {
	pk := samplePkts()
	b, _ := writePcapng(ngSection{order: binary.LittleEndian, links: []LinkType{LinkEthernet, LinkSLL2}, tsres: []byte{0, 9}, pkts: pk})
	f.Add(b)
	b, _ = writePcapng(
		ngSection{order: binary.BigEndian, links: []LinkType{LinkNull, LinkRaw}, pkts: pk[:2]},
		ngSection{order: binary.LittleEndian, links: []LinkType{LinkIPv4, LinkIPv6}, tsres: []byte{0x86, 9}, pkts: pk[2:]},
	)
	f.Add(b)
	b, _ = writePcapng(ngSection{order: binary.LittleEndian, links: []LinkType{LinkEthernet}, pkts: []testPkt{{t: t0, data: ether(ip(seg6()))}}})
	f.Add(b)
	f.Add(gzipped(b))
	f.Fuzz(fuzzRead)
}

func FuzzDecode(f *testing.F) {
	for _, l := range []LinkType{LinkEthernet, LinkSLL, LinkSLL2, LinkNull, LinkRaw, LinkIPv4, LinkIPv6} {
		f.Add(uint16(l), ether(ip(seg4())))
	}
	f.Add(uint16(LinkEthernet), ether(withIPv6Ext(ip(seg6()), 0), etherVLAN, etherQinQ))
	f.Add(uint16(LinkRaw), withIPv4Options(ip(seg4())))
	f.Add(uint16(LinkNull), null(30, binary.LittleEndian, ip(seg6())))
	tr := NewTracker(Options{MaxConns: 16})
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		rec := Record{LinkType: LinkType(link), Data: data, CapLen: len(data), WireLen: len(data)}
		var p Packet
		if Decode(&rec, &p) != KindTCP {
			return
		}
		if len(p.Payload) > p.PayloadLen || p.PayloadLen < 0 || (p.Trailer != nil && rec.LinkType != LinkEthernet) {
			t.Fatalf("payload %d of %d, trailer %d on %v", len(p.Payload), p.PayloadLen, len(p.Trailer), rec.LinkType)
		}
		tr.Add(&p)
	})
}
