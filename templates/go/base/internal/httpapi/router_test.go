package httpapi

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func testMux() http.Handler {
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }
	mux.HandleFunc("GET /items/{id}", ok)
	mux.HandleFunc("DELETE /items/{id}", ok)
	mux.HandleFunc("GET /{code}", ok)
	return jsonMux{mux}
}

func TestJSONMux(t *testing.T) {
	cases := []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{"GET", "/items/1", http.StatusTeapot, "", ""},
		{"GET", "/abc", http.StatusTeapot, "", ""},
		{"GET", "/", http.StatusNotFound, "not_found", ""},
		{"GET", "/items/1/more", http.StatusNotFound, "not_found", ""},
		{"PUT", "/items/1", http.StatusMethodNotAllowed, "method_not_allowed", "DELETE, GET, HEAD"},
		{"POST", "/abc", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD"},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		testMux().ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), tc.method, tc.path, nil))
		if rec.Code != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, rec.Code, tc.status)
			continue
		}
		if tc.code != "" {
			assertErrorCode(t, rec, tc.code)
		}
		if got := rec.Header().Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

func TestJSONMuxKeepsCleanPathRedirects(t *testing.T) {
	rec := httptest.NewRecorder()
	testMux().ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), "GET", "/items/../abc", nil))
	if rec.Code != http.StatusTemporaryRedirect && rec.Code != http.StatusMovedPermanently {
		t.Errorf("status %d, want a redirect to the cleaned path", rec.Code)
	}
}
