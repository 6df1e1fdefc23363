package probe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hopaudit/hopaudit/eas"
)

// easProbe runs one ActiveSync probe: OPTIONS, Provision when required,
// FolderSync to find the Inbox, then a Ping with HeartbeatInterval = hold.
func (r *runner) easProbe(ctx context.Context, j job, res *ProbeResult) {
	r.hub.set(j.idx, Connecting, time.Time{})
	s := r.newEASSession(j)
	inbox, err := s.setup(ctx)
	res.Evidence = append(res.Evidence, s.notes...)
	if err != nil {
		res.Outcome = Error
		res.Status = httpStatusOf(err)
		res.Evidence = append(res.Evidence, explainEAS(err))
		return
	}
	start := time.Now()
	r.hub.set(j.idx, Holding, start)
	var resp eas.PingResponse
	var meta *eas.ResponseMeta
	folders := []eas.PingFolder{{ID: inbox, Class: "Email"}}
	s.notes = nil
	err = s.call(ctx, j.hold+r.opts.Margin+r.opts.ConnectTimeout, func(c context.Context) (err error) {
		resp, meta, err = s.c.Ping(c, j.hold, folders)
		return err
	})
	res.Evidence = append(res.Evidence, s.notes...)
	if raw, plain := s.dial.conns(); raw != nil {
		res.Local, res.Remote = raw.LocalAddr().String(), raw.RemoteAddr().String()
		if w := plain.wrote(); w.After(start) {
			start = w // the hold starts when the Ping request was sent
		}
	}
	res.AfterS = time.Since(start).Seconds()
	if meta != nil && !meta.Received.IsZero() {
		res.AfterS = meta.Received.Sub(start).Seconds()
	}
	r.judgePing(ctx, j, res, s, resp, meta, err)
}

// judgePing sets the outcome of a Ping.
func (r *runner) judgePing(ctx context.Context, j job, res *ProbeResult, s *easSession, resp eas.PingResponse, meta *eas.ResponseMeta, err error) {
	var he *eas.HeartbeatError
	var se *eas.StatusError
	switch {
	case err == nil:
		judgePingStatus(res, resp, j.hold)
	case errors.As(err, &he):
		res.Outcome, res.Status = Answered, int(eas.PingHeartbeatOutOfRange)
		res.Evidence = append(res.Evidence, he.Error())
	case errors.As(err, &se) && se.ASStatus == 0:
		res.Outcome, res.Status = HTTPCode, se.StatusCode
		res.Evidence = append(res.Evidence, fmt.Sprintf("%s after %.2f s%s", explainEAS(err), res.AfterS, metaOrigin(meta)))
	case meta != nil:
		res.Outcome, res.Status = Error, meta.StatusCode
		res.Evidence = append(res.Evidence, explainEAS(err))
	default:
		r.pingFailed(ctx, j, res, s, err)
	}
}

// judgePingStatus reads a Ping answer with HTTP 200.
func judgePingStatus(res *ProbeResult, resp eas.PingResponse, hold time.Duration) {
	res.Outcome, res.Status = Answered, int(resp.Status)
	switch resp.Status {
	case eas.PingExpired:
		res.Held = res.AfterS >= (hold - heldSlack).Seconds()
		res.Evidence = append(res.Evidence, fmt.Sprintf("Ping Status 1 (heartbeat expired) after %.2f s", res.AfterS))
	case eas.PingChanges:
		res.Evidence = append(res.Evidence, fmt.Sprintf("Ping Status 2 after %.2f s: a folder changed, the hold was not tested to its end", res.AfterS))
	default:
		res.Evidence = append(res.Evidence, fmt.Sprintf("Ping Status %d (%v) after %.2f s", resp.Status, resp.Status, res.AfterS))
	}
}

// pingFailed reads a Ping that got no HTTP answer from the socket itself.
func (r *runner) pingFailed(ctx context.Context, j job, res *ProbeResult, s *easSession, err error) {
	if ctx.Err() != nil {
		r.finish(ctx, j, res, err)
		return
	}
	if errors.Is(err, context.DeadlineExceeded) {
		res.Outcome = Open
		res.Evidence = append(res.Evidence, fmt.Sprintf("no answer by the hold plus the %s margin", r.opts.Margin))
		return
	}
	raw := err
	if rc, _ := s.dial.conns(); rc != nil && rc.err() != nil {
		raw = rc.err()
	}
	r.finish(ctx, j, res, raw)
}

// httpStatusOf returns the HTTP status of an eas error, or 0.
func httpStatusOf(err error) int {
	var se *eas.StatusError
	if errors.As(err, &se) {
		return se.StatusCode
	}
	return 0
}

// explainEAS turns an ActiveSync error into a plain sentence with what to check.
// eas errors never carry credentials or the request URL's secrets.
func explainEAS(err error) string {
	var se *eas.StatusError
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch {
	case errors.Is(err, eas.ErrUnauthorized):
		return err.Error() + ": the server rejected the credentials (user name, password or token)"
	case errors.Is(err, eas.ErrForbidden):
		return err.Error() + ": the account may not use ActiveSync, or the device is blocked or quarantined"
	case errors.Is(err, eas.ErrProvisionNeeded):
		return err.Error() + ": provisioning was asked for again after both Provision phases succeeded"
	case errors.Is(err, eas.ErrRedirect):
		return err.Error() + ": redirected again after following X-MS-Location once"
	case errors.Is(err, eas.ErrUnavailable) && se.RetryAfter > 0:
		return fmt.Sprintf("%s: the server is busy; it asks to retry after %s", err, se.RetryAfter)
	case errors.Is(err, eas.ErrUnavailable):
		return err.Error() + ": the server (or a box in front of it) is busy or down"
	}
	return err.Error()
}

// metaOrigin names the box that wrote an answer, from its headers.
func metaOrigin(meta *eas.ResponseMeta) string {
	if meta == nil {
		return ""
	}
	return origin(&http.Response{Header: meta.Header})
}
