package analyze

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/capture"
)

// End kinds.
const (
	KindAnswered   = "answered"
	KindRST        = "rst"
	KindFIN        = "fin"
	KindProxy5xx   = "5xx-by-proxy"
	KindSilentDrop = "silent-drop"
	KindOpen       = "open"
)

// lostAnswerWindow is how soon after an answer a forged RST in the
// client's name shows that the answer never reached the client.
const lostAnswerWindow = time.Second

// ending is how a connection ended, before attribution.
type ending struct {
	kind string
	// by is the side whose address the closing packet carried; valid
	// when hasBy.
	by    capture.Direction
	hasBy bool
	// idle is the silence of the long-poll before the end: from the
	// request's last byte to the end, or to the answer when the answer
	// was lost on the way.
	idle  time.Duration
	frame int
	at    time.Time
	// outstanding: the last request had no answer when the end came;
	// answerLost: the answer was sent but did not get through.
	outstanding, answerLost bool
	turn                    *capture.Turn
	u                       understood
	notes                   []string
}

// classify decides how c ended.
func classify(c *capture.Conn) ending {
	e := ending{turn: lastRequest(c)}
	if e.turn != nil {
		e.u = understand(e.turn)
		e.outstanding = e.turn.Outstanding()
		e.u.req.HeldS = secs(e.answerAt(c).Sub(e.turn.ReqLast.Time))
	}
	switch {
	case e.turn != nil && !e.outstanding:
		e.answered(c)
	case c.CloseKind != 0:
		e.closed(c)
	case silentDropSide(c) >= 0:
		e.silent(c, silentDropSide(c))
	default:
		e.kind = KindOpen
		if c.Last.Time.Before(c.End) {
			e.idle = c.End.Sub(c.Last.Time)
		}
	}
	return e
}

// answered handles a last request the server side answered: a 5xx a
// proxy made, an answer that never got through (retransmitted unanswered,
// or refused at once by a RST forged in the client's name), or a plain
// answer, whatever followed it.
func (e *ending) answered(c *capture.Conn) {
	t := e.turn
	held := e.answerAt(c).Sub(t.ReqLast.Time)
	sd := c.Side[capture.FromServer].SilentDrop
	switch {
	case e.u.proxy5xx:
		e.set(KindProxy5xx, capture.FromServer, true, held, t.RespFirst)
		e.notes = append(e.notes, fmt.Sprintf("HTTP %d after the request waited %s", e.u.req.Status, fmtS(held)))
	case sd.Count > 0 && !sd.Answered && !sd.Sent.Time.Before(t.RespFirst.Time):
		e.set(KindSilentDrop, 0, false, sd.GapBefore, sd.Sent)
		e.answerLost = true
		e.notes = append(e.notes, fmt.Sprintf("the answer, sent after %s of silence, was retransmitted %d time(s) and never acknowledged", fmtS(sd.GapBefore), sd.Count))
	case lostAnswer(c, t):
		e.set(KindRST, capture.FromClient, true, held, c.RST.Mark)
		e.answerLost = true
		e.notes = append(e.notes, fmt.Sprintf("the answer after %s was refused at once by a RST in %s's name that does not fit its earlier packets", fmtS(held), c.Client))
	default:
		e.set(KindAnswered, 0, false, held, t.RespFirst)
	}
}

// lostAnswer reports a RST in the client's name right after the answer
// that fails the forgery tests: a box between forgot the flow.
func lostAnswer(c *capture.Conn, t *capture.Turn) bool {
	r := c.RST
	if r == nil || r.By != capture.FromClient || r.Time.Sub(t.RespFirst.Time) > lostAnswerWindow || r.Time.Before(t.RespFirst.Time) {
		return false
	}
	return len(strongOf(c, c.RSTAnomalies())) > 0
}

// closed handles the first FIN or RST while the request was outstanding.
// A FIN that was itself retransmitted unanswered is a silent drop.
func (e *ending) closed(c *capture.Conn) {
	d := c.CloseBy
	if sd := c.Side[d].SilentDrop; c.CloseKind.Has(capture.FlagFIN) && sd.Count > 0 && !sd.Answered && sd.Sent.Frame == c.Close.Frame {
		e.silent(c, d)
		return
	}
	idle := c.IdleBeforeClose
	if e.turn != nil && e.outstanding {
		idle = c.Close.Time.Sub(e.turn.ReqLast.Time)
	}
	kind := KindFIN
	if c.CloseKind.Has(capture.FlagRST) {
		kind = KindRST
	}
	e.set(kind, d, true, idle, c.Close)
}

func (e *ending) silent(c *capture.Conn, d capture.Direction) {
	sd := c.Side[d].SilentDrop
	e.set(KindSilentDrop, 0, false, sd.GapBefore, sd.Sent)
	e.notes = append(e.notes, fmt.Sprintf("%s sent after %s of silence, then retransmitted %d time(s) with no answer", c.Addr(d), fmtS(sd.GapBefore), sd.Count))
}

func (e *ending) set(kind string, by capture.Direction, hasBy bool, idle time.Duration, m capture.Mark) {
	e.kind, e.by, e.hasBy, e.idle, e.frame, e.at = kind, by, hasBy, idle, m.Frame, m.Time
}

// silentDropSide returns the side with an unanswered silent-drop
// episode, or -1.
func silentDropSide(c *capture.Conn) capture.Direction {
	for _, d := range []capture.Direction{capture.FromClient, capture.FromServer} {
		if sd := c.Side[d].SilentDrop; sd.Count > 0 && !sd.Answered {
			return d
		}
	}
	return -1
}

func fmtS(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// lastRequest returns the connection's last turn that carries a request:
// a TLS alert (close_notify) a client sends on its way out is not one.
func lastRequest(c *capture.Conn) *capture.Turn {
	if t := c.LastTurn(); t == nil || !tlsAlert(t.Request) {
		return t
	}
	ts := c.Turns()
	for i := len(ts) - 1; i >= 0; i-- {
		if !tlsAlert(ts[i].Request) {
			return &ts[i]
		}
	}
	return nil
}

// tlsAlert reports a payload that is a lone TLS alert record.
func tlsAlert(b []byte) bool {
	return len(b) >= 5 && b[0] == 21 && b[1] == 3 && int(b[3])<<8|int(b[4]) <= 64 && len(b) <= 5+64
}

// answerAt is when the answer to the turn began: its first response byte,
// or, for an opaque (TLS) response that began at once (session tickets)
// and went on after the connection's longest silence, the end of that
// silence. Zero-time turns that are outstanding answer at the end.
func (e *ending) answerAt(c *capture.Conn) time.Time {
	t := e.turn
	if t.Outstanding() {
		return c.End
	}
	if e.u.req.TLS && c.MaxIdleAfter.Time.After(t.ReqLast.Time.Add(-time.Nanosecond)) {
		end := c.MaxIdleAfter.Time.Add(c.MaxIdle)
		if !end.After(t.RespLast.Time) && end.After(t.RespFirst.Time) {
			return end
		}
	}
	return t.RespFirst.Time
}
