package chat

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// channelPrefix starts the Redis channel of each room: chat:<room>.
	channelPrefix = "chat:"
	// receiveTimeout is how long the subscriber waits for an event before it
	// pings Redis, so that a dead connection is noticed on a quiet channel.
	receiveTimeout = 5 * time.Second
	// retryDelay is the pause between two attempts while Redis is away.
	retryDelay = 500 * time.Millisecond
)

func channel(room string) string { return channelPrefix + room }

// Fanout carries room events between instances. Every frame for a room is
// published on chat:<room>; every instance holds one pattern subscription,
// chat:*, on a connection of its own (a subscribed connection can do nothing
// else), and hands what it receives to its local sockets. Redis delivers the
// publishes of a channel in order, so every member sees the same order.
type Fanout struct {
	rdb        *redis.Client
	pubsub     *redis.PubSub
	deliver    func(room string, frame []byte)
	log        *slog.Logger
	subscribed atomic.Bool
	ready      chan struct{} // closed at the first subscription
}

// NewFanout subscribes to every room's channel (in the background: see Run)
// and hands each received frame to deliver.
func NewFanout(ctx context.Context, rdb *redis.Client, deliver func(room string, frame []byte), log *slog.Logger) *Fanout {
	// PSubscribe records the pattern even when Redis is down: the PubSub
	// subscribes again on every connection it makes.
	return &Fanout{
		rdb:     rdb,
		pubsub:  rdb.PSubscribe(ctx, channelPrefix+"*"),
		deliver: deliver,
		log:     log,
		ready:   make(chan struct{}),
	}
}

// Publish sends frame to every instance's members of room, this one's included.
func (f *Fanout) Publish(ctx context.Context, room string, frame []byte) error {
	return f.rdb.Publish(ctx, channel(room), frame).Err()
}

// Subscribed reports whether the subscription is live: when it is not, this
// instance delivers its own events to its own sockets directly.
func (f *Fanout) Subscribed() bool { return f.subscribed.Load() }

// WaitSubscribed waits until the first subscription or until ctx ends.
func (f *Fanout) WaitSubscribed(ctx context.Context) {
	select {
	case <-f.ready:
	case <-ctx.Done():
	}
}

// Run receives events until ctx ends and Close is called. When the connection
// fails, the PubSub reconnects and subscribes again on the next receive; the
// confirmation of that subscription marks the fan-out live again.
func (f *Fanout) Run(ctx context.Context) {
	failing := false
	for ctx.Err() == nil {
		msg, err := f.pubsub.ReceiveTimeout(ctx, receiveTimeout)
		if err == nil {
			f.handle(msg, &failing)
			continue
		}
		if ctx.Err() != nil {
			return
		}
		if isTimeout(err) && f.subscribed.Load() {
			// A quiet channel: a ping that cannot be written means the
			// connection is gone (the PubSub then reconnects by itself).
			if err = f.pubsub.Ping(ctx); err == nil {
				continue
			}
		}
		f.subscribed.Store(false)
		if !failing {
			failing = true
			f.log.Warn("redis subscription lost: delivering to local sockets only until it is back",
				slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
		case <-time.After(retryDelay):
		}
	}
}

func (f *Fanout) handle(msg any, failing *bool) {
	switch m := msg.(type) {
	case *redis.Subscription:
		if m.Kind == "psubscribe" && !f.subscribed.Swap(true) {
			if *failing {
				*failing = false
				f.log.Info("redis subscription is back: fan-out resumed")
			}
			select {
			case <-f.ready:
			default:
				close(f.ready)
			}
		}
	case *redis.Message:
		if room, ok := strings.CutPrefix(m.Channel, channelPrefix); ok {
			f.deliver(room, []byte(m.Payload))
		}
	}
}

// Close ends the subscription (and unblocks Run's receive).
func (f *Fanout) Close() error {
	f.subscribed.Store(false)
	return f.pubsub.Close()
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}
