package support

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// client does not follow redirects, so tests see the 302 itself.
var client = &http.Client{
	Timeout: 15 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// RunClientIP is the X-Forwarded-For of every request Do sends without one.
// The test servers trust that header, so this run's rate-limit counters
// (rl:<ip>:<window> in Redis) never mix with those of another run or of a
// server started later against the same Redis.
var RunClientIP = UniqueClientIP()

// Response is a fully read HTTP response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends one request. body is sent as is when it is a string or []byte,
// else encoded as JSON; nil sends no body. headers are name, value pairs.
func Do(t testing.TB, method, url string, body any, headers ...string) *Response {
	t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("encode request body: %v", err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, reader)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Forwarded-For", RunClientIP)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// JSON decodes the body as a JSON object.
func (r *Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("response body is not a JSON object: %v\n%s", err, r.Body)
	}
	return v
}

// ErrorCode returns error.code of a body in the error shape, failing the test
// when the body has another shape.
func (r *Response) ErrorCode(t testing.TB) string {
	t.Helper()
	body := r.JSON(t)
	e, ok := body["error"].(map[string]any)
	if !ok {
		t.Fatalf("body is not in the error shape: %s", r.Body)
	}
	code, _ := e["code"].(string)
	if msg, _ := e["message"].(string); code == "" || msg == "" {
		t.Fatalf("error without code or message: %s", r.Body)
	}
	return code
}

// Expect fails the test unless the response has the given status.
func (r *Response) Expect(t testing.TB, status int) *Response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}
