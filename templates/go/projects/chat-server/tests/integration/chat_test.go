package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"example.com/project/tests/support"
)

func TestAMessageReachesTheRoomOnBothInstancesTheSenderIncluded(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	alice := srv.Join(t, room, "alice")
	bob := other().Join(t, room, "bob")
	alice.Presence(t, "alice", "bob")

	alice.Say(t, "hello <b>bob</b> & all")
	fromAlice := alice.Next(t, "message")
	atBob := bob.Next(t, "message")

	for _, f := range []map[string]any{fromAlice, atBob} {
		if str(t, f, "text") != "hello <b>bob</b> & all" || str(t, f, "room") != room || str(t, f, "name") != "alice" {
			t.Errorf("unexpected frame %v", f)
		}
		if !timestamp.MatchString(str(t, f, "createdAt")) {
			t.Errorf("createdAt %q is not ISO-8601 UTC with milliseconds", f["createdAt"])
		}
	}
	if num(t, fromAlice, "id") != num(t, atBob, "id") || num(t, atBob, "id") < 1 {
		t.Errorf("ids differ or are not positive: %v %v", fromAlice["id"], atBob["id"])
	}
}

func TestRoomsAreSeparate(t *testing.T) {
	t.Parallel()
	room, elsewhere := uniqueRoom(t), uniqueRoom(t)
	alice := srv.Join(t, room, "alice")
	carol := other().Join(t, elsewhere, "carol")
	carol.Presence(t, "carol")

	alice.Say(t, "only here")
	alice.Next(t, "message")
	carol.Quiet(t, 300*time.Millisecond, "message", "presence")
}

func TestASendersMessagesKeepTheirOrderEverywhere(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	sender := srv.Join(t, room, "sender")
	local := srv.Join(t, room, "local")
	remote := other().Join(t, room, "remote")
	sender.Presence(t, "local", "remote", "sender")

	const count = 40
	for i := range count {
		// Long and short texts alternate: a long insert must not let a short one overtake it.
		text := fmt.Sprintf("%03d", i)
		if i%2 == 0 {
			text += " " + strings.Repeat("x", 1990)
		}
		sender.Say(t, text)
	}
	for _, member := range []*support.Member{sender, local, remote} {
		last := 0.0
		for i := range count {
			f := member.Next(t, "message")
			if got := str(t, f, "text")[:3]; got != fmt.Sprintf("%03d", i) {
				t.Fatalf("%s: message %d is %q", member.Name, i, got)
			}
			if id := num(t, f, "id"); id <= last {
				t.Fatalf("%s: ids not increasing: %v after %v", member.Name, id, last)
			}
			last = num(t, f, "id")
		}
	}
	history := srv.History(t, room, "limit=200")
	for i, m := range history { // newest first
		if want := fmt.Sprintf("%03d", count-1-i); str(t, m, "text")[:3] != want {
			t.Fatalf("history[%d] is %q, want %s...", i, str(t, m, "text")[:3], want)
		}
	}
}

func TestTypingReachesTheOthersOnly(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	alice := srv.Join(t, room, "alice")
	bob := other().Join(t, room, "bob")
	alice.Presence(t, "alice", "bob")

	alice.Send(t, map[string]string{"type": "typing"})
	typing := bob.Next(t, "typing")
	if str(t, typing, "room") != room || str(t, typing, "name") != "alice" {
		t.Errorf("unexpected typing frame %v", typing)
	}
	// Alice's own next frame is her message, not her typing.
	alice.Say(t, "done typing")
	if f := alice.Next(t, "typing", "message"); f.Type() != "message" {
		t.Errorf("alice got her own typing frame: %v", f)
	}
}
