// Package integration tests the service over HTTP and real WebSockets against
// real Postgres and Redis, with two instances side by side. Tests never
// truncate tables: each uses rooms of its own, so runs can share a database.
package integration

import (
	"context"
	"fmt"
	"os"
	"testing"

	"example.com/project/tests/support"
)

// env is shared by every test of this package; srv and other are two
// instances on the same Postgres and Redis (env.NewServer starts more, with
// other settings).
var (
	env   *support.Env
	srv   *support.Server
	other *support.Server
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
	other, err = env.StartServer(context.Background(), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer other.Close()
	return m.Run()
}
