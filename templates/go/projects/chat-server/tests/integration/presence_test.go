package integration

import (
	"slices"
	"testing"
	"time"
)

func TestPresenceFramesOnEveryJoinAndLeaveOnBothInstances(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	alice := srv.Join(t, room, "alice")
	if f := alice.Presence(t, "alice"); f["room"] != room {
		t.Errorf("presence frame of another room: %v", f)
	}
	bob := other().Join(t, room, "bob")
	alice.Presence(t, "alice", "bob")
	bob.Presence(t, "alice", "bob")

	bob.Leave()
	alice.Presence(t, "alice")
	if got := other().MembersOf(t, room); !slices.Equal(got, []string{"alice"}) {
		t.Errorf("members after bob left: %v", got)
	}
}

func TestMembersAreSortedAndANameWithTwoSocketsIsOneMember(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	zoe := srv.Join(t, room, "zoe")
	adam := srv.Join(t, room, "adam")
	adamElsewhere := other().Join(t, room, "adam")
	zoe.Presence(t, "adam", "zoe")

	if got := srv.MembersOf(t, room); !slices.Equal(got, []string{"adam", "zoe"}) {
		t.Errorf("members %v, want [adam zoe]", got)
	}
	if got := other().MembersOf(t, room); !slices.Equal(got, []string{"adam", "zoe"}) {
		t.Errorf("members on the other instance %v, want [adam zoe]", got)
	}

	// One of adam's sockets leaves: he is still online, and the room is told so.
	adam.Leave()
	zoe.Presence(t, "adam", "zoe")
	if got := srv.MembersOf(t, room); !slices.Equal(got, []string{"adam", "zoe"}) {
		t.Errorf("members after one socket left %v", got)
	}
	adamElsewhere.Leave()
	zoe.Presence(t, "zoe")
}

func TestMembersOfAnEmptyRoomIsAnEmptyList(t *testing.T) {
	t.Parallel()
	body := srv.Do(t, "GET", "/rooms/"+uniqueRoom(t)+"/members", nil).Expect(t, 200)
	if string(body.Body) != "{\"members\":[]}\n" {
		t.Errorf("body %s", body.Body)
	}
}

// An instance that vanishes without cleaning up (here: it loses Redis for
// good) stops refreshing its presence entries; they expire within the TTL and
// the other instances stop listing its members, with nobody removing them.
func TestAVanishedInstancesMembersDisappearWithinTheTTL(t *testing.T) {
	t.Parallel()
	const ttl = 5 * time.Second // the smallest PRESENCE_TTL_SECONDS
	proxy, redisURL := env.RedisProxy(t)
	doomed := env.NewServer(t, map[string]string{"REDIS_URL": redisURL, "PRESENCE_TTL_SECONDS": "5"})
	watching := env.NewServer(t, map[string]string{"PRESENCE_TTL_SECONDS": "5"})

	room := uniqueRoom(t)
	watcher := watching.Join(t, room, "watcher")
	doomed.Join(t, room, "ghost")
	watcher.Presence(t, "ghost", "watcher")

	proxy.Cut()
	cut := time.Now()
	// The watcher's instance prunes the expired entry at its next heartbeat
	// and tells the room.
	watcher.Presence(t, "watcher")
	if elapsed := time.Since(cut); elapsed > ttl+ttl/3+time.Second {
		t.Errorf("the ghost vanished after %v, want within the TTL and a heartbeat", elapsed)
	}
	if got := srv.MembersOf(t, room); !slices.Equal(got, []string{"watcher"}) {
		t.Errorf("members %v", got)
	}
}
