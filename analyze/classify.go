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

// ending is how a connection ended, before attribution.
type ending struct {
	kind string
	// by is the side whose address the closing packet carried; valid
	// when hasBy.
	by    capture.Direction
	hasBy bool
	idle  time.Duration
	frame int
	at    time.Time
	// outstanding: the last request had no answer when the end came.
	outstanding bool
	turn        *capture.Turn
	u           understood
	notes       []string
}

// classify decides how c ended.
func classify(c *capture.Conn) ending {
	e := ending{turn: c.LastTurn()}
	if e.turn != nil {
		e.u = understand(e.turn, c.End)
		e.outstanding = e.turn.Outstanding()
	}
	switch {
	case e.turn != nil && !e.outstanding && e.u.proxy5xx:
		e.kind, e.by, e.hasBy = KindProxy5xx, capture.FromServer, true
		e.idle = e.turn.RespFirst.Time.Sub(e.turn.ReqLast.Time)
		e.frame, e.at = e.turn.RespFirst.Frame, e.turn.RespFirst.Time
		e.notes = append(e.notes, fmt.Sprintf("HTTP %d after the request waited %s", e.u.req.Status, fmtS(e.idle)))
	case e.turn != nil && !e.outstanding:
		e.kind = KindAnswered
		e.idle = e.turn.RespFirst.Time.Sub(e.turn.ReqLast.Time)
		e.frame, e.at = e.turn.RespFirst.Frame, e.turn.RespFirst.Time
	case c.RST != nil:
		e.kind, e.by, e.hasBy = KindRST, c.RST.By, true
		e.idle, e.frame, e.at = c.RST.IdleBefore, c.RST.Frame, c.RST.Time
	case c.CloseKind.Has(capture.FlagFIN):
		e.kind, e.by, e.hasBy = KindFIN, c.CloseBy, true
		e.idle, e.frame, e.at = c.IdleBeforeClose, c.Close.Frame, c.Close.Time
	case silentDrop(c) != nil:
		sd, d := silentDrop(c), silentDropSide(c)
		e.kind = KindSilentDrop
		e.idle, e.frame, e.at = sd.GapBefore, sd.First.Frame, sd.First.Time
		e.notes = append(e.notes, fmt.Sprintf("%s sent after %s of silence, then retransmitted %d time(s) with no answer", c.Addr(d), fmtS(sd.GapBefore), sd.Count))
	default:
		e.kind = KindOpen
		e.idle = c.End.Sub(c.Last.Time)
		if c.Last.Time.After(c.End) {
			e.idle = 0
		}
	}
	return e
}

// silentDrop returns an unanswered silent-drop episode, or nil.
func silentDrop(c *capture.Conn) *capture.SilentDrop {
	if d := silentDropSide(c); d >= 0 {
		return &c.Side[d].SilentDrop
	}
	return nil
}

func silentDropSide(c *capture.Conn) capture.Direction {
	for _, d := range []capture.Direction{capture.FromClient, capture.FromServer} {
		if sd := c.Side[d].SilentDrop; sd.Count > 0 && !sd.Answered {
			return d
		}
	}
	return -1
}

func fmtS(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
