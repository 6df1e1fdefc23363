package capture

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by [*FormatError]. Test for them with errors.Is.
var (
	// ErrEmptyFile is returned for a file of zero bytes: not even a header.
	ErrEmptyFile = errors.New("empty file (0 bytes)")
	// ErrBadMagic is returned when the first bytes are neither pcap, pcapng
	// nor gzip.
	ErrBadMagic = errors.New("not a pcap or pcapng file")
	// ErrTruncated means the file ends in the middle of a header or record.
	ErrTruncated = errors.New("file ends in the middle of a record")
	// ErrCorrupt means a header or record holds impossible values.
	ErrCorrupt = errors.New("corrupt record")
	// ErrUnsupportedLinkType means a pcap file's link type is not decoded by
	// this package (pcapng interfaces with such link types are skipped with a
	// warning instead).
	ErrUnsupportedLinkType = errors.New("unsupported link type")
)

// FormatError reports a problem in a capture file at a position.
// Callers branch on it with errors.As and on its cause with errors.Is
// against the sentinel errors of this package.
type FormatError struct {
	// File is the name the capture was opened with.
	File string
	// Offset is the byte offset, in the uncompressed stream, of the header
	// or record where the problem was found.
	Offset int64
	// Packet is the 1-based number of the packet whose record is damaged,
	// or 0 when the problem is in the file header or a non-packet block.
	Packet int
	// Err is the cause; it wraps one of the sentinel errors.
	Err error
}

// Error formats the error as "capture FILE: packet N at byte OFF: cause".
func (e *FormatError) Error() string {
	if e.Packet > 0 {
		return fmt.Sprintf("capture %s: packet %d at byte %d: %v", e.File, e.Packet, e.Offset, e.Err)
	}
	return fmt.Sprintf("capture %s: at byte %d: %v", e.File, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }

// errf wraps a sentinel with detail text: errf(ErrCorrupt, "caplen %d", n).
func errf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
}
