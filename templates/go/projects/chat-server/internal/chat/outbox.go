package chat

import "sync"

// outbox is a socket's send queue, bounded in bytes. The room never waits for
// a slow client: frames are queued without blocking, and one writer goroutine
// per socket drains the queue at the client's pace. A client that stops
// reading lets the queue grow until push refuses a frame, and is then closed
// (1013). Without the bound, one stalled client would make the server hold
// every message of the room for it.
type outbox struct {
	mu     sync.Mutex
	frames [][]byte
	queued int // bytes queued or being written
	limit  int
	ready  chan struct{} // holds a token while frames wait
}

func newOutbox(limit int) *outbox {
	return &outbox{limit: limit, ready: make(chan struct{}, 1)}
}

// push queues frame, or returns false when that would pass the limit.
func (o *outbox) push(frame []byte) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.queued+len(frame) > o.limit {
		return false
	}
	o.frames = append(o.frames, frame)
	o.queued += len(frame)
	select {
	case o.ready <- struct{}{}:
	default:
	}
	return true
}

// take returns the waiting frames, oldest first, and empties the queue. They
// still count against the limit until written reports them.
func (o *outbox) take() [][]byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	frames := o.frames
	o.frames = nil
	return frames
}

// written releases the bytes of a frame that left for the network.
func (o *outbox) written(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.queued -= n
}
