package serve

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ActiveSyncPath is the path Exchange ActiveSync requests use.
const ActiveSyncPath = "/Microsoft-Server-ActiveSync"

// PingStatus1 is the WBXML body of a Ping answer with Status 1 (the heartbeat
// expired with no change): header 03 01 6A 00, SWITCH_PAGE 13, Ping, Status "1".
var PingStatus1 = []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x47, 0x03, 0x31, 0x00, 0x01, 0x01}

// wbxmlType is the content type of ActiveSync WBXML bodies.
const wbxmlType = "application/vnd.ms-sync.wbxml"

// grantedHold decides how long to hold req: the hold parameter, else the hold
// header, else an ActiveSync Ping's HeartbeatInterval, else zero; capped by
// MaxHold. detail says when the cap applied.
func (s *Server) grantedHold(req *http.Request, body []byte) (time.Duration, string, error) {
	d, err := requestedHold(req, body)
	if err != nil {
		return 0, "", err
	}
	if d > s.opts.MaxHold {
		return s.opts.MaxHold, fmt.Sprintf("asked %s, capped to max hold %s", d, s.opts.MaxHold), nil
	}
	return d, "", nil
}

// requestedHold reads the hold a request asks for.
func requestedHold(req *http.Request, body []byte) (time.Duration, error) {
	v := req.URL.Query().Get(HoldParam)
	if v == "" {
		v = req.Header.Get(HoldHeader)
	}
	if v != "" {
		d, err := ParseHold(v)
		if err != nil {
			return 0, fmt.Errorf("%w: %w", errHoldParam, err)
		}
		return d, nil
	}
	if isActiveSync(req) && strings.EqualFold(req.URL.Query().Get("Cmd"), "Ping") {
		if hb, ok := PingHeartbeat(body); ok {
			return time.Duration(hb) * time.Second, nil
		}
	}
	return 0, nil
}

func isActiveSync(req *http.Request) bool {
	return strings.EqualFold(req.URL.Path, ActiveSyncPath)
}

// answerBody is the 200 answer for req after holding d: a WBXML Ping Status 1 on
// the ActiveSync path, a short text line elsewhere.
func answerBody(req *http.Request, d time.Duration) (string, []byte) {
	if isActiveSync(req) {
		return wbxmlType, PingStatus1
	}
	return "text/plain; charset=utf-8", []byte("held " + strconv.FormatFloat(d.Seconds(), 'f', 3, 64) + "s\n")
}
