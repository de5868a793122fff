package integration

import (
	"context"
	"slices"
	"testing"

	"github.com/coder/websocket"
)

// Closing an instance (what SIGTERM does, see process_test.go for the real
// signal) closes its sockets with 1001 and removes its members from the
// rooms, and the other instances are told.
func TestClosingAnInstanceClosesItsSocketsWith1001AndRemovesItsPresence(t *testing.T) {
	t.Parallel()
	leaving, err := env.StartServer(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	room := uniqueRoom(t)
	watcher := other().Join(t, room, "watcher")
	alice := leaving.Join(t, room, "alice")
	bob := leaving.Join(t, room, "bob")
	watcher.Presence(t, "alice", "bob", "watcher")

	leaving.Close()

	for _, m := range []struct {
		name string
		code websocket.StatusCode
	}{{"alice", alice.Closed(t)}, {"bob", bob.Closed(t)}} {
		if m.code != websocket.StatusGoingAway {
			t.Errorf("%s: close code %d, want 1001", m.name, m.code)
		}
	}
	watcher.Presence(t, "watcher")
	if got := other().MembersOf(t, room); !slices.Equal(got, []string{"watcher"}) {
		t.Errorf("members after the instance closed: %v", got)
	}
}
