package report

// Analysis is what analyze found in captures.
type Analysis struct {
	Captures []CaptureSummary `json:"captures"`
	// Connections are every connection's verdict, by capture then ID
	// (limited by analyze --connections).
	Connections []Connection `json:"connections"`
	// ConnectionsTotal counts all connections, listed or not.
	ConnectionsTotal int `json:"connections_total"`
	LongPolls        int `json:"long_polls"`
	// Failed counts long-polls whose answer never reached the client;
	// Premature those of them cut before their heartbeat.
	Failed    int `json:"failed"`
	Premature int `json:"premature"`
	// Hops tallies ends per hop ("" for ends no declared hop explains).
	Hops []HopTally `json:"hops"`
	// Clusters are closes grouped by sender, kind and idle time: a timer
	// revealed by the traffic itself.
	Clusters []Cluster `json:"clusters"`
	// Stitching links connections across captures; absent with fewer
	// than two placed captures.
	Stitching *Stitching `json:"stitching,omitempty"`
	// F5Pairs are client and server sides of one BIG-IP connection, linked
	// by the flow ids of the F5 trailer (captures taken with tcpdump -i
	// 0.0:nnnp).
	F5Pairs []F5Pair `json:"f5_pairs,omitempty"`
}

// F5Pair is the two sides of one connection proxied by a BIG-IP.
type F5Pair struct {
	Capture       string   `json:"capture"`
	ConnA         int      `json:"conn_a"`
	ConnB         int      `json:"conn_b"`
	FlowA         string   `json:"flow_a"`
	FlowB         string   `json:"flow_b"`
	VirtualServer string   `json:"virtual_server,omitempty"`
	Evidence      []string `json:"evidence,omitempty"`
}

// CaptureSummary describes one capture file as read.
type CaptureSummary struct {
	File    string   `json:"file"`
	Format  string   `json:"format"`
	Between []string `json:"between,omitempty"`
	Packets int      `json:"packets"`
	// TCPPackets counts packets decoded as TCP.
	TCPPackets  int    `json:"tcp_packets"`
	Connections int    `json:"connections"`
	First       string `json:"first,omitempty"`
	Last        string `json:"last,omitempty"`
	Damaged     bool   `json:"damaged,omitempty"`
	// Warnings say where a capture is damaged or odd, with byte offset
	// and packet number.
	Warnings []string `json:"warnings"`
}

// Connection is one TCP connection's verdict.
type Connection struct {
	Capture string `json:"capture"`
	ID      int    `json:"id"`
	// Client is the initiator, as ip:port; ClientGuessed when no
	// handshake was seen.
	Client        string `json:"client"`
	Server        string `json:"server"`
	ClientGuessed bool   `json:"client_guessed,omitempty"`
	// First and Last are RFC 3339 times with nanoseconds.
	First      string `json:"first"`
	Last       string `json:"last"`
	FirstFrame int    `json:"first_frame"`
	LastFrame  int    `json:"last_frame"`
	Packets    int64  `json:"packets"`
	// SYN, FIN and RST are the first of each, null when none.
	SYN      *Event   `json:"syn"`
	FIN      *Event   `json:"fin"`
	RST      *Event   `json:"rst"`
	MaxIdleS float64  `json:"max_idle_s"`
	LongPoll bool     `json:"long_poll"`
	Request  *Request `json:"request,omitempty"`
	End      End      `json:"end"`
}

// Event is a packet that matters: who sent it, when, where in the file.
type Event struct {
	From  string `json:"from"`
	At    string `json:"at"`
	Frame int    `json:"frame"`
}

// Request is what was understood of the connection's last request.
type Request struct {
	// TLS is true when the payload was not cleartext HTTP.
	TLS        bool   `json:"tls,omitempty"`
	Method     string `json:"method,omitempty"`
	Cmd        string `json:"cmd,omitempty"`
	User       string `json:"user,omitempty"`
	DeviceID   string `json:"device_id,omitempty"`
	DeviceType string `json:"device_type,omitempty"`
	// HeartbeatS is the Ping's HeartbeatInterval, decoded from its body.
	HeartbeatS float64 `json:"heartbeat_s,omitempty"`
	// Status is the HTTP status of the answer (0: none seen).
	Status     int    `json:"status,omitempty"`
	Server     string `json:"server_header,omitempty"`
	PingStatus int    `json:"ping_status,omitempty"`
	// HeldS is how long the request was outstanding (to the answer, or
	// to the end when unanswered).
	HeldS float64 `json:"held_s"`
}

// End is how a connection ended and who ended it.
type End struct {
	// Kind is answered, rst, fin, 5xx-by-proxy, silent-drop or open.
	Kind string `json:"kind"`
	// Hop is the declared hop that ended it ("" when none or unknown).
	Hop string `json:"hop"`
	// By is the address the closing packet carried, when there was one.
	By    string  `json:"by,omitempty"`
	IdleS float64 `json:"idle_s"`
	// Premature is true for a long-poll that did not end with the
	// server's answer, while its request was outstanding, before its
	// heartbeat.
	Premature bool `json:"premature"`
	// Failed is true for a long-poll whose answer never reached its
	// client, before, at or after its heartbeat.
	Failed bool `json:"failed"`
	// Confidence is 0..1 that Hop (or By, without a topology) originated
	// the end; ConfidenceLabel says high, medium or low.
	Confidence      float64  `json:"confidence"`
	ConfidenceLabel string   `json:"confidence_label"`
	Evidence        []string `json:"evidence"`
	// Frame is the closing packet's frame number (0 when none).
	Frame int `json:"frame,omitempty"`
}

// HopTally counts ends per hop.
type HopTally struct {
	Hop       string         `json:"hop"`
	Ends      map[string]int `json:"ends"`
	Premature int            `json:"premature"`
	MinIdleS  float64        `json:"min_idle_s"`
	MaxIdleS  float64        `json:"max_idle_s"`
	// Idle is a histogram of idle-before-end of premature ends.
	Idle []Bin `json:"idle_histogram,omitempty"`
}

// Bin is one histogram bin: [FromS, ToS) seconds, Count ends.
type Bin struct {
	FromS float64 `json:"from_s"`
	ToS   float64 `json:"to_s"`
	Count int     `json:"count"`
}

// Cluster is a group of closes by one sender, of one kind, after nearly
// the same idle time.
type Cluster struct {
	By       string  `json:"by"`
	Hop      string  `json:"hop"`
	Kind     string  `json:"kind"`
	Count    int     `json:"count"`
	MinIdleS float64 `json:"min_idle_s"`
	MaxIdleS float64 `json:"max_idle_s"`
	// TimerS is the timer the cluster reveals (its lowest idle, rounded).
	TimerS  float64  `json:"timer_s"`
	Samples []Sample `json:"samples"`
}

// Sample points at a connection a user can open in Wireshark.
type Sample struct {
	Capture string `json:"capture"`
	Conn    int    `json:"conn"`
	Frame   int    `json:"frame"`
}

// Stitching is how connections on several captures were linked into
// chains that carry one request across NAT, SNAT and full proxies.
type Stitching struct {
	// Linked counts connections that belong to a chain of two or more;
	// Unlinked the connections with a request that belong to none.
	Linked   int `json:"linked"`
	Unlinked int `json:"unlinked"`
	// Offsets are each capture's clock offset from the outermost one.
	Offsets []ClockOffset `json:"clock_offsets"`
	Chains  []Chain       `json:"chains"`
}

// ClockOffset is how far a capture's clock is from the reference
// capture's: add OffsetS to a reference time to get this capture's time.
type ClockOffset struct {
	Capture    string  `json:"capture"`
	RelativeTo string  `json:"relative_to"`
	OffsetS    float64 `json:"offset_s"`
	// Pairs is the number of linked pairs the estimate rests on, Method
	// how they were linked: tuple, content or timing.
	Pairs  int    `json:"pairs"`
	Method string `json:"method"`
}

// Chain is one request seen on several vantage points.
type Chain struct {
	ID    int         `json:"id"`
	Links []ChainLink `json:"links"`
	// Kind is how the chain ended where it started; Origin the hop that
	// originated it; PassedOn the hops that only passed the close on.
	Kind          string   `json:"kind"`
	Origin        string   `json:"origin"`
	OriginCapture string   `json:"origin_capture"`
	PassedOn      []string `json:"passed_on"`
	// IdleS is the silence before the end where it started.
	IdleS      float64  `json:"idle_s"`
	Premature  bool     `json:"premature"`
	Confidence float64  `json:"confidence"`
	Evidence   []string `json:"evidence"`
}

// ChainLink is one connection of a chain, outermost first. AtS is when
// it ended, in seconds after the chain's first request, on the reference
// clock; null when it did not end.
type ChainLink struct {
	Capture string   `json:"capture"`
	Conn    int      `json:"conn"`
	Client  string   `json:"client"`
	Server  string   `json:"server"`
	Kind    string   `json:"kind"`
	By      string   `json:"by,omitempty"`
	AtS     *float64 `json:"at_s"`
	Hop     string   `json:"hop"`
}
