package jobs

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// WakeChannel is the Redis pub/sub channel of wake-ups. The API publishes on
// it after every enqueue and retry has committed, and every idle worker is
// subscribed: it claims at once instead of at its next slow poll. A wake-up is
// only a hint: a worker that misses one (Redis down, a dropped connection)
// still finds the job at its next poll, so nothing relies on pub/sub delivery.
const WakeChannel = "jobs:wake"

// Publisher sends wake-ups.
type Publisher struct {
	rdb *redis.Client
	log *slog.Logger
}

// NewPublisher returns a Publisher on rdb.
func NewPublisher(rdb *redis.Client, log *slog.Logger) *Publisher {
	return &Publisher{rdb: rdb, log: log}
}

// publishTimeout bounds a wake-up: with Redis down, an enqueue waits this long at most.
const publishTimeout = 500 * time.Millisecond

// Publish announces that job jobID can be claimed. A failure is logged, never
// returned: the job is safely in Postgres, and the workers' poll finds it.
func (p *Publisher) Publish(ctx context.Context, jobID int64) {
	// The job is committed: announce it even if the client has hung up.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	if err := p.rdb.Publish(ctx, WakeChannel, strconv.FormatInt(jobID, 10)).Err(); err != nil {
		p.log.WarnContext(ctx, "could not publish a wake-up; workers will find the job at their next poll",
			slog.Int64("job_id", jobID), slog.String("error", err.Error()))
	}
}

// How the subscription is kept alive.
const (
	quietCheckInterval = 15 * time.Second       // with no message for this long, ping Redis
	resubscribeMin     = 100 * time.Millisecond // first pause after losing the subscription
	resubscribeMax     = 5 * time.Second        // longest pause between attempts while Redis is down
)

// ListenForWakeUps calls wake for every message on WakeChannel until ctx ends.
// It also calls wake each time the subscription starts (or starts again after
// Redis came back), because messages published while it was not subscribed are
// lost. While Redis is unreachable it tries again after a growing pause; the
// worker's slow poll keeps the jobs moving meanwhile.
func ListenForWakeUps(ctx context.Context, rdb *redis.Client, log *slog.Logger, wake func()) {
	pause := resubscribeMin
	down := false
	for ctx.Err() == nil {
		err := listen(ctx, rdb, func() {
			pause = resubscribeMin
			if down {
				log.InfoContext(ctx, "wake-ups over Redis are back")
				down = false
			}
			wake()
		}, wake)
		if ctx.Err() != nil {
			return
		}
		if !down {
			log.WarnContext(ctx, "no wake-ups from Redis; relying on the slow poll until it is back",
				slog.String("error", err.Error()))
			down = true
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(2*pause, resubscribeMax)
	}
}

// listen holds one subscription until it fails; it always returns an error.
func listen(ctx context.Context, rdb *redis.Client, subscribed, wake func()) error {
	sub := rdb.Subscribe(ctx, WakeChannel)
	defer func() { _ = sub.Close() }()
	// A blocked read does not watch ctx: closing the subscription ends it.
	stop := context.AfterFunc(ctx, func() { _ = sub.Close() })
	defer stop()

	pinged := false
	for {
		msg, err := sub.ReceiveTimeout(ctx, quietCheckInterval)
		var netErr net.Error
		switch {
		case err == nil:
		case errors.As(err, &netErr) && netErr.Timeout() && !pinged:
			// A quiet channel, or a dead connection? A ping answers within the next wait.
			if err := sub.Ping(ctx); err != nil {
				return err
			}
			pinged = true
			continue
		default:
			return err
		}
		pinged = false
		switch msg.(type) {
		case *redis.Subscription:
			subscribed()
		case *redis.Message:
			wake()
		}
	}
}
