package chat

import (
	"strings"
	"testing"
	"time"
)

func TestParseClientFrame(t *testing.T) {
	cases := []struct {
		frame string
		kind  frameKind
		text  string
		code  string
	}{
		{`{"type":"message","text":"hi"}`, sendMessage, "hi", ""},
		{` {"text":"hi","type":"message","extra":1} `, sendMessage, "hi", ""},
		{`{"type":"typing"}`, sendTyping, "", ""},
		{`{"type":"message","text":"` + strings.Repeat("é", MaxTextChars) + `"}`, sendMessage, strings.Repeat("é", MaxTextChars), ""},
		{`nope`, 0, "", "invalid_json"},
		{`{"type":"message"`, 0, "", "invalid_json"},
		{`[1]`, 0, "", "validation_error"},
		{`null`, 0, "", "validation_error"},
		{`{}`, 0, "", "validation_error"},
		{`{"type":null}`, 0, "", "validation_error"},
		{`{"type":["message"]}`, 0, "", "validation_error"},
		{`{"type":"MESSAGE","text":"hi"}`, 0, "", "unknown_type"},
		{`{"type":"message","text":7}`, 0, "", "validation_error"},
		{`{"type":"message","text":""}`, 0, "", "validation_error"},
		{`{"type":"message","text":"` + strings.Repeat("x", MaxTextChars+1) + `"}`, 0, "", "validation_error"},
	}
	for _, tc := range cases {
		got, refused := parseClientFrame([]byte(tc.frame))
		switch {
		case tc.code != "" && (refused == nil || refused.code != tc.code || refused.message == ""):
			t.Errorf("%.50s: got %+v %+v, want error %s", tc.frame, got, refused, tc.code)
		case tc.code == "" && (refused != nil || got.kind != tc.kind || got.text != tc.text):
			t.Errorf("%.50s: got %+v %+v", tc.frame, got, refused)
		}
	}
}

func TestServerFramesAreCompactJSONWithoutHTMLEscapes(t *testing.T) {
	m := Message{ID: 7, Room: "r", Name: "n", Text: "<b>&</b>", CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 6_789_000, time.FixedZone("x", 3600))}
	want := `{"type":"message","id":7,"room":"r","name":"n","text":"<b>&</b>","createdAt":"2025-01-02T02:04:05.006Z"}`
	if got := string(messageFrame(m)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := string(presenceFrame("r", nil)); got != `{"type":"presence","room":"r","members":[]}` {
		t.Errorf("empty presence: %s", got)
	}
}

func TestTypingSender(t *testing.T) {
	if name, ok := typingSender(typingFrame("r", "alice")); !ok || name != "alice" {
		t.Errorf("typing frame: %q %v", name, ok)
	}
	if _, ok := typingSender(presenceFrame("r", []string{"alice"})); ok {
		t.Error("a presence frame is not a typing frame")
	}
}

func TestValidName(t *testing.T) {
	for _, s := range []string{"a", "general", "A-b_9", strings.Repeat("x", 64)} {
		if !ValidName(s) {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range []string{"", strings.Repeat("x", 65), "a b", "café", "a/b", "a:b", "<x>", "a\n"} {
		if ValidName(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}
