package integration

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestUnknownRoutesAre404(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/", "/a/b/c", "/shorten/abc/unknown", "/shorten/", "/health/extra"} {
		resp := srv.Do(t, "GET", path, nil).Expect(t, http.StatusNotFound)
		if got := resp.ErrorCode(t); got != "not_found" {
			t.Errorf("GET %s: code %q", path, got)
		}
	}
}

func TestWrongMethodsAre405(t *testing.T) {
	t.Parallel()
	cases := []struct{ method, path, allow string }{
		{"PATCH", "/shorten/abc1234", "PUT"},
		{"POST", "/shorten/abc1234/stats", "GET"},
		{"DELETE", "/health", "GET"},
		{"PUT", "/shorten", "POST"},
		{"POST", "/openapi.json", "GET"},
	}
	for _, tc := range cases {
		resp := srv.Do(t, tc.method, tc.path, nil).Expect(t, http.StatusMethodNotAllowed)
		if got := resp.ErrorCode(t); got != "method_not_allowed" {
			t.Errorf("%s %s: code %q", tc.method, tc.path, got)
		}
		if allow := resp.Header.Get("Allow"); !strings.Contains(allow, tc.allow) {
			t.Errorf("%s %s: Allow %q does not list %s", tc.method, tc.path, allow, tc.allow)
		}
	}
}

func TestOddCodesAre404(t *testing.T) {
	t.Parallel()
	odd := []string{
		"abc-123", "abc_123", "abc.def", "%E2%9C%93", "%2e%2e", "%00", "%20abc",
		"a%2Fb", strings.Repeat("a", 65), strings.Repeat("9", 500),
	}
	for _, code := range odd {
		for _, path := range []string{"/" + code, "/shorten/" + code, "/shorten/" + code + "/stats"} {
			resp := srv.Do(t, "GET", path, nil)
			if resp.Status != http.StatusNotFound || resp.ErrorCode(t) != "not_found" {
				t.Errorf("GET %s: status %d, body %s", path, resp.Status, resp.Body)
			}
		}
		resp := srv.Do(t, "DELETE", "/shorten/"+code, nil)
		if resp.Status != http.StatusNotFound {
			t.Errorf("DELETE /shorten/%s: status %d", code, resp.Status)
		}
	}
}

func TestRequestIDs(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "GET", "/health", nil, "X-Request-Id", "my-trace-42")
	if got := resp.Header.Get("X-Request-Id"); got != "my-trace-42" {
		t.Errorf("X-Request-Id not echoed: %q", got)
	}
	generated := srv.Do(t, "GET", "/health", nil).Header.Get("X-Request-Id")
	if len(generated) != 36 {
		t.Errorf("generated X-Request-Id %q is not a UUID", generated)
	}
	replaced := srv.Do(t, "GET", "/health", nil, "X-Request-Id", strings.Repeat("x", 500)).Header.Get("X-Request-Id")
	if len(replaced) != 36 {
		t.Errorf("an oversized X-Request-Id must be replaced, got %d characters", len(replaced))
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	body := srv.Do(t, "GET", "/health", nil).Expect(t, http.StatusOK).JSON(t)
	checks, _ := body["checks"].(map[string]any)
	if body["status"] != "ok" || checks["postgres"] != "up" || checks["redis"] != "up" {
		t.Errorf("unexpected health %v", body)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "GET", "/openapi.json", nil).Expect(t, http.StatusOK)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q, want 3.x", doc.OpenAPI)
	}
	want := map[string][]string{
		"/shorten":              {"post"},
		"/shorten/{code}":       {"get", "put", "delete"},
		"/shorten/{code}/stats": {"get"},
		"/{code}":               {"get"},
		"/health":               {"get"},
		"/openapi.json":         {"get"},
		"/docs":                 {"get"},
	}
	for path, methods := range want {
		for _, m := range methods {
			if _, ok := doc.Paths[path][m]; !ok {
				t.Errorf("openapi.json lacks %s %s", strings.ToUpper(m), path)
			}
		}
	}
}

func TestDocsPage(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "GET", "/docs", nil).Expect(t, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.Contains(string(resp.Body), "/openapi.json") {
		t.Error("the docs page does not load /openapi.json")
	}
}
