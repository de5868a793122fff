package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"

	"example.com/project/internal/jobs"
)

// maxJobBodyBytes bounds a POST /jobs body: a payload of up to 1 MiB plus the
// rest of the request around it.
const maxJobBodyBytes = jobs.MaxPayloadBytes + 64<<10

// decodeJobBody is decodeJSON with room for a job's payload.
func decodeJobBody(w http.ResponseWriter, r *http.Request, dst any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJobBodyBytes))
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

// optional is a request field that may be left out. When it is there, it must
// hold a value of its type: null is refused like a value of another type.
type optional[T any] struct {
	Present bool
	Value   T
}

// UnmarshalJSON runs only for a field that is in the body.
func (o *optional[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return &json.UnmarshalTypeError{Value: "null", Type: reflect.TypeFor[T]()}
	}
	o.Present = true
	return json.Unmarshal(data, &o.Value)
}
