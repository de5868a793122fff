// Package httpapi is the service's HTTP layer: routes, handlers, JSON in and
// out, the error shape and request logging.
package httpapi

import (
	"log/slog"
	"net/http"

	"example.com/project/internal/health"
	"example.com/project/internal/jobs"
)

// Deps are what the HTTP layer needs from the rest of the service.
type Deps struct {
	Logger  *slog.Logger
	Jobs    *jobs.Store
	Wakeups *jobs.Publisher
	Health  health.Checker
}

// NewHandler returns the service's HTTP handler. Method-specific patterns
// (Go 1.22 routing) give 405 for a known path with another method; jsonMux
// turns that and unknown routes into the JSON error shape. Each handler
// returns its error, and handler (handler.go) writes it in the error shape.
func NewHandler(d Deps) http.Handler {
	h := jobHandlers{jobs: d.Jobs, wakeups: d.Wakeups}

	mux := newServeMux(d.Health)
	mux.Handle("POST /jobs", handler(h.enqueue))
	mux.Handle("GET /jobs", handler(h.list))
	mux.Handle("GET /jobs/{id}", handler(h.get))
	mux.Handle("POST /jobs/{id}/retry", handler(h.retry))
	mux.Handle("GET /stats", handler(h.stats))

	return withCommonLayers(d.Logger, mux)
}
