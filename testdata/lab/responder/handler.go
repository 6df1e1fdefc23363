package main

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// easPath is the ActiveSync endpoint; other paths get a plain text answer.
const easPath = "/Microsoft-Server-ActiveSync"

// pingStatus1 is the WBXML answer to a Ping whose heartbeat ran out with no
// change: <Ping><Status>1</Status></Ping> on code page 13 (MS-ASWBXML).
var pingStatus1 = []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x47, 0x03, 0x31, 0x00, 0x01, 0x01}

// maxBody bounds the request body read, in bytes.
const maxBody = 64 << 10

// handler answers ActiveSync requests. The zero value answers at once
// (maxHold 0 caps every hold to nothing).
type handler struct {
	maxHold time.Duration
}

// plan is what the handler does with one request.
type plan struct {
	hold  time.Duration // answer 200 after this long
	end   time.Duration // when close or reset is set: end after this long
	close bool          // end with FIN instead of answering
	reset bool          // end with RST instead of answering
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		log.Printf("%s %s %s: read body: %v", r.RemoteAddr, r.Method, r.URL.RequestURI(), err)
		return
	}
	if !strings.HasPrefix(r.URL.Path, easPath) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "hopaudit lab responder\n")
		return
	}
	if r.Method == http.MethodOptions {
		w.Header().Set("MS-ASProtocolVersions", "2.5,12.0,12.1,14.0,14.1")
		w.Header().Set("MS-ASProtocolCommands", "Sync,FolderSync,Ping,Provision,Settings")
		return
	}
	p := h.plan(r, body)
	log.Printf("%s %s %s: body %d bytes, hold %s, close %v, reset %v, end %s",
		r.RemoteAddr, r.Method, r.URL.RequestURI(), len(body), p.hold, p.close, p.reset, p.end)
	if p.close || p.reset {
		h.end(w, r, p, start)
		return
	}
	select {
	case <-time.After(p.hold):
	case <-r.Context().Done():
		log.Printf("%s: peer went away after %s; closing without an answer", r.RemoteAddr, since(start))
		// Returning would make net/http send an empty 200: abort instead.
		panic(http.ErrAbortHandler)
	}
	w.Header().Set("Content-Type", "application/vnd.ms-sync.wbxml")
	w.Header().Set("Content-Length", strconv.Itoa(len(pingStatus1)))
	w.Header().Set("MS-Server-ActiveSync", "15.1")
	_, _ = w.Write(pingStatus1)
	log.Printf("%s: answered 200 Status 1 after %s", r.RemoteAddr, since(start))
}

// plan reads hold, close and reset from the query, falling back to the
// heartbeat in the body for the hold.
func (h *handler) plan(r *http.Request, body []byte) plan {
	q := r.URL.Query()
	var p plan
	if v, ok := seconds(q.Get("hold")); ok {
		p.hold = v
	} else if hb, ok := heartbeat(body); ok {
		p.hold = hb
	}
	if v, ok := seconds(q.Get("close")); ok {
		p.close, p.end = true, v
	}
	if v, ok := seconds(q.Get("reset")); ok {
		p.reset, p.close, p.end = true, false, v
	}
	p.hold = min(p.hold, h.maxHold)
	p.end = min(p.end, h.maxHold)
	return p
}

// end waits p.end, then closes (FIN) or resets (RST) the connection without
// an answer.
func (h *handler) end(w http.ResponseWriter, r *http.Request, p plan, start time.Time) {
	select {
	case <-time.After(p.end):
	case <-r.Context().Done():
		log.Printf("%s: peer went away after %s; closing without an answer", r.RemoteAddr, since(start))
		panic(http.ErrAbortHandler)
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		log.Printf("%s: cannot hijack the connection", r.RemoteAddr)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		log.Printf("%s: hijack: %v", r.RemoteAddr, err)
		return
	}
	how := "closed (FIN)"
	if tc, ok := conn.(*net.TCPConn); ok && p.reset {
		_ = tc.SetLinger(0) // close now sends RST
		how = "reset (RST)"
	}
	_ = conn.Close()
	log.Printf("%s: %s after %s without answering", r.RemoteAddr, how, since(start))
}

// seconds parses a non-negative decimal number of seconds.
func seconds(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 86400 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// heartbeat finds HeartbeatInterval (code page 13, tag 0x08 with content,
// inline string) in a WBXML Ping body. It is a scan, not a decoder: good
// enough for the bodies the lab client sends.
func heartbeat(body []byte) (time.Duration, bool) {
	if !bytes.HasPrefix(body, []byte{0x03, 0x01, 0x6A, 0x00}) {
		return 0, false
	}
	i := bytes.Index(body, []byte{0x48, 0x03})
	if i < 0 {
		return 0, false
	}
	rest := body[i+2:]
	n := bytes.IndexByte(rest, 0x00)
	if n < 0 {
		return 0, false
	}
	v, err := strconv.Atoi(string(rest[:n]))
	if err != nil || v < 0 || v > 86400 {
		return 0, false
	}
	return time.Duration(v) * time.Second, true
}

func since(t time.Time) string {
	return time.Since(t).Round(time.Millisecond).String()
}
