package integration

import (
	"net/http"
	"testing"
	"time"
)

// closedPort is where nothing listens: connections are refused at once.
const closedPort = "127.0.0.1:1"

func TestWorksWhileRedisIsDown(t *testing.T) {
	t.Parallel()
	s := env.NewServer(t, map[string]string{"REDIS_URL": "redis://" + closedPort})
	start := time.Now()

	url := uniqueURL(t)
	code := str(t, s.CreateLink(t, url), "shortCode")
	s.Do(t, "GET", "/shorten/"+code, nil).Expect(t, http.StatusOK)
	for range 2 {
		if loc := s.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound).Header.Get("Location"); loc != url {
			t.Errorf("Location %q", loc)
		}
	}
	stats := s.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if got := num(t, stats, "accessCount"); got != 2 {
		t.Errorf("accessCount %v after 2 redirects without Redis", got)
	}
	newURL := url + "/moved"
	s.Do(t, "PUT", "/shorten/"+code, map[string]string{"url": newURL}).Expect(t, http.StatusOK)
	if loc := s.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound).Header.Get("Location"); loc != newURL {
		t.Errorf("Location after PUT %q", loc)
	}
	s.Do(t, "DELETE", "/shorten/"+code, nil).Expect(t, http.StatusNoContent)

	health := s.Do(t, "GET", "/health", nil).Expect(t, http.StatusOK).JSON(t)
	checks, _ := health["checks"].(map[string]any)
	if health["status"] != "degraded" || checks["redis"] != "down" || checks["postgres"] != "up" {
		t.Errorf("unexpected health %v", health)
	}
	// Redis failing fast is what keeps the service usable.
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("10 requests took %v without Redis", elapsed)
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
	resp := s.Do(t, "GET", "/shorten/abc1234", nil)
	if resp.Status < 500 || resp.ErrorCode(t) != "internal_error" {
		t.Errorf("status %d, body %s", resp.Status, resp.Body)
	}
}
