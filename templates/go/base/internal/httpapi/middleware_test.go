package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestLogEchoesTheIDAndLogsOneLine(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	h := withRequestLog(logger, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	}))

	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/x", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	h.ServeHTTP(rec, req)

	if rec.Header().Get("X-Request-Id") != "abc-123" {
		t.Errorf("X-Request-Id not echoed: %q", rec.Header().Get("X-Request-Id"))
	}
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("access log is not one JSON line: %q", logs.String())
	}
	if line["status"] != float64(http.StatusAccepted) || line["path"] != "/x" || line["method"] != "GET" {
		t.Errorf("access log %v", line)
	}
}

func TestRequestIDValidation(t *testing.T) {
	for _, id := range []string{"", "has space", "line\nbreak", strings.Repeat("x", 129)} {
		if validRequestID(id) {
			t.Errorf("validRequestID(%q) = true", id)
		}
	}
	if id := newRequestID(); len(id) != 36 || !validRequestID(id) {
		t.Errorf("newRequestID() = %q", id)
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	logger := slog.New(slog.NewJSONHandler(&bytes.Buffer{}, nil))
	h := withRequestLog(logger, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
	assertErrorCode(t, rec, "internal_error")
}
