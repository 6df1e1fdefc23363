package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"time"
)

// byteOrder is what the writers need of binary.LittleEndian/BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// testPkt is a packet to write into a synthetic capture.
type testPkt struct {
	t     time.Time
	iface int // pcapng interface index
	data  []byte
	wire  int // 0: len(data)
}

func (p testPkt) wireLen() int { return max(p.wire, len(p.data)) }

// writePcap builds a pcap file by hand so that both byte orders and both
// timestamp resolutions can be produced. It returns the file and the offset
// of every record.
func writePcap(order byteOrder, nanos bool, link LinkType, pkts []testPkt) ([]byte, []int64) {
	var b []byte
	magic := uint32(0xa1b2c3d4)
	if nanos {
		magic = 0xa1b23c4d
	}
	b = order.AppendUint32(b, magic)
	b = order.AppendUint16(b, 2)
	b = order.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...)
	b = order.AppendUint32(b, 65535)
	b = order.AppendUint32(b, uint32(link))
	var offs []int64
	for _, p := range pkts {
		offs = append(offs, int64(len(b)))
		frac := uint32(p.t.Nanosecond() / 1000)
		if nanos {
			frac = uint32(p.t.Nanosecond())
		}
		b = order.AppendUint32(b, uint32(p.t.Unix()))
		b = order.AppendUint32(b, frac)
		b = order.AppendUint32(b, uint32(len(p.data)))
		b = order.AppendUint32(b, uint32(p.wireLen()))
		b = append(b, p.data...)
	}
	return b, offs
}

// ngSection is one pcapng section to write.
type ngSection struct {
	order  byteOrder
	links  []LinkType
	tsres  []byte // per interface if_tsresol; 0 = no option (microseconds)
	pkts   []testPkt
	simple bool // write the packets as simple packet blocks (interface 0)
}

// writePcapng builds a pcapng file by hand; it adds a name resolution block
// and a custom block before the packets of each section so that readers
// must skip unknown blocks. It returns the file and each packet's offset.
func writePcapng(sections ...ngSection) ([]byte, []int64) {
	var b []byte
	var offs []int64
	for _, s := range sections {
		b = ngBlock(b, s.order, ngSectionHeader, func(x []byte) []byte {
			x = s.order.AppendUint32(x, ngByteOrderMagic)
			x = s.order.AppendUint16(x, 1)
			x = s.order.AppendUint16(x, 0)
			return s.order.AppendUint64(x, ^uint64(0))
		})
		for i, l := range s.links {
			b = ngBlock(b, s.order, ngInterface, func(x []byte) []byte {
				x = s.order.AppendUint16(x, uint16(l))
				x = s.order.AppendUint16(x, 0)
				x = s.order.AppendUint32(x, 0)
				if i < len(s.tsres) && s.tsres[i] != 0 {
					x = s.order.AppendUint16(x, ngOptTSResol)
					x = s.order.AppendUint16(x, 1)
					x = append(x, s.tsres[i], 0, 0, 0)
					x = append(x, 0, 0, 0, 0) // end of options
				}
				return x
			})
		}
		b = ngBlock(b, s.order, 4, func(x []byte) []byte { return append(x, 0, 0, 0, 0) })
		b = ngBlock(b, s.order, 0x40000bad, func(x []byte) []byte { return append(x, 1, 2, 3, 4, 5, 6, 7, 8) })
		for _, p := range s.pkts {
			offs = append(offs, int64(len(b)))
			b = ngPacket(b, s, p)
		}
	}
	return b, offs
}

func ngPacket(b []byte, s ngSection, p testPkt) []byte {
	pad := func(x []byte) []byte {
		x = append(x, p.data...)
		for len(x)%4 != 0 {
			x = append(x, 0)
		}
		return x
	}
	if s.simple {
		return ngBlock(b, s.order, ngSimplePacket, func(x []byte) []byte {
			return pad(s.order.AppendUint32(x, uint32(p.wireLen())))
		})
	}
	units := uint64(1_000_000)
	if p.iface < len(s.tsres) && s.tsres[p.iface] != 0 {
		units = tsUnits(s.tsres[p.iface])
	}
	ts := uint64(p.t.Unix())*units + uint64(p.t.Nanosecond())*units/1_000_000_000
	return ngBlock(b, s.order, ngEnhancedPacket, func(x []byte) []byte {
		x = s.order.AppendUint32(x, uint32(p.iface))
		x = s.order.AppendUint32(x, uint32(ts>>32))
		x = s.order.AppendUint32(x, uint32(ts))
		x = s.order.AppendUint32(x, uint32(len(p.data)))
		x = s.order.AppendUint32(x, uint32(p.wireLen()))
		return pad(x)
	})
}

// ngBlock appends a block of type typ whose body body() writes.
func ngBlock(b []byte, order byteOrder, typ uint32, body func([]byte) []byte) []byte {
	start := len(b)
	b = order.AppendUint32(b, typ)
	b = order.AppendUint32(b, 0)
	b = body(b)
	total := uint32(len(b) - start + 4)
	order.PutUint32(b[start+4:], total)
	return order.AppendUint32(b, total)
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
