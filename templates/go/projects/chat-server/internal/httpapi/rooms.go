package httpapi

import (
	"math"
	"net/http"

	"example.com/project/internal/chat"
)

const (
	defaultHistoryLimit = 50
	maxHistoryLimit     = 200
)

// roomHandlers serve a room's history and members.
type roomHandlers struct {
	chat *chat.Chat
}

// messages answers GET /rooms/{room}/messages?limit=50&before=<id>: the
// newest messages first; pass the id of the oldest one you have as before
// for the page after it.
func (h roomHandlers) messages(w http.ResponseWriter, r *http.Request) error {
	room := r.PathValue("room")
	details := checkName(nil, "room", room)
	query := r.URL.Query()
	limit := queryInt(query, "limit", defaultHistoryLimit, 1, maxHistoryLimit, "must be an integer from 1 to 200", &details)
	before := queryInt(query, "before", 0, 1, math.MaxInt64, "must be a message id (a positive integer)", &details)
	if len(details) > 0 {
		return invalidRequest(details)
	}
	messages, err := h.chat.History(r.Context(), room, int(limit), before)
	if err != nil {
		return err
	}
	body := make([]chat.MessageJSON, len(messages))
	for i, m := range messages {
		body[i] = m.JSON()
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": body})
	return nil
}

// members answers GET /rooms/{room}/members: who is online, on any instance.
func (h roomHandlers) members(w http.ResponseWriter, r *http.Request) error {
	room := r.PathValue("room")
	if details := checkName(nil, "room", room); len(details) > 0 {
		return invalidRequest(details)
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": h.chat.Members(r.Context(), room)})
	return nil
}
