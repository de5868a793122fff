package httpapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type sample struct {
	Name  *string `json:"name"`
	Count int     `json:"count"`
}

func decodeBody(t *testing.T, body string) (sample, *httptest.ResponseRecorder) {
	t.Helper()
	var dst sample
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/", strings.NewReader(body))
	if err := decodeJSON(rec, req, &dst, maxBodyBytes); err != nil {
		writeError(rec, req, err)
	}
	return dst, rec
}

func TestDecodeJSONAcceptsAnObject(t *testing.T) {
	got, rec := decodeBody(t, `{"name":"x","count":2,"ignored":true}`)
	if rec.Body.Len() != 0 || got.Name == nil || *got.Name != "x" || got.Count != 2 {
		t.Errorf("got %+v, response %q", got, rec.Body.String())
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		code, path string
	}{
		{"empty", "", 400, "invalid_json", ""},
		{"syntax", `{"name":`, 400, "invalid_json", ""},
		{"not JSON", `name=x`, 400, "invalid_json", ""},
		{"two values", `{} {}`, 400, "invalid_json", ""},
		{"trailing garbage", `{"name":"x"} x`, 400, "invalid_json", ""},
		{"wrong field type", `{"name":5}`, 400, "validation_error", "name"},
		{"wrong number type", `{"count":"5"}`, 400, "validation_error", "count"},
		{"not an object", `[1,2]`, 400, "validation_error", ""},
		{"too large", `{"name":"` + strings.Repeat("a", maxBodyBytes) + `"}`, 413, "payload_too_large", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, rec := decodeBody(t, tc.body)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body.String())
			}
			code, details := errorBody(t, rec)
			if code != tc.code {
				t.Errorf("code %q, want %q", code, tc.code)
			}
			if tc.code == "validation_error" && (len(details) != 1 || details[0].Path != tc.path) {
				t.Errorf("details %+v, want one for path %q", details, tc.path)
			}
		})
	}
}

func TestWriteErrorHidesUnexpectedErrors(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil), errors.New("pq: secret table exploded"))
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
	assertErrorCode(t, rec, "internal_error")
}
