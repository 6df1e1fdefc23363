// Package capture reads packet captures and turns them into TCP connections
// and their ends.
//
// It has three layers, each usable on its own:
//
//   - Reading: [Open] and [NewReader] detect pcap (microsecond and nanosecond,
//     both byte orders) and pcapng (any number of sections and interfaces,
//     both byte orders), optionally gzip-compressed, and yield one [Record]
//     per packet with its 1-based frame number and the byte offset of its
//     record in the (uncompressed) file. A damaged file yields the packets
//     before the damage and then a [*FormatError] that says where.
//   - Decoding: [Decode] parses link, IP and TCP headers of a [Record] into a
//     [Packet] value without allocating. Non-TCP packets are reported as such
//     and skipped by callers.
//   - Tracking: a [Tracker] keeps a bounded flow table of [Conn] values: who
//     initiated, packets and bytes each way, first FIN per side, first RST
//     with everything needed to judge who really sent it, retransmissions,
//     unanswered retransmissions after a silence, idle gaps and
//     request/response turns for long-poll detection.
//
// [Analyze] and [AnalyzeSource] run the three layers over one capture and
// return a [Result] with per-capture statistics. [Options.Progress] reports
// how far reading has got (throttled, for progress bars on big files) and
// [Options.OnConnAsync] runs the consumer of finished connections on a
// second goroutine, overlapping its work with reading and tracking.
//
// Memory grows with the number of open connections (bounded by
// [Options.MaxConns]), never with the size of the capture, as long as
// finished connections are consumed through [Options.OnConn].
package capture
