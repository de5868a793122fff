package integration

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"example.com/project/tests/support"
)

func TestABadRoomOrNameIsRefusedWith400BeforeTheUpgrade(t *testing.T) {
	t.Parallel()
	cases := []struct {
		query string
		bad   []string
	}{
		{"room=general", []string{"name"}},
		{"name=alice", []string{"room"}},
		{"room=general&name=", []string{"name"}},
		{"room=gen%20eral&name=alice", []string{"room"}},
		{"room=general&name=al%3Cice", []string{"name"}},
		{"room=" + strings.Repeat("r", 65) + "&name=alice", []string{"room"}},
		{"room=caf%C3%A9&name=al:ice", []string{"room", "name"}},
	}
	for _, tc := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, status, err := support.Dial(ctx, strings.Replace(srv.URL, "http", "ws", 1)+"/ws?"+tc.query)
		cancel()
		if err == nil || status != http.StatusBadRequest {
			t.Errorf("%s: want a 400 refusal, got %d %v", tc.query, status, err)
			continue
		}
		// A plain GET gets the same answer, in the error shape.
		plain := srv.Do(t, "GET", "/ws?"+tc.query, nil).Expect(t, 400)
		if plain.ErrorCode(t) != "validation_error" {
			t.Errorf("%s: code %s", tc.query, plain.ErrorCode(t))
		}
		details, _ := plain.JSON(t)["error"].(map[string]any)["details"].([]any)
		var paths []string
		for _, d := range details {
			paths = append(paths, d.(map[string]any)["path"].(string))
		}
		if strings.Join(paths, ",") != strings.Join(tc.bad, ",") {
			t.Errorf("%s: details about %v, want %v", tc.query, paths, tc.bad)
		}
	}
}

func TestRoomAndNameMayUse64LettersDigitsDashesAndUnderscores(t *testing.T) {
	t.Parallel()
	room := (uniqueRoom(t) + "-_R9" + strings.Repeat("x", 64))[:64]
	name := "N_9-" + strings.Repeat("n", 60)
	someone := srv.Join(t, room, name)
	someone.Say(t, "hi")
	if f := someone.Next(t, "message"); f["room"] != room || f["name"] != name {
		t.Errorf("frame %v", f)
	}
}

func TestAPlainGetOnWsIs426(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "GET", "/ws?room=general&name=alice", nil).Expect(t, http.StatusUpgradeRequired)
	if resp.ErrorCode(t) != "upgrade_required" || resp.Header.Get("Upgrade") != "websocket" {
		t.Errorf("got %v %s", resp.Header, resp.Body)
	}
}

func TestABadFrameGetsAnErrorFrameAndTheSocketStaysOpen(t *testing.T) {
	t.Parallel()
	cases := []struct{ frame, code string }{
		{`not json`, "invalid_json"},
		{`{"type":"message","text":"unterminated}`, "invalid_json"},
		{strings.Repeat("[", 5000), "invalid_json"},
		{`["message"]`, "validation_error"},
		{`"message"`, "validation_error"},
		{`{"text":"no type"}`, "validation_error"},
		{`{"type":5}`, "validation_error"},
		{`{"type":"shout","text":"hi"}`, "unknown_type"},
		{`{"type":"message"}`, "validation_error"},
		{`{"type":"message","text":42}`, "validation_error"},
		{`{"type":"message","text":null}`, "validation_error"},
		{`{"type":"message","text":["a"]}`, "validation_error"},
		{`{"type":"message","text":""}`, "validation_error"},
		{`{"type":"message","text":"` + strings.Repeat("x", 2001) + `"}`, "validation_error"},
	}
	alice := srv.Join(t, uniqueRoom(t), "alice")
	for _, tc := range cases {
		alice.SendRaw(t, websocket.MessageText, []byte(tc.frame))
		f := alice.Next(t, "error", "message")
		if f.Type() != "error" || f["code"] != tc.code || f["message"] == "" {
			t.Errorf("%.40s: got %v, want an error frame %s", tc.frame, f, tc.code)
		}
	}
	alice.Say(t, "still here")
	if f := alice.Next(t, "message", "error"); f["text"] != "still here" {
		t.Errorf("after the bad frames: %v", f)
	}
}

func TestTwoThousandCharactersIsTheLongestMessage(t *testing.T) {
	t.Parallel()
	alice := srv.Join(t, uniqueRoom(t), "alice")
	text := strings.Repeat("é", 2000) // characters, not bytes
	alice.Say(t, text)
	if f := alice.Next(t, "message", "error"); f["text"] != text {
		t.Errorf("got %.60v", f)
	}
}

func TestABinaryFrameGetsAnErrorFrame(t *testing.T) {
	t.Parallel()
	alice := srv.Join(t, uniqueRoom(t), "alice")
	alice.SendRaw(t, websocket.MessageBinary, []byte(`{"type":"message","text":"hi"}`))
	if f := alice.Next(t, "error", "message"); f["code"] != "binary_not_supported" {
		t.Errorf("got %v", f)
	}
	alice.Say(t, "still here")
	if f := alice.Next(t, "message"); f["text"] != "still here" {
		t.Errorf("got %v", f)
	}
}

func TestAFrameOver16KiBClosesTheSocketWith1009(t *testing.T) {
	t.Parallel()
	for _, kind := range []websocket.MessageType{websocket.MessageText, websocket.MessageBinary} {
		room := uniqueRoom(t)
		watcher := other().Join(t, room, "watcher")
		alice := srv.Join(t, room, "alice")
		watcher.Presence(t, "alice", "watcher")

		alice.SendRaw(t, kind, []byte(strings.Repeat("x", 16<<10+1)))
		if code := alice.Closed(t); code != websocket.StatusMessageTooBig {
			t.Errorf("%v frame: close code %d, want 1009", kind, code)
		}
		watcher.Presence(t, "watcher") // alice left the room
	}
}

func TestAFrameOfExactly16KiBIsRead(t *testing.T) {
	t.Parallel()
	alice := srv.Join(t, uniqueRoom(t), "alice")
	alice.SendRaw(t, websocket.MessageText, []byte(strings.Repeat("x", 16<<10)))
	if f := alice.Next(t, "error"); f["code"] != "invalid_json" {
		t.Errorf("got %v", f)
	}
}

func TestTooManyMessagesGetRateLimitedAndTheSocketStaysOpen(t *testing.T) {
	t.Parallel()
	limited := env.NewServer(t, map[string]string{"MESSAGES_PER_10_SECONDS": "3"})
	room := uniqueRoom(t)
	alice := limited.Join(t, room, "alice")
	bob := limited.Join(t, room, "bob")
	for _, text := range []string{"1", "2", "3", "4"} {
		alice.Say(t, text)
	}
	// Her messages come back through Redis, so the error frame (sent to her
	// directly) may overtake them.
	var texts, codes []string
	for range 4 {
		f := alice.Next(t, "message", "error")
		if f.Type() == "message" {
			texts = append(texts, f["text"].(string))
		} else {
			codes = append(codes, f["code"].(string))
		}
	}
	if !slices.Equal(texts, []string{"1", "2", "3"}) || !slices.Equal(codes, []string{"rate_limited"}) {
		t.Fatalf("messages %v and errors %v, want 1 2 3 and one rate_limited", texts, codes)
	}
	// The refused message was not sent, and the budget is per socket.
	bob.Say(t, "bob is not limited")
	for _, want := range []string{"1", "2", "3", "bob is not limited"} {
		if f := bob.Next(t, "message"); f["text"] != want {
			t.Fatalf("bob got %v, want %s", f, want)
		}
	}
	// Still open: a typing frame still reaches bob.
	alice.Send(t, map[string]string{"type": "typing"})
	bob.Next(t, "typing")
}

// A client that stops reading must not hold up the room or grow the server's
// memory: once about 1 MiB waits for it, it is closed with 1013.
func TestAClientThatStopsReadingIsClosedWith1013AndTheRoomGoesOn(t *testing.T) {
	t.Parallel()
	fast := env.NewServer(t, map[string]string{"MESSAGES_PER_10_SECONDS": "10000"})
	room := uniqueRoom(t)
	watcher := other().Join(t, room, "watcher")
	stalled := fast.Dial(t, room, "stalled") // never read until the end
	sender := fast.Join(t, room, "sender")
	watcher.Presence(t, "sender", "stalled", "watcher")

	// Each message is 2000 three-byte characters: about 6 KB on the wire.
	text := strings.Repeat("€", 2000)
	sent := 0
	for !slices.Equal(fast.MembersOf(t, room), []string{"sender", "watcher"}) {
		if sent >= 2000 { // 12 MB: far past any send queue and socket buffers
			t.Fatal("the stalled client was never closed")
		}
		for range 10 {
			sender.Say(t, text)
			sender.Next(t, "message")
			sent++
		}
	}
	// The room went on: the watcher got every message.
	for range sent {
		watcher.Next(t, "message")
	}
	// Reading now, the stalled client finds the close frame after what was
	// already on its way to it.
	if code := support.Read(stalled, room, "stalled").Closed(t); code != websocket.StatusTryAgainLater {
		t.Errorf("close code %d, want 1013", code)
	}
}
