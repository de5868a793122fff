package httpapi

import (
	"errors"
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
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
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
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != http.StatusCreated || rec.Body.String() != "{\"id\":1}\n" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}
