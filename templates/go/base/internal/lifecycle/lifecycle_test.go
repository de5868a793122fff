package lifecycle

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"example.com/project/internal/config"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestStartRefusesABadSettingWithOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	ran := false
	run := func(context.Context, config.Config, *slog.Logger) error { ran = true; return nil }
	code := start(t.Context(), run, env(map[string]string{"PORT": "http"}), &stdout, &stderr)
	if code != 1 || ran {
		t.Fatalf("exit code %d, ran %v; want 1 without running", code, ran)
	}
	if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "PORT") {
		t.Errorf("stderr %q, want one line naming PORT", got)
	}
}

func TestStartFailsWhenPostgresIsUnreachable(t *testing.T) {
	var stdout, stderr bytes.Buffer
	ran := false
	run := func(context.Context, config.Config, *slog.Logger) error { ran = true; return nil }
	vars := map[string]string{
		"DATABASE_URL": "postgres://app:app@127.0.0.1:1/app", // nothing listens on port 1
		"REDIS_URL":    "redis://127.0.0.1:1",
	}
	if code := start(t.Context(), run, env(vars), &stdout, &stderr); code != 1 || ran {
		t.Fatalf("exit code %d, ran %v; want 1 without running", code, ran)
	}
	if !strings.Contains(stdout.String(), `"msg":"could not start"`) || !strings.Contains(stdout.String(), "DATABASE_URL") {
		t.Errorf("want a JSON log line naming DATABASE_URL, got %q", stdout.String())
	}
}

// fakeApp answers /slow after a delay and records Close.
type fakeApp struct {
	closed    atomic.Bool
	closeWait time.Duration
}

func (a *fakeApp) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(200 * time.Millisecond)
		_, _ = io.WriteString(w, "done")
	})
}

func (a *fakeApp) Close(ctx context.Context) error {
	select {
	case <-time.After(a.closeWait):
	case <-ctx.Done():
		// A stuck Close ignores ctx: StopWithin must still return.
		time.Sleep(a.closeWait)
	}
	a.closed.Store(true)
	return nil
}

func quietLogger() *slog.Logger { return slog.New(slog.NewJSONHandler(io.Discard, nil)) }

func startServing(t *testing.T, app App, timeout time.Duration) (url string, cancel context.CancelFunc, result chan error) {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	result = make(chan error, 1)
	go func() { result <- serve(ctx, ln, app, quietLogger(), timeout) }()
	return "http://" + ln.Addr().String(), cancel, result
}

func TestServeFinishesInFlightRequestsThenClosesTheApp(t *testing.T) {
	app := &fakeApp{}
	url, cancel, result := startServing(t, app, 5*time.Second)

	body := make(chan string, 1)
	go func() {
		resp, err := get(url + "/slow")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body <- string(b)
	}()
	time.Sleep(50 * time.Millisecond) // the request is in flight
	cancel()

	if err := <-result; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if got := <-body; got != "done" {
		t.Errorf("in-flight request got %q", got)
	}
	if !app.closed.Load() {
		t.Error("the app was not closed")
	}
	if resp, err := get(url + "/slow"); err == nil {
		_ = resp.Body.Close()
		t.Error("the server still accepts after the stop")
	}
}

func get(url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func TestServeBoundsAStuckStop(t *testing.T) {
	app := &fakeApp{closeWait: time.Hour}
	_, cancel, result := startServing(t, app, 100*time.Millisecond)
	cancel()
	select {
	case err := <-result:
		if err == nil || !strings.Contains(err.Error(), "did not finish") {
			t.Errorf("want a timeout error, got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after its shutdown timeout")
	}
}
