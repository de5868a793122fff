package health

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func up(context.Context) error   { return nil }
func down(context.Context) error { return errors.New("unreachable") }

func TestHealth(t *testing.T) {
	cases := []struct {
		name       string
		pg, redis  Pinger
		wantCode   int
		wantStatus string
	}{
		{"all up", up, up, http.StatusOK, "ok"},
		{"optional down", up, down, http.StatusOK, "degraded"},
		{"required down", down, up, http.StatusServiceUnavailable, "down"},
		{"both down", down, down, http.StatusServiceUnavailable, "down"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Checker{
				Required: map[string]Pinger{"postgres": tc.pg},
				Optional: map[string]Pinger{"redis": tc.redis},
			}
			rec := httptest.NewRecorder()
			c.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/health", nil))

			var report Report
			if err := json.Unmarshal(rec.Body.Bytes(), &report); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tc.wantCode || report.Status != tc.wantStatus {
				t.Errorf("got %d %q, want %d %q", rec.Code, report.Status, tc.wantCode, tc.wantStatus)
			}
			if len(report.Checks) != 2 {
				t.Errorf("checks = %v, want postgres and redis", report.Checks)
			}
		})
	}
}
