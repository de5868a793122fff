// Package httpapi is the service's HTTP layer: routes, handlers, JSON in and
// out, the error shape, request logging and rate limiting.
package httpapi

import (
	"log/slog"
	"net/http"

	"example.com/project/internal/health"
	"example.com/project/internal/links"
	"example.com/project/internal/ratelimit"
)

// Deps are what the HTTP layer needs from the rest of the service.
type Deps struct {
	Logger     *slog.Logger
	Links      *links.Service
	Health     health.Checker
	Limiter    *ratelimit.Limiter
	TrustProxy bool // take the client IP from X-Forwarded-For
}

// NewHandler returns the service's HTTP handler. Method-specific patterns
// (Go 1.22 routing) give 405 for a known path with another method; jsonMux
// turns that and unknown routes into the JSON error shape. Each handler
// returns its error, and handler (handler.go) writes it in the error shape.
func NewHandler(d Deps) http.Handler {
	h := linkHandlers{links: d.Links}
	limited := rateLimit(d.Limiter, d.TrustProxy)

	mux := newServeMux(d.Health)
	mux.Handle("POST /shorten", limited(handler(h.create)))
	mux.Handle("GET /shorten/{code}", handler(h.get))
	mux.Handle("PUT /shorten/{code}", handler(h.update))
	mux.Handle("DELETE /shorten/{code}", handler(h.delete))
	mux.Handle("GET /shorten/{code}/stats", handler(h.stats))
	mux.Handle("GET /{code}", handler(h.redirect))

	return withCommonLayers(d.Logger, mux, onlyPostOnCollection)
}

// onlyPostOnCollection answers 405 to every method but POST on /shorten: it is
// the collection, never a short code, though GET /{code} would match it (a
// random code spells "shorten" once in 62^7 links).
func onlyPostOnCollection(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/shorten" && r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, r, newError(http.StatusMethodNotAllowed, "method_not_allowed",
				r.Method+" is not allowed here; allowed: POST."))
			return
		}
		next.ServeHTTP(w, r)
	})
}
