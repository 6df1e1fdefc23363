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

// CloseParam is the query parameter asking the responder to end the held request
// without an answer, closing the connection with a FIN, after the given seconds
// ("3", "0.5") or Go duration ("3s"), capped by [Options.MaxHold]. It replaces
// the hold: the request is never answered. Over TLS a close_notify alert
// precedes the FIN.
const CloseParam = "close"

// ResetParam is like [CloseParam] but ends the connection with a RST: the socket
// is closed with SO_LINGER 0 (over TLS, without a close_notify alert).
const ResetParam = "reset"

// holdPlan is what the responder does with one request: hold it for d, then
// answer (end Answered), or close it with a FIN (end Closed) or a RST (end
// Reset) without answering. detail says when the MaxHold cap applied.
type holdPlan struct {
	d      time.Duration
	end    Outcome
	detail string
}

// planFor decides what to do with req: the hold parameter, else the hold header,
// else an ActiveSync Ping's HeartbeatInterval, else zero; a close or reset
// parameter replaces the hold with an early end. The time is capped by MaxHold.
func (s *Server) planFor(req *http.Request, body []byte) (holdPlan, error) {
	d, err := requestedHold(req, body)
	if err != nil {
		return holdPlan{}, err
	}
	p := holdPlan{d: d, end: Answered}
	early, end, err := requestedEnd(req)
	if err != nil {
		return holdPlan{}, err
	}
	if end != Answered {
		p.d, p.end = early, end
	}
	if p.d > s.opts.MaxHold {
		p.detail = fmt.Sprintf("asked %s, capped to max hold %s", p.d, s.opts.MaxHold)
		p.d = s.opts.MaxHold
	}
	return p, nil
}

// requestedEnd reads the close or reset parameter: the delay and Closed or Reset,
// or Answered when neither is given.
func requestedEnd(req *http.Request) (time.Duration, Outcome, error) {
	q := req.URL.Query()
	c, r := q.Get(CloseParam), q.Get(ResetParam)
	if c != "" && r != "" {
		return 0, Answered, fmt.Errorf("%w: %s and %s given together", errHoldParam, CloseParam, ResetParam)
	}
	name, v, end := CloseParam, c, Closed
	if r != "" {
		name, v, end = ResetParam, r, Reset
	}
	if v == "" {
		return 0, Answered, nil
	}
	d, err := ParseHold(v)
	if err != nil {
		return 0, Answered, fmt.Errorf("%w: %s: %w", errHoldParam, name, err)
	}
	return d, end, nil
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
