package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEnqueueReturnsTheWholeJob(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "POST", "/jobs", map[string]any{"type": "echo", "payload": map[string]any{"n": 1}, "runAt": farFuture})
	created := resp.Expect(t, http.StatusCreated).JSON(t)
	jobID := id(t, created)
	if loc := resp.Header.Get("Location"); loc != "/jobs/"+strconv.FormatInt(jobID, 10) {
		t.Errorf("Location %q", loc)
	}
	want := map[string]any{"type": "echo", "status": "queued", "attempts": 0.0, "maxAttempts": 5.0,
		"runAt": farFuture, "lastError": nil, "result": nil, "finishedAt": nil}
	for field, value := range want {
		if created[field] != value {
			t.Errorf("%s = %v, want %v", field, created[field], value)
		}
	}
	if payload, _ := json.Marshal(created["payload"]); string(payload) != `{"n":1}` {
		t.Errorf("payload %s", payload)
	}
	for _, field := range []string{"createdAt", "updatedAt", "runAt"} {
		if !timestamp.MatchString(str(t, created, field)) {
			t.Errorf("%s %q is not ISO-8601 UTC with milliseconds", field, created[field])
		}
	}
	if len(created) != 12 {
		t.Errorf("want exactly the 12 fields of a job, got %v", created)
	}

	got := srv.Do(t, "GET", "/jobs/"+strconv.FormatInt(jobID, 10), nil).Expect(t, http.StatusOK).JSON(t)
	if a, b := fmt.Sprint(got), fmt.Sprint(created); a != b {
		t.Errorf("GET returned\n%s\nPOST returned\n%s", a, b)
	}
}

func TestEnqueueDefaultsAndBounds(t *testing.T) {
	t.Parallel()
	before := time.Now().Add(-time.Second)
	plain := srv.Enqueue(t, map[string]any{"type": "echo"})
	if plain["payload"] != nil || num(t, plain, "maxAttempts") != 5 {
		t.Errorf("defaults: %v", plain)
	}
	if runAt := at(t, plain, "runAt"); runAt.Before(before) || runAt.After(time.Now().Add(time.Second)) {
		t.Errorf("runAt %v is not now", runAt)
	}
	for _, n := range []int{1, 100} {
		body := srv.Enqueue(t, map[string]any{"type": "echo", "maxAttempts": n, "runAt": farFuture})
		if num(t, body, "maxAttempts") != float64(n) {
			t.Errorf("maxAttempts %d: %v", n, body)
		}
	}
	// Any ISO-8601 offset is accepted and shown in UTC.
	body := srv.Enqueue(t, map[string]any{"type": "echo", "runAt": "2999-01-01T02:00:00.5+02:00"})
	if body["runAt"] != "2999-01-01T00:00:00.500Z" {
		t.Errorf("runAt %v", body["runAt"])
	}
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		body any
		path string
	}{
		{"no type", map[string]any{"payload": 1}, "type"},
		{"unknown type", map[string]any{"type": "nope"}, "type"},
		{"type not a string", map[string]any{"type": 5}, "type"},
		{"maxAttempts 0", map[string]any{"type": "echo", "maxAttempts": 0}, "maxAttempts"},
		{"maxAttempts 101", map[string]any{"type": "echo", "maxAttempts": 101}, "maxAttempts"},
		{"maxAttempts fraction", map[string]any{"type": "echo", "maxAttempts": 1.5}, "maxAttempts"},
		{"maxAttempts string", map[string]any{"type": "echo", "maxAttempts": "3"}, "maxAttempts"},
		{"runAt unparsable", map[string]any{"type": "echo", "runAt": "tomorrow"}, "runAt"},
		{"runAt without zone", map[string]any{"type": "echo", "runAt": "2030-01-01T00:00:00"}, "runAt"},
		{"runAt a number", map[string]any{"type": "echo", "runAt": 1700000000}, "runAt"},
		{"runAt null", map[string]any{"type": "echo", "runAt": nil}, "runAt"},
		{"empty idempotencyKey", map[string]any{"type": "echo", "idempotencyKey": ""}, "idempotencyKey"},
		{"long idempotencyKey", map[string]any{"type": "echo", "idempotencyKey": strings.Repeat("k", 201)}, "idempotencyKey"},
		{"idempotencyKey a number", map[string]any{"type": "echo", "idempotencyKey": 7}, "idempotencyKey"},
		{"not an object", `["echo"]`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := srv.Do(t, "POST", "/jobs", tc.body).Expect(t, http.StatusBadRequest)
			if code := resp.ErrorCode(t); code != "validation_error" {
				t.Fatalf("code %q", code)
			}
			var body struct {
				Error struct {
					Details []struct{ Path, Message string }
				}
			}
			_ = json.Unmarshal(resp.Body, &body)
			if len(body.Error.Details) == 0 || body.Error.Details[0].Path != tc.path || body.Error.Details[0].Message == "" {
				t.Errorf("details %+v, want one for %q", body.Error.Details, tc.path)
			}
		})
	}
	for _, raw := range []string{"", "{", `{"type":"echo"} x`, "type=echo"} {
		if code := srv.Do(t, "POST", "/jobs", raw).Expect(t, http.StatusBadRequest).ErrorCode(t); code != "invalid_json" {
			t.Errorf("body %q: code %q, want invalid_json", raw, code)
		}
	}
}

func TestJSONThatPostgresCannotStoreIs400(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"type":"echo","payload":"\u0000"}`:                "payload",
		`{"type":"echo","payload":{"a":["ok","x\u0000y"]}}`: "payload",
		`{"type":"echo","payload":"\ud800"}`:                "payload",
		`{"type":"echo","payload":[1e200000]}`:              "payload",
		`{"type":"echo","idempotencyKey":"a\u0000b"}`:       "idempotencyKey",
	}
	for body, path := range cases {
		resp := srv.Do(t, "POST", "/jobs", body).Expect(t, http.StatusBadRequest)
		if code := resp.ErrorCode(t); code != "validation_error" || !strings.Contains(string(resp.Body), `"path":"`+path+`"`) {
			t.Errorf("%s: %s", body, resp.Body)
		}
	}
	// An escaped backslash before u0000 is plain text, and fine.
	created := srv.Do(t, "POST", "/jobs", `{"type":"echo","runAt":"`+farFuture+`","payload":"\\u0000"}`).Expect(t, http.StatusCreated).JSON(t)
	if created["payload"] != `\u0000` {
		t.Errorf("payload %q", created["payload"])
	}
}

func TestEnqueueReportsEveryInvalidField(t *testing.T) {
	t.Parallel()
	resp := srv.Do(t, "POST", "/jobs", map[string]any{"type": "nope", "maxAttempts": 0, "runAt": "x"}).Expect(t, http.StatusBadRequest)
	if !strings.Contains(string(resp.Body), `"type"`) || !strings.Contains(string(resp.Body), `"maxAttempts"`) ||
		!strings.Contains(string(resp.Body), `"runAt"`) {
		t.Errorf("want details for type, maxAttempts and runAt: %s", resp.Body)
	}
}

func TestPayloadLimitIsOneMebibyte(t *testing.T) {
	t.Parallel()
	// A JSON string of n bytes: the quotes count.
	payloadOf := func(n int) string { return `"` + strings.Repeat("a", n-2) + `"` }

	fits := `{"type":"echo","runAt":"` + farFuture + `","payload":` + payloadOf(1<<20) + `}`
	created := srv.Do(t, "POST", "/jobs", fits).Expect(t, http.StatusCreated).JSON(t)
	if got, _ := created["payload"].(string); len(got) != 1<<20-2 {
		t.Errorf("payload of %d characters came back", len(got))
	}
	for _, size := range []int{1<<20 + 1, 3 << 20} {
		body := `{"type":"echo","payload":` + payloadOf(size) + `}`
		if code := srv.Do(t, "POST", "/jobs", body).Expect(t, http.StatusRequestEntityTooLarge).ErrorCode(t); code != "payload_too_large" {
			t.Errorf("payload of %d bytes: code %q", size, code)
		}
	}
}

func TestUnknownOrImpossibleJobIDsAre404(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"999999999999", "0", "-1", "abc", "1.5", "99999999999999999999", "%2B5"} {
		for _, method := range []string{"GET /jobs/", "POST /jobs/"} {
			verb, prefix, _ := strings.Cut(method, " ")
			url := prefix + path
			if verb == "POST" {
				url += "/retry"
			}
			if code := srv.Do(t, verb, url, nil).Expect(t, http.StatusNotFound).ErrorCode(t); code != "not_found" {
				t.Errorf("%s %s: code %q", verb, url, code)
			}
		}
	}
}

func TestListIsNewestFirstAndFiltersByStatus(t *testing.T) {
	t.Parallel()
	var ids []int64
	for range 3 {
		ids = append(ids, id(t, srv.Enqueue(t, map[string]any{"type": "echo", "runAt": farFuture})))
	}
	var list struct {
		Jobs []map[string]any `json:"jobs"`
	}
	resp := srv.Do(t, "GET", "/jobs?status=queued&limit=200", nil).Expect(t, http.StatusOK)
	if err := json.Unmarshal(resp.Body, &list); err != nil {
		t.Fatal(err)
	}
	var seen []int64
	for i, j := range list.Jobs {
		if j["status"] != "queued" {
			t.Errorf("status filter let through %v", j)
		}
		if i > 0 && id(t, j) >= id(t, list.Jobs[i-1]) {
			t.Errorf("not newest first at %d", i)
		}
		for _, mine := range ids {
			if id(t, j) == mine {
				seen = append(seen, mine)
			}
		}
	}
	if fmt.Sprint(seen) != fmt.Sprint([]int64{ids[2], ids[1], ids[0]}) {
		t.Errorf("own jobs in the list: %v, want %v newest first", seen, ids)
	}

	resp = srv.Do(t, "GET", "/jobs?limit=2", nil).Expect(t, http.StatusOK)
	if err := json.Unmarshal(resp.Body, &list); err != nil || len(list.Jobs) != 2 {
		t.Errorf("limit=2 gave %d jobs (%v)", len(list.Jobs), err)
	}
	resp = srv.Do(t, "GET", "/jobs", nil).Expect(t, http.StatusOK)
	if err := json.Unmarshal(resp.Body, &list); err != nil || len(list.Jobs) < 3 || len(list.Jobs) > 50 {
		t.Errorf("default list gave %d jobs (%v)", len(list.Jobs), err)
	}
}

func TestListRejectsBadQueries(t *testing.T) {
	t.Parallel()
	for _, query := range []string{"status=bogus", "status=", "limit=0", "limit=201", "limit=abc", "limit=", "limit=1.5"} {
		resp := srv.Do(t, "GET", "/jobs?"+query, nil).Expect(t, http.StatusBadRequest)
		if code := resp.ErrorCode(t); code != "validation_error" {
			t.Errorf("%s: code %q", query, code)
		}
	}
}

func TestStatsCountsEveryStatus(t *testing.T) {
	t.Parallel()
	srv.Enqueue(t, map[string]any{"type": "echo", "runAt": farFuture})
	stats := srv.Do(t, "GET", "/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if len(stats) != 5 {
		t.Errorf("want the five statuses: %v", stats)
	}
	for _, status := range []string{"queued", "running", "succeeded", "failed", "dead"} {
		if n, ok := stats[status].(float64); !ok || n < 0 {
			t.Errorf("%s: %v", status, stats[status])
		}
	}
	if stats["queued"].(float64) < 1 {
		t.Errorf("queued %v after enqueuing one", stats["queued"])
	}
}

func TestRetryOfAJobThatIsNotDeadIs409(t *testing.T) {
	t.Parallel()
	queued := srv.Enqueue(t, map[string]any{"type": "echo", "runAt": farFuture})
	resp := srv.Do(t, "POST", fmt.Sprintf("/jobs/%d/retry", id(t, queued)), nil).Expect(t, http.StatusConflict)
	if code := resp.ErrorCode(t); code != "conflict" {
		t.Errorf("code %q", code)
	}
	if srv.Job(t, id(t, queued))["status"] != "queued" {
		t.Error("a refused retry changed the job")
	}
}

func TestIdempotencyKeyReturnsTheFirstJob(t *testing.T) {
	t.Parallel()
	key := "order-" + randomHex(8)
	first := srv.Do(t, "POST", "/jobs", map[string]any{"type": "echo", "runAt": farFuture, "idempotencyKey": key}).Expect(t, http.StatusCreated)
	again := srv.Do(t, "POST", "/jobs", map[string]any{"type": "echo", "payload": "other", "runAt": farFuture, "idempotencyKey": key}).Expect(t, http.StatusOK)
	if id(t, first.JSON(t)) != id(t, again.JSON(t)) || again.JSON(t)["payload"] != nil {
		t.Errorf("first %s, again %s", first.Body, again.Body)
	}
	if again.Header.Get("Location") != first.Header.Get("Location") {
		t.Errorf("Location %q, want %q", again.Header.Get("Location"), first.Header.Get("Location"))
	}
}

func TestTenConcurrentRequestsWithOneKeyCreateOneJob(t *testing.T) {
	t.Parallel()
	key := "race-" + randomHex(8)
	statuses := make([]int, 10)
	ids := make([]int64, 10)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := srv.Do(t, "POST", "/jobs", map[string]any{"type": "echo", "runAt": farFuture, "idempotencyKey": key})
			statuses[i] = resp.Status
			if resp.Status == http.StatusOK || resp.Status == http.StatusCreated {
				ids[i] = int64(resp.JSON(t)["id"].(float64))
			}
		}()
	}
	wg.Wait()
	created := 0
	for i, status := range statuses {
		switch status {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Errorf("request %d: status %d", i, status)
		}
		if ids[i] != ids[0] {
			t.Errorf("request %d got job %d, request 0 got %d", i, ids[i], ids[0])
		}
	}
	if created != 1 {
		t.Errorf("%d requests created a job, want exactly 1 (statuses %v)", created, statuses)
	}
}

func TestOpenAPIAndDocs(t *testing.T) {
	t.Parallel()
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	resp := srv.Do(t, "GET", "/openapi.json", nil).Expect(t, http.StatusOK)
	if err := json.Unmarshal(resp.Body, &spec); err != nil || !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	for path, method := range map[string]string{"/jobs": "post", "/jobs/{id}": "get", "/jobs/{id}/retry": "post",
		"/stats": "get", "/health": "get", "/openapi.json": "get", "/docs": "get"} {
		if _, ok := spec.Paths[path][method]; !ok {
			t.Errorf("the document lacks %s %s", method, path)
		}
	}
	if _, ok := spec.Paths["/jobs"]["get"]; !ok {
		t.Error("the document lacks get /jobs")
	}
	var types struct {
		Components struct {
			Schemas struct {
				NewJob struct {
					Properties struct {
						Type struct {
							Enum []string `json:"enum"`
						} `json:"type"`
					} `json:"properties"`
				} `json:"NewJob"`
			} `json:"schemas"`
		} `json:"components"`
	}
	_ = json.Unmarshal(resp.Body, &types)
	for _, builtIn := range []string{"echo", "fail", "flaky", "sleep"} {
		if !slices.Contains(types.Components.Schemas.NewJob.Properties.Type.Enum, builtIn) {
			t.Errorf("the document's job types %v lack %s", types.Components.Schemas.NewJob.Properties.Type.Enum, builtIn)
		}
	}
	docs := srv.Do(t, "GET", "/docs", nil).Expect(t, http.StatusOK)
	if !strings.HasPrefix(docs.Header.Get("Content-Type"), "text/html") {
		t.Errorf("/docs Content-Type %q", docs.Header.Get("Content-Type"))
	}
}

func TestUnknownRoutesAndMethodsUseTheErrorShape(t *testing.T) {
	t.Parallel()
	if code := srv.Do(t, "GET", "/nope", nil).Expect(t, http.StatusNotFound).ErrorCode(t); code != "not_found" {
		t.Errorf("code %q", code)
	}
	resp := srv.Do(t, "DELETE", "/jobs", nil).Expect(t, http.StatusMethodNotAllowed)
	if code := resp.ErrorCode(t); code != "method_not_allowed" || resp.Header.Get("Allow") == "" {
		t.Errorf("code %q, Allow %q", code, resp.Header.Get("Allow"))
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	health := srv.Do(t, "GET", "/health", nil).Expect(t, http.StatusOK).JSON(t)
	checks, _ := health["checks"].(map[string]any)
	if health["status"] != "ok" || checks["postgres"] != "up" || checks["redis"] != "up" {
		t.Errorf("unexpected health %v", health)
	}
}
