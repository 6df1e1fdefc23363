package analyze

import (
	"strings"
	"time"

	"github.com/hopaudit/hopaudit/capture"
	"github.com/hopaudit/hopaudit/eas"
	"github.com/hopaudit/hopaudit/report"
)

// understood is what the engine read of one turn.
type understood struct {
	req report.Request
	// sig identifies the request's content for stitching (0: opaque).
	sig       uint64
	isPing    bool
	heartbeat time.Duration
	proxy5xx  bool
}

// understand decodes a turn's request and response copies: cleartext
// HTTP/1.1 with ActiveSync fields, or opaque (TLS) records. How long the
// request was held is classify's to say (ending.answerAt).
func understand(t *capture.Turn) understood {
	var u understood
	r, err := eas.ParseRequestHead(t.Request)
	if err != nil {
		u.req.TLS = looksTLS(t.Request)
		return u
	}
	u.req.Method = r.Method
	u.sig = signatureOf(r)
	if r.ActiveSync && r.QueryErr == nil {
		u.req.Cmd, u.req.User, u.req.DeviceID, u.req.DeviceType = r.Query.Cmd, r.Query.User, r.Query.DeviceID, r.Query.DeviceType
		u.isPing = strings.EqualFold(r.Query.Cmd, "Ping")
	}
	if r.HasPing && r.PingErr == nil {
		u.heartbeat = r.Ping.Heartbeat()
		u.req.HeartbeatS = u.heartbeat.Seconds()
	}
	if t.Outstanding() {
		return u
	}
	resp, err := eas.ParseResponseHead(t.Response)
	if err != nil {
		return u
	}
	u.req.Status, u.req.Server = resp.Status, resp.Server
	if resp.HasPing && resp.PingErr == nil {
		u.req.PingStatus = int(resp.Ping.Status)
	}
	u.proxy5xx = proxyMade5xx(resp)
	return u
}

// proxyMade5xx tells a 5xx a box in the middle made (502/504, or a 5xx
// without IIS's Server header) from one Exchange sent.
func proxyMade5xx(r eas.Response) bool {
	if r.Status < 500 || r.Status > 599 {
		return false
	}
	srv := strings.ToLower(r.Server)
	if strings.Contains(srv, "iis") || strings.Contains(srv, "microsoft") {
		return false
	}
	return r.Status == 502 || r.Status == 504 || srv != ""
}

// looksTLS reports a TLS record header (content type 20..24, version 3.x).
func looksTLS(b []byte) bool {
	return len(b) >= 3 && b[0] >= 20 && b[0] <= 24 && b[1] == 3
}

func secs(d time.Duration) float64 {
	return float64(d.Round(time.Millisecond)) / float64(time.Second)
}
