package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestClientIP(t *testing.T) {
	cases := []struct {
		name       string
		xff        string
		trustProxy bool
		want       string
	}{
		{"socket address", "", false, "192.0.2.10"},
		{"header ignored without trust", "203.0.113.5", false, "192.0.2.10"},
		{"first forwarded entry", "203.0.113.5, 10.0.0.1", true, "203.0.113.5"},
		{"ipv6 entry", " 2001:db8::1 ", true, "2001:db8::1"},
		{"garbage falls back to socket", "not-an-ip", true, "192.0.2.10"},
		{"empty header falls back to socket", "", true, "192.0.2.10"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/shorten", nil)
			r.RemoteAddr = "192.0.2.10:54321"
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := clientIP(r, tc.trustProxy); got != tc.want {
				t.Errorf("clientIP = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	cases := map[time.Duration]int{0: 1, 200 * time.Millisecond: 1, 1500 * time.Millisecond: 2, time.Minute: 60}
	for in, want := range cases {
		if got := retryAfterSeconds(in); got != want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", in, got, want)
		}
	}
}

type fakeLimiter struct {
	allowed bool
	err     error
}

func (f fakeLimiter) Allow(context.Context, string) (bool, time.Duration, error) {
	return f.allowed, 1500 * time.Millisecond, f.err
}

func TestRateLimitMiddleware(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) })
	cases := []struct {
		name       string
		limiter    fakeLimiter
		wantStatus int
	}{
		{"allowed", fakeLimiter{allowed: true}, http.StatusCreated},
		{"limited", fakeLimiter{allowed: false}, http.StatusTooManyRequests},
		{"redis down lets it through", fakeLimiter{err: errors.New("redis down")}, http.StatusCreated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			rateLimit(tc.limiter, false)(ok).ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/shorten", nil))
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tc.wantStatus)
			}
			if tc.wantStatus == http.StatusTooManyRequests {
				if rec.Header().Get("Retry-After") != "2" {
					t.Errorf("Retry-After = %q, want 2", rec.Header().Get("Retry-After"))
				}
				assertErrorCode(t, rec, "rate_limited")
			}
		})
	}
}
