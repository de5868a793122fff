package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
)

// FieldError names one invalid part of a request body.
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// apiError is an error that becomes the response
// {"error":{"code":"...","message":"...","details":[...]}}.
type apiError struct {
	Status  int
	Code    string
	Message string
	Details []FieldError
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func newError(status int, code, message string) *apiError {
	return &apiError{Status: status, Code: code, Message: message}
}

func validationError(details ...FieldError) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    "validation_error",
		Message: "The request body is invalid.",
		Details: details,
	}
}

func notFound(message string) *apiError {
	return newError(http.StatusNotFound, "not_found", message)
}

// writeError answers with err's status and code. Any error that is not an
// apiError is a bug or an outage: it is logged and answered with a bare 500.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var apiErr *apiError
	if !errors.As(err, &apiErr) {
		loggerFrom(r.Context()).ErrorContext(r.Context(), "request failed", slog.String("error", err.Error()))
		apiErr = newError(http.StatusInternalServerError, "internal_error", "Something went wrong on our side.")
	}
	type body struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Details []FieldError `json:"details,omitempty"`
	}
	writeJSON(w, apiErr.Status, map[string]body{"error": {apiErr.Code, apiErr.Message, apiErr.Details}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
