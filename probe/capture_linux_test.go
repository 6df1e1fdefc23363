//go:build linux

package probe_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/hopaudit/hopaudit/probe"
	"github.com/hopaudit/hopaudit/probe/probetest"
)

// TestCaptureOwnPackets captures a tcp probe cut by a RST through an idle proxy
// and reads the pcapng back: one SYN (the loopback duplicate dropped) and one
// RST, and only the probe's own connection (not the proxy's upstream side).
func TestCaptureOwnPackets(t *testing.T) {
	t.Parallel()
	s, _ := responder(t)
	px := idleProxy(t, s.HTTPAddr().String(), time.Second, probetest.EndRST)
	file := filepath.Join(t.TempDir(), "probe.pcapng")
	res, err := probe.Run(context.Background(), probe.Options{Mode: probe.TCP, Target: px, Holds: []time.Duration{secs(2)}, Capture: file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Capture == nil {
		if len(res.Notes) > 0 && strings.Contains(res.Notes[0], "CAP_NET_RAW") {
			t.Skipf("no CAP_NET_RAW here: %s", res.Notes[0])
		}
		t.Fatalf("no capture: %v", res.Notes)
	}
	syn, rst, total := countFlags(t, file)
	if syn != 1 || rst != 1 || total != res.Capture.Packets {
		t.Errorf("capture: %d SYN, %d RST, %d packets read (%d written); want 1 SYN, 1 RST", syn, rst, total, res.Capture.Packets)
	}
	if total > 6 { // SYN, SYN-ACK, ACK, RST; the upstream side would add as many again
		t.Errorf("%d packets for one silent connection: other flows were captured", total)
	}
	t.Logf("capture: %d packets (socket saw %d); probe %s after %.3f s", total, res.Capture.Seen, res.Probes[0].Outcome, res.Probes[0].AfterS)
}

// countFlags reads a raw-IP pcapng and counts SYN (without ACK) and RST packets.
func countFlags(t *testing.T, file string) (syn, rst, total int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType() != layers.LinkTypeRaw {
		t.Errorf("link type %v, want raw IP", r.LinkType())
	}
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		total++
		p := gopacket.NewPacket(data, layers.LayerTypeIPv4, gopacket.Default)
		if tcp, ok := p.Layer(layers.LayerTypeTCP).(*layers.TCP); ok {
			if tcp.SYN && !tcp.ACK {
				syn++
			}
			if tcp.RST {
				rst++
			}
		}
	}
	return syn, rst, total
}
