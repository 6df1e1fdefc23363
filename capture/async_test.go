package capture

import (
	"bytes"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
)

// connDigest is what TestOnConnAsync compares of each handed-out Conn.
type connDigest struct {
	id, turns int
	kind      TCPFlags
	evicted   bool
	end       time.Time
}

func handOut(t *testing.T, file []byte, async bool, maxConns int) []connDigest {
	t.Helper()
	r, err := NewReader(bytes.NewReader(file), "gen.pcap")
	if err != nil {
		t.Fatal(err)
	}
	var got []connDigest
	res, err := AnalyzeSource("gen.pcap", r, Options{MaxConns: maxConns, OnConnAsync: async, OnConn: func(c *Conn) {
		got = append(got, connDigest{c.ID, c.TurnCount(), c.CloseKind, c.Evicted, c.End})
	}})
	if err != nil || res.Conns != nil {
		t.Fatalf("err %v, %d conns in the result", err, len(res.Conns))
	}
	return got
}

// TestOnConnAsync checks that the asynchronous hand-over delivers the same
// connections in the same order as the synchronous one, all of them
// before AnalyzeSource returns (run with -race to check the hand-over).
func TestOnConnAsync(t *testing.T) {
	var buf bytes.Buffer
	sum, err := gen.Generate(&buf, gen.Config{Seed: 5, Devices: 300, PingsPerDevice: 5, ResetPercent: 30,
		Heartbeat: 60 * time.Second, MiddleboxIdle: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// No evictions (MaxConns 0): evicting an open connection picks an
	// arbitrary one, so the hand-over would differ between runs anyway.
	want := handOut(t, buf.Bytes(), false, 0)
	got := handOut(t, buf.Bytes(), true, 0)
	if len(want) != sum.Conns {
		t.Fatalf("sync hand-over: %d connections, generated %d", len(want), sum.Conns)
	}
	if len(got) != len(want) {
		t.Fatalf("async handed out %d connections, sync %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("connection %d: async %+v, sync %+v", i, got[i], want[i])
		}
	}
}
