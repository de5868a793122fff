package chat

import "time"

// window allows at most limit events in any period: it keeps the times of the
// last limit events allowed, and refuses an event while the oldest of them is
// less than period old. Unlike a fixed window, this is exact: a burst that
// straddles two fixed windows cannot double the rate. It lives in memory:
// a socket is on one instance, so its limit needs no Redis.
type window struct {
	period time.Duration
	times  []time.Time // ring buffer of the last allowed events
	next   int         // index of the oldest event once the ring is full
}

func newWindow(limit int, period time.Duration) *window {
	return &window{period: period, times: make([]time.Time, 0, limit)}
}

// allow records an event at now and reports whether it is within the limit.
// A refused event is not recorded.
func (w *window) allow(now time.Time) bool {
	if len(w.times) < cap(w.times) {
		w.times = append(w.times, now)
		return true
	}
	if now.Sub(w.times[w.next]) < w.period {
		return false
	}
	w.times[w.next] = now
	w.next = (w.next + 1) % len(w.times)
	return true
}
