package capture

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// truthFile is the part of a corpus truth/<file>.json (tshark's view) that
// the agreement test compares.
type truthFile struct {
	ReadOK     bool          `json:"read_ok"`
	TCPPackets int           `json:"tcp_packets"`
	Streams    []truthStream `json:"tcp_streams"`
}

type truthStream struct {
	Stream        int         `json:"stream"`
	A             string      `json:"a"`
	B             string      `json:"b"`
	Initiator     *string     `json:"initiator"`
	FirstFrame    int         `json:"first_frame"`
	LastFrame     int         `json:"last_frame"`
	PacketsAB     int64       `json:"packets_a_to_b"`
	PacketsBA     int64       `json:"packets_b_to_a"`
	BytesAB       int64       `json:"payload_bytes_a_to_b"`
	BytesBA       int64       `json:"payload_bytes_b_to_a"`
	SYNSeen       bool        `json:"syn_seen"`
	SYNACKSeen    bool        `json:"synack_seen"`
	FirstFIN      *truthEvent `json:"first_fin"`
	FirstFINFromA *truthEvent `json:"first_fin_from_a"`
	FirstFINFromB *truthEvent `json:"first_fin_from_b"`
	FirstRST      *truthEvent `json:"first_rst"`
	Close         *truthEvent `json:"close"`
	MaxGapOverall float64     `json:"max_gap_overall_s"`
	OpenAtEnd     bool        `json:"open_at_capture_end"`
}

type truthEvent struct {
	By         string  `json:"by"`
	Frame      int     `json:"frame"`
	Time       string  `json:"time"`
	IdleBefore float64 `json:"idle_before_s"`
}

func epoch(m Mark) string { return fmt.Sprintf("%d.%09d", m.Time.Unix(), m.Time.Nanosecond()) }

// tupleKey names an endpoint pair regardless of direction, in tshark's
// address:port notation.
func tupleKey(x, y string) string {
	if x > y {
		x, y = y, x
	}
	return x + " " + y
}

// TestAgreesWithTshark compares every connection with tshark's stream for
// every corpus file that has a truth file. Streams and connections are
// matched by endpoint pair, in order of first packet.
func TestAgreesWithTshark(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "public")
	truths, _ := filepath.Glob(filepath.Join(dir, "truth", "*.json"))
	if len(truths) == 0 {
		t.Skip("no truth files")
	}
	for _, tf := range truths {
		name := strings.TrimSuffix(filepath.Base(tf), ".json")
		t.Run(name, func(t *testing.T) {
			var truth truthFile
			raw, err := os.ReadFile(tf)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &truth); err != nil {
				t.Fatal(err)
			}
			res, err := Analyze(filepath.Join(dir, name), Options{})
			if err != nil {
				if truth.ReadOK {
					t.Fatalf("tshark read it, we failed: %v", err)
				}
				return
			}
			if res.Stats.TCPPackets != truth.TCPPackets {
				t.Errorf("tcp packets %d, tshark %d", res.Stats.TCPPackets, truth.TCPPackets)
			}
			compareStreams(t, res.Conns, truth.Streams)
		})
	}
}

func compareStreams(t *testing.T, conns []*Conn, streams []truthStream) {
	mine := map[string][]*Conn{}
	for _, c := range conns {
		k := tupleKey(addrText(c.Client), addrText(c.Server))
		mine[k] = append(mine[k], c)
	}
	if len(conns) != len(streams) {
		t.Errorf("%d connections, tshark %d streams", len(conns), len(streams))
	}
	for _, s := range streams {
		k := tupleKey(s.A, s.B)
		if len(mine[k]) == 0 {
			t.Errorf("stream %d (%s): no connection", s.Stream, k)
			continue
		}
		c := mine[k][0]
		mine[k] = mine[k][1:]
		compareStream(t, c, s)
	}
}

func addrText(a interface{ String() string }) string { return a.String() }

func compareStream(t *testing.T, c *Conn, s truthStream) {
	t.Helper()
	errorf := func(f string, args ...any) { t.Errorf("stream %d: "+f, append([]any{s.Stream}, args...)...) }
	aIsClient := c.Client.String() == s.A
	side := func(isA bool) *Side {
		if isA == aIsClient {
			return &c.Side[FromClient]
		}
		return &c.Side[FromServer]
	}
	if s.Initiator != nil && *s.Initiator != c.Client.String() {
		errorf("initiator %s, tshark %s", c.Client, *s.Initiator)
	}
	if c.First.Frame != s.FirstFrame || c.Last.Frame != s.LastFrame {
		errorf("frames %d..%d, tshark %d..%d", c.First.Frame, c.Last.Frame, s.FirstFrame, s.LastFrame)
	}
	if a, b := side(true), side(false); a.Packets != s.PacketsAB || b.Packets != s.PacketsBA {
		errorf("packets a->b %d b->a %d, tshark %d %d", a.Packets, b.Packets, s.PacketsAB, s.PacketsBA)
	}
	if a, b := side(true), side(false); a.PayloadBytes != s.BytesAB || b.PayloadBytes != s.BytesBA {
		errorf("bytes a->b %d b->a %d, tshark %d %d", a.PayloadBytes, b.PayloadBytes, s.BytesAB, s.BytesBA)
	}
	if c.SYNSeen != s.SYNSeen || c.SYNACKSeen != s.SYNACKSeen {
		errorf("syn %v synack %v, tshark %v %v", c.SYNSeen, c.SYNACKSeen, s.SYNSeen, s.SYNACKSeen)
	}
	compareEvent(errorf, "first FIN from a", side(true).FirstFIN, s.FirstFINFromA)
	compareEvent(errorf, "first FIN from b", side(false).FirstFIN, s.FirstFINFromB)
	var rst Mark
	if c.RST != nil {
		rst = c.RST.Mark
		if s.FirstRST != nil && c.RST.Sender.String() != s.FirstRST.By {
			errorf("RST by %s, tshark %s", c.RST.Sender, s.FirstRST.By)
		}
	}
	compareEvent(errorf, "first RST", rst, s.FirstRST)
	if s.Close != nil && math.Abs(c.IdleBeforeClose.Seconds()-s.Close.IdleBefore) > 1e-6 {
		errorf("idle before close %v, tshark %vs", c.IdleBeforeClose, s.Close.IdleBefore)
	}
	if math.Abs(c.MaxIdle.Seconds()-s.MaxGapOverall) > 1e-6 {
		errorf("max idle %v, tshark %vs", c.MaxIdle, s.MaxGapOverall)
	}
	if c.OpenAtEnd != s.OpenAtEnd {
		errorf("open at end %v, tshark %v", c.OpenAtEnd, s.OpenAtEnd)
	}
}

func compareEvent(errorf func(string, ...any), what string, m Mark, e *truthEvent) {
	switch {
	case e == nil && m.IsZero():
	case e == nil:
		errorf("%s at frame %d, tshark none", what, m.Frame)
	case m.IsZero():
		errorf("%s none, tshark frame %d", what, e.Frame)
	case m.Frame != e.Frame || epoch(m) != e.Time:
		errorf("%s frame %d at %s, tshark frame %d at %s", what, m.Frame, epoch(m), e.Frame, e.Time)
	}
}
