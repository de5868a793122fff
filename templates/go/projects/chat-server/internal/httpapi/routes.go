// Package httpapi is the service's HTTP layer: routes, handlers, the
// WebSocket upgrade, JSON in and out, the error shape and request logging.
package httpapi

import (
	"log/slog"
	"net/http"

	"example.com/project/internal/chat"
	"example.com/project/internal/health"
)

// Deps are what the HTTP layer needs from the rest of the service.
type Deps struct {
	Logger *slog.Logger
	Chat   *chat.Chat
	Health health.Checker
}

// NewHandler returns the service's HTTP handler. Method-specific patterns
// (Go 1.22 routing) give 405 for a known path with another method; jsonMux
// turns that and unknown routes into the JSON error shape. Each handler
// returns its error, and handler (handler.go) writes it in the error shape.
func NewHandler(d Deps) http.Handler {
	rooms := roomHandlers{chat: d.Chat}
	sockets := socketHandler{chat: d.Chat}

	mux := newServeMux(d.Health)
	mux.Handle("GET /ws", handler(sockets.serve))
	mux.Handle("GET /rooms/{room}/messages", handler(rooms.messages))
	mux.Handle("GET /rooms/{room}/members", handler(rooms.members))
	mux.HandleFunc("GET /{$}", servePage)

	return withCommonLayers(d.Logger, mux)
}
