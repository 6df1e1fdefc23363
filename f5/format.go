package f5

import "strconv"

// String returns a short one-line summary, for example
//
//	vs=/Common/eas_vip flow=0x5600df76d300 peer=0x5600df76b600 tmm=1 slot=1 out peer-conn=tcp 10.1.20.240:49925->10.1.20.20:80 rst="No local listener"
//
// Parts whose noise level was absent are left out; names that are not plain
// printable ASCII are quoted. TLS secrets are only mentioned, never shown.
func (t Trailer) String() string {
	if t.Format == FormatUnknown {
		return "no trailer"
	}
	b := make([]byte, 0, 160)
	if t.VirtualServer != "" {
		b = appendName(append(b, "vs="...), t.VirtualServer)
	}
	if t.PhysPort != "" {
		b = appendName(append(b, " port="...), t.PhysPort)
	}
	if t.Trunk != "" {
		b = appendName(append(b, " trunk="...), t.Trunk)
	}
	if t.Medium.Present || t.FlowID != 0 || t.PeerFlowID != 0 {
		b = strconv.AppendUint(append(b, " flow=0x"...), t.FlowID, 16)
		b = strconv.AppendUint(append(b, " peer=0x"...), t.PeerFlowID, 16)
	}
	if t.Low.Present {
		b = strconv.AppendUint(append(b, " tmm="...), uint64(t.TMM), 10)
		b = strconv.AppendUint(append(b, " slot="...), uint64(t.Slot), 10)
		b = append(append(b, ' '), t.Direction.String()...)
	}
	if t.HasPeer {
		b = t.appendPeer(append(b, " peer-conn="...))
	}
	if t.HasRSTCause {
		b = strconv.AppendQuote(append(b, " rst="...), t.RSTCause)
		if t.RSTCausePeer {
			b = append(b, "(peer)"...)
		}
	}
	if t.HasTLSSecrets {
		b = append(b, " tls-secrets=present"...)
	}
	if len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	if len(b) == 0 {
		return t.Format.String() + " trailer"
	}
	return string(b)
}

// appendPeer writes "proto local->remote" for the peer flow.
func (t Trailer) appendPeer(b []byte) []byte {
	switch t.PeerProtocol {
	case 6:
		b = append(b, "tcp "...)
	case 17:
		b = append(b, "udp "...)
	default:
		b = strconv.AppendUint(append(b, "proto"...), uint64(t.PeerProtocol), 10)
		b = append(b, ' ')
	}
	b = t.PeerLocal.AppendTo(b)
	b = append(b, "->"...)
	return t.PeerRemote.AppendTo(b)
}

// appendName writes s as is when it is printable ASCII without spaces or
// quotes, else quoted.
func appendName(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' {
			return strconv.AppendQuote(b, s)
		}
	}
	return append(b, s...)
}
