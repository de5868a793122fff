package integration

import (
	"net/http"
	"testing"
	"time"

	"example.com/project/internal/jobs"
)

// closedPort is where nothing listens: connections are refused at once.
const closedPort = "127.0.0.1:1"

func TestWithRedisDownJobsStillRunThroughTheSlowPoll(t *testing.T) {
	noRedis := map[string]string{"REDIS_URL": "redis://" + closedPort}
	api := env.NewServer(t, noRedis)
	// No wake-up can reach this worker: only its poll (every 5 s by default) finds new jobs.
	w := env.StartWorker(t, noRedis, jobs.Options{})
	waitIdle(t, w.App.Loop)

	start := time.Now()
	created := api.Enqueue(t, map[string]any{"type": "echo", "payload": "no redis"})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("enqueue took %v without Redis", took)
	}
	done := api.WaitForStatus(t, id(t, created), "succeeded", 15*time.Second)
	if done["result"] != "no redis" {
		t.Errorf("job %v", done)
	}

	health := api.Do(t, "GET", "/health", nil).Expect(t, http.StatusOK).JSON(t)
	checks, _ := health["checks"].(map[string]any)
	if health["status"] != "degraded" || checks["redis"] != "down" || checks["postgres"] != "up" {
		t.Errorf("unexpected health %v", health)
	}
}

func TestHealthIs503WhilePostgresIsDown(t *testing.T) {
	t.Parallel()
	s := env.NewServer(t, map[string]string{"DATABASE_URL": "postgres://app:app@" + closedPort + "/app"})

	health := s.Do(t, "GET", "/health", nil).Expect(t, http.StatusServiceUnavailable).JSON(t)
	checks, _ := health["checks"].(map[string]any)
	if health["status"] != "down" || checks["postgres"] != "down" || checks["redis"] != "up" {
		t.Errorf("unexpected health %v", health)
	}
	// A request that needs Postgres fails in the error shape, not with a hang or a stack trace.
	resp := s.Do(t, "POST", "/jobs", map[string]any{"type": "echo"})
	if resp.Status < 500 || resp.ErrorCode(t) != "internal_error" {
		t.Errorf("status %d, body %s", resp.Status, resp.Body)
	}
}
