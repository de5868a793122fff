package integration

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"example.com/project/tests/support"
)

// closedPort is where nothing listens: connections are refused at once.
const closedPort = "127.0.0.1:1"

// With Redis away, an instance keeps serving its own sockets and the
// history, says degraded, and joins the fan-out again once Redis is back:
// its subscriber reconnects and subscribes again by itself.
func TestRedisDownLocalDeliveryThenFanOutResumes(t *testing.T) {
	t.Parallel()
	proxy, redisURL := env.RedisProxy(t)
	cutOff := env.NewServer(t, map[string]string{"REDIS_URL": redisURL})
	room := uniqueRoom(t)
	alice := cutOff.Join(t, room, "alice")
	carol := cutOff.Join(t, room, "carol")
	bob := other().Join(t, room, "bob")
	bob.Presence(t, "alice", "bob", "carol")

	proxy.Cut()
	waitForHealth(t, cutOff, "degraded", "down")

	// Local delivery, in order, and the history still works.
	alice.Say(t, "while redis is away")
	if f := carol.Next(t, "message"); f["text"] != "while redis is away" {
		t.Errorf("carol got %v", f)
	}
	if f := alice.Next(t, "message"); f["text"] != "while redis is away" {
		t.Errorf("alice got %v", f)
	}
	if h := cutOff.History(t, room, "limit=1"); len(h) != 1 || h[0]["text"] != "while redis is away" {
		t.Errorf("history %v", h)
	}
	// Members: only what this instance knows while Redis is away.
	if got := cutOff.MembersOf(t, room); !slices.Equal(got, []string{"alice", "carol"}) {
		t.Errorf("members without redis %v", got)
	}

	proxy.Restore()
	waitForHealth(t, cutOff, "ok", "up")
	bob.Say(t, "fan-out is back")
	if f := alice.Next(t, "message"); f["text"] != "fan-out is back" {
		t.Errorf("alice got %v", f)
	}
	bob.Next(t, "message") // his own
	alice.Say(t, "and the other way")
	if f := bob.Next(t, "message"); f["text"] != "and the other way" {
		t.Errorf("bob got %v", f)
	}
}

// waitForHealth polls /health until it reports status with redis in the
// given state.
func waitForHealth(t *testing.T, s *support.Server, status, redis string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		health := s.Do(t, "GET", "/health", nil).JSON(t)
		checks, _ := health["checks"].(map[string]any)
		if health["status"] == status && checks["redis"] == redis {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("health is %v, want status %s with redis %s", health, status, redis)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPostgresDownASendGetsAnErrorFrameAndNothingCrashes(t *testing.T) {
	t.Parallel()
	broken := env.NewServer(t, map[string]string{"DATABASE_URL": "postgres://app:app@" + closedPort + "/app"})
	room := uniqueRoom(t)
	alice := broken.Join(t, room, "alice")
	bob := broken.Join(t, room, "bob")
	alice.Presence(t, "alice", "bob")

	alice.Say(t, "cannot be stored")
	if f := alice.Next(t, "error", "message"); f["code"] != "unavailable" {
		t.Errorf("got %v, want an unavailable error frame", f)
	}
	// Not delivered to anyone: the room only sees what the history holds.
	bob.Quiet(t, 300*time.Millisecond, "message")
	// The socket is still open, and typing still works without Postgres.
	alice.Send(t, map[string]string{"type": "typing"})
	bob.Next(t, "typing")

	health := broken.Do(t, "GET", "/health", nil).Expect(t, http.StatusServiceUnavailable).JSON(t)
	if health["status"] != "down" {
		t.Errorf("health %v", health)
	}
	if resp := broken.Do(t, "GET", "/rooms/"+room+"/messages", nil); resp.Status != 500 || resp.ErrorCode(t) != "internal_error" {
		t.Errorf("history without postgres: %d %s", resp.Status, resp.Body)
	}
}
