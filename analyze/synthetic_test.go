package analyze

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
	"github.com/hopaudit/hopaudit/topology"
)

// writeGenerated writes a small synthetic capture: devices holding Pings
// of a 480 s heartbeat, a third of them reset after 300 s idle by a box
// that forges the server's address (TTL 253, unlike the server's 118).
func writeGenerated(t *testing.T) (string, gen.Summary) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "edge.pcap")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := gen.Generate(f, gen.Config{Seed: 7, Devices: 12, PingsPerDevice: 3, ResetPercent: 35})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Resets == 0 || sum.Answered == 0 {
		t.Fatalf("generator planted %+v", sum)
	}
	return p, sum
}

func TestSyntheticWithTopology(t *testing.T) {
	p, sum := writeGenerated(t)
	top, err := topology.Parse("t.yaml", []byte(`heartbeat: 480s
hops:
  - { name: devices, kind: client, source: [198.51.100.0/24, 203.0.113.0/24] }
  - { name: lb, kind: aws-nlb, timers: { tcp_idle: 300s } }
  - { name: cas, kind: exchange, listen: [192.0.2.10:80], timers: { max_heartbeat: 480s } }
`))
	if err != nil {
		t.Fatal(err)
	}
	a, findings, err := Run(Options{Topology: top, Inputs: []Input{{Path: p, Between: [2]string{"devices", "lb"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Premature != sum.Resets {
		t.Errorf("premature %d, planted resets %d", a.Premature, sum.Resets)
	}
	for _, c := range a.Connections {
		if !c.End.Premature {
			continue
		}
		if c.End.Kind != KindRST || c.End.Hop != "lb" || c.End.IdleS < 300 || c.End.IdleS > 301 || c.End.ConfidenceLabel != "high" {
			t.Errorf("conn %d: end %+v", c.ID, c.End)
		}
		ev := strings.Join(c.End.Evidence, "\n")
		if !strings.Contains(ev, "forged RST") || !strings.Contains(ev, "matches lb tcp_idle 300 s (declared)") {
			t.Errorf("conn %d evidence lacks forgery or timer match:\n%s", c.ID, ev)
		}
	}
	if len(findings) != 1 || findings[0].Hop != "lb" || !strings.Contains(findings[0].Title, "lb reset") || findings[0].Fix == nil {
		t.Fatalf("findings %+v", findings)
	}
}

func TestSyntheticWithoutTopology(t *testing.T) {
	p, sum := writeGenerated(t)
	a, findings, err := Run(Options{Inputs: []Input{{Path: p}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Clusters) == 0 {
		t.Fatal("no cluster")
	}
	c := a.Clusters[0]
	if c.By != "192.0.2.10:80" || c.Kind != KindRST || c.Count != sum.Resets || c.TimerS != 300 {
		t.Errorf("cluster %+v, want %d resets by the server address at 300 s", c, sum.Resets)
	}
	if len(findings) != 1 || !strings.Contains(findings[0].Detail, "A 300 s idle timer sits at 192.0.2.10:80") {
		t.Errorf("findings %+v", findings)
	}
	answered := 0
	for _, cn := range a.Connections {
		if cn.End.Kind == KindAnswered && cn.LongPoll && cn.Request != nil && cn.Request.HeartbeatS == 480 {
			answered++
		}
	}
	if answered == 0 {
		t.Error("no answered long-poll with a decoded 480 s heartbeat")
	}
}

// TestStitchManyConnections places the same synthetic traffic on both
// sides of a forwarding box (the same TCP connections, the second capture's
// clock 2.5 s ahead): every connection must link to its twin by tuple and
// the offset must be found, at a size where pairing every connection with
// every other would be slow.
func TestStitchManyConnections(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, start time.Time) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := gen.Generate(f, gen.Config{Seed: 3, Devices: 400, PingsPerDevice: 2, ResetPercent: 20, Start: start}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a, b := write("outer.pcap", t0), write("inner.pcap", t0.Add(2500*time.Millisecond))
	top, err := topology.Parse("t.yaml", []byte(`heartbeat: 480s
hops:
  - { name: devices, kind: client }
  - { name: fw, kind: firewall, vendor: linux, timers: { idle: 300s } }
  - { name: nlb, kind: aws-nlb }
  - { name: cas, kind: exchange, listen: [192.0.2.10:80], timers: { max_heartbeat: 480s } }
`))
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := Run(Options{Topology: top, MaxListed: -1, Inputs: []Input{
		{Path: a, Between: [2]string{"devices", "fw"}}, {Path: b, Between: [2]string{"fw", "nlb"}}}})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stitching
	if st == nil || st.Unlinked != 0 || st.Linked != res.ConnectionsTotal {
		t.Fatalf("linked %d, unlinked %d of %d connections", st.Linked, st.Unlinked, res.ConnectionsTotal)
	}
	if o := st.Offsets[0]; o.Method != "tuple" || o.OffsetS != 2.5 {
		t.Errorf("offset %+v, want +2.5 s by tuple", o)
	}
}
