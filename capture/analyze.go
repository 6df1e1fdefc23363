package capture

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Warning is a problem that did not stop the analysis.
type Warning struct {
	// Offset and Packet locate the problem (0 when not tied to one).
	Offset int64
	Packet int
	// Err is the problem; a [*FormatError] for damage.
	Err error
}

// String formats the warning with its position.
func (w Warning) String() string { return w.Err.Error() }

// maxWarnings bounds CaptureStats.Warnings; WarningsDropped counts the rest.
const maxWarnings = 100

// CaptureStats describes one capture file as read.
type CaptureStats struct {
	File    string
	Format  Format
	Gzipped bool
	// LinkTypes lists the link types of the packets, in order of first use.
	LinkTypes []LinkType
	// Packets counts records read; TCPPackets those decoded as TCP.
	Packets, TCPPackets int
	// NonTCP counts well-formed packets that are not TCP (skipped).
	NonTCP int
	// Malformed counts packets whose headers were cut or inconsistent.
	Malformed int
	// UnsupportedLink counts packets on interfaces of unknown link type.
	UnsupportedLink int
	// Truncated counts TCP packets cut by the snap length.
	Truncated int
	// First and Last are the first and last packet times (zero if none).
	First, Last time.Time
	// Damaged is true when reading stopped at damage; the warning says where.
	Damaged bool
	// Warnings lists problems in file order (at most 100).
	Warnings        []Warning
	WarningsDropped int
	// Tracker holds the connection tracker's counters.
	Tracker TrackerStats
}

// Result is the outcome of analysing one capture.
type Result struct {
	Stats CaptureStats
	// Conns are the finished connections ordered by ID; nil when
	// Options.OnConn received them instead.
	Conns []*Conn
}

// Analyze reads one capture file and tracks its TCP connections. An error
// is returned only when nothing can be read (missing file, empty file, bad
// magic, unsupported pcap link type); damage later in the file ends the
// analysis with a warning and Stats.Damaged set.
func Analyze(path string, opts Options) (*Result, error) {
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res, err := AnalyzeSource(path, r, opts)
	if res != nil {
		res.Stats.Format, res.Stats.Gzipped = r.Format(), r.Gzipped()
	}
	return res, err
}

// AnalyzeSource tracks the TCP connections of packets from src; name is
// used in warnings. A [*FormatError] from src becomes a warning; any other
// error from src is returned along with the partial result.
func AnalyzeSource(name string, src Source, opts Options) (*Result, error) {
	var async *asyncOnConn
	if opts.OnConnAsync && opts.OnConn != nil {
		async = newAsyncOnConn(opts.OnConn)
		opts.OnConn = async.add
	}
	a := analyzer{tr: NewTracker(opts), prog: newProgress(opts.Progress, src)}
	a.stats.File = name
	err := a.run(src)
	if a.prog != nil {
		a.prog.done()
	}
	res := &Result{Stats: a.stats}
	res.Conns = a.tr.Finish(a.stats.Last)
	if async != nil {
		async.wait()
	}
	res.Stats.Tracker = a.tr.Stats()
	if res.Stats.Packets == 0 && err == nil {
		res.Stats.warn(Warning{Err: fmt.Errorf("capture %s: no packets", name)})
	}
	return res, err
}

type analyzer struct {
	tr    *Tracker
	stats CaptureStats
	rec   Record
	pkt   Packet
	prog  *progress // nil when no progress is wanted
}

func (a *analyzer) run(src Source) error {
	for {
		err := src.Next(&a.rec)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var fe *FormatError
			if errors.As(err, &fe) {
				a.stats.Damaged = true
				a.stats.warn(Warning{Offset: fe.Offset, Packet: fe.Packet, Err: err})
				return nil
			}
			return fmt.Errorf("capture %s: packet %d: %w", a.stats.File, a.rec.Frame, err)
		}
		a.packet(&a.rec, Decode(&a.rec, &a.pkt), &a.pkt)
		if a.prog != nil {
			a.prog.tick()
		}
	}
}

// packet counts one decoded record and feeds TCP to the tracker.
func (a *analyzer) packet(rec *Record, kind Kind, p *Packet) {
	s := &a.stats
	s.Packets++
	if s.Packets == 1 {
		s.First = rec.Time
	}
	if rec.Time.After(s.Last) {
		s.Last = rec.Time
	}
	a.linkType(rec)
	switch kind {
	case KindTCP:
		s.TCPPackets++
		if p.Truncated {
			s.Truncated++
		}
		a.tr.Add(p)
	case KindOther:
		s.NonTCP++
	case KindMalformed:
		if s.Malformed == 0 {
			s.warn(Warning{rec.Offset, rec.Frame, fmt.Errorf("capture %s: packet %d at byte %d: malformed headers (further ones are only counted)", s.File, rec.Frame, rec.Offset)})
		}
		s.Malformed++
	case KindUnsupportedLink:
		s.UnsupportedLink++
	}
}

// linkType records a link type the first time it is seen.
func (a *analyzer) linkType(rec *Record) {
	l := rec.LinkType
	for _, x := range a.stats.LinkTypes {
		if x == l {
			return
		}
	}
	a.stats.LinkTypes = append(a.stats.LinkTypes, l)
	if !l.Supported() {
		a.stats.warn(Warning{rec.Offset, rec.Frame, &FormatError{File: a.stats.File, Offset: rec.Offset,
			Packet: rec.Frame, Err: errf(ErrUnsupportedLinkType, "%s: its packets are skipped", l)}})
	}
}

func (s *CaptureStats) warn(w Warning) {
	if len(s.Warnings) >= maxWarnings {
		s.WarningsDropped++
		return
	}
	s.Warnings = append(s.Warnings, w)
}
