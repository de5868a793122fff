package integration

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	t.Parallel()
	const limit = 3
	s := env.NewServer(t, map[string]string{"RATE_LIMIT_PER_MINUTE": strconv.Itoa(limit)})
	waitForFreshWindow(t)

	ip := uniqueClientIP()
	body := map[string]string{"url": "https://example.com/rate-limited"}
	for range limit {
		s.Do(t, "POST", "/shorten", body, "X-Forwarded-For", ip).Expect(t, http.StatusCreated)
	}
	resp := s.Do(t, "POST", "/shorten", body, "X-Forwarded-For", ip).Expect(t, http.StatusTooManyRequests)
	if got := resp.ErrorCode(t); got != "rate_limited" {
		t.Errorf("code %q", got)
	}
	retryAfter, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || retryAfter < 1 || retryAfter > 60 {
		t.Errorf("Retry-After %q, want 1-60 seconds", resp.Header.Get("Retry-After"))
	}

	// Other clients, and requests other than POST /shorten, are not limited.
	s.Do(t, "POST", "/shorten", body, "X-Forwarded-For", uniqueClientIP()).Expect(t, http.StatusCreated)
	s.Do(t, "GET", "/health", nil, "X-Forwarded-For", ip).Expect(t, http.StatusOK)
}

// waitForFreshWindow sleeps past a minute boundary that is less than 10
// seconds away, so the test's requests all fall in one fixed window.
func waitForFreshWindow(t *testing.T) {
	t.Helper()
	untilNext := time.Until(time.Now().Truncate(time.Minute).Add(time.Minute))
	if untilNext < 10*time.Second {
		time.Sleep(untilNext + 100*time.Millisecond)
	}
}
