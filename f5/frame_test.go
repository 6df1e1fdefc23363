package f5

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/hopaudit/hopaudit/internal/testcorpus"
)

// frame is one captured packet of a test capture.
type frame struct {
	num     int // 1-based frame number, as tshark counts
	data    []byte
	wireLen int
}

// readFrames reads every packet of a pcap file in the corpus.
func readFrames(t testing.TB, name string) []frame {
	t.Helper()
	path := filepath.Join(testcorpus.Dir(t, "f5"), name)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("corpus file absent: %v", err)
	}
	defer f.Close()
	r, err := openCapture(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []frame
	for {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: packet %d: %v", path, len(out)+1, err)
		}
		out = append(out, frame{num: len(out) + 1, data: data, wireLen: ci.Length})
	}
}

// packetReader is what pcapgo's pcap and pcapng readers have in common.
type packetReader interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// openCapture opens a pcap or, by its magic, a pcapng file (text2pcap, which
// built issue17171-frame1.pcap, writes pcapng).
func openCapture(f *os.File) (packetReader, error) {
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if magic == [4]byte{0x0a, 0x0d, 0x0d, 0x0a} {
		return pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
	}
	return pcapgo.NewReader(f)
}

// l3 describes where the IP datagram sits in an Ethernet frame.
type l3 struct {
	start, end int  // IP header offset, end of the datagram
	proto      byte // IPv4 protocol / IPv6 next header
	l4         int  // offset of the L4 header (IPv6: after the fixed header only)
}

// findL3 walks Ethernet II and any 802.1Q/802.1ad tags and computes the end of
// an IPv4 or IPv6 datagram from its own length field (§2).
func findL3(b []byte) (l3, bool) {
	off := 12
	for {
		if len(b) < off+2 {
			return l3{}, false
		}
		et := binary.BigEndian.Uint16(b[off:])
		if et != 0x8100 && et != 0x88a8 {
			break
		}
		off += 4
	}
	et := binary.BigEndian.Uint16(b[off:])
	s := off + 2
	switch {
	case et == 0x0800 && len(b) >= s+20:
		ihl := int(b[s]&0x0f) * 4
		return l3{start: s, end: s + int(binary.BigEndian.Uint16(b[s+2:])), proto: b[s+9], l4: s + ihl}, true
	case et == 0x86dd && len(b) >= s+40:
		return l3{start: s, end: s + 40 + int(binary.BigEndian.Uint16(b[s+4:])), proto: b[s+6], l4: s + 40}, true
	}
	return l3{}, false
}

// trailerBytes returns what the capture layer hands to ParseTrailer: the bytes
// after the IP datagram, only for fully captured frames.
func trailerBytes(f frame) ([]byte, l3, bool) {
	ip, ok := findL3(f.data)
	if !ok || len(f.data) != f.wireLen || ip.end >= len(f.data) {
		return nil, ip, false
	}
	return f.data[ip.end:], ip, true
}

// tcpFlags returns the TCP flags byte of a frame's segment.
func tcpFlags(f frame, ip l3) (byte, bool) {
	if ip.proto != 6 || len(f.data) < ip.l4+14 {
		return 0, false
	}
	return f.data[ip.l4+13], true
}
