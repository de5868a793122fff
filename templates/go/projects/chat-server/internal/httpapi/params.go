package httpapi

import (
	"net/http"
	"net/url"
	"strconv"

	"example.com/project/internal/chat"
)

const nameRule = "must be 1-64 letters, digits, '-' or '_'"

// invalidRequest is a validation_error about the path or the query.
func invalidRequest(details []FieldError) *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    "validation_error",
		Message: "The request is invalid.",
		Details: details,
	}
}

// checkName adds a detail when value is not a valid room or name.
func checkName(details []FieldError, path, value string) []FieldError {
	if !chat.ValidName(value) {
		details = append(details, FieldError{Path: path, Message: nameRule})
	}
	return details
}

// queryInt reads an optional query parameter of digits from lo to hi. A
// parameter that is present must be valid: an empty, malformed or repeated
// one is an error, never ignored.
func queryInt(query url.Values, name string, fallback, lo, hi int64, rule string, details *[]FieldError) int64 {
	values, present := query[name]
	if !present {
		return fallback
	}
	if len(values) > 1 {
		*details = append(*details, FieldError{Path: name, Message: "must be given once"})
		return fallback
	}
	value := values[0]
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || !allDigits(value) || n < lo || n > hi {
		*details = append(*details, FieldError{Path: name, Message: rule})
		return fallback
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
