package analyze

import (
	"hash/fnv"
	"net/netip"
	"time"

	"github.com/hopaudit/hopaudit/eas"
)

// linkRec is what stitching keeps of one connection with a request: enough
// to find the same request on another vantage point and to order ends.
type linkRec struct {
	capIdx   int
	pos      position
	conn     int
	listed   int // index in Analysis.Connections, -1 when not listed
	endIdx   int // index in engine.ends
	client   netip.AddrPort
	server   netip.AddrPort
	reqFirst time.Time
	// sig identifies the request's content (request line, DeviceId and
	// the bytes of the body present); 0 when opaque (TLS).
	sig  uint64
	kind string
	// endAt is the time of the end event (closing packet, 5xx, first
	// unanswered retransmission, or the answer); zero for open.
	endAt time.Time
	hop   int
	// byServer is true when the close carried the server side's address
	// (it came from the capture's inner side); hasBy when there was a
	// closing packet or a proxy's answer at all.
	byServer, hasBy bool
	// respFirst is when the answer began (zero when none).
	respFirst time.Time
}

// signatureOf hashes what a proxy passes on unchanged: the request line
// and the body. Headers are left out (proxies add X-Forwarded-For, change
// Host).
func signatureOf(r eas.Request) uint64 {
	if r.Method == "" {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(r.Method))
	h.Write([]byte{' '})
	h.Write([]byte(r.Target))
	h.Write([]byte{0})
	h.Write(r.Body)
	return h.Sum64()
}
