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
// turns that and unknown routes into the JSON error shape.
func NewHandler(d Deps) http.Handler {
	return withCommonLayers(d.Logger, newServeMux(d.Health, routes(d)), onlyPostOnCollection)
}

// routes are the operations of this service beyond /health, /openapi.json and
// /docs; openapi.json describes each of them (openapi_test.go checks). Each
// handler returns its error, and handler (handler.go) writes it in the error
// shape.
func routes(d Deps) []route {
	h := linkHandlers{links: d.Links}
	limited := rateLimit(d.Limiter, d.TrustProxy)
	return []route{
		{"POST /shorten", limited(handler(h.create))},
		{"GET /shorten/{code}", handler(h.get)},
		{"PUT /shorten/{code}", handler(h.update)},
		{"DELETE /shorten/{code}", handler(h.delete)},
		{"GET /shorten/{code}/stats", handler(h.stats)},
		{"GET /{code}", handler(h.redirect)},
	}
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
