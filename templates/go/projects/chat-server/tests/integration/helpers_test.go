package integration

import (
	"testing"

	"example.com/project/tests/support"
)

// other is the second instance Start runs on the same Postgres and Redis as
// srv: a member joined through it must see what members of srv do.
func other() *support.Server { return env.Servers[1] }

// uniqueRoom returns a room of this test alone.
func uniqueRoom(t *testing.T) string { return support.UniqueRoom(t) }
