package analyze

import (
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/topology"
)

// Input is one capture file and where on the path it was taken.
type Input struct {
	Path string
	// Between names the two adjacent hops the capture sat between, device
	// side first or not; empty when unknown.
	Between [2]string
}

// Options drive Run. Only Inputs is required.
type Options struct {
	Inputs []Input
	// Topology is the declared path; nil analyzes without one.
	Topology *topology.Topology
	// LongPollMin is the silence after which an outstanding request counts
	// as a long-poll even when it cannot be decoded as a Ping (TLS). Zero
	// means a quarter of the heartbeat, between 1 s and 30 s, or 30 s when
	// no heartbeat is known.
	LongPollMin time.Duration
	// MaxListed bounds the connections listed in the result (0: all, -1:
	// none); every connection is still counted and judged.
	MaxListed int
	// OnlyLongPolls lists only long-poll connections.
	OnlyLongPolls bool
	// Capture tunes the connection tracker.
	Capture capture.Options
	// Progress, when set, is called as each capture starts (index, path).
	Progress func(i int, path string)
}

func (o *Options) longPollMin() time.Duration {
	if o.LongPollMin > 0 {
		return o.LongPollMin
	}
	if o.Topology == nil || o.Topology.Heartbeat <= 0 {
		return 30 * time.Second
	}
	return min(max(o.Topology.Heartbeat/4, time.Second), 30*time.Second)
}
