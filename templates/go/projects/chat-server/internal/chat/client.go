package chat

import (
	"context"
	"sync"
	"time"

	"github.com/coder/websocket"
)

const (
	// pingInterval is how often an idle socket is pinged, so that a client
	// that vanished without closing (a dropped network) is noticed.
	pingInterval = 30 * time.Second
	// writeTimeout bounds one frame's write to a client that reads nothing.
	writeTimeout = 30 * time.Second
)

// client is one socket in one room. Three goroutines serve it: the reader
// (Chat.Serve's own, frames handled one at a time, in order), the writer
// (drains the outbox), and the pinger.
type client struct {
	conn   *websocket.Conn
	room   string
	name   string
	outbox *outbox

	stopOnce sync.Once
	done     chan struct{} // closed by stop
	code     websocket.StatusCode
	reason   string
}

func newClient(conn *websocket.Conn, room, name string, maxQueuedBytes int) *client {
	return &client{conn: conn, room: room, name: name, outbox: newOutbox(maxQueuedBytes), done: make(chan struct{})}
}

// send queues a frame for this socket without waiting. A client whose queue
// is full is not keeping up: it is stopped with 1013 (try again later).
func (c *client) send(frame []byte) {
	if !c.outbox.push(frame) {
		c.stop(websocket.StatusTryAgainLater, "send queue full: read faster")
	}
}

// stop ends the socket's life with a close code; the first call wins.
func (c *client) stop(code websocket.StatusCode, reason string) {
	c.stopOnce.Do(func() {
		c.code, c.reason = code, reason
		close(c.done)
	})
}

// stopped reports whether stop was called.
func (c *client) stopped() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// writeLoop writes queued frames until the client is stopped. Frames still
// queued then are dropped: the socket is closing.
func (c *client) writeLoop() {
	for {
		select {
		case <-c.done:
			return
		case <-c.outbox.ready:
		}
		for _, frame := range c.outbox.take() {
			if c.stopped() {
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
			err := c.conn.Write(ctx, websocket.MessageText, frame)
			cancel()
			c.outbox.written(len(frame))
			if err != nil {
				c.stop(websocket.StatusGoingAway, "write failed")
				return
			}
		}
	}
}

// pingLoop pings the client every pingInterval; no pong within the interval
// ends the socket.
func (c *client) pingLoop() {
	ticker := time.NewTicker(pingInterval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
			ctx, cancel := context.WithTimeout(context.Background(), pingInterval)
			err := c.conn.Ping(ctx)
			cancel()
			if err != nil {
				c.stop(websocket.StatusGoingAway, "no pong")
				return
			}
		}
	}
}
