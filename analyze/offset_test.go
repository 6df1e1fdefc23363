package analyze

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/hopaudit/hopaudit/topology"
)

// shiftPcap copies a little-endian pcap file with every timestamp moved
// by sec seconds: a capture taken on a box whose clock is off.
func shiftPcap(t *testing.T, src, dst string, sec uint32) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if binary.LittleEndian.Uint32(b) != 0xa1b2c3d4 && binary.LittleEndian.Uint32(b) != 0xa1b23c4d {
		t.Skipf("%s is not a little-endian pcap", src)
	}
	for off := 24; off+16 <= len(b); {
		binary.LittleEndian.PutUint32(b[off:], binary.LittleEndian.Uint32(b[off:])+sec)
		off += 16 + int(binary.LittleEndian.Uint32(b[off+8:]))
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestClockOffsetAcrossProxy moves the clock of the capture behind the
// load balancer 7 s ahead: stitching must find the offset, report it, and
// still trace the cut Ping to the load balancer.
func TestClockOffsetAcrossProxy(t *testing.T) {
	dir := filepath.Join(labDir(), "lb-idle")
	top, err := topology.Load(filepath.Join(dir, "topology.yaml"))
	if err != nil {
		t.Skip(err)
	}
	shifted := filepath.Join(t.TempDir(), "seg3-lb-gw.pcap")
	var inputs []Input
	for _, c := range top.Captures {
		in := Input{Path: c.Path, Between: c.Between}
		if c.File == "seg3-lb-gw.pcap" {
			shiftPcap(t, c.Path, shifted, 7)
			in.Path = shifted
		}
		inputs = append(inputs, in)
	}
	a, _, err := Run(Options{Topology: top, Inputs: inputs})
	if err != nil {
		t.Fatal(err)
	}
	st := a.Stitching
	if st == nil || len(st.Chains) != 1 || st.Chains[0].Origin != "lb" {
		t.Fatalf("stitching %+v", st)
	}
	got := map[string]float64{}
	for _, o := range st.Offsets {
		got[o.Capture] = o.OffsetS
	}
	if math.Abs(got["seg3-lb-gw.pcap"]-7) > 0.05 || math.Abs(got["seg4-gw-server.pcapng"]) > 0.05 {
		t.Errorf("offsets %v, want seg3 +7 s and seg4 0 s", got)
	}
}
