package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
)

// maxBodyBytes is the size limit of an ordinary JSON request body. A route
// whose bodies carry more (a job's payload) passes its own limit to decodeJSON.
const maxBodyBytes = 16 << 10

// decodeJSON reads one JSON value of at most maxBytes bytes from the request
// body into dst, whatever the Content-Type. Its errors are apiErrors:
// payload_too_large (a longer body), invalid_json, or validation_error for a
// value of the wrong type.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any, maxBytes int64) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBytes))
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	// Anything after the first value ("{} {}", "{}x") makes the body not JSON.
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return decodeError(err)
		}
		return newError(http.StatusBadRequest, "invalid_json", "The request body must hold exactly one JSON value.")
	}
	return nil
}

func decodeError(err error) error {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return newError(http.StatusRequestEntityTooLarge, "payload_too_large",
			fmt.Sprintf("The request body must be at most %d bytes.", tooLarge.Limit))
	case errors.Is(err, io.EOF):
		return newError(http.StatusBadRequest, "invalid_json", "The request body is empty; send a JSON object.")
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return validationError(FieldError{Path: "", Message: "must be a JSON object"})
		}
		return validationError(FieldError{Path: typeErr.Field, Message: "must be " + jsonKind(typeErr.Type)})
	default:
		// Syntax errors, truncated bodies, invalid literals.
		return newError(http.StatusBadRequest, "invalid_json", "The request body is not valid JSON.")
	}
}

// jsonKind names the JSON type that a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}
