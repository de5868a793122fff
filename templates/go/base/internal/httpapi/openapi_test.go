package httpapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestRoutesMatchTheOpenAPIDocument fails when the mux serves an operation
// that openapi.json does not describe, or the document describes one that no
// route serves. Add a route in routes.go and its path in openapi.json together.
func TestRoutesMatchTheOpenAPIDocument(t *testing.T) {
	served := map[string]bool{}
	for _, rt := range serviceRoutes(nil, routes(Deps{})) {
		op, err := operationOf(rt.pattern)
		if err != nil {
			t.Error(err)
			continue
		}
		served[op] = true
	}
	documented := documentedOperations(t)
	for _, op := range slices.Sorted(maps.Keys(served)) {
		if !documented[op] {
			t.Errorf("the service serves %s, which openapi.json does not describe", op)
		}
	}
	for _, op := range slices.Sorted(maps.Keys(documented)) {
		if !served[op] {
			t.Errorf("openapi.json describes %s, which no route serves", op)
		}
	}
}

func TestOperationOf(t *testing.T) {
	operations := map[string]string{ // pattern: the operation it serves
		"GET /health":            "GET /health",
		"DELETE /shorten/{code}": "DELETE /shorten/{code}",
		"GET /{$}":               "GET /",
		"GET /files/{path...}":   "GET /files/{path}",
		"POST /jobs/{id}/retry":  "POST /jobs/{id}/retry",
	}
	for pattern, want := range operations {
		if got, err := operationOf(pattern); err != nil || got != want {
			t.Errorf("operationOf(%q) = %q, %v; want %q", pattern, got, err, want)
		}
	}
	for _, pattern := range []string{"/health", "GET example.com/health"} {
		if _, err := operationOf(pattern); err == nil {
			t.Errorf("operationOf(%q) accepted a pattern without a method or with a host", pattern)
		}
	}
}

// operationOf turns a ServeMux pattern into "METHOD /openapi/{path}": {$}
// (the end of the path) is dropped and {name...} (the rest of the path) is
// written {name}, as OpenAPI writes path parameters.
func operationOf(pattern string) (string, error) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return "", fmt.Errorf("route %q must name its method and a path without a host, like \"GET /health\"", pattern)
	}
	path = strings.TrimSuffix(path, "{$}")
	path = strings.ReplaceAll(path, "...}", "}")
	return method + " " + path, nil
}

// documentedOperations lists openapi.json's operations as "METHOD /path".
func documentedOperations(t *testing.T) map[string]bool {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPISpec, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	ops := map[string]bool{}
	for path, item := range doc.Paths {
		for key := range item {
			if slices.Contains(methods, key) {
				ops[strings.ToUpper(key)+" "+path] = true
			}
		}
	}
	return ops
}
