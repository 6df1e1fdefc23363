package probe

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hopaudit/hopaudit/serve"
)

// heldSlack is how much earlier than its hold an answer may come and still count
// as held (the responder starts its clock when the request arrives).
const heldSlack = 20 * time.Millisecond

// maxAnswer bounds the answer body a probe reads.
const maxAnswer = 64 << 10

// holdURL returns u with the hold query parameter set.
func holdURL(u *url.URL, hold time.Duration) *url.URL {
	v := *u
	q := v.Query()
	q.Set(serve.HoldParam, strconv.FormatFloat(hold.Seconds(), 'f', -1, 64))
	v.RawQuery = q.Encode()
	return &v
}

// httpProbe POSTs to a serve responder asking it to hold, then waits up to hold
// plus margin for the answer. HTTP/1.1 is spoken on the probe's own connection
// so the socket's own error (EOF, ECONNRESET) reaches the result unchanged.
func (r *runner) httpProbe(ctx context.Context, j job, res *ProbeResult) {
	r.hub.set(j.idx, Connecting, time.Time{})
	conn, rec, err := r.connect(ctx, j, j.url.Scheme == "https")
	if err != nil {
		res.Outcome, res.Evidence = Error, []string{err.Error()}
		return
	}
	defer conn.Close()
	res.Local, res.Remote = rec.LocalAddr().String(), rec.RemoteAddr().String()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	req, err := http.NewRequest(http.MethodPost, holdURL(j.url, j.hold).String(), strings.NewReader("hopaudit probe\n"))
	if err != nil {
		res.Outcome, res.Evidence = Error, []string{err.Error()}
		return
	}
	req.Close = true
	req.Header.Set("User-Agent", "hopaudit-probe")
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set(serve.HoldHeader, strconv.FormatFloat(j.hold.Seconds(), 'f', -1, 64))
	r.exchange(ctx, j, res, conn, req)
}

// exchange writes req on conn, waits for the answer and judges it.
func (r *runner) exchange(ctx context.Context, j job, res *ProbeResult, conn interface {
	io.ReadWriter
	SetDeadline(time.Time) error
}, req *http.Request) {
	_ = conn.SetDeadline(time.Now().Add(r.opts.ConnectTimeout))
	if err := req.Write(conn); err != nil {
		res.Outcome, res.Evidence = classify(err), []string{"sending the request: " + err.Error()}
		return
	}
	start := time.Now()
	r.hub.set(j.idx, Holding, start)
	_ = conn.SetDeadline(start.Add(j.hold + r.opts.Margin))
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	res.AfterS = time.Since(start).Seconds()
	if err != nil {
		r.finish(ctx, j, res, err)
		if res.Outcome == Open && !res.Interrupted {
			res.Evidence = append(res.Evidence, fmt.Sprintf("no answer by the hold plus the %s margin", r.opts.Margin))
		}
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	judgeHTTP(res, resp, j.hold)
}

// judgeHTTP sets the outcome for a received response.
func judgeHTTP(res *ProbeResult, resp *http.Response, hold time.Duration) {
	res.Status = resp.StatusCode
	if resp.StatusCode != http.StatusOK {
		res.Outcome = HTTPCode
		res.Evidence = append(res.Evidence, fmt.Sprintf("HTTP %s after %.2f s%s", resp.Status, res.AfterS, origin(resp)))
		return
	}
	res.Outcome = Answered
	res.Held = res.AfterS >= (hold - heldSlack).Seconds()
	if res.Held {
		res.Evidence = append(res.Evidence, fmt.Sprintf("answered 200 after %.2f s", res.AfterS))
		return
	}
	res.Evidence = append(res.Evidence, fmt.Sprintf("answered 200 after %.2f s, before the %s hold: the target does not hold requests (is it a hopaudit serve?)%s",
		res.AfterS, fmtSeconds(hold.Seconds()), origin(resp)))
}

// origin names the box that wrote a response, from its Server and Via headers.
func origin(resp *http.Response) string {
	var parts []string
	if s := resp.Header.Get("Server"); s != "" {
		parts = append(parts, fmt.Sprintf("Server: %q", s))
	}
	if v := resp.Header.Get("Via"); v != "" {
		parts = append(parts, fmt.Sprintf("Via: %q", v))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
