package capture

import (
	"encoding/binary"
	"io"
	"time"
)

// pcap magic numbers as they appear in the first four bytes of a file.
var (
	pcapMicroLE = [4]byte{0xd4, 0xc3, 0xb2, 0xa1}
	pcapMicroBE = [4]byte{0xa1, 0xb2, 0xc3, 0xd4}
	pcapNanoLE  = [4]byte{0x4d, 0x3c, 0xb2, 0xa1}
	pcapNanoBE  = [4]byte{0xa1, 0xb2, 0x3c, 0x4d}
)

const (
	pcapFileHeaderLen = 24
	pcapRecHeaderLen  = 16
	// pcapMaxCapLen is the largest record accepted when the header's snap
	// length is smaller: tcpdump and Wireshark accept up to 256 KiB too.
	pcapMaxCapLen = 262144
)

func isPcapMagic(b []byte) bool {
	m := [4]byte(b[:4])
	return m == pcapMicroLE || m == pcapMicroBE || m == pcapNanoLE || m == pcapNanoBE
}

// pcapReader reads classic libpcap files.
type pcapReader struct {
	src     *bufSrc
	order   binary.ByteOrder
	nanos   bool
	snaplen int
	link    LinkType
}

func newPcapReader(src *bufSrc) (*pcapReader, error) {
	h, err := src.peek(pcapFileHeaderLen)
	if err != nil {
		return nil, readErr(err, "pcap file header", pcapFileHeaderLen, len(h))
	}
	p := &pcapReader{src: src, order: binary.LittleEndian}
	m := [4]byte(h[:4])
	if m == pcapMicroBE || m == pcapNanoBE {
		p.order = binary.BigEndian
	}
	p.nanos = m == pcapNanoLE || m == pcapNanoBE
	if major := p.order.Uint16(h[4:6]); major != 2 {
		return nil, errf(ErrCorrupt, "pcap major version %d, want 2", major)
	}
	p.snaplen = int(p.order.Uint32(h[16:20]) & 0x7fffffff)
	// The upper bits of the link type field carry FCS information.
	p.link = LinkType(p.order.Uint32(h[20:24]) & 0xffff)
	src.discard(pcapFileHeaderLen)
	return p, nil
}

func (p *pcapReader) next(rec *Record) error {
	rec.Offset = p.src.off
	h, err := p.src.peek(pcapRecHeaderLen)
	if err != nil {
		if err == io.EOF {
			return err
		}
		return readErr(err, "record header", pcapRecHeaderLen, len(h))
	}
	sec := p.order.Uint32(h[0:4])
	frac := p.order.Uint32(h[4:8])
	capLen := int(p.order.Uint32(h[8:12]))
	wireLen := int(p.order.Uint32(h[12:16]))
	if capLen > max(p.snaplen, pcapMaxCapLen) || capLen < 0 {
		return errf(ErrCorrupt, "captured length %d exceeds the snap length %d", capLen, p.snaplen)
	}
	if wireLen < capLen {
		// Some writers leave the original length at 0 or too small; take the
		// captured length as the wire length rather than drop the packet.
		wireLen = capLen
	}
	all, err := p.src.peek(pcapRecHeaderLen + capLen)
	if err != nil {
		return readErr(err, "packet data", capLen, len(all)-pcapRecHeaderLen)
	}
	nsec := int64(frac)
	if !p.nanos {
		nsec *= 1000
	}
	rec.Time = time.Unix(int64(sec), nsec).UTC()
	rec.CapLen, rec.WireLen = capLen, wireLen
	rec.LinkType, rec.Interface = p.link, 0
	rec.Data = all[pcapRecHeaderLen:]
	p.src.discard(pcapRecHeaderLen + capLen)
	return nil
}
