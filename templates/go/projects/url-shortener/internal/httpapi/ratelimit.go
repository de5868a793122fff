package httpapi

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// limiter is what rateLimit needs from internal/ratelimit.
type limiter interface {
	Allow(ctx context.Context, key string) (allowed bool, retryAfter time.Duration, err error)
}

// rateLimit limits requests per client IP. Over the limit it answers 429
// rate_limited with Retry-After; while Redis is down it lets requests through.
func rateLimit(l limiter, trustProxy bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			allowed, retryAfter, err := l.Allow(r.Context(), clientIP(r, trustProxy))
			if err != nil {
				loggerFrom(r.Context()).WarnContext(r.Context(), "rate limiter unavailable, allowing the request",
					slog.String("error", err.Error()))
			} else if !allowed {
				w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(retryAfter)))
				writeError(w, r, newError(http.StatusTooManyRequests, "rate_limited",
					"Too many requests; try again after the Retry-After delay."))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// clientIP is the socket's address, or with trustProxy the first
// X-Forwarded-For entry (the original client, as set by the first proxy).
// Only a well-formed IP is used, so the header cannot invent arbitrary keys.
func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		first, _, _ := strings.Cut(r.Header.Get("X-Forwarded-For"), ",")
		if ip, err := netip.ParseAddr(strings.TrimSpace(first)); err == nil {
			return ip.String()
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// retryAfterSeconds rounds up to whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(int((d+time.Second-1)/time.Second), 1)
}
