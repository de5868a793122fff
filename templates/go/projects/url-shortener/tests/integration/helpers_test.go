package integration

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"testing"
)

// missingCode is a well-formed code that no link has (generated codes are 7 characters).
const missingCode = "noSuchLinkForTests01"

var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// uniqueURL returns a fresh https URL, so tests never depend on each other's links.
func uniqueURL(t *testing.T) string {
	return fmt.Sprintf("https://example.com/%s/%s", t.Name(), randomHex(6))
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// uniqueClientIP returns a random documentation-range IPv6 address for
// X-Forwarded-For, so rate-limit counters are never shared between tests or runs.
func uniqueClientIP() string {
	h := randomHex(8)
	return fmt.Sprintf("2001:db8:%s:%s:%s:%s::1", h[0:4], h[4:8], h[8:12], h[12:16])
}

// str and num read fields of a decoded JSON object.
func str(t *testing.T, body map[string]any, field string) string {
	t.Helper()
	v, ok := body[field].(string)
	if !ok {
		t.Fatalf("%s is not a string in %v", field, body)
	}
	return v
}

func num(t *testing.T, body map[string]any, field string) float64 {
	t.Helper()
	v, ok := body[field].(float64)
	if !ok {
		t.Fatalf("%s is not a number in %v", field, body)
	}
	return v
}
