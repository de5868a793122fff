package httpapi

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/coder/websocket"

	"example.com/project/internal/chat"
)

// socketHandler upgrades GET /ws?room=&name= to a WebSocket.
type socketHandler struct {
	chat *chat.Chat
}

// serve checks the room and the name before the upgrade (a bad one is a 400
// in the error shape, not a socket closed at once), upgrades, and serves the
// socket until it closes.
func (h socketHandler) serve(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	room, name := query.Get("room"), query.Get("name")
	details := checkName(nil, "room", room)
	details = checkName(details, "name", name)
	if len(details) > 0 {
		return invalidRequest(details)
	}
	if !headerHas(r.Header, "Connection", "upgrade") || !headerHas(r.Header, "Upgrade", "websocket") {
		w.Header().Set("Upgrade", "websocket")
		return newError(http.StatusUpgradeRequired, "upgrade_required",
			"GET /ws opens a WebSocket: send Connection: Upgrade and Upgrade: websocket.")
	}
	hw := &handshakeWriter{ResponseWriter: w}
	conn, err := websocket.Accept(hw, r, nil)
	if err != nil {
		if hw.status == 0 { // the connection was already taken over: nothing to answer
			loggerFrom(r.Context()).WarnContext(r.Context(), "websocket upgrade failed", slog.String("error", err.Error()))
			return nil
		}
		return handshakeError(hw.status, err)
	}
	h.chat.Serve(conn, room, name)
	return nil
}

// headerHas reports whether a comma-separated header holds token (any case).
func headerHas(h http.Header, name, token string) bool {
	for _, value := range h.Values(name) {
		for _, part := range strings.Split(value, ",") {
			if strings.EqualFold(strings.TrimSpace(part), token) {
				return true
			}
		}
	}
	return false
}

// handshakeWriter keeps websocket.Accept's plain-text refusals (a bad
// Sec-WebSocket-Key or version, a foreign Origin) from reaching the client,
// so that the handler answers in the JSON error shape instead. The 101 of a
// successful upgrade goes through.
type handshakeWriter struct {
	http.ResponseWriter
	status int // the refusal's status; 0 while there is none
}

func (w *handshakeWriter) WriteHeader(code int) {
	if code == http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.status = code
}

func (w *handshakeWriter) Write(b []byte) (int, error) {
	if w.status != 0 {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets the WebSocket library reach the connection to take it over.
func (w *handshakeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func handshakeError(status int, err error) error {
	message := "The WebSocket handshake was refused: " + err.Error()
	switch status {
	case http.StatusForbidden:
		return newError(status, "forbidden_origin", message)
	case http.StatusMethodNotAllowed:
		return newError(status, "method_not_allowed", message)
	case http.StatusUpgradeRequired:
		return newError(status, "upgrade_required", message)
	default:
		return newError(http.StatusBadRequest, "bad_handshake", message)
	}
}
