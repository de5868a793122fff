package chat

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// The WebSocket protocol. A client sends JSON text frames:
//
//	{"type":"message","text":"..."}   1-2000 characters, stored and sent to the whole room
//	{"type":"typing"}                 sent to the other members of the room
//
// The server sends:
//
//	{"type":"message","id","room","name","text","createdAt"}
//	{"type":"presence","room","members":[names]}
//	{"type":"typing","room","name"}
//	{"type":"error","code","message"}   the socket stays open
const (
	// MaxFrameBytes is the largest frame read: a larger one closes the socket with 1009.
	MaxFrameBytes = 16 << 10
	// MaxTextChars is the longest message text, in characters (Unicode code points).
	MaxTextChars = 2000
)

// frameKind is what a client frame asks for.
type frameKind int

const (
	sendMessage frameKind = iota + 1
	sendTyping
)

// clientFrame is a valid frame from a client.
type clientFrame struct {
	kind frameKind
	text string // sendMessage only
}

// frameError is a frame the server refuses: it answers with an error frame
// and the socket stays open.
type frameError struct {
	code    string
	message string
}

func refuse(code, message string) *frameError { return &frameError{code: code, message: message} }

// parseClientFrame reads one text frame.
func parseClientFrame(data []byte) (clientFrame, *frameError) {
	if !json.Valid(data) {
		return clientFrame{}, refuse("invalid_json", "The frame is not valid JSON.")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return clientFrame{}, refuse("validation_error", `Send a JSON object with "type": "message" or "typing".`)
	}
	kind, ok := jsonString(fields["type"])
	if !ok {
		return clientFrame{}, refuse("validation_error", `"type" must be a string: "message" or "typing".`)
	}
	switch kind {
	case "typing":
		return clientFrame{kind: sendTyping}, nil
	case "message":
	default:
		return clientFrame{}, refuse("unknown_type", `Unknown frame type: use "message" or "typing".`)
	}
	text, ok := jsonString(fields["text"])
	if !ok {
		return clientFrame{}, refuse("validation_error", `"text" must be a string.`)
	}
	if n := utf8.RuneCountInString(text); n < 1 || n > MaxTextChars {
		return clientFrame{}, refuse("validation_error", `"text" must be 1-`+strconv.Itoa(MaxTextChars)+" characters.")
	}
	return clientFrame{kind: sendMessage, text: text}, nil
}

// jsonString decodes a JSON string; a missing field, null, a number or
// anything else is not one.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// A server frame is encoded once, however many sockets it goes to.

func encodeFrame(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the page shows text with textContent: no need for \u003c
	if err := enc.Encode(v); err != nil {
		panic(err) // only our own frame structs are encoded: a failure is a bug
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func errorFrame(code, message string) []byte {
	return encodeFrame(struct {
		Type    string `json:"type"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}{"error", code, message})
}

func typingFrame(room, name string) []byte {
	return encodeFrame(struct {
		Type string `json:"type"`
		Room string `json:"room"`
		Name string `json:"name"`
	}{"typing", room, name})
}

func presenceFrame(room string, members []string) []byte {
	if members == nil {
		members = []string{} // [] rather than null
	}
	return encodeFrame(struct {
		Type    string   `json:"type"`
		Room    string   `json:"room"`
		Members []string `json:"members"`
	}{"presence", room, members})
}

func messageFrame(m Message) []byte {
	body := m.JSON()
	body.Type = "message"
	return encodeFrame(body)
}

// typingPrefix starts every typing frame (encodeFrame keeps the field order).
var typingPrefix = []byte(`{"type":"typing",`)

// typingSender returns the name in a typing frame, and false for any other frame.
func typingSender(frame []byte) (string, bool) {
	if !bytes.HasPrefix(frame, typingPrefix) {
		return "", false
	}
	var typing struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(frame, &typing); err != nil {
		return "", false
	}
	return typing.Name, true
}
