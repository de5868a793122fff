package integration

import (
	"net/http"
	"strings"
	"testing"
)

// badBodies are the 400 cases of the spec, for POST /shorten and PUT /shorten/{code}.
var badBodies = []struct {
	name     string
	body     string
	wantCode string
	wantPath string // details[0].path for validation errors
}{
	{"javascript URL", `{"url":"javascript:alert(1)"}`, "validation_error", "url"},
	{"ftp URL", `{"url":"ftp://example.com/file"}`, "validation_error", "url"},
	{"relative URL", `{"url":"/just/a/path"}`, "validation_error", "url"},
	{"no scheme", `{"url":"example.com"}`, "validation_error", "url"},
	{"no host", `{"url":"https://"}`, "validation_error", "url"},
	{"empty URL", `{"url":""}`, "validation_error", "url"},
	{"number", `{"url":123}`, "validation_error", "url"},
	{"boolean", `{"url":true}`, "validation_error", "url"},
	{"object", `{"url":{"href":"https://example.com"}}`, "validation_error", "url"},
	{"array", `{"url":["https://example.com"]}`, "validation_error", "url"},
	{"null", `{"url":null}`, "validation_error", "url"},
	{"missing url", `{"link":"https://example.com"}`, "validation_error", "url"},
	{"empty object", `{}`, "validation_error", "url"},
	{"too long", `{"url":"https://example.com/` + strings.Repeat("a", 2049) + `"}`, "validation_error", "url"},
	{"top-level array", `["https://example.com"]`, "validation_error", ""},
	{"top-level string", `"https://example.com"`, "validation_error", ""},
	{"malformed JSON", `{"url":`, "invalid_json", ""},
	{"not JSON", `url=https://example.com`, "invalid_json", ""},
	{"trailing garbage", `{"url":"https://example.com"} x`, "invalid_json", ""},
	{"empty body", ``, "invalid_json", ""},
}

func TestCreateRejectsBadBodies(t *testing.T) {
	t.Parallel()
	for _, tc := range badBodies {
		t.Run(tc.name, func(t *testing.T) {
			resp := srv.Do(t, "POST", "/shorten", tc.body).Expect(t, http.StatusBadRequest)
			checkErrorBody(t, resp.JSON(t), tc.wantCode, tc.wantPath)
		})
	}
}

func TestUpdateRejectsBadBodies(t *testing.T) {
	t.Parallel()
	url := uniqueURL(t)
	code := str(t, srv.CreateLink(t, url), "shortCode")
	for _, tc := range badBodies {
		t.Run(tc.name, func(t *testing.T) {
			resp := srv.Do(t, "PUT", "/shorten/"+code, tc.body).Expect(t, http.StatusBadRequest)
			checkErrorBody(t, resp.JSON(t), tc.wantCode, tc.wantPath)
		})
	}
	// None of them changed the link.
	if got := srv.Do(t, "GET", "/shorten/"+code, nil).Expect(t, http.StatusOK).JSON(t); got["url"] != url {
		t.Errorf("url changed to %v", got["url"])
	}
}

// checkErrorBody checks error.code and, for validation errors, details[0].
func checkErrorBody(t *testing.T, body map[string]any, wantCode, wantPath string) {
	t.Helper()
	e, _ := body["error"].(map[string]any)
	if msg, _ := e["message"].(string); e["code"] != wantCode || msg == "" {
		t.Fatalf("error %v, want code %q and a message", body, wantCode)
	}
	if wantCode != "validation_error" {
		return
	}
	details, _ := e["details"].([]any)
	if len(details) == 0 {
		t.Fatal("validation_error without details")
	}
	first, _ := details[0].(map[string]any)
	if msg, _ := first["message"].(string); first["path"] != wantPath || msg == "" {
		t.Errorf("details[0] = %v, want path %q and a message", first, wantPath)
	}
}

func TestLongestURLIsAccepted(t *testing.T) {
	t.Parallel()
	prefix := "https://example.com/"
	url := prefix + strings.Repeat("a", 2048-len(prefix))
	srv.CreateLink(t, url)
}

func TestHugeBodyIs413(t *testing.T) {
	t.Parallel()
	body := `{"url":"https://example.com/` + strings.Repeat("a", 1<<20) + `"}`
	for _, req := range [][2]string{{"POST", "/shorten"}, {"PUT", "/shorten/" + missingCode}} {
		resp := srv.Do(t, req[0], req[1], body).Expect(t, http.StatusRequestEntityTooLarge)
		if got := resp.ErrorCode(t); got != "payload_too_large" {
			t.Errorf("%s %s: code %q", req[0], req[1], got)
		}
	}
}

func TestContentTypeDoesNotMatter(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "POST", "/shorten", `{"url":"https://example.com/plain"}`, "Content-Type", "text/plain")
	resp.Expect(t, http.StatusCreated)
	resp = srv.Do(t, "POST", "/shorten", `not json`, "Content-Type", "text/plain").Expect(t, http.StatusBadRequest)
	if got := resp.ErrorCode(t); got != "invalid_json" {
		t.Errorf("code %q", got)
	}
}
