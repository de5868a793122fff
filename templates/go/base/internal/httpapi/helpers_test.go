package httpapi

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// errorBody decodes a response in the error shape.
func errorBody(t *testing.T, rec *httptest.ResponseRecorder) (code string, details []FieldError) {
	t.Helper()
	var body struct {
		Error struct {
			Code    string       `json:"code"`
			Message string       `json:"message"`
			Details []FieldError `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" || body.Error.Message == "" {
		t.Fatalf("not the error shape: %q", rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	return body.Error.Code, body.Error.Details
}

func assertErrorCode(t *testing.T, rec *httptest.ResponseRecorder, want string) {
	t.Helper()
	if code, _ := errorBody(t, rec); code != want {
		t.Errorf("error code %q, want %q", code, want)
	}
}
