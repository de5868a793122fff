// Package integration tests the service over HTTP against real Postgres and
// Redis. Tests never truncate tables: each creates rows of its own, so runs
// can share a database.
package integration

import (
	"context"
	"fmt"
	"os"
	"testing"

	"example.com/project/tests/support"
)

// env is shared by every test of this package, and srv is its main instance
// (env.Servers holds every instance Start runs; env.NewServer starts others
// with different settings).
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
