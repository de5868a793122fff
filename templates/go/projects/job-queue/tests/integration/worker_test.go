package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"example.com/project/internal/jobs"
)

// slowPoll makes a worker poll so rarely that only a wake-up or its own
// next-due timer can start a job within a test.
var slowPoll = jobs.Options{PollInterval: time.Minute}

// waitIdle waits until the worker runs nothing (it may first claim jobs that
// earlier tests left due).
func waitIdle(t *testing.T, w interface{ Running() int }) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for w.Running() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the worker did not become idle")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let it go back to sleep
}

// waitSubscribed waits until n workers listen for wake-ups (a worker
// subscribes in the background once it has started).
func waitSubscribed(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		subscribers, err := srv.App.Redis.PubSubNumSub(context.Background(), jobs.WakeChannel).Result()
		if err == nil && subscribers[jobs.WakeChannel] == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d workers listen for wake-ups (%v), want %d", subscribers[jobs.WakeChannel], err, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWorkerRunsAnEchoJob(t *testing.T) {
	env.StartWorker(t, nil, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "echo", "payload": map[string]any{"hello": []int{1, 2}}})
	done := srv.WaitForStatus(t, id(t, created), "succeeded", 10*time.Second)
	if result, _ := json.Marshal(done["result"]); string(result) != `{"hello":[1,2]}` {
		t.Errorf("result %s", result)
	}
	if done["attempts"] != 1.0 || done["lastError"] != nil || done["finishedAt"] == nil {
		t.Errorf("finished job %v", done)
	}
	if !at(t, done, "finishedAt").Before(at(t, done, "updatedAt").Add(time.Millisecond)) {
		t.Errorf("finishedAt after updatedAt: %v", done)
	}
}

func TestAWakeUpStartsAJobOnAnIdleWorkerAtOnce(t *testing.T) {
	w := env.StartWorker(t, nil, slowPoll)
	waitIdle(t, w.App.Loop)
	waitSubscribed(t, 1)
	for range 3 {
		start := time.Now()
		created := srv.Enqueue(t, map[string]any{"type": "echo"})
		srv.WaitForStatus(t, id(t, created), "succeeded", 5*time.Second)
		latency := time.Since(start)
		t.Logf("enqueue to succeeded: %v", latency)
		if latency > time.Second {
			t.Errorf("an idle worker took %v to run a new job; a wake-up should start it at once", latency)
		}
	}
}

func TestADelayedJobWaitsForItsRunAt(t *testing.T) {
	w := env.StartWorker(t, nil, slowPoll)
	waitIdle(t, w.App.Loop)
	runAt := time.Now().Add(1500 * time.Millisecond)
	created := srv.Enqueue(t, map[string]any{"type": "echo", "runAt": runAt.UTC().Format(time.RFC3339Nano)})

	time.Sleep(time.Second)
	if status := srv.Job(t, id(t, created))["status"]; status != "queued" {
		t.Fatalf("status %v before runAt, want queued", status)
	}
	// The worker sleeps until the job is due, not until its next (slow) poll.
	done := srv.WaitForStatus(t, id(t, created), "succeeded", 3*time.Second)
	finished := at(t, done, "finishedAt")
	if finished.Before(at(t, done, "runAt")) {
		t.Errorf("finished at %v, before its runAt %v", finished, done["runAt"])
	}
	if late := finished.Sub(runAt); late > time.Second {
		t.Errorf("ran %v after its runAt", late)
	}
}

func TestAFailingJobRetriesThenDies(t *testing.T) {
	env.StartWorker(t, map[string]string{"RETRY_BASE_MS": "20"}, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "fail", "maxAttempts": 3})
	dead := srv.WaitForStatus(t, id(t, created), "dead", 10*time.Second)
	if dead["attempts"] != 3.0 || dead["lastError"] != "the fail job type always fails" || dead["finishedAt"] == nil || dead["result"] != nil {
		t.Errorf("dead job %v", dead)
	}
}

func TestAFlakyJobSucceedsOnTheAttemptAfterItsFailures(t *testing.T) {
	env.StartWorker(t, map[string]string{"RETRY_BASE_MS": "20"}, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "flaky", "payload": map[string]any{"failTimes": 2}})
	done := srv.WaitForStatus(t, id(t, created), "succeeded", 10*time.Second)
	if result, _ := json.Marshal(done["result"]); done["attempts"] != 3.0 || string(result) != `{"succeededOnAttempt":3}` {
		t.Errorf("job %v", done)
	}
	if done["lastError"] != "flaky failure 2 of 2" {
		t.Errorf("lastError %v, want the last failure's", done["lastError"])
	}
}

func TestAFailedJobWaitsForItsBackoff(t *testing.T) {
	env.StartWorker(t, map[string]string{"RETRY_BASE_MS": "60000"}, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "fail", "maxAttempts": 2})
	failed := srv.WaitForStatus(t, id(t, created), "failed", 10*time.Second)
	if failed["attempts"] != 1.0 || failed["lastError"] == nil || failed["finishedAt"] != nil {
		t.Errorf("failed job %v", failed)
	}
	// Attempt 1 failed: the retry waits RETRY_BASE_MS * 2^0 plus up to 25% jitter.
	wait := at(t, failed, "runAt").Sub(at(t, failed, "updatedAt"))
	if wait < 60*time.Second-time.Millisecond || wait > 75*time.Second+time.Millisecond {
		t.Errorf("retry scheduled %v after the failure, want 60-75 s", wait)
	}
}

func TestABadPayloadFailsTheJob(t *testing.T) {
	env.StartWorker(t, nil, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": "soon"}, "maxAttempts": 1})
	dead := srv.WaitForStatus(t, id(t, created), "dead", 10*time.Second)
	if lastError, _ := dead["lastError"].(string); !strings.Contains(lastError, `"ms"`) {
		t.Errorf("lastError %q should name the bad field", lastError)
	}
}

func TestRetryRequeuesADeadJob(t *testing.T) {
	env.StartWorker(t, nil, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "fail", "maxAttempts": 1})
	jobID := id(t, created)
	srv.WaitForStatus(t, jobID, "dead", 10*time.Second)

	before := time.Now().Add(-time.Second)
	requeued := srv.Do(t, "POST", fmt.Sprintf("/jobs/%d/retry", jobID), nil).Expect(t, 200).JSON(t)
	if requeued["status"] != "queued" || requeued["attempts"] != 0.0 || requeued["finishedAt"] != nil ||
		at(t, requeued, "runAt").Before(before) {
		t.Errorf("requeued job %v", requeued)
	}
	again := srv.WaitForStatus(t, jobID, "dead", 10*time.Second)
	if again["attempts"] != 1.0 {
		t.Errorf("after the retry: %v", again)
	}

	succeeded := srv.WaitForStatus(t, id(t, srv.Enqueue(t, map[string]any{"type": "echo"})), "succeeded", 10*time.Second)
	if code := srv.Do(t, "POST", fmt.Sprintf("/jobs/%d/retry", id(t, succeeded)), nil).Expect(t, 409).ErrorCode(t); code != "conflict" {
		t.Errorf("retry of a succeeded job: code %q", code)
	}
}

func TestTheHeartbeatKeepsALongJobFromRunningTwice(t *testing.T) {
	// The job runs for more than two leases; a second worker polls every lease.
	vars := map[string]string{"JOB_LEASE_MS": "1500"}
	env.StartWorker(t, vars, jobs.Options{})
	env.StartWorker(t, vars, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": 3500}})
	done := srv.WaitForStatus(t, id(t, created), "succeeded", 10*time.Second)
	if done["attempts"] != 1.0 || done["lastError"] != nil {
		t.Errorf("the job ran more than once: %v", done)
	}
}

func TestStoppingAWorkerFinishesItsRunningJobs(t *testing.T) {
	w := env.StartWorker(t, nil, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": 500}})
	srv.WaitForStatus(t, id(t, created), "running", 5*time.Second)
	if abandoned := w.Stop(10 * time.Second); abandoned != 0 {
		t.Errorf("abandoned %d jobs", abandoned)
	}
	if job := srv.Job(t, id(t, created)); job["status"] != "succeeded" {
		t.Errorf("after a graceful stop the job is %v", job["status"])
	}
}

func TestAStopThatRunsOutOfTimeLeavesTheJobToItsLease(t *testing.T) {
	w := env.StartWorker(t, map[string]string{"JOB_LEASE_MS": "1000"}, jobs.Options{})
	created := srv.Enqueue(t, map[string]any{"type": "sleep", "payload": map[string]any{"ms": 1500}})
	jobID := id(t, created)
	srv.WaitForStatus(t, jobID, "running", 5*time.Second)
	if abandoned := w.Stop(50 * time.Millisecond); abandoned != 1 {
		t.Errorf("abandoned %d jobs, want 1", abandoned)
	}
	if job := srv.Job(t, jobID); job["status"] != "running" || job["finishedAt"] != nil {
		t.Errorf("an abandoned job must stay running until its lease expires: %v", job)
	}
	// Another worker takes it over once the lease has expired.
	env.StartWorker(t, map[string]string{"JOB_LEASE_MS": "1000"}, jobs.Options{})
	done := srv.WaitForStatus(t, jobID, "succeeded", 10*time.Second)
	if done["attempts"] != 2.0 {
		t.Errorf("job %v, want a second attempt", done)
	}
}

func TestAResultPostgresCannotStoreFailsOnlyItsJob(t *testing.T) {
	// A handler of this test only: its result holds a NUL character, which
	// jsonb refuses. The jobs are enqueued through the store, since the API
	// accepts only the registry's types.
	handlers := map[string]jobs.Handler{
		"echo":            jobs.Handlers["echo"],
		"test-nul-result": func(context.Context, jobs.Attempt) (any, error) { return "nul\x00", nil },
	}
	ctx := context.Background()
	var echoes []int64
	bad, _, err := srv.App.Store.Enqueue(ctx, jobs.NewJob{Type: "test-nul-result", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	for range 8 {
		j, _, err := srv.App.Store.Enqueue(ctx, jobs.NewJob{Type: "echo", MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		echoes = append(echoes, j.ID)
	}
	env.StartWorker(t, nil, jobs.Options{Concurrency: 16, Handlers: handlers})

	dead := srv.WaitForStatus(t, bad.ID, "dead", 10*time.Second)
	if lastError, _ := dead["lastError"].(string); !strings.Contains(lastError, "cannot be stored") {
		t.Errorf("lastError %q", lastError)
	}
	for _, jobID := range echoes {
		srv.WaitForStatus(t, jobID, "succeeded", 10*time.Second)
	}
}
