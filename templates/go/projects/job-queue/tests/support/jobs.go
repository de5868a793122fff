package support

import (
	"strconv"
	"testing"
	"time"
)

// Enqueue posts job to /jobs and returns the 201 body.
func (s *Server) Enqueue(t testing.TB, job map[string]any) map[string]any {
	t.Helper()
	return s.Do(t, "POST", "/jobs", job).Expect(t, 201).JSON(t)
}

// Job returns GET /jobs/{id}.
func (s *Server) Job(t testing.TB, id int64) map[string]any {
	t.Helper()
	return s.Do(t, "GET", "/jobs/"+strconv.FormatInt(id, 10), nil).Expect(t, 200).JSON(t)
}

// WaitForStatus polls the job until it has status, failing the test after
// timeout; it returns the job.
func (s *Server) WaitForStatus(t testing.TB, id int64, status string, timeout time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		job := s.Job(t, id)
		if job["status"] == status {
			return job
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is still %v after %v, want %s: %v", id, job["status"], timeout, status, job)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ID reads the id of a job body.
func ID(t testing.TB, job map[string]any) int64 {
	t.Helper()
	id, ok := job["id"].(float64)
	if !ok {
		t.Fatalf("no numeric id in %v", job)
	}
	return int64(id)
}
