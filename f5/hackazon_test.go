package f5

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"
)

const (
	hackazonVS      = "/Common/hackazon.f5demo.com.app/hackazon.f5demo.com_vs"
	hackazonRedirVS = "/Common/hackazon.f5demo.com.app/hackazon.f5demo.com_redir_vs"
)

// decoded is one frame of a sample capture with its trailer.
type decoded struct {
	frame
	ip l3
	tr Trailer
}

// decodeHackazon parses every trailer of hackazon2.pcap, comparing each frame
// with tshark's golden view on the way.
func decodeHackazon(t *testing.T) []decoded {
	t.Helper()
	frames := readFrames(t, "hackazon2.pcap")
	g := loadGolden(t, "hackazon2.tshark.tsv")
	if len(frames) != 1722 || len(g.rows) != len(frames) {
		t.Fatalf("got %d frames and %d golden rows, want 1722 each", len(frames), len(g.rows))
	}
	var out []decoded
	var p Parser
	bad := 0
	for _, f := range frames {
		if IsFileInfo(f.data) {
			checkFileInfo(t, f)
			continue
		}
		tb, ip, ok := trailerBytes(f)
		if !ok {
			t.Fatalf("frame %d: no bytes after the IP datagram", f.num)
		}
		tr, err := ParseTrailer(tb)
		if err != nil {
			t.Fatalf("frame %d: %v", f.num, err)
		}
		if tr2, err := p.Parse(tb); err != nil || tr2 != tr {
			t.Fatalf("frame %d: Parser.Parse differs from ParseTrailer: %v\n%+v\n%+v", f.num, err, tr2, tr)
		}
		if diffs := compareGolden(g, g.rows[f.num-1], tr); len(diffs) > 0 {
			t.Errorf("frame %d differs from tshark:\n  %s", f.num, strings.Join(diffs, "\n  "))
			if bad++; bad == 10 {
				t.Fatal("too many frames differ, stopping")
			}
		}
		out = append(out, decoded{frame: f, ip: ip, tr: tr})
	}
	return out
}

func checkFileInfo(t *testing.T, f frame) {
	t.Helper()
	if f.num != 1 {
		t.Errorf("frame %d is a fileinfo pseudo-packet, only frame 1 should be", f.num)
	}
	row := loadGolden(t, "hackazon2.fileinfo.tsv").rows[0]
	fi, err := ParseFileInfo(f.data)
	if err != nil {
		t.Fatal(err)
	}
	want := FileInfo{
		Command: row["f5fileinfo.cmdline"], Version: row["f5fileinfo.version"],
		Host: row["f5fileinfo.hostname"], Platform: row["f5fileinfo.platform"],
		Product: row["f5fileinfo.product"],
		Session: "0", // tshark 4.0.17 has no field for SESS; the bytes read "SESS: 0"
	}
	if fi != want {
		t.Errorf("fileinfo:\n got %+v\nwant %+v", fi, want)
	}
	if lvl, peer, ok := fi.NoiseLevel(); lvl != 3 || peer || !ok {
		t.Errorf("NoiseLevel() = %d, %v, %v, want 3, false, true", lvl, peer, ok)
	}
}

func TestHackazonAgainstTshark(t *testing.T) {
	all := decodeHackazon(t)
	if len(all) != 1721 {
		t.Fatalf("decoded %d trailers, want 1721", len(all))
	}
	vips := map[string]int{}
	var rsts, causes, peers int
	for _, d := range all {
		tr := d.tr
		if tr.Format != FormatLegacy || tr.Offset != 0 || tr.Ignored != 0 || tr.Unknown != 0 {
			t.Errorf("frame %d: format %v, offset %d, ignored %d, unknown %d",
				d.num, tr.Format, tr.Offset, tr.Ignored, tr.Unknown)
		}
		vips[tr.VirtualServer]++
		if tr.HasPeer {
			peers++
		}
		flags, _ := tcpFlags(d.frame, d.ip)
		isRST := flags&0x04 != 0
		if isRST {
			rsts++
		}
		if tr.HasRSTCause {
			causes++
			if !isRST || tr.RSTCause != "No local listener" || tr.Direction != DirOut {
				t.Errorf("frame %d: cause %q on flags %#x, direction %v", d.num, tr.RSTCause, flags, tr.Direction)
			}
			if c, _ := tr.Cause(); c.String() != "[0x287fa33:2267] No local listener" {
				t.Errorf("frame %d: Cause().String() = %q", d.num, c.String())
			}
		}
	}
	if rsts != 7 || causes != 7 {
		t.Errorf("got %d RSTs and %d RST causes, want 7 and 7", rsts, causes)
	}
	if vips[hackazonVS] != 1666 || vips[hackazonRedirVS] != 9 || vips[""] != 46 || len(vips) != 3 {
		t.Errorf("virtual servers: %v", vips)
	}
	if peers != 625 {
		t.Errorf("%d frames with a peer tuple, want 625", peers)
	}
}

// TestHackazonFlowLinks checks that flow ids identify the client-side
// connection and that each server-side connection (the peer tuple) carries
// exactly one peer flow id and belongs to exactly one client-side flow.
func TestHackazonFlowLinks(t *testing.T) {
	all := decodeHackazon(t)
	flows := map[string]map[uint64]bool{}     // client conn -> flow ids
	server := map[netip.AddrPort][2]uint64{}  // peer local endpoint -> {flow, peer}
	serverConn := map[netip.AddrPort]string{} // peer local endpoint -> client conn
	for _, d := range all {
		conn := connKey(d)
		tr := d.tr
		if tr.FlowID == 0 {
			flags, _ := tcpFlags(d.frame, d.ip)
			if flags != 0x02 || tr.Direction != DirIn {
				t.Errorf("frame %d: no flow id on flags %#x %v, want only inbound SYNs", d.num, flags, tr.Direction)
			}
			continue
		}
		if flows[conn] == nil {
			flows[conn] = map[uint64]bool{}
		}
		flows[conn][tr.FlowID] = true
		if !tr.HasPeer {
			continue
		}
		if tr.PeerFlowID == tr.FlowID || tr.PeerProtocol != 6 || tr.PeerVLAN != 4093 ||
			tr.PeerRemote != netip.MustParseAddrPort("10.1.20.20:80") ||
			tr.PeerLocal.Addr() != netip.MustParseAddr("10.1.20.240") {
			t.Errorf("frame %d: unexpected peer %v", d.num, tr)
		}
		ids := [2]uint64{tr.FlowID, tr.PeerFlowID}
		if old, ok := server[tr.PeerLocal]; ok && (old != ids || serverConn[tr.PeerLocal] != conn) {
			t.Errorf("frame %d: server side %v seen with flow/peer %x and %x, conns %s and %s",
				d.num, tr.PeerLocal, old, ids, serverConn[tr.PeerLocal], conn)
		}
		server[tr.PeerLocal], serverConn[tr.PeerLocal] = ids, conn
	}
	for conn, ids := range flows {
		if len(ids) != 1 {
			t.Errorf("connection %s carries %d flow ids, want 1: %v", conn, len(ids), ids)
		}
	}
	if len(flows) != 39 || len(server) < 25 {
		t.Errorf("%d client connections and %d server-side connections, want 39 and at least 25", len(flows), len(server))
	}
}

// connKey returns the frame's TCP connection as "a b" with a < b.
func connKey(d decoded) string {
	b, ip := d.data, d.ip
	src := netip.AddrPortFrom(netip.AddrFrom4([4]byte(b[ip.start+12:])), binary.BigEndian.Uint16(b[ip.l4:]))
	dst := netip.AddrPortFrom(netip.AddrFrom4([4]byte(b[ip.start+16:])), binary.BigEndian.Uint16(b[ip.l4+2:]))
	x, y := src.String(), dst.String()
	if x > y {
		x, y = y, x
	}
	return x + " " + y
}

func TestIssue17171AgainstTshark(t *testing.T) {
	frames := readFrames(t, "issue17171-frame1.pcap")
	g := loadGolden(t, "issue17171.tshark.tsv")
	if len(frames) != 1 || len(g.rows) != 1 {
		t.Fatalf("got %d frames, %d golden rows, want 1", len(frames), len(g.rows))
	}
	tb, _, ok := trailerBytes(frames[0])
	if !ok {
		t.Fatal("no bytes after the IP datagram")
	}
	tr, err := ParseTrailer(tb)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := compareGolden(g, g.rows[0], tr); len(diffs) > 0 {
		t.Errorf("differs from tshark:\n  %s", strings.Join(diffs, "\n  "))
	}
	want := Trailer{Format: FormatDPT, DPTVersion: 1, Offset: 4, HasOrigFCS: true, OrigFCS: 0x00d43e2f, Unknown: 1}
	if tr != want || g.rows[0]["f5ethtrailer.provider"] != "5" {
		t.Errorf("got %+v\nwant %+v", tr, want)
	}
}
