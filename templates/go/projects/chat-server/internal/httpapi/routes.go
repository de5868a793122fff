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
// turns that and unknown routes into the JSON error shape.
func NewHandler(d Deps) http.Handler {
	return withCommonLayers(d.Logger, newServeMux(d.Health, routes(d)))
}

// routes are the operations of this service beyond /health, /openapi.json and
// /docs; openapi.json describes each of them (openapi_test.go checks). Each
// handler returns its error, and handler (handler.go) writes it in the error
// shape.
func routes(d Deps) []route {
	rooms := roomHandlers{chat: d.Chat}
	sockets := socketHandler{chat: d.Chat}
	return []route{
		{"GET /ws", handler(sockets.serve)},
		{"GET /rooms/{room}/messages", handler(rooms.messages)},
		{"GET /rooms/{room}/members", handler(rooms.members)},
		{"GET /{$}", http.HandlerFunc(servePage)},
	}
}
