package links

import "crypto/rand"

const (
	// alphabet is base62: URL-safe without escaping.
	alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	// CodeLength is the length of generated codes: 62^7 is about 3.5e12 codes.
	CodeLength = 7
	// maxCodeLength bounds codes accepted in paths (longer ones are 404 without a query).
	maxCodeLength = 64
)

// NewCode returns a random base62 code from a CSPRNG. Bytes of 248 and above are
// skipped, so that every character is equally likely (248 = 4 * 62).
func NewCode() string {
	code := make([]byte, 0, CodeLength)
	buf := make([]byte, CodeLength*2)
	for len(code) < CodeLength {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails
		for _, b := range buf {
			if b < 248 && len(code) < CodeLength {
				code = append(code, alphabet[b%62])
			}
		}
	}
	return string(code)
}

func isBase62(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
}

// ValidCode reports whether s could be a short code: 1-64 base62 characters.
// Anything else cannot exist, so callers answer 404 without asking Postgres.
func ValidCode(s string) bool {
	if len(s) == 0 || len(s) > maxCodeLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isBase62(s[i]) {
			return false
		}
	}
	return true
}
