package jobs

import (
	"context"
	"errors"
)

// maxCompletionBatch bounds how many successes one statement records.
const maxCompletionBatch = 256

// errWorkerStopped answers a completion that arrives after the worker gave up its jobs.
var errWorkerStopped = errors.New("the worker stopped before the outcome was recorded")

// completion is one success waiting to be recorded, and where its answer goes.
type completion struct {
	Completion
	answer chan completionAnswer
}

type completionAnswer struct {
	held bool
	err  error
}

// completer records successful attempts in batches, the way Postgres itself
// groups commits: while one UPDATE is on its way, the attempts that finish
// queue up, and the next UPDATE records them all. A busy worker pays one
// statement and one commit for many jobs, an idle one no added delay.
type completer struct {
	store   *Store
	queue   chan completion // unbuffered: a send waits until the batcher takes it
	stopped chan struct{}
	done    chan struct{}
}

func newCompleter(store *Store) *completer {
	c := &completer{store: store, queue: make(chan completion), stopped: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// record queues a success and waits until its batch is written; held is
// false when the lease was no longer this worker's.
func (c *completer) record(l Lease, result []byte) (held bool, err error) {
	item := completion{Completion{Lease: l, Result: result}, make(chan completionAnswer, 1)}
	select {
	case c.queue <- item:
	case <-c.stopped:
		return false, errWorkerStopped
	}
	answer := <-item.answer
	return answer.held, answer.err
}

// stop ends the batcher once the batch in progress is written.
func (c *completer) stop() {
	close(c.stopped)
	<-c.done
}

func (c *completer) run() {
	defer close(c.done)
	for {
		var batch []completion
		select {
		case item := <-c.queue:
			batch = append(batch, item)
		case <-c.stopped:
			return
		}
		// Take every success already waiting, without waiting for more.
	collect:
		for len(batch) < maxCompletionBatch {
			select {
			case item := <-c.queue:
				batch = append(batch, item)
			default:
				break collect
			}
		}
		c.write(batch)
	}
}

func (c *completer) write(batch []completion) {
	done := make([]Completion, len(batch))
	for i, item := range batch {
		done[i] = item.Completion
	}
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	held, err := c.store.Complete(ctx, done)
	if errors.Is(err, ErrNotStorable) && len(batch) > 1 {
		// One result fails the whole statement: record them one by one, so
		// that only the job with that result fails.
		for _, item := range batch {
			c.write([]completion{item})
		}
		return
	}
	for _, item := range batch {
		item.answer <- completionAnswer{held: held[item.Lease], err: err}
	}
}
