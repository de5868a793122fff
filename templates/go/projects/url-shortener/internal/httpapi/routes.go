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
	h := linkHandlers{links: d.Links}
	limited := rateLimit(d.Limiter, d.TrustProxy)

	mux := http.NewServeMux()
	mux.Handle("POST /shorten", limited(http.HandlerFunc(h.create)))
	mux.HandleFunc("GET /shorten/{code}", h.get)
	mux.HandleFunc("PUT /shorten/{code}", h.update)
	mux.HandleFunc("DELETE /shorten/{code}", h.delete)
	mux.HandleFunc("GET /shorten/{code}/stats", h.stats)
	mux.HandleFunc("GET /{code}", h.redirect)
	mux.Handle("GET /health", d.Health)
	mux.HandleFunc("GET /openapi.json", serveOpenAPI)
	mux.HandleFunc("GET /docs", serveDocs)

	return withRequestLog(d.Logger, jsonMux{mux})
}
