package httpapi

import (
	"encoding/json"
	"errors"

	"example.com/project/internal/jobs"
)

// openapi.json lists the job types of the registry (jobs.Handlers) as the
// enum of a new job's "type". They are filled in here, when the program
// starts, so that a type added to the registry is documented too.
func init() {
	spec, err := withJobTypes(openAPISpec, jobs.TypeNames())
	if err != nil {
		panic("internal/httpapi/openapi.json: " + err.Error()) // the unit tests catch it first
	}
	openAPISpec = spec
}

// withJobTypes sets components.schemas.NewJob.properties.type.enum of spec.
func withJobTypes(spec []byte, types []string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, err
	}
	typeSchema, ok := lookup(doc, "components", "schemas", "NewJob", "properties", "type")
	if !ok {
		return nil, errors.New("no components.schemas.NewJob.properties.type")
	}
	typeSchema["enum"] = types
	return json.MarshalIndent(doc, "", "  ")
}

// lookup follows path through nested JSON objects.
func lookup(doc map[string]any, path ...string) (map[string]any, bool) {
	for _, key := range path {
		next, ok := doc[key].(map[string]any)
		if !ok {
			return nil, false
		}
		doc = next
	}
	return doc, true
}
