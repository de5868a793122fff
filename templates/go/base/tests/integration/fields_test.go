package integration

import (
	"regexp"
	"testing"
)

// timestamp is how every timestamp of the API reads: ISO-8601 with
// milliseconds, in UTC.
var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// str and num read fields of a decoded JSON object, failing the test when the
// field is missing or of another type.
func str(t *testing.T, body map[string]any, name string) string {
	t.Helper()
	return field[string](t, body, name, "a string")
}

func num(t *testing.T, body map[string]any, name string) float64 {
	t.Helper()
	return field[float64](t, body, name, "a number")
}

func field[T any](t *testing.T, body map[string]any, name, kind string) T {
	t.Helper()
	v, ok := body[name].(T)
	if !ok {
		t.Fatalf("%s is not %s in %v", name, kind, body)
	}
	return v
}
