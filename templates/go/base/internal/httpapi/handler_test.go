package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHandlerWritesReturnedErrors(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"api error", notFound("No such thing."), http.StatusNotFound, "not_found"},
		{"wrapped api error", errors.Join(errors.New("context"), newError(http.StatusConflict, "taken", "Taken.")), http.StatusConflict, "taken"},
		{"unexpected error", errors.New("db exploded"), http.StatusInternalServerError, "internal_error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h := handler(func(http.ResponseWriter, *http.Request) error { return tc.err })
			h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			assertErrorCode(t, rec, tc.code)
		})
	}
}

func TestHandlerLeavesSuccessToTheHandler(t *testing.T) {
	rec := httptest.NewRecorder()
	h := handler(func(w http.ResponseWriter, _ *http.Request) error {
		writeJSON(w, http.StatusCreated, map[string]int{"id": 1})
		return nil
	})
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/", nil))
	if rec.Code != http.StatusCreated || rec.Body.String() != "{\"id\":1}\n" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestWithCommonLayersRunsProjectLayersInOrderBeforeRouting(t *testing.T) {
	var order []string
	layer := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("X-Request-Id") == "" && w.Header().Get("X-Request-Id") == "" {
					t.Errorf("%s runs before the request id is set", name)
				}
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /x", func(w http.ResponseWriter, _ *http.Request) { order = append(order, "route") })
	h := withCommonLayers(slog.New(slog.DiscardHandler), mux, layer("first"), layer("second"))

	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/x", nil))
	if fmt.Sprint(order) != "[first second route]" {
		t.Errorf("order %v", order)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/nope", nil))
	assertErrorCode(t, rec, "not_found")
}
