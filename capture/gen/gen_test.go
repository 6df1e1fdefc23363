package gen_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/capture/gen"
)

// TestGenerateRoundTrip writes a small capture and checks that the capture
// package finds exactly the resets, idle gaps and turns that were planted.
func TestGenerateRoundTrip(t *testing.T) {
	cfg := gen.Config{Seed: 7, Devices: 40, PingsPerDevice: 3, ResetPercent: 30,
		Heartbeat: 480 * time.Second, MiddleboxIdle: 300 * time.Second}
	var buf bytes.Buffer
	sum, err := gen.Generate(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Resets == 0 || sum.Answered == 0 || sum.Pings != 40*3 || sum.Resets+sum.Answered != sum.Pings {
		t.Fatalf("implausible summary %+v", sum)
	}
	r, err := capture.NewReader(&buf, "gen.pcap")
	if err != nil {
		t.Fatal(err)
	}
	res, err := capture.AnalyzeSource("gen.pcap", r, capture.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Packets != sum.Packets || res.Stats.TCPPackets != sum.Packets {
		t.Errorf("read %d packets (%d TCP), wrote %d", res.Stats.Packets, res.Stats.TCPPackets, sum.Packets)
	}
	if len(res.Conns) != sum.Conns {
		t.Errorf("%d connections, planted %d", len(res.Conns), sum.Conns)
	}
	resets, fins := 0, 0
	for _, c := range res.Conns {
		switch c.CloseKind {
		case capture.FlagRST:
			resets++
			checkReset(t, c, cfg)
		case capture.FlagFIN:
			fins++
			if c.LastTurnOutstanding() {
				t.Errorf("conn %d: FIN-closed but last turn outstanding", c.ID)
			}
		default:
			t.Errorf("conn %d: not closed", c.ID)
		}
	}
	if resets != sum.Resets || fins != sum.ClosedByFIN {
		t.Errorf("found %d resets and %d FIN closes, planted %d and %d", resets, fins, sum.Resets, sum.ClosedByFIN)
	}
}

func checkReset(t *testing.T, c *capture.Conn, cfg gen.Config) {
	t.Helper()
	if c.RST.By != capture.FromServer || c.IdleBeforeClose != cfg.MiddleboxIdle {
		t.Errorf("conn %d: RST by %v after %v idle, planted server-addressed after %v", c.ID, c.RST.By, c.IdleBeforeClose, cfg.MiddleboxIdle)
	}
	if !c.LastTurnOutstanding() {
		t.Errorf("conn %d: reset Ping not outstanding", c.ID)
	}
	if got, want := c.SilenceBeforeEnd(), cfg.MiddleboxIdle+20*time.Millisecond; got != want {
		t.Errorf("conn %d: silence before end %v, want %v", c.ID, got, want)
	}
	if !bytes.HasPrefix(c.LastTurn().Request, []byte("POST /Microsoft-Server-ActiveSync?Cmd=Ping")) {
		t.Errorf("conn %d: request copy %q", c.ID, c.LastTurn().Request)
	}
	kinds := map[capture.AnomalyKind]bool{}
	for _, a := range c.RSTAnomalies() {
		kinds[a.Kind] = true
	}
	for _, k := range []capture.AnomalyKind{capture.AnomalyTTL, capture.AnomalyInitialTTL, capture.AnomalyIPID, capture.AnomalyMissingTimestamps} {
		if !kinds[k] {
			t.Errorf("conn %d: forged RST lacks anomaly %v (got %v)", c.ID, k, c.RSTAnomalies())
		}
	}
	if kinds[capture.AnomalySeq] {
		t.Errorf("conn %d: RST carried the expected seq but was flagged", c.ID)
	}
}

// TestGenerateDeterministic checks that a seed fixes the output bytes.
func TestGenerateDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	cfg := gen.Config{Seed: 42, Devices: 5, ResetPercent: 50}
	if _, err := gen.Generate(&a, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Generate(&b, cfg); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same seed, different output")
	}
	cfg.Seed = 43
	var c bytes.Buffer
	if _, err := gen.Generate(&c, cfg); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("different seeds, same output")
	}
}
