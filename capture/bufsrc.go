package capture

import (
	"errors"
	"io"
)

// bufSrc is a buffered byte source that hands out slices of its own buffer
// (valid until the next call) and knows the offset of every byte it returns.
// It replaces bufio.Reader so that record offsets are exact and records are
// returned without a copy.
type bufSrc struct {
	r     io.Reader
	buf   []byte
	start int   // first unread byte in buf
	end   int   // one past the last valid byte in buf
	off   int64 // stream offset of buf[start]
	err   error // sticky read error
	max   int   // largest buffer it may grow to

	zeroReads int // consecutive reads that returned nothing
}

const (
	initialBufSize = 16 << 10 // small files need no more
	steadyBufSize  = 1 << 20  // the buffer doubles up to this as a file goes on
	maxBufSize     = 64 << 20 // largest record or block accepted
)

func newBufSrc(r io.Reader, size int) *bufSrc {
	return &bufSrc{r: r, buf: make([]byte, size), max: maxBufSize}
}

// peek returns the next n bytes without consuming them. When fewer than n
// bytes remain it returns what is there and io.EOF (nothing left) or
// io.ErrUnexpectedEOF (something left). Other read errors are returned as is.
func (b *bufSrc) peek(n int) ([]byte, error) {
	if n > b.max {
		return nil, errf(ErrCorrupt, "record of %d bytes is larger than the %d byte limit", n, b.max)
	}
	for b.end-b.start < n && b.err == nil {
		b.fill(n)
	}
	if avail := b.end - b.start; avail < n {
		err := b.err
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
			if avail == 0 {
				err = io.EOF
			}
		}
		return b.buf[b.start:b.end], err
	}
	return b.buf[b.start : b.start+n], nil
}

// fill makes room for n bytes and reads once from the underlying reader.
func (b *bufSrc) fill(n int) {
	if n > len(b.buf) || (b.start+n > len(b.buf) && len(b.buf) < steadyBufSize) {
		// Grow step by step, so that a damaged length field claiming a huge
		// record costs no more than the bytes that actually arrive.
		nb := make([]byte, min(max(n, 2*len(b.buf)), max(2*len(b.buf), steadyBufSize)))
		b.end = copy(nb, b.buf[b.start:b.end])
		b.start, b.buf = 0, nb
	} else if b.start+n > len(b.buf) {
		b.end = copy(b.buf, b.buf[b.start:b.end])
		b.start = 0
	}
	if b.end == len(b.buf) {
		return // grown on the next call
	}
	m, err := b.r.Read(b.buf[b.end:])
	if m < 0 || m > len(b.buf)-b.end {
		m, err = 0, errors.New("reader returned an invalid count")
	}
	b.end += m
	if m > 0 {
		b.zeroReads = 0
	}
	if err != nil {
		b.err = err
	} else if m == 0 {
		b.zeroReads++
		if b.zeroReads > 100 {
			b.err = io.ErrNoProgress
		}
	}
}

// discard consumes n bytes that a previous peek returned.
func (b *bufSrc) discard(n int) {
	b.start += n
	b.off += int64(n)
}
