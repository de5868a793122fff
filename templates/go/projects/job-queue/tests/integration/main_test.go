// Package integration tests the service over HTTP, and its workers, against
// real Postgres and Redis. Tests never truncate tables: each creates its own
// jobs, so runs can share a database.
//
// Tests that run workers (or claim jobs themselves) run one after another: a
// worker claims any due job, so two of them at once would take each other's
// jobs. Tests of the HTTP API alone run in parallel, after those.
package integration

import (
	"context"
	"fmt"
	"os"
	"testing"

	"example.com/project/tests/support"
)

// env is shared by every test of this package, and srv is its main API
// instance (env.NewServer starts others with different settings,
// env.StartWorker starts workers).
var (
	env *support.Env
	srv *support.Server
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	env, err = support.Start(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer env.Close()
	fmt.Fprintln(os.Stderr, "integration tests:", env.Infra.Source)
	srv = env.Server
	return m.Run()
}
