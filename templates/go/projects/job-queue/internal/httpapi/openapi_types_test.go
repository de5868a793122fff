package httpapi

import (
	"encoding/json"
	"slices"
	"testing"

	"example.com/project/internal/jobs"
)

func TestTheOpenAPIDocumentListsTheRegisteredJobTypes(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPISpec, &doc); err != nil {
		t.Fatal(err)
	}
	typeSchema, ok := lookup(doc, "components", "schemas", "NewJob", "properties", "type")
	if !ok {
		t.Fatal("no NewJob type schema")
	}
	var enum []string
	for _, v := range typeSchema["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	if !slices.Equal(enum, jobs.TypeNames()) {
		t.Errorf("enum %v, want %v", enum, jobs.TypeNames())
	}
}

func TestWithJobTypesNeedsTheNewJobSchema(t *testing.T) {
	if _, err := withJobTypes([]byte(`{"components":{}}`), []string{"echo"}); err == nil {
		t.Error("want an error for a document without components.schemas.NewJob")
	}
	if _, err := withJobTypes([]byte(`{`), []string{"echo"}); err == nil {
		t.Error("want an error for a document that is not JSON")
	}
}
