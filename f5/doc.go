// Package f5 decodes what an F5 BIG-IP adds to packets it captures with
// tcpdump: the Ethernet trailer ("tcpdump noise") appended to every frame taken
// on a TMM interface with `tcpdump -i 0.0:n[n[n]][p]`, the "fileinfo"
// pseudo-packet written as the first frame of such captures, and the reset
// cause text BIG-IP puts in the payload of the RSTs it sends when the db key
// tm.rstcause.pkt is enabled.
//
// The trailer says which TMM and slot handled a frame, in which direction,
// for which virtual server, the TMM flow id and the flow id of the other side
// of the full proxy (peer flow id), the peer connection's addresses, and why
// BIG-IP reset a connection. Two layouts exist: the legacy one (BIG-IP 9.4.2
// to 13.x, a list of type/length/version records) and the "DPT" one
// (BIG-IP 14.0 and later, magic f5 de b0 f5 followed by provider records).
// The project's description of both is shared/F5-TRAILER.md; section numbers
// in comments refer to it.
//
// ParseTrailer takes the bytes after the end of the IP datagram up to the end
// of the captured frame and handles zero padding and an optional Ethernet FCS
// in front of the trailer itself. A Parser does the same but reuses the
// strings it returns, so steady-state decoding does not allocate.
//
// TLS secrets written by `tcpdump --f5 ssl` (provider 4) are never decoded,
// kept or printed: a Trailer only records that they were present.
package f5
