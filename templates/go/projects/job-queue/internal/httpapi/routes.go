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
// turns that and unknown routes into the JSON error shape.
func NewHandler(d Deps) http.Handler {
	h := jobHandlers{jobs: d.Jobs, wakeups: d.Wakeups}

	mux := http.NewServeMux()
	mux.HandleFunc("POST /jobs", h.enqueue)
	mux.HandleFunc("GET /jobs", h.list)
	mux.HandleFunc("GET /jobs/{id}", h.get)
	mux.HandleFunc("POST /jobs/{id}/retry", h.retry)
	mux.HandleFunc("GET /stats", h.stats)
	mux.Handle("GET /health", d.Health)
	mux.HandleFunc("GET /openapi.json", serveOpenAPIWithJobTypes(jobs.TypeNames()))
	mux.HandleFunc("GET /docs", serveDocs)

	return withRequestLog(d.Logger, jsonMux{mux})
}
