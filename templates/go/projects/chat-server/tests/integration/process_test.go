//go:build !windows

package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"example.com/project/tests/support"
)

// These tests run the real server binary (cmd/server) as a child process,
// to send it real signals. POSIX signals: not on Windows.

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// serverBinary builds cmd/server once per test run.
func serverBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chat-server-test-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "server")
		out, err := exec.CommandContext(context.Background(), "go", "build", "-o", binary, "../../cmd/server").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// process is the server running as a child process.
type process struct {
	cmd    *exec.Cmd
	server *support.Server // its URL, for the test helpers (no App: it runs elsewhere)
	output *bytes.Buffer
	exited chan error
}

func startProcess(t *testing.T, vars map[string]string) *process {
	t.Helper()
	port := freePort(t)
	settings := env.Settings(vars)
	settings["HOST"], settings["PORT"], settings["LOG_LEVEL"] = "127.0.0.1", strconv.Itoa(port), "info"
	cmd := exec.CommandContext(context.Background(), serverBinary(t))
	cmd.Dir = t.TempDir() // no .env there
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range settings {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{cmd: cmd, output: &bytes.Buffer{}, exited: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("server output:\n%s", p.output)
		}
	})
	p.server = &support.Server{URL: "http://127.0.0.1:" + strconv.Itoa(port)}
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, p.server.URL+"/health", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not answer /health within 30s:\n%s", p.output)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitExit returns the exit code once the process exits (within 15 s).
func (p *process) waitExit(t *testing.T) int {
	t.Helper()
	select {
	case err := <-p.exited:
		// A non-zero exit is an *exec.ExitError: the code says it; anything else is a failure to wait.
		var exitErr *exec.ExitError
		if err != nil && !errors.As(err, &exitErr) {
			t.Fatalf("waiting for the server: %v", err)
		}
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not exit within 15s")
		return -1
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestSIGTERMClosesSocketsWith1001RemovesPresenceAndExits0(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil)
	room := uniqueRoom(t)
	watcher := srv.Join(t, room, "watcher")
	alice := p.server.Join(t, room, "alice")
	watcher.Presence(t, "alice", "watcher")

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := alice.Closed(t); code != websocket.StatusGoingAway {
		t.Errorf("close code %d, want 1001", code)
	}
	watcher.Presence(t, "watcher")
	if code := p.waitExit(t); code != 0 {
		t.Errorf("exit code %d, want 0\n%s", code, p.output)
	}
	// It no longer accepts anything.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, _, err := support.Dial(ctx, p.server.WebSocketURL(room, "late")); err == nil {
		t.Error("a socket opened after the server stopped")
	}
	if got := srv.MembersOf(t, room); !slices.Equal(got, []string{"watcher"}) {
		t.Errorf("members %v", got)
	}
}

// A killed instance (SIGKILL: no chance to clean up) loses its members within
// PRESENCE_TTL_SECONDS, because nobody refreshes their entries any more.
func TestAKilledInstancesMembersVanishWithinTheTTL(t *testing.T) {
	t.Parallel()
	p := startProcess(t, map[string]string{"PRESENCE_TTL_SECONDS": "5"})
	watching := env.NewServer(t, map[string]string{"PRESENCE_TTL_SECONDS": "5"})
	room := uniqueRoom(t)
	watcher := watching.Join(t, room, "watcher")
	p.server.Join(t, room, "ghost")
	watcher.Presence(t, "ghost", "watcher")

	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	watcher.Presence(t, "watcher")
	if elapsed := time.Since(killed); elapsed > 5*time.Second+5*time.Second/3+time.Second {
		t.Errorf("the killed instance's member vanished after %v", elapsed)
	}
	if got := srv.MembersOf(t, room); !slices.Equal(got, []string{"watcher"}) {
		t.Errorf("members %v", got)
	}
}
