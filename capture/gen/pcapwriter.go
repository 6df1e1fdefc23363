package gen

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// PcapWriter writes a little-endian microsecond pcap file through a buffer.
// Call Flush at the end. Not safe for concurrent use.
type PcapWriter struct {
	w   *bufio.Writer
	hdr [16]byte
	n   int
}

// NewPcapWriter writes the pcap file header for the link type (1 for
// Ethernet) and returns the writer.
func NewPcapWriter(w io.Writer, linkType uint32) (*PcapWriter, error) {
	pw := &PcapWriter{w: bufio.NewWriterSize(w, 1<<20)}
	var h [24]byte
	binary.LittleEndian.PutUint32(h[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], 262144)
	binary.LittleEndian.PutUint32(h[20:], linkType)
	if _, err := pw.w.Write(h[:]); err != nil {
		return nil, fmt.Errorf("write pcap header: %w", err)
	}
	return pw, nil
}

// WritePacket writes one record captured whole at time t.
func (pw *PcapWriter) WritePacket(t time.Time, data []byte) error {
	binary.LittleEndian.PutUint32(pw.hdr[0:], uint32(t.Unix()))
	binary.LittleEndian.PutUint32(pw.hdr[4:], uint32(t.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(pw.hdr[8:], uint32(len(data)))
	binary.LittleEndian.PutUint32(pw.hdr[12:], uint32(len(data)))
	if _, err := pw.w.Write(pw.hdr[:]); err != nil {
		return fmt.Errorf("write packet %d: %w", pw.n+1, err)
	}
	if _, err := pw.w.Write(data); err != nil {
		return fmt.Errorf("write packet %d: %w", pw.n+1, err)
	}
	pw.n++
	return nil
}

// Packets returns the number of packets written.
func (pw *PcapWriter) Packets() int { return pw.n }

// Flush writes buffered data to the underlying writer.
func (pw *PcapWriter) Flush() error { return pw.w.Flush() }
