package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Record is one packet record as read from a capture file. Data aliases the
// reader's buffer and is valid only until the next call to Next.
type Record struct {
	// Frame is the 1-based number of the packet in file order.
	Frame int
	// Offset is the byte offset of the record (pcap record header or pcapng
	// block) in the uncompressed stream.
	Offset int64
	// Time is the capture timestamp (UTC).
	Time time.Time
	// CapLen is the number of bytes captured (len(Data)).
	CapLen int
	// WireLen is the length of the packet on the wire; larger than CapLen
	// when the snap length cut the packet.
	WireLen int
	// LinkType is the link-layer header type of this packet's interface.
	LinkType LinkType
	// Interface is the pcapng interface index within its section (0 for pcap).
	Interface int
	// Data is the captured bytes, starting with the link-layer header.
	Data []byte
}

// Source yields packet records. Next fills rec and returns nil, io.EOF at a
// clean end, or an error (a [*FormatError] for damaged files). Packets
// returned before an error are valid. Implementations need not be safe for
// concurrent use.
type Source interface {
	Next(rec *Record) error
}

// Format names a capture file format.
type Format string

// Formats recognised by [NewReader].
const (
	FormatPcap   Format = "pcap"
	FormatPcapNG Format = "pcapng"
)

// Reader reads pcap or pcapng records from a stream, detecting the format
// from the magic number and undoing gzip compression. It implements
// [Source]. Not safe for concurrent use.
type Reader struct {
	name    string
	format  Format
	gzipped bool
	src     *bufSrc
	impl    interface{ next(*Record) error }
	frame   int
	closer  io.Closer
	done    error // sticky terminal error (io.EOF or *FormatError)
	in      *countReader
	size    int64 // size of the input file, 0 when unknown
}

// Open opens a capture file for reading. The error names the file; a file of
// zero bytes gives [ErrEmptyFile], unknown content [ErrBadMagic], both inside
// a [*FormatError]. Close the Reader when done.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open capture: %w", err)
	}
	r, err := NewReader(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closer = f
	return r, nil
}

// NewReader reads the file header from r and returns a Reader; name is used
// in errors only.
func NewReader(r io.Reader, name string) (*Reader, error) {
	cr := &countReader{r: r}
	rd := &Reader{name: name, src: newBufSrc(cr, initialBufSize), in: cr, size: sizeOf(r)}
	head, err := rd.src.peek(4)
	if len(head) == 0 && errors.Is(err, io.EOF) {
		return nil, &FormatError{File: name, Err: ErrEmptyFile}
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("read capture %s: %w", name, err)
	}
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		if err := rd.unzip(cr); err != nil {
			return nil, err
		}
		head, err = rd.src.peek(4)
	}
	if len(head) < 4 {
		if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errf(ErrBadMagic, "only %d bytes", len(head))
		}
		return nil, rd.wrap(0, 0, err)
	}
	if err := rd.detect(head); err != nil {
		return nil, err
	}
	return rd, nil
}

// unzip restarts reading through a gzip decompressor.
func (rd *Reader) unzip(r io.Reader) error {
	// Hand the gzip reader what was already buffered, then the rest of r.
	buffered := bytes.Clone(rd.src.buf[rd.src.start:rd.src.end])
	zr, err := gzip.NewReader(io.MultiReader(bytes.NewReader(buffered), r))
	if err != nil {
		return rd.wrap(0, 0, fmt.Errorf("%w: gzip header: %v", ErrCorrupt, err))
	}
	rd.gzipped = true
	rd.src = newBufSrc(zr, initialBufSize)
	if h, err := rd.src.peek(1); len(h) == 0 && errors.Is(err, io.EOF) {
		return rd.wrap(0, 0, ErrEmptyFile)
	}
	return nil
}

// detect picks the format from the first four bytes and reads the header.
func (rd *Reader) detect(head []byte) error {
	switch {
	case isPcapMagic(head):
		rd.format = FormatPcap
		p, err := newPcapReader(rd.src)
		if err != nil {
			return rd.wrap(0, 0, err)
		}
		if !p.link.Supported() {
			return rd.wrap(0, 0, errf(ErrUnsupportedLinkType, "%s", p.link))
		}
		rd.impl = p
	case bytes.Equal(head, []byte{0x0a, 0x0d, 0x0d, 0x0a}):
		rd.format = FormatPcapNG
		p, err := newNgReader(rd.src)
		if err != nil {
			return rd.wrap(p.blockOff, 0, err)
		}
		rd.impl = p
	default:
		return rd.wrap(0, 0, errf(ErrBadMagic, "first bytes %s", hex.EncodeToString(head)))
	}
	return nil
}

func (rd *Reader) wrap(off int64, pkt int, err error) error {
	return &FormatError{File: rd.name, Offset: off, Packet: pkt, Err: err}
}

// Next reads the next record. It returns io.EOF at the clean end of the file
// and a [*FormatError] (wrapping [ErrTruncated] or [ErrCorrupt]) at damage;
// after either, every further call returns the same error.
func (rd *Reader) Next(rec *Record) error {
	if rd.done != nil {
		return rd.done
	}
	rec.Frame = rd.frame + 1
	err := rd.impl.next(rec)
	if err == nil {
		rd.frame++
		return nil
	}
	if err == io.EOF {
		rd.done = io.EOF
		return io.EOF
	}
	var fe *FormatError
	if !errors.As(err, &fe) {
		err = rd.wrap(rec.Offset, rec.Frame, err)
	}
	rd.done = err
	return err
}

// Format returns the detected file format.
func (rd *Reader) Format() Format { return rd.format }

// Gzipped reports whether the file was gzip-compressed.
func (rd *Reader) Gzipped() bool { return rd.gzipped }

// Name returns the name given to Open or NewReader.
func (rd *Reader) Name() string { return rd.name }

// Packets returns the number of records read so far.
func (rd *Reader) Packets() int { return rd.frame }

// Position returns the bytes read so far from the input given to Open or
// NewReader (compressed bytes for a gzip file; reading runs ahead of the
// records returned by up to a buffer of 1 MiB) and the input's size: the
// file size when the input is a regular file, else 0 (unknown).
func (rd *Reader) Position() (read, total int64) { return rd.in.n, rd.size }

// Close closes the file opened by Open; it is a no-op for NewReader.
func (rd *Reader) Close() error {
	if rd.closer == nil {
		return nil
	}
	return rd.closer.Close()
}

// readErr converts a short read into ErrTruncated and keeps other errors.
func readErr(err error, what string, want, got int) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errf(ErrTruncated, "%s needs %d bytes, only %d left", what, want, got)
	}
	return fmt.Errorf("read %s: %w", what, err)
}
