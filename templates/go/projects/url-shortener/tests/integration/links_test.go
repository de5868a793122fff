package integration

import (
	"net/http"
	"regexp"
	"testing"
)

var base62Code = regexp.MustCompile(`^[0-9A-Za-z]{7}$`)

func TestCreateLink(t *testing.T) {
	t.Parallel()
	url := uniqueURL(t)
	resp := srv.Do(t, "POST", "/shorten", map[string]string{"url": url}).Expect(t, http.StatusCreated)
	body := resp.JSON(t)

	if num(t, body, "id") <= 0 || str(t, body, "url") != url {
		t.Errorf("unexpected body %v", body)
	}
	if code := str(t, body, "shortCode"); !base62Code.MatchString(code) {
		t.Errorf("shortCode %q is not 7 base62 characters", code)
	}
	for _, field := range []string{"createdAt", "updatedAt"} {
		if ts := str(t, body, field); !timestamp.MatchString(ts) {
			t.Errorf("%s %q is not ISO-8601 UTC with milliseconds", field, ts)
		}
	}
	if _, ok := body["accessCount"]; ok {
		t.Error("accessCount belongs to /stats only")
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestCreatedCodesAreUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 20 {
		code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")
		if seen[code] {
			t.Fatalf("code %s handed out twice", code)
		}
		seen[code] = true
	}
}

func TestGetLink(t *testing.T) {
	t.Parallel()
	created := srv.CreateLink(t, uniqueURL(t))
	got := srv.Do(t, "GET", "/shorten/"+str(t, created, "shortCode"), nil).Expect(t, http.StatusOK).JSON(t)
	for _, field := range []string{"id", "url", "shortCode", "createdAt", "updatedAt"} {
		if got[field] != created[field] {
			t.Errorf("%s: got %v, want %v", field, got[field], created[field])
		}
	}
}

func TestUpdateLink(t *testing.T) {
	t.Parallel()
	created := srv.CreateLink(t, uniqueURL(t))
	code := str(t, created, "shortCode")
	newURL := uniqueURL(t) + "/updated"

	updated := srv.Do(t, "PUT", "/shorten/"+code, map[string]string{"url": newURL}).Expect(t, http.StatusOK).JSON(t)
	if str(t, updated, "url") != newURL || updated["id"] != created["id"] || updated["shortCode"] != code ||
		updated["createdAt"] != created["createdAt"] {
		t.Errorf("unexpected body %v (created %v)", updated, created)
	}
	// Same layout, so string order is time order.
	if str(t, updated, "updatedAt") <= str(t, created, "updatedAt") {
		t.Errorf("updatedAt did not move forward: %v -> %v", created["updatedAt"], updated["updatedAt"])
	}
	// Two updates in a row still move it forward.
	again := srv.Do(t, "PUT", "/shorten/"+code, map[string]string{"url": newURL}).Expect(t, http.StatusOK).JSON(t)
	if str(t, again, "updatedAt") <= str(t, updated, "updatedAt") {
		t.Errorf("updatedAt did not move forward: %v -> %v", updated["updatedAt"], again["updatedAt"])
	}
	got := srv.Do(t, "GET", "/shorten/"+code, nil).Expect(t, http.StatusOK).JSON(t)
	if got["url"] != newURL {
		t.Errorf("GET after PUT: url %v", got["url"])
	}
}

func TestDeleteLink(t *testing.T) {
	t.Parallel()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")

	resp := srv.Do(t, "DELETE", "/shorten/"+code, nil).Expect(t, http.StatusNoContent)
	if len(resp.Body) != 0 {
		t.Errorf("204 with a body: %q", resp.Body)
	}
	for _, req := range [][2]string{
		{"GET", "/shorten/" + code}, {"GET", "/shorten/" + code + "/stats"},
		{"GET", "/" + code}, {"DELETE", "/shorten/" + code},
	} {
		if got := srv.Do(t, req[0], req[1], nil).Expect(t, http.StatusNotFound).ErrorCode(t); got != "not_found" {
			t.Errorf("%s %s after delete: code %q", req[0], req[1], got)
		}
	}
}

func TestStats(t *testing.T) {
	t.Parallel()
	created := srv.CreateLink(t, uniqueURL(t))
	code := str(t, created, "shortCode")

	stats := srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if num(t, stats, "accessCount") != 0 || stats["url"] != created["url"] || stats["id"] != created["id"] {
		t.Errorf("unexpected stats %v", stats)
	}
	srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound)
	srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound)
	stats = srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if num(t, stats, "accessCount") != 2 {
		t.Errorf("accessCount %v after 2 redirects", stats["accessCount"])
	}
}

func TestRedirect(t *testing.T) {
	t.Parallel()
	url := uniqueURL(t) + "?q=1&r=two#frag"
	code := str(t, srv.CreateLink(t, url), "shortCode")

	resp := srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound)
	if loc := resp.Header.Get("Location"); loc != url {
		t.Errorf("Location %q, want %q", loc, url)
	}
}

func TestUnknownCodeIs404Everywhere(t *testing.T) {
	t.Parallel()
	for _, req := range [][2]string{
		{"GET", "/shorten/" + missingCode},
		{"PUT", "/shorten/" + missingCode},
		{"DELETE", "/shorten/" + missingCode},
		{"GET", "/shorten/" + missingCode + "/stats"},
		{"GET", "/" + missingCode},
	} {
		var body any
		if req[0] == "PUT" {
			body = map[string]string{"url": "https://example.com"}
		}
		if got := srv.Do(t, req[0], req[1], body).Expect(t, http.StatusNotFound).ErrorCode(t); got != "not_found" {
			t.Errorf("%s %s: code %q", req[0], req[1], got)
		}
	}
}
