package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOptionalFieldsRefuseNull(t *testing.T) {
	cases := []struct{ body, path string }{
		{`{"type":null}`, "type"},
		{`{"type":"echo","runAt":null}`, "runAt"},
		{`{"type":"echo","maxAttempts":null}`, "maxAttempts"},
		{`{"type":"echo","idempotencyKey":null}`, "idempotencyKey"},
		{`{"type":"echo","maxAttempts":"3"}`, "maxAttempts"},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/jobs", strings.NewReader(tc.body))
		if _, err := readNewJob(rec, req); err != nil {
			writeError(rec, req, err)
		}
		code, details := errorBody(t, rec)
		if code != "validation_error" || len(details) != 1 || details[0].Path != tc.path {
			t.Errorf("%s: code %q, details %+v; want validation_error on %s", tc.body, code, details, tc.path)
		}
	}
}

func TestANullPayloadIsAValue(t *testing.T) {
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/jobs", strings.NewReader(`{"type":"echo","payload":null}`))
	job, err := readNewJob(httptest.NewRecorder(), req)
	if err != nil || string(job.Payload) != "null" || job.Type != "echo" || job.MaxAttempts != 5 {
		t.Errorf("job %+v, err %v", job, err)
	}
}
