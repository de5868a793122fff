package integration

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"testing"
	"time"

	"example.com/project/tests/support"
)

var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// farFuture is a runAt no worker reaches during the tests: jobs that must
// stay queued use it.
const farFuture = "2999-01-01T00:00:00.000Z"

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// id reads the id of a job body.
func id(t *testing.T, body map[string]any) int64 { return support.ID(t, body) }

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

// at parses a timestamp field.
func at(t *testing.T, body map[string]any, field string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, str(t, body, field))
	if err != nil {
		t.Fatalf("%s: %v", field, err)
	}
	return v
}
