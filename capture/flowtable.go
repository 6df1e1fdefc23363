package capture

import (
	"encoding/binary"
	"net/netip"
)

// flowKey4 is an IPv4 TCP 4-tuple packed into 16 bytes in canonical order
// (lower address and port first), so that both directions of a connection
// map to the same key and the map hashes and compares two words.
type flowKey4 struct{ addrs, ports uint64 }

// flowKey6 is an IPv6 TCP 4-tuple in canonical order.
type flowKey6 struct {
	loAddr, hiAddr [16]byte
	loPort, hiPort uint16
}

// flowTable maps 4-tuples to connections, IPv4 and IPv6 apart so that the
// common IPv4 key stays small. The zero value is not usable.
type flowTable struct {
	v4 map[flowKey4]*Conn
	v6 map[flowKey6]*Conn
}

func newFlowTable() flowTable {
	return flowTable{v4: make(map[flowKey4]*Conn), v6: make(map[flowKey6]*Conn)}
}

func key4(a, b netip.AddrPort) flowKey4 {
	x, y := a.Addr().As4(), b.Addr().As4()
	xa, ya := binary.BigEndian.Uint32(x[:]), binary.BigEndian.Uint32(y[:])
	xp, yp := a.Port(), b.Port()
	if xa > ya || (xa == ya && xp > yp) {
		xa, ya, xp, yp = ya, xa, yp, xp
	}
	return flowKey4{uint64(xa)<<32 | uint64(ya), uint64(xp)<<16 | uint64(yp)}
}

func key6(a, b netip.AddrPort) flowKey6 {
	x, y := a.Addr().As16(), b.Addr().As16()
	xp, yp := a.Port(), b.Port()
	if c := compare16(&x, &y); c > 0 || (c == 0 && xp > yp) {
		x, y, xp, yp = y, x, yp, xp
	}
	return flowKey6{loAddr: x, hiAddr: y, loPort: xp, hiPort: yp}
}

func compare16(x, y *[16]byte) int {
	hx, hy := binary.BigEndian.Uint64(x[:8]), binary.BigEndian.Uint64(y[:8])
	if hx == hy {
		hx, hy = binary.BigEndian.Uint64(x[8:]), binary.BigEndian.Uint64(y[8:])
	}
	switch {
	case hx < hy:
		return -1
	case hx > hy:
		return 1
	}
	return 0
}

// get returns the connection of the tuple a-b (either order); v6 says
// which family the addresses belong to.
func (t *flowTable) get(a, b netip.AddrPort, v6 bool) *Conn {
	if v6 {
		return t.v6[key6(a, b)]
	}
	return t.v4[key4(a, b)]
}

func (t *flowTable) set(a, b netip.AddrPort, v6 bool, c *Conn) {
	if v6 {
		t.v6[key6(a, b)] = c
		return
	}
	t.v4[key4(a, b)] = c
}

// holds reports whether c is the connection on its own tuple.
func (t *flowTable) holds(c *Conn) bool {
	return t.get(c.Client, c.Server, c.v6) == c
}

func (t *flowTable) remove(c *Conn) {
	if c.v6 {
		delete(t.v6, key6(c.Client, c.Server))
		return
	}
	delete(t.v4, key4(c.Client, c.Server))
}

func (t *flowTable) len() int { return len(t.v4) + len(t.v6) }

// any returns an arbitrary connection of the table, nil when empty.
func (t *flowTable) any() *Conn {
	for _, c := range t.v4 {
		return c
	}
	for _, c := range t.v6 {
		return c
	}
	return nil
}

// appendAll appends every connection of the table to out.
func (t *flowTable) appendAll(out []*Conn) []*Conn {
	for _, c := range t.v4 {
		out = append(out, c)
	}
	for _, c := range t.v6 {
		out = append(out, c)
	}
	return out
}
