package httpapi

import (
	"encoding/json"
	"reflect"

	"example.com/project/internal/jobs"
)

// maxJobBodyBytes bounds a POST /jobs body: a payload of up to 1 MiB plus the
// rest of the request around it (decodeJSON's limit for that route).
const maxJobBodyBytes = jobs.MaxPayloadBytes + 64<<10

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
