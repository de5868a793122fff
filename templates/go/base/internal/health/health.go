// Package health reports whether the service's dependencies answer.
package health

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Pinger is anything that can say whether a dependency is reachable.
type Pinger func(ctx context.Context) error

// Report is the body of GET /health.
type Report struct {
	Status string            `json:"status"` // ok, degraded (an optional dependency is down) or down
	Checks map[string]string `json:"checks"` // dependency name -> up or down
}

// Checker pings the required and optional dependencies. A required one down
// makes the service "down" (503); an optional one down makes it "degraded" (200).
type Checker struct {
	Required map[string]Pinger
	Optional map[string]Pinger
	Timeout  time.Duration
}

// Check pings every dependency concurrently.
func (c Checker) Check(ctx context.Context) Report {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var mu sync.Mutex
	var wg sync.WaitGroup
	report := Report{Status: "ok", Checks: map[string]string{}}
	ping := func(name string, p Pinger, required bool) {
		defer wg.Done()
		state := "up"
		if err := p(ctx); err != nil {
			state = "down"
		}
		mu.Lock()
		defer mu.Unlock()
		report.Checks[name] = state
		switch {
		case state == "up":
		case required:
			report.Status = "down"
		case report.Status == "ok":
			report.Status = "degraded"
		}
	}
	for name, p := range c.Required {
		wg.Add(1)
		go ping(name, p, true)
	}
	for name, p := range c.Optional {
		wg.Add(1)
		go ping(name, p, false)
	}
	wg.Wait()
	return report
}

// ServeHTTP answers GET /health: 200 when the required dependencies are up, else 503.
func (c Checker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	report := c.Check(r.Context())
	status := http.StatusOK
	if report.Status == "down" {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(report)
}
