package integration

import (
	"regexp"
	"testing"

	"example.com/project/tests/support"
)

var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// uniqueRoom returns a room of this test alone.
func uniqueRoom(t *testing.T) string { return support.UniqueRoom(t) }

func str(t *testing.T, f map[string]any, field string) string {
	t.Helper()
	v, ok := f[field].(string)
	if !ok {
		t.Fatalf("%s is not a string in %v", field, f)
	}
	return v
}

func num(t *testing.T, f map[string]any, field string) float64 {
	t.Helper()
	v, ok := f[field].(float64)
	if !ok {
		t.Fatalf("%s is not a number in %v", field, f)
	}
	return v
}
