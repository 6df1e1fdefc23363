package gen

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"
)

// Device states, in the order packets are sent.
const (
	stSYN = iota
	stSYNACK
	stACK
	stReq
	stReqAck
	stResp
	stRespAck
	stRST
	stFIN
	stFINACK
	stLastAck
	stDone
)

// Delays between packets of one device.
const (
	rtt     = 20 * time.Millisecond
	ackTime = 100 * time.Microsecond
	think   = time.Second
	backoff = 2 * time.Second
)

// device is one phone: its connection state and the time of its next packet.
type device struct {
	index    int
	ip       netip.Addr
	portBase uint16
	conns    int
	at       time.Time
	state    int
	pings    int
	reqTime  time.Time
	reset    bool

	cliSeq, srvSeq   uint32
	cliIPID, srvIPID uint16
}

func (d *device) client() netip.AddrPort {
	return netip.AddrPortFrom(d.ip, d.portBase+uint16(d.conns%64))
}

// advance builds the device's current packet and returns it with the delay
// until the next one, moving the state machine on.
func (g *generator) advance(d *device) (Segment, time.Duration) {
	c, s := d.client(), ServerAddr
	up := Segment{Src: c, Dst: s, Seq: d.cliSeq, Ack: d.srvSeq, Flags: ACK, Window: 2048, TTL: ClientTTL, IPID: d.cliIPID}
	down := Segment{Src: s, Dst: c, Seq: d.srvSeq, Ack: d.cliSeq, Flags: ACK, Window: 1024, TTL: ServerTTL, IPID: d.srvIPID}
	ts := uint32(d.at.UnixMilli())
	up.Options, down.Options = TimestampOption(ts, ts-10), TimestampOption(ts+5, ts)
	switch d.state {
	case stSYN, stSYNACK, stACK:
		return g.handshake(d, &up, &down)
	case stReq, stReqAck, stResp, stRespAck:
		return g.ping(d, &up, &down)
	case stRST:
		g.sum.Resets++
		rst := Segment{Src: s, Dst: c, Seq: d.srvSeq, Flags: RST, TTL: MiddleboxTTL}
		d.conns++
		d.state = stSYN
		if d.pings >= g.cfg.PingsPerDevice {
			d.state = stDone
		}
		return rst, backoff
	}
	return g.close(d, &up, &down)
}

func (g *generator) handshake(d *device, up, down *Segment) (Segment, time.Duration) {
	switch d.state {
	case stSYN:
		g.sum.Conns++
		d.cliSeq, d.srvSeq = g.rng.Uint32(), g.rng.Uint32()
		up.Seq, up.Ack, up.Flags, up.Options = d.cliSeq, 0, SYN, SYNOptions(uint32(d.at.UnixMilli()), 0)
		d.cliSeq++
		d.cliIPID++
		d.state = stSYNACK
		return *up, rtt
	case stSYNACK:
		down.Seq, down.Flags, down.Options = d.srvSeq, SYN|ACK, SYNOptions(uint32(d.at.UnixMilli()), 1)
		d.srvSeq++
		d.srvIPID++
		d.state = stACK
		return *down, ackTime
	}
	d.cliIPID++
	d.state = stReq
	return *up, ackTime
}

func (g *generator) ping(d *device, up, down *Segment) (Segment, time.Duration) {
	switch d.state {
	case stReq:
		g.sum.Pings++
		up.Flags, up.Payload = PSH|ACK, PingRequest(d.index, int(g.cfg.Heartbeat/time.Second))
		d.cliSeq += uint32(len(up.Payload))
		d.cliIPID++
		d.reqTime = d.at
		d.reset = g.rng.IntN(100) < g.cfg.ResetPercent
		d.state = stReqAck
		return *up, rtt
	case stReqAck:
		d.srvIPID++
		if d.reset {
			d.pings++
			d.state = stRST
			return *down, g.cfg.MiddleboxIdle
		}
		d.state = stResp
		return *down, d.reqTime.Add(g.cfg.Heartbeat).Sub(d.at)
	case stResp:
		g.sum.Answered++
		down.Flags, down.Payload = PSH|ACK, pingResponse
		d.srvSeq += uint32(len(down.Payload))
		d.srvIPID++
		d.state = stRespAck
		return *down, ackTime
	}
	d.cliIPID++
	d.pings++
	d.state = stReq
	if d.pings >= g.cfg.PingsPerDevice {
		d.state = stFIN
	}
	return *up, think
}

func (g *generator) close(d *device, up, down *Segment) (Segment, time.Duration) {
	switch d.state {
	case stFIN:
		up.Flags = FIN | ACK
		d.cliSeq++
		d.cliIPID++
		d.state = stFINACK
		return *up, rtt
	case stFINACK:
		down.Flags, down.Ack = FIN|ACK, d.cliSeq
		d.srvSeq++
		d.srvIPID++
		d.state = stLastAck
		return *down, ackTime
	}
	g.sum.ClosedByFIN++
	up.Ack = d.srvSeq
	d.state = stDone
	return *up, 0
}

// PingRequest returns the ActiveSync Ping POST of a device number with a
// WBXML body naming the heartbeat (seconds) and one Email folder.
func PingRequest(device, heartbeat int) []byte {
	hb := strconv.Itoa(heartbeat)
	body := []byte{0x03, 0x01, 0x6a, 0x00, 0x00, 0x0d, 0x45, 0x48, 0x03}
	body = append(body, hb...)
	body = append(body, 0x00, 0x01, 0x49, 0x4a, 0x4b, 0x03, '5', 0x00, 0x01, 0x4c, 0x03)
	body = append(body, "Email"...)
	body = append(body, 0x00, 0x01, 0x01, 0x01, 0x01)
	head := fmt.Sprintf("POST /Microsoft-Server-ActiveSync?Cmd=Ping&User=user%d&DeviceId=DEV%08d&DeviceType=iPhone HTTP/1.1\r\n"+
		"Host: mail.example.com\r\nMS-ASProtocolVersion: 14.1\r\nContent-Type: application/vnd.ms-sync.wbxml\r\n"+
		"Content-Length: %d\r\n\r\n", device, device, len(body))
	return append([]byte(head), body...)
}

// pingResponse is a 200 answer with Ping Status 1 (heartbeat expired).
var pingResponse = append([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ms-sync.wbxml\r\nContent-Length: 13\r\n\r\n"),
	0x03, 0x01, 0x6a, 0x00, 0x00, 0x0d, 0x45, 0x47, 0x03, '1', 0x00, 0x01, 0x01)

// deviceHeap orders devices by the time of their next packet (then index).
type deviceHeap []*device

func (h deviceHeap) Len() int { return len(h) }
func (h deviceHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].index < h[j].index
}
func (h deviceHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *deviceHeap) Push(x any)   { *h = append(*h, x.(*device)) }
func (h *deviceHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
