package probe

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// State is where a probe is in its life.
type State string

// Probe states, in order.
const (
	Waiting    State = "waiting"    // queued behind the concurrency bound
	Connecting State = "connecting" // dialing or handshaking
	Holding    State = "holding"    // request sent (or connection up), holding silence
	Done       State = "done"       // ended; Progress.Outcome says how
)

// Progress is one probe's state at one moment.
type Progress struct {
	// Index of the probe in Result.Probes, and the number of probes.
	Index, Total int
	Hop, Target  string
	// Hold asked for, and time spent holding so far (zero before Holding).
	Hold, Elapsed time.Duration
	State         State
	// Outcome is set when State is Done.
	Outcome Outcome
}

// ProgressFunc receives progress updates; Run never calls it concurrently.
type ProgressFunc func(Progress)

// hub tracks every probe's state and reports it through a ProgressFunc.
type hub struct {
	mu     sync.Mutex
	fn     ProgressFunc
	states []Progress
	starts []time.Time
	quit   chan struct{}
	wg     sync.WaitGroup
}

func newHub(fn ProgressFunc, jobs []job) *hub {
	h := &hub{fn: fn, states: make([]Progress, len(jobs)), starts: make([]time.Time, len(jobs)), quit: make(chan struct{})}
	for i, j := range jobs {
		h.states[i] = Progress{Index: i, Total: len(jobs), Hop: j.hop, Target: j.target, Hold: j.hold, State: Waiting}
	}
	return h
}

// start reports every probe once and ticks once a second until stop.
func (h *hub) start() {
	if h.fn == nil {
		return
	}
	h.mu.Lock()
	for _, p := range h.states {
		h.fn(p)
	}
	h.mu.Unlock()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-h.quit:
				return
			case <-t.C:
				h.tick()
			}
		}
	}()
}

// tick reports every holding probe with its elapsed time.
func (h *hub) tick() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range h.states {
		if h.states[i].State == Holding {
			h.states[i].Elapsed = time.Since(h.starts[i])
			h.fn(h.states[i])
		}
	}
}

// set moves probe i to state s; start is when holding began.
func (h *hub) set(i int, s State, start time.Time) {
	if h.fn == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.states[i].State, h.starts[i] = s, start
	h.fn(h.states[i])
}

// done marks probe i ended with outcome o.
func (h *hub) done(i int, o Outcome) {
	if h.fn == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	p := &h.states[i]
	if !h.starts[i].IsZero() {
		p.Elapsed = time.Since(h.starts[i])
	}
	p.State, p.Outcome = Done, o
	h.fn(*p)
}

func (h *hub) stop() {
	close(h.quit)
	h.wg.Wait()
}

// LivePrinter draws one line per probe on a terminal and redraws them in place
// as progress arrives (ANSI cursor movement; use it only when w is a terminal).
// Its Update method is a ProgressFunc. It is not safe for concurrent use; Run
// never calls it concurrently.
type LivePrinter struct {
	w     io.Writer
	lines []string
	drawn int
	last  time.Time
}

// NewLivePrinter returns a printer writing to w.
func NewLivePrinter(w io.Writer) *LivePrinter { return &LivePrinter{w: w} }

// Update records p and redraws, at most five times a second unless a probe
// ended.
func (lp *LivePrinter) Update(p Progress) {
	for len(lp.lines) < p.Total {
		lp.lines = append(lp.lines, "")
	}
	lp.lines[p.Index] = FormatProgress(p)
	if p.State != Done && time.Since(lp.last) < 200*time.Millisecond {
		return
	}
	lp.redraw()
}

// Finish draws the final state; call it once after Run returns.
func (lp *LivePrinter) Finish() { lp.redraw() }

func (lp *LivePrinter) redraw() {
	var b strings.Builder
	if lp.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", lp.drawn)
	}
	for _, l := range lp.lines {
		b.WriteString("\r\x1b[2K" + l + "\n")
	}
	_, _ = io.WriteString(lp.w, b.String())
	lp.drawn, lp.last = len(lp.lines), time.Now()
}

// FormatProgress renders p as one line: target, elapsed / hold, state.
func FormatProgress(p Progress) string {
	who := p.Target
	if p.Hop != "" {
		who = p.Hop + " " + who
	}
	state := string(p.State)
	if p.State == Done {
		state = "done: " + string(p.Outcome)
	}
	return fmt.Sprintf("%-40s %7.1fs / %-7s %s", who, p.Elapsed.Seconds(), fmtSeconds(p.Hold.Seconds()), state)
}
