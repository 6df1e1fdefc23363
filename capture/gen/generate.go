package gen

import (
	"container/heap"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"time"
)

// Config describes the synthetic ActiveSync-like traffic of [Generate]. The
// zero value is usable: zero fields take the defaults in their comments.
type Config struct {
	// Seed makes the output deterministic: the same Config writes the same
	// bytes.
	Seed uint64
	// Devices is the number of mobile devices (default 10).
	Devices int
	// PingsPerDevice is how many Pings each device sends (default 3).
	PingsPerDevice int
	// Heartbeat is how long Exchange holds a Ping before it answers
	// Status 1 (default 480 s); it is also the HeartbeatInterval in the
	// request body.
	Heartbeat time.Duration
	// MiddleboxIdle is the idle time after which the middlebox resets a
	// held Ping (default 300 s, F5's tcp profile default).
	MiddleboxIdle time.Duration
	// ResetPercent is the share of Pings (0..100) the middlebox resets
	// instead of letting Exchange answer; 0 means none.
	ResetPercent int
	// Start is the time of the first packet (default 2026-01-02 03:04:05 UTC).
	Start time.Time
	// Stagger spreads the devices' first SYNs over this time (default 60 s).
	Stagger time.Duration
}

// Summary says what Generate planted.
type Summary struct {
	Packets int
	// Conns is the number of TCP connections.
	Conns int
	// Pings is the number of Ping requests; Answered were answered by the
	// server after Heartbeat, Resets were cut by a middlebox RST sent
	// MiddleboxIdle after the server's last packet.
	Pings, Answered, Resets int
	// ClosedByFIN counts connections the client closed after its last Ping.
	ClosedByFIN int
}

// Addresses and TTLs of the generated traffic.
var (
	ServerAddr = netip.MustParseAddrPort("192.0.2.10:80")
	clientNets = [2][3]byte{{198, 51, 100}, {203, 0, 113}}
)

// TTLs seen at the capture point (near the clients).
const (
	ClientTTL    = 64
	ServerTTL    = 118 // Windows host, 10 hops away
	MiddleboxTTL = 253 // the middlebox's own RSTs
)

func (c Config) withDefaults() Config {
	if c.Devices <= 0 {
		c.Devices = 10
	}
	if c.PingsPerDevice <= 0 {
		c.PingsPerDevice = 3
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = 480 * time.Second
	}
	if c.MiddleboxIdle <= 0 {
		c.MiddleboxIdle = 300 * time.Second
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	if c.Stagger <= 0 {
		c.Stagger = 60 * time.Second
	}
	c.ResetPercent = min(max(c.ResetPercent, 0), 100)
	return c
}

// Generate writes an Ethernet pcap of devices holding Pings to one server
// to w. It keeps one small state per device, so memory does not grow with
// the output size.
func Generate(w io.Writer, cfg Config) (Summary, error) {
	cfg = cfg.withDefaults()
	pw, err := NewPcapWriter(w, 1)
	if err != nil {
		return Summary{}, err
	}
	g := &generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	g.devices = make(deviceHeap, cfg.Devices)
	for i := range g.devices {
		g.devices[i] = g.newDevice(i)
	}
	heap.Init(&g.devices)
	for len(g.devices) > 0 {
		d := g.devices[0]
		if err := g.step(d, pw); err != nil {
			return g.sum, err
		}
		if d.state == stDone {
			heap.Pop(&g.devices)
		} else {
			heap.Fix(&g.devices, 0)
		}
	}
	g.sum.Packets = pw.Packets()
	if err := pw.Flush(); err != nil {
		return g.sum, fmt.Errorf("write capture: %w", err)
	}
	return g.sum, nil
}

type generator struct {
	cfg     Config
	rng     *rand.Rand
	devices deviceHeap
	sum     Summary
	buf     []byte
}

// step writes the device's next packet and schedules the one after.
func (g *generator) step(d *device, pw *PcapWriter) error {
	seg, next := g.advance(d)
	g.buf = AppendEthernet(g.buf[:0], false)
	g.buf = seg.AppendIP(g.buf)
	if err := pw.WritePacket(d.at, g.buf); err != nil {
		return err
	}
	d.at = d.at.Add(next)
	return nil
}

func (g *generator) newDevice(i int) *device {
	net := clientNets[(i/254)%2]
	ip := netip.AddrFrom4([4]byte{net[0], net[1], net[2], byte(1 + i%254)})
	slot := i / 508
	d := &device{
		index: i, ip: ip, portBase: uint16(1024 + (slot*64)%60000),
		at:    g.cfg.Start.Add(time.Duration(g.rng.Int64N(int64(g.cfg.Stagger)))).Truncate(time.Microsecond),
		state: stSYN, cliIPID: uint16(g.rng.Uint32()), srvIPID: uint16(g.rng.Uint32()),
	}
	return d
}
