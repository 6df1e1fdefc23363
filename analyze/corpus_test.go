package analyze

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/internal/testcorpus"
	"github.com/hopaudit/hopaudit/report"
)

type truthEvent struct {
	By    string `json:"by"`
	Frame int    `json:"frame"`
	Time  string `json:"time"`
}

type truthStream struct {
	A, B      string
	Packets   int64       `json:"packets"`
	SYNSeen   bool        `json:"syn_seen"`
	FirstFIN  *truthEvent `json:"first_fin"`
	FirstRST  *truthEvent `json:"first_rst"`
	FirstTime string      `json:"first_time"`
}

type truth struct {
	ReadOK  bool          `json:"read_ok"`
	Streams []truthStream `json:"tcp_streams"`
}

// TestAgreesWithTshark checks, for every public capture, that each
// connection's first FIN and RST (sender, frame, time), packet count and
// SYN agree with tshark 4.0.17's view of the same file.
func TestAgreesWithTshark(t *testing.T) {
	dir := filepath.Dir(testcorpus.Dir(t, "public"))
	files, _ := filepath.Glob(filepath.Join(dir, "public", "truth", "*.json"))
	checked := 0
	for _, tf := range files {
		name := strings.TrimSuffix(filepath.Base(tf), ".json")
		var tr truth
		b, _ := os.ReadFile(tf)
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatalf("%s: %v", tf, err)
		}
		if len(tr.Streams) == 0 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			a, _, err := Run(Options{Inputs: []Input{{Path: filepath.Join(dir, "public", name)}}})
			if err != nil {
				t.Fatal(err)
			}
			byTuple := map[string]report.Connection{}
			for _, c := range a.Connections {
				byTuple[c.Client+" "+c.Server] = c
				byTuple[c.Server+" "+c.Client] = c
			}
			for _, s := range tr.Streams {
				c, ok := byTuple[s.A+" "+s.B]
				if !ok {
					t.Errorf("tshark stream %s-%s: no connection", s.A, s.B)
					continue
				}
				checked++
				compareEvent(t, "FIN", c.FIN, s.FirstFIN)
				compareEvent(t, "RST", c.RST, s.FirstRST)
				if c.Packets != s.Packets {
					t.Errorf("%s-%s: %d packets, tshark %d", s.A, s.B, c.Packets, s.Packets)
				}
				if (c.SYN != nil) != s.SYNSeen {
					t.Errorf("%s-%s: syn %v, tshark %v", s.A, s.B, c.SYN != nil, s.SYNSeen)
				}
			}
		})
	}
	if checked == 0 {
		t.Fatal("no stream compared")
	}
}

func compareEvent(t *testing.T, what string, got *report.Event, want *truthEvent) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Errorf("%s: got %+v, tshark %+v", what, got, want)
		return
	}
	if got == nil {
		return
	}
	if got.From != want.By || got.Frame != want.Frame || !sameTime(got.At, want.Time) {
		t.Errorf("%s: got %s frame %d at %s, tshark %s frame %d at %s", what, got.From, got.Frame, got.At, want.By, want.Frame, want.Time)
	}
}

// sameTime compares an RFC 3339 time with tshark's epoch seconds string
// to the nanosecond.
func sameTime(rfc, epoch string) bool {
	t, err := time.Parse(time.RFC3339Nano, rfc)
	if err != nil {
		return false
	}
	r, ok := new(big.Rat).SetString(epoch)
	if !ok {
		return false
	}
	ns := new(big.Rat).Mul(r, big.NewRat(1e9, 1))
	return ns.IsInt() && ns.Num().Int64() == t.UnixNano()
}
