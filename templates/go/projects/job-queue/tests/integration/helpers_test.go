// Tests that run workers (or claim jobs themselves) run one after another: a
// worker claims any due job, so two of them at once would take each other's
// jobs. Tests of the HTTP API alone run in parallel, after those.

package integration

import (
	"testing"
	"time"

	"example.com/project/tests/support"
)

// farFuture is a runAt no worker reaches during the tests: jobs that must
// stay queued use it.
const farFuture = "2999-01-01T00:00:00.000Z"

// randomHex makes keys and lease tokens of this test alone.
func randomHex(n int) string { return support.RandomHex(n) }

// id reads the id of a job body.
func id(t *testing.T, body map[string]any) int64 { return support.ID(t, body) }

// at parses a timestamp field.
func at(t *testing.T, body map[string]any, field string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, str(t, body, field))
	if err != nil {
		t.Fatalf("%s: %v", field, err)
	}
	return v
}
