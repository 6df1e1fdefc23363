package capture

// asyncBatch is how many finished connections travel to the OnConn
// goroutine at once, and asyncQueue how many batches may wait: together
// they bound the connections held only for the hand-over.
const (
	asyncBatch = 256
	asyncQueue = 4
)

// asyncOnConn calls a function on its own goroutine for every connection
// it is given, in order, handing them over in batches.
type asyncOnConn struct {
	fn    func(*Conn)
	batch []*Conn
	ch    chan []*Conn
	free  chan []*Conn
	done  chan struct{}
}

func newAsyncOnConn(fn func(*Conn)) *asyncOnConn {
	a := &asyncOnConn{fn: fn, batch: make([]*Conn, 0, asyncBatch),
		ch: make(chan []*Conn, asyncQueue), free: make(chan []*Conn, asyncQueue+1), done: make(chan struct{})}
	go a.loop()
	return a
}

func (a *asyncOnConn) loop() {
	defer close(a.done)
	for b := range a.ch {
		for i, c := range b {
			a.fn(c)
			b[i] = nil
		}
		select {
		case a.free <- b[:0]:
		default:
		}
	}
}

// add queues one connection; it is the tracker's OnConn.
func (a *asyncOnConn) add(c *Conn) {
	a.batch = append(a.batch, c)
	if len(a.batch) == asyncBatch {
		a.flush()
	}
}

func (a *asyncOnConn) flush() {
	if len(a.batch) == 0 {
		return
	}
	a.ch <- a.batch
	select {
	case a.batch = <-a.free:
	default:
		a.batch = make([]*Conn, 0, asyncBatch)
	}
}

// wait hands over the last batch and returns when fn has seen every
// connection.
func (a *asyncOnConn) wait() {
	a.flush()
	close(a.ch)
	<-a.done
}
