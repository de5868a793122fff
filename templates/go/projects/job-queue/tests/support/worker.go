package support

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/jobs"
	"example.com/project/internal/logging"
)

// Worker is a worker running in the test process.
type Worker struct {
	App  *app.Worker
	stop context.CancelFunc
	done chan struct{}
	once sync.Once
}

// StartWorker starts an in-process worker against the test infrastructure,
// with the test settings (Settings) overridden by vars, and opts overriding
// the worker's options. The test's cleanup stops it.
func (e *Env) StartWorker(t testing.TB, vars map[string]string, opts jobs.Options) *Worker {
	t.Helper()
	settings := e.Settings(vars)
	cfg, err := config.Load(func(name string) string { return settings[name] })
	if err != nil {
		t.Fatalf("worker config: %v", err)
	}
	logger := logging.New(os.Stderr, logging.Level(cfg.LogLevel))
	wa, err := app.NewWorker(context.Background(), cfg, logger, opts)
	if err != nil {
		t.Fatalf("start worker: %v", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	w := &Worker{App: wa, stop: stop, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		wa.Run(ctx)
	}()
	t.Cleanup(func() { w.Stop(5 * time.Second) })
	return w
}

// Stop stops claiming, waits up to grace for the running jobs (as SIGTERM
// does) and closes the worker's pools. It returns how many jobs it left to
// lease expiry. Only the first call does anything.
func (w *Worker) Stop(grace time.Duration) (abandoned int) {
	w.once.Do(func() {
		w.stop()
		<-w.done
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		abandoned = w.App.Drain(ctx)
		_ = w.App.Close()
	})
	return abandoned
}

// WorkerProcess is cmd/worker running as a child process.
type WorkerProcess struct {
	cmd    *exec.Cmd
	output *lockedBuffer
	exited chan struct{}
}

var (
	buildOnce   sync.Once
	workerPath  string
	buildOutput []byte
	buildErr    error
)

// StartWorkerProcess builds cmd/worker (once per test run) and starts it with
// the test infrastructure and vars as its environment. It returns once the
// worker logged that it started; the test's cleanup kills it if it still runs.
func (e *Env) StartWorkerProcess(t testing.TB, vars map[string]string) *WorkerProcess {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "worker-bin-")
		if err != nil {
			buildErr = err
			return
		}
		workerPath = filepath.Join(dir, "worker")
		build := exec.CommandContext(context.Background(), "go", "build", "-o", workerPath, "./cmd/worker")
		build.Dir = moduleRoot()
		buildOutput, buildErr = build.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build ./cmd/worker: %v\n%s", buildErr, buildOutput)
	}

	vars = e.Settings(mergeVars(map[string]string{"LOG_LEVEL": "info"}, vars))
	cmd := exec.CommandContext(context.Background(), workerPath)
	cmd.Dir = t.TempDir() // no .env there
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &WorkerProcess{cmd: cmd, output: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.output
	if err := cmd.Start(); err != nil {
		t.Fatalf("start worker process: %v", err)
	}
	started := make(chan struct{})
	go func() {
		var once sync.Once
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			_, _ = p.output.Write(append(lines.Bytes(), '\n'))
			if strings.Contains(lines.Text(), `"msg":"worker started"`) {
				once.Do(func() { close(started) })
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.exited
	})
	select {
	case <-started:
	case <-p.exited:
		t.Fatalf("worker process exited at start:\n%s", p.output)
	case <-time.After(30 * time.Second):
		t.Fatalf("worker process did not start:\n%s", p.output)
	}
	return p
}

// Signal sends sig to the worker process.
func (p *WorkerProcess) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// Wait waits up to timeout for the process to exit and returns its exit code.
func (p *WorkerProcess) Wait(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		t.Fatalf("worker process still running after %v:\n%s", timeout, p.output)
		return -1
	}
}

// Output is everything the process wrote so far.
func (p *WorkerProcess) Output() string { return p.output.String() }

// moduleRoot is the folder of go.mod, above the test's working directory.
func moduleRoot() string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}

func mergeVars(base, overrides map[string]string) map[string]string {
	for k, v := range overrides {
		base[k] = v
	}
	return base
}

// lockedBuffer collects a process's output from two goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
