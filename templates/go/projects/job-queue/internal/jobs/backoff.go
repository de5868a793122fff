package jobs

import (
	"math/rand/v2"
	"time"
)

// MaxRetryDelay caps the backoff: however many attempts failed, a retry never
// waits longer than a day.
const MaxRetryDelay = 24 * time.Hour

// RetryDelay is how long a job waits after its failed attempt number attempt
// (1 for the first run): base * 2^(attempt-1), doubling with each failure so a
// struggling dependency gets room to recover, plus up to 25% random jitter so
// jobs that failed together (the same outage) do not all retry in the same
// instant. random returns a number in [0, 1): rand.Float64 in production.
func RetryDelay(attempt int, base time.Duration, random func() float64) time.Duration {
	exponential := base
	for i := 1; i < attempt && exponential < MaxRetryDelay; i++ {
		exponential *= 2
	}
	exponential = min(exponential, MaxRetryDelay)
	jitter := time.Duration(random() * 0.25 * float64(exponential))
	return min(exponential+jitter, MaxRetryDelay)
}

// randomFraction is the jitter source of the worker.
var randomFraction = rand.Float64
