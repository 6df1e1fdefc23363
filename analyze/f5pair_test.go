package analyze

import (
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
)

// dptMedium builds an F5 DPT trailer (14.0+ layout, magic f5 de b0 f5)
// holding one medium-noise record v4 with a flow id and its peer's, as
// F5-TRAILER.md describes it: provider 1, type 2, version 4; flow, peer,
// cfflags2, cfflags, flow type, HA unit, ingress slot and port, priority,
// then an empty RST-cause part.
func dptMedium(flow, peer uint64) []byte {
	be := binary.BigEndian
	body := be.AppendUint64(nil, flow)
	body = be.AppendUint64(body, peer)
	body = be.AppendUint32(body, 0)
	body = be.AppendUint32(body, 0)
	body = append(body, 0, 0)
	body = be.AppendUint16(body, 1)
	body = be.AppendUint16(body, 1)
	body = append(body, 0, 0) // priority, no RST cause
	rec := be.AppendUint16(nil, 1)
	rec = be.AppendUint16(rec, 2)
	rec = be.AppendUint16(rec, uint16(8+len(body)))
	rec = be.AppendUint16(rec, 4)
	rec = append(rec, body...)
	t := []byte{0xf5, 0xde, 0xb0, 0xf5}
	t = be.AppendUint16(t, uint16(8+len(rec)))
	t = be.AppendUint16(t, 1)
	return append(t, rec...)
}

// TestF5FlowPairs builds a capture as a BIG-IP writes it with
// tcpdump -i 0.0:nnnp: the client side (device to VIP) and the server side
// (SNAT to pool member) of one connection, each frame with the F5 trailer.
// The pool member resets the server side at 5 s; the BIG-IP resets the
// client 1 ms later. The pair must be found and the close traced inward.
func TestF5FlowPairs(t *testing.T) {
	dev, vip := netip.MustParseAddrPort("192.0.2.10:50000"), netip.MustParseAddrPort("198.51.100.5:443")
	snat, pool := netip.MustParseAddrPort("198.51.100.240:40001"), netip.MustParseAddrPort("203.0.113.20:80")
	p := filepath.Join(t.TempDir(), "bigip.pcap")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w, err := gen.NewPcapWriter(f, 1)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	write := func(at time.Duration, s gen.Segment, trailer []byte) {
		b := s.AppendIP(gen.AppendEthernet(nil, false))
		if err := w.WritePacket(t0.Add(at), append(b, trailer...)); err != nil {
			t.Fatal(err)
		}
	}
	req := []byte("POST /Microsoft-Server-ActiveSync?Cmd=Ping&User=u&DeviceId=D1&DeviceType=iPhone HTTP/1.1\r\nHost: mail\r\nContent-Length: 0\r\n\r\n")
	client, server := dptMedium(0x11, 0x22), dptMedium(0x22, 0x11)
	write(0, gen.Segment{Src: dev, Dst: vip, Seq: 100, Flags: gen.SYN}, client)
	write(time.Millisecond, gen.Segment{Src: vip, Dst: dev, Seq: 900, Ack: 101, Flags: gen.SYN | gen.ACK}, client)
	write(2*time.Millisecond, gen.Segment{Src: dev, Dst: vip, Seq: 101, Ack: 901, Flags: gen.ACK | gen.PSH, Payload: req}, client)
	write(3*time.Millisecond, gen.Segment{Src: snat, Dst: pool, Seq: 500, Flags: gen.SYN}, server)
	write(4*time.Millisecond, gen.Segment{Src: pool, Dst: snat, Seq: 700, Ack: 501, Flags: gen.SYN | gen.ACK}, server)
	write(5*time.Millisecond, gen.Segment{Src: snat, Dst: pool, Seq: 501, Ack: 701, Flags: gen.ACK | gen.PSH, Payload: req}, server)
	write(5*time.Second, gen.Segment{Src: pool, Dst: snat, Seq: 701, Flags: gen.RST}, server)
	write(5*time.Second+time.Millisecond, gen.Segment{Src: vip, Dst: dev, Seq: 901, Flags: gen.RST}, client)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	a, _, err := Run(Options{Inputs: []Input{{Path: p}}, LongPollMin: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.F5Pairs) != 1 {
		t.Fatalf("pairs %+v", a.F5Pairs)
	}
	pr := a.F5Pairs[0]
	if pr.FlowA != "0x11" || pr.FlowB != "0x22" || len(pr.Evidence) != 1 || !strings.Contains(pr.Evidence[0], "began on #2's side") {
		t.Errorf("pair %+v", pr)
	}
	for _, c := range a.Connections {
		if !strings.Contains(strings.Join(c.End.Evidence, "\n"), "F5 flow pair") {
			t.Errorf("connection %d lacks the pair evidence: %v", c.ID, c.End.Evidence)
		}
	}
}
