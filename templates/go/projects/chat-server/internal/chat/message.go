package chat

import "time"

// Message is one stored chat message.
type Message struct {
	ID        int64
	Room      string
	Name      string
	Text      string
	CreatedAt time.Time
}

// MessageJSON is a message as the API shows it: an item of the history and,
// with Type "message", the socket frame.
type MessageJSON struct {
	Type      string `json:"type,omitempty"`
	ID        int64  `json:"id"`
	Room      string `json:"room"`
	Name      string `json:"name"`
	Text      string `json:"text"`
	CreatedAt string `json:"createdAt"`
}

// timestampLayout is ISO-8601 in UTC with milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// JSON returns the message's JSON form.
func (m Message) JSON() MessageJSON {
	return MessageJSON{
		ID:        m.ID,
		Room:      m.Room,
		Name:      m.Name,
		Text:      m.Text,
		CreatedAt: m.CreatedAt.UTC().Format(timestampLayout),
	}
}
