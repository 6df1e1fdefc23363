package f5

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// golden is one tshark golden file: a header row of field names and one row
// per frame (see testdata/make-golden.sh).
type golden struct {
	fields []string
	rows   []map[string]string // index: frame number - 1
}

func loadGolden(t *testing.T, name string) golden {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var g golden
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if g.fields == nil {
			g.fields = cols
			continue
		}
		row := make(map[string]string, len(cols))
		for i, c := range cols {
			if i < len(g.fields) {
				row[g.fields[i]] = c
			}
		}
		g.rows = append(g.rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return g
}

// tsharkView renders a Trailer the way tshark prints the f5ethtrailer fields
// recorded in the goldens. Fields tshark would not show are left out.
func tsharkView(tr Trailer) map[string]string {
	m := map[string]string{}
	put := func(k, format string, v any) { m["f5ethtrailer."+k] = fmt.Sprintf(format, v) }
	if tr.Low.Present {
		put("ingress", "%d", b2i(tr.Direction == DirIn))
		put("slot", "%d", tr.Slot)
		put("tmm", "%d", tr.TMM)
		put("vip", "%s", tr.VirtualServer)
	}
	if tr.Medium.Present {
		put("flowid", "0x%016x", tr.FlowID)
		put("peerid", "0x%016x", tr.PeerFlowID)
		if tr.Medium.Version >= 3 {
			put("cfflags2", "0x%08x", tr.ConnFlagsHigh)
		}
		put("cfflags", "0x%08x", tr.ConnFlags)
		put("flowtype", "0x%02x", tr.FlowType)
		put("haunit", "0x%02x", tr.HAUnit)
		if tr.Medium.Version >= 2 {
			put("priority", "%d", tr.Priority)
		}
	}
	if tr.HasRSTCause {
		put("rstcausever", "%d", 0)
		put("rstcausepeer", "%d", b2i(tr.RSTCausePeer))
		put("rstcauseval", "0x%016x", tr.RSTCauseAddr)
		put("rstcauseline", "%d", tr.RSTCauseLine)
		put("rstcausetxt", "%s", tr.RSTCause)
	}
	if tr.HasPeer {
		put("peeripproto", "%d", tr.PeerProtocol)
		put("peervlan", "%d", tr.PeerVLAN)
		put("peerremoteaddr6", "%s", as6(tr.PeerRemote.Addr().As16()))
		put("peerlocaladdr6", "%s", as6(tr.PeerLocal.Addr().As16()))
		put("peerremoteport", "%d", tr.PeerRemote.Port())
		put("peerlocalport", "%d", tr.PeerLocal.Port())
	} else if tr.High.Present {
		put("nopeer", "%d", 1)
	}
	if tr.HasOrigFCS {
		put("orig_fcs", "0x%08x", tr.OrigFCS)
	}
	if tr.Format == FormatDPT {
		put("trailer_version", "%d", tr.DPTVersion)
	}
	return m
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// as6 prints a 16-byte address the way Wireshark prints an IPv6 field.
func as6(a [16]byte) string {
	if [12]byte(a[:12]) == [12]byte{10: 0xff, 11: 0xff} {
		return fmt.Sprintf("::ffff:%d.%d.%d.%d", a[12], a[13], a[14], a[15])
	}
	return netip.AddrFrom16(a).String()
}

// legacyTypes renders the record types and versions as tshark's aggregated
// f5ethtrailer.type / .version (records appear low, medium, high on the wire).
func legacyTypes(tr Trailer) (types, versions string) {
	var ty, ve []string
	for i, l := range []Level{tr.Low, tr.Medium, tr.High} {
		if l.Present {
			ty = append(ty, strconv.Itoa(i+1))
			ve = append(ve, strconv.Itoa(int(l.Version)))
		}
	}
	return strings.Join(ty, ","), strings.Join(ve, ",")
}

// compareGolden checks every decoded field of one frame against tshark's row
// and returns the differences.
func compareGolden(g golden, row map[string]string, tr Trailer) []string {
	got := tsharkView(tr)
	if tr.Format == FormatLegacy {
		got["f5ethtrailer.type"], got["f5ethtrailer.version"] = legacyTypes(tr)
	}
	var diffs []string
	for _, k := range g.fields {
		switch k {
		case "frame.number", "f5ethtrailer.provider":
			continue
		case "f5ethtrailer.type", "f5ethtrailer.version":
			if tr.Format != FormatLegacy {
				continue // DPT: these are the unknown provider's record header
			}
		}
		if got[k] != row[k] {
			diffs = append(diffs, fmt.Sprintf("%s: got %q, tshark %q", k, got[k], row[k]))
		}
	}
	return diffs
}
