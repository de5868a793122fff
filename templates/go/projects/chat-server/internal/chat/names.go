// Package chat is the chat itself, free of HTTP: sockets in rooms, messages
// stored in Postgres and fanned out to every instance over Redis pub/sub, and
// presence that expires by itself when an instance dies.
package chat

// MaxNameLength is the longest room or display name.
const MaxNameLength = 64

// ValidName reports whether s can be a room or a display name: 1-64 ASCII
// letters, digits, '-' or '_'. Because nothing else is allowed, a name can be
// written into a Redis key, a presence entry or JSON without any escaping.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > MaxNameLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			return false
		}
	}
	return true
}

func nameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}
