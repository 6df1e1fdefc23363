package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"time"
)

// samplePkts are records of varied lengths (pcapng pads to 4 bytes), one
// cut by the snap length, with micro- and nanosecond parts.
func samplePkts() []testPkt {
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)
	mk := func(n int, seed byte) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = seed + byte(i)
		}
		return b
	}
	return []testPkt{
		{t: t0, data: mk(60, 1)},
		{t: t0.Add(1500 * time.Microsecond), iface: 1, data: mk(61, 2)},
		{t: t0.Add(2 * time.Second), data: mk(1514, 3), wire: 3000},
		{t: t0.Add(3*time.Second + 7*time.Microsecond), iface: 1, data: mk(1, 4)},
	}
}

// readAll reads every record, copying the data, and returns the error that
// ended reading (nil at a clean EOF).
func readAll(t *testing.T, r Source) ([]Record, error) {
	t.Helper()
	var out []Record
	for {
		var rec Record
		err := r.Next(&rec)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		rec.Data = bytes.Clone(rec.Data)
		out = append(out, rec)
	}
}

type readerCase struct {
	name   string
	file   []byte
	format Format
	links  []LinkType // per packet
	offs   []int64    // nil: not checked
	nanos  bool       // timestamps keep nanoseconds
	noTime bool       // simple packet blocks carry no time
}

func readerCases() []readerCase {
	pk := samplePkts()
	var cases []readerCase
	for _, o := range []struct {
		name  string
		order byteOrder
	}{{"le", binary.LittleEndian}, {"be", binary.BigEndian}} {
		for _, nanos := range []bool{false, true} {
			f, offs := writePcap(o.order, nanos, LinkEthernet, pk)
			name := "pcap-" + o.name + map[bool]string{false: "-usec", true: "-nsec"}[nanos]
			links := []LinkType{LinkEthernet, LinkEthernet, LinkEthernet, LinkEthernet}
			cases = append(cases, readerCase{name, f, FormatPcap, links, offs, nanos, false})
		}
		f, offs := writePcapng(ngSection{order: o.order, links: []LinkType{LinkEthernet, LinkSLL2}, tsres: []byte{0, 9}, pkts: pk})
		links := []LinkType{LinkEthernet, LinkSLL2, LinkEthernet, LinkSLL2}
		cases = append(cases, readerCase{"pcapng-" + o.name, f, FormatPcapNG, links, offs, false, false})
	}
	// Two sections of different byte order, each with its own interfaces.
	f, offs := writePcapng(
		ngSection{order: binary.BigEndian, links: []LinkType{LinkNull, LinkRaw}, pkts: pk[:2]},
		ngSection{order: binary.LittleEndian, links: []LinkType{LinkIPv4, LinkIPv6}, tsres: []byte{9, 9}, pkts: pk[2:]},
	)
	cases = append(cases, readerCase{"pcapng-two-sections", f, FormatPcapNG,
		[]LinkType{LinkNull, LinkRaw, LinkIPv4, LinkIPv6}, offs, false, false})
	spb := pk[:1]
	f, offs = writePcapng(ngSection{order: binary.LittleEndian, links: []LinkType{LinkSLL}, pkts: spb, simple: true})
	cases = append(cases, readerCase{"pcapng-simple-packet", f, FormatPcapNG, []LinkType{LinkSLL}, offs, false, true})
	return cases
}

// TestReaderFormats reads every format variant plainly, gzipped and one
// byte at a time, and checks frame numbers, offsets, times, link types and
// bytes of every record.
func TestReaderFormats(t *testing.T) {
	for _, c := range readerCases() {
		for _, mode := range []string{"plain", "gzip", "one-byte-reads"} {
			t.Run(c.name+"/"+mode, func(t *testing.T) {
				var in io.Reader = bytes.NewReader(c.file)
				switch mode {
				case "gzip":
					in = bytes.NewReader(gzipped(c.file))
				case "one-byte-reads":
					in = iotest.OneByteReader(bytes.NewReader(c.file))
				}
				r, err := NewReader(in, c.name)
				if err != nil {
					t.Fatal(err)
				}
				if r.Format() != c.format || r.Gzipped() != (mode == "gzip") {
					t.Errorf("format %s gzip %v", r.Format(), r.Gzipped())
				}
				recs, err := readAll(t, r)
				if err != nil {
					t.Fatal(err)
				}
				checkRecords(t, c, recs)
			})
		}
	}
}

func checkRecords(t *testing.T, c readerCase, recs []Record) {
	t.Helper()
	want := samplePkts()[:len(c.links)]
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i, rec := range recs {
		w := want[i]
		wt := w.t
		if !c.nanos {
			wt = wt.Truncate(time.Microsecond)
		}
		if c.noTime {
			wt = time.Time{}
		}
		if rec.Frame != i+1 || !rec.Time.Equal(wt) || rec.LinkType != c.links[i] {
			t.Errorf("record %d: frame %d time %v link %v, want %d %v %v", i, rec.Frame, rec.Time, rec.LinkType, i+1, wt, c.links[i])
		}
		if c.offs != nil && rec.Offset != c.offs[i] {
			t.Errorf("record %d: offset %d, want %d", i, rec.Offset, c.offs[i])
		}
		if !bytes.Equal(rec.Data, w.data) || rec.CapLen != len(w.data) || rec.WireLen != w.wireLen() {
			t.Errorf("record %d: %d bytes caplen %d wirelen %d, want %d %d", i, len(rec.Data), rec.CapLen, rec.WireLen, len(w.data), w.wireLen())
		}
	}
}

// TestReaderZeroCopy checks that Data aliases the reader's buffer: no
// allocation per record once the buffer is warm.
func TestReaderZeroCopy(t *testing.T) {
	one, _ := writePcap(binary.LittleEndian, false, LinkEthernet, samplePkts()[:1])
	many := bytes.Clone(one)
	for range 2000 {
		many = append(many, one[24:]...)
	}
	r, err := NewReader(bytes.NewReader(many), "many")
	if err != nil {
		t.Fatal(err)
	}
	var rec Record
	allocs := testing.AllocsPerRun(1000, func() {
		if err := r.Next(&rec); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per record", allocs)
	}
}

func isFormatErr(err error, sentinel error) bool {
	var fe *FormatError
	return errors.As(err, &fe) && errors.Is(err, sentinel)
}
