package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"
)

// Attempt is what a handler gets for one run of a job.
type Attempt struct {
	JobID   int64
	Number  int             // 1 on the first run, 2 on the first retry, ...
	Payload json.RawMessage // the job's payload as JSON ("null" when it has none)
	Logger  *slog.Logger    // logs carry the job's id, type and attempt
}

// Handler runs one attempt of a job. Its result (anything json.Marshal
// accepts) becomes the job's result; an error fails the attempt, and the error
// text becomes lastError. ctx is cancelled when the worker gives the attempt up
// (its lease was taken over, or a shutdown ran out of time): stop early, the
// outcome will not be recorded.
//
// A job can run more than once (after a failure, or when a worker died after
// doing the work but before recording it), so a handler must be idempotent:
// running it twice must do no more harm than running it once.
type Handler func(ctx context.Context, a Attempt) (result any, err error)

// Handlers is every job type this service knows, by name. To add a type, add
// an entry here: from then on POST /jobs accepts its name, /openapi.json lists
// it, and workers run it. The four below exist for learning and for the tests.
var Handlers = map[string]Handler{
	"echo":  echo,
	"sleep": sleep,
	"fail":  fail,
	"flaky": flaky,
}

// TypeNames returns the names in Handlers, sorted.
func TypeNames() []string {
	names := make([]string, 0, len(Handlers))
	for name := range Handlers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// echo returns its payload as the result.
func echo(_ context.Context, a Attempt) (any, error) {
	return a.Payload, nil
}

// sleep waits {"ms": n} milliseconds (0 to 600000), then succeeds.
func sleep(ctx context.Context, a Attempt) (any, error) {
	ms, err := payloadInt(a.Payload, "ms", 0, 600_000)
	if err != nil {
		return nil, err
	}
	timer := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer timer.Stop()
	select {
	case <-timer.C:
		return map[string]int{"sleptMs": ms}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fail always fails: watch it retry with backoff, then land in the dead letters.
func fail(context.Context, Attempt) (any, error) {
	return nil, errors.New("the fail job type always fails")
}

// flaky fails its first {"failTimes": n} attempts (0 to 100), then succeeds.
func flaky(_ context.Context, a Attempt) (any, error) {
	failTimes, err := payloadInt(a.Payload, "failTimes", 0, 100)
	if err != nil {
		return nil, err
	}
	if a.Number <= failTimes {
		return nil, fmt.Errorf("flaky failure %d of %d", a.Number, failTimes)
	}
	return map[string]int{"succeededOnAttempt": a.Number}, nil
}

// payloadInt reads the field name of a JSON object payload, which must be an
// integer from lo to hi; otherwise its error, naming the field, fails the attempt.
func payloadInt(payload json.RawMessage, name string, lo, hi int) (int, error) {
	var fields map[string]json.RawMessage
	var v *float64
	if json.Unmarshal(payload, &fields) != nil || json.Unmarshal(fields[name], &v) != nil ||
		v == nil || *v != math.Trunc(*v) || *v < float64(lo) || *v > float64(hi) {
		return 0, fmt.Errorf("invalid payload: want {%q: an integer from %d to %d}", name, lo, hi)
	}
	return int(*v), nil
}
