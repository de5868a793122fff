package chat

import (
	"slices"
	"sync"
)

// hub holds this instance's sockets by room.
type hub struct {
	mu    sync.RWMutex
	rooms map[string]map[*client]struct{}
}

func newHub() *hub {
	return &hub{rooms: map[string]map[*client]struct{}{}}
}

// add puts c in its room and returns how many sockets of c's name the room
// now has on this instance.
func (h *hub) add(c *client) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	room := h.rooms[c.room]
	if room == nil {
		room = map[*client]struct{}{}
		h.rooms[c.room] = room
	}
	room[c] = struct{}{}
	return countName(room, c.name)
}

// remove takes c out of its room and returns how many sockets of c's name the
// room still has on this instance.
func (h *hub) remove(c *client) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	room := h.rooms[c.room]
	delete(room, c)
	if len(room) == 0 {
		delete(h.rooms, c.room)
	}
	return countName(room, c.name)
}

func countName(room map[*client]struct{}, name string) int {
	n := 0
	for c := range room {
		if c.name == name {
			n++
		}
	}
	return n
}

// deliver queues frame on every socket of room here, except the sockets of
// the sender of a typing frame. It never waits for a socket.
func (h *hub) deliver(room string, frame []byte) {
	skip, _ := typingSender(frame)
	h.mu.RLock()
	defer h.mu.RUnlock()
	for c := range h.rooms[room] {
		if c.name != skip {
			c.send(frame)
		}
	}
}

// names returns the names in room on this instance, sorted, each once.
func (h *hub) names(room string) []string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	names := []string{}
	for c := range h.rooms[room] {
		names = append(names, c.name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// memberships returns, for each room with sockets here, its names.
func (h *hub) memberships() map[string][]string {
	h.mu.RLock()
	rooms := make([]string, 0, len(h.rooms))
	for room := range h.rooms {
		rooms = append(rooms, room)
	}
	h.mu.RUnlock()
	all := make(map[string][]string, len(rooms))
	for _, room := range rooms {
		if names := h.names(room); len(names) > 0 {
			all[room] = names
		}
	}
	return all
}

// clients returns every socket here.
func (h *hub) clients() []*client {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var all []*client
	for _, room := range h.rooms {
		for c := range room {
			all = append(all, c)
		}
	}
	return all
}
