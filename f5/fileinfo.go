package f5

import (
	"bytes"
	"strings"
)

// fileInfoEtherType is the ethertype of the fileinfo pseudo-packet's fake
// Ethernet header (§9).
const fileInfoEtherType = 0x05ff

// fileInfoMagic follows the fake 14-byte Ethernet header.
const fileInfoMagic = "F5-Pseudo-pkt\x00"

// FileInfo is the content of the "fileinfo" pseudo-packet BIG-IP 11.2 and later
// write as the first frame of a tcpdump capture (§9). Fields absent from the
// packet are empty.
type FileInfo struct {
	Command  string // CMD: the tcpdump command line as given
	Version  string // VER: BIG-IP version, e.g. "13.1.0.3 0.0.5"
	Host     string // HOST: host name
	Platform string // PLAT: platform id, e.g. "Z100" (Virtual Edition)
	Product  string // PROD: e.g. "BIG-IP"
	Session  string // SESS: capture session (newer versions)
}

// IsFileInfo reports whether frame, a whole captured Ethernet frame, is the
// fileinfo pseudo-packet: 12 zero address bytes, ethertype 0x05ff, then
// "F5-Pseudo-pkt" and a NUL. Such a frame is not traffic.
func IsFileInfo(frame []byte) bool {
	const hdr = 14
	if len(frame) < hdr+len(fileInfoMagic) {
		return false
	}
	for _, c := range frame[:12] {
		if c != 0 {
			return false
		}
	}
	return frame[12] == fileInfoEtherType>>8 && frame[13] == fileInfoEtherType&0xff &&
		string(frame[hdr:hdr+len(fileInfoMagic)]) == fileInfoMagic
}

// ParseFileInfo decodes the fileinfo pseudo-packet in frame, a whole captured
// Ethernet frame. It returns a *ParseError when the frame is not one (see
// IsFileInfo). Its NUL-terminated "KEY: value" strings are read up to the end
// of the frame; unknown keys and strings without a key are ignored.
func ParseFileInfo(frame []byte) (FileInfo, error) {
	if !IsFileInfo(frame) {
		return FileInfo{}, &ParseError{Offset: 0, Msg: "fileinfo: not an F5 fileinfo pseudo-packet"}
	}
	var fi FileInfo
	rest := frame[14+len(fileInfoMagic):]
	for len(rest) > 0 {
		item, after, _ := bytes.Cut(rest, []byte{0})
		rest = after
		key, val, ok := bytes.Cut(item, []byte{':'})
		if !ok {
			continue
		}
		fi.set(string(key), string(bytes.TrimPrefix(val, []byte{' '})))
	}
	return fi, nil
}

func (fi *FileInfo) set(key, val string) {
	switch key {
	case "CMD":
		fi.Command = val
	case "VER":
		fi.Version = val
	case "HOST":
		fi.Host = val
	case "PLAT":
		fi.Platform = val
	case "PROD":
		fi.Product = val
	case "SESS":
		fi.Session = val
	}
}

// NoiseLevel reads the noise level from the tcpdump interface argument in
// Command (§1): ":n" is 1 (low), ":nn" 2 (medium), ":nnn" 3 (high), and a
// trailing "p" means the peer flows were captured too. ok is false when no
// word of the command line ends in such a suffix.
func (fi FileInfo) NoiseLevel() (level int, peer, ok bool) {
	for _, w := range strings.Fields(fi.Command) {
		i := strings.LastIndexByte(w, ':')
		if i < 0 {
			continue
		}
		s := w[i+1:]
		s, peer = strings.CutSuffix(s, "p")
		if n := len(s); n >= 1 && n <= 3 && strings.Count(s, "n") == n {
			return n, peer, true
		}
	}
	return 0, false, false
}
