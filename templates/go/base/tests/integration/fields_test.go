package integration

import (
	"regexp"
	"testing"
)

// timestamp is how every timestamp of the API reads: ISO-8601 with
// milliseconds, in UTC.
var timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

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
