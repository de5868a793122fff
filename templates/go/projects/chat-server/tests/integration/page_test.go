package integration

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestThePageIsServedAndShowsTextAsText(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "GET", "/", nil).Expect(t, 200)
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	page := string(resp.Body)
	for _, want := range []string{"<script>", "new WebSocket(", "/rooms/", "textContent"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if html := regexp.MustCompile(`\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write`).FindString(page); html != "" {
		t.Errorf("the page writes HTML (%s): every text must go through textContent", html)
	}
}

func TestOpenAPIDescribesTheHTTPCalls(t *testing.T) {
	t.Parallel()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(srv.Do(t, "GET", "/openapi.json", nil).Expect(t, 200).Body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/rooms/{room}/messages", "/rooms/{room}/members", "/health"} {
		if _, ok := doc.Paths[path]["get"]; !ok {
			t.Errorf("openapi.json has no GET %s", path)
		}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	docs := srv.Do(t, "GET", "/docs", nil).Expect(t, 200)
	if !strings.Contains(string(docs.Body), "/openapi.json") {
		t.Error("/docs does not load /openapi.json")
	}
}

func TestUnknownRoutesAndMethodsGetTheErrorShape(t *testing.T) {
	t.Parallel()
	if code := srv.Do(t, "GET", "/nope", nil).Expect(t, 404).ErrorCode(t); code != "not_found" {
		t.Errorf("code %s", code)
	}
	resp := srv.Do(t, "POST", "/rooms/general/messages", "{}").Expect(t, 405)
	if resp.ErrorCode(t) != "method_not_allowed" || resp.Header.Get("Allow") == "" {
		t.Errorf("got %v %s", resp.Header, resp.Body)
	}
}
