package integration

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"example.com/project/internal/jobs"
)

// These tests run cmd/worker as a child process, to send it real signals.

func TestSIGTERMLetsTheRunningJobFinishThenExits0(t *testing.T) {
	worker := env.StartWorkerProcess(t, nil)
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": 1000}})
	jobID := id(t, created)
	srv.WaitForStatus(t, jobID, "running", 10*time.Second)

	worker.Signal(t, syscall.SIGTERM)
	if code := worker.Wait(t, 15*time.Second); code != 0 {
		t.Errorf("exit code %d:\n%s", code, worker.Output())
	}
	if job := srv.Job(t, jobID); job["status"] != "succeeded" || job["attempts"] != 1.0 {
		t.Errorf("after SIGTERM the job is %v", job)
	}
	if !strings.Contains(worker.Output(), "shutting down") {
		t.Errorf("no shutdown log:\n%s", worker.Output())
	}
}

func TestASecondSIGTERMLeavesTheJobToLeaseExpiry(t *testing.T) {
	worker := env.StartWorkerProcess(t, map[string]string{"JOB_LEASE_MS": "1000"})
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": 1500}})
	jobID := id(t, created)
	srv.WaitForStatus(t, jobID, "running", 10*time.Second)

	worker.Signal(t, syscall.SIGTERM)
	time.Sleep(100 * time.Millisecond)
	worker.Signal(t, syscall.SIGTERM)
	start := time.Now()
	if code := worker.Wait(t, 15*time.Second); code != 0 {
		t.Errorf("exit code %d:\n%s", code, worker.Output())
	}
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("a second SIGTERM took %v to stop the worker", waited)
	}
	if job := srv.Job(t, jobID); job["status"] != "running" || job["attempts"] != 1.0 {
		t.Errorf("the abandoned job must stay running until its lease expires: %v", job)
	}
	env.StartWorker(t, map[string]string{"JOB_LEASE_MS": "1000"}, slowPoll)
	if done := srv.WaitForStatus(t, jobID, "succeeded", 10*time.Second); done["attempts"] != 2.0 {
		t.Errorf("job %v, want it run again by the other worker", done)
	}
}

func TestAWorkerKilledWithSIGKILLLosesNoJob(t *testing.T) {
	worker := env.StartWorkerProcess(t, map[string]string{"JOB_LEASE_MS": "1000"})
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": 1000}})
	jobID := id(t, created)
	srv.WaitForStatus(t, jobID, "running", 10*time.Second)

	worker.Signal(t, syscall.SIGKILL)
	worker.Wait(t, 5*time.Second)
	env.StartWorker(t, map[string]string{"JOB_LEASE_MS": "1000"}, jobs.Options{})
	done := srv.WaitForStatus(t, jobID, "succeeded", 10*time.Second)
	if lastError, _ := done["lastError"].(string); done["attempts"] != 2.0 || !strings.Contains(lastError, "expired") {
		t.Errorf("job %v, want a second attempt after the lease of the first expired", done)
	}
}
