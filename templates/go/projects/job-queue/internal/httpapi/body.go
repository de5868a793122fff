package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

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
