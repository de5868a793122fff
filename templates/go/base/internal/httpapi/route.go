package httpapi

import "net/http"

// route is one operation the service serves: a ServeMux pattern that names its
// method ("GET /shorten/{code}") and its handler. Every route reaches the mux
// through newServeMux, from one list, so that openapi_test.go can hold that
// list against openapi.json: a route the document lacks, or a documented
// operation nothing serves, fails the tests.
type route struct {
	pattern string
	handler http.Handler
}

// serviceRoutes are the routes every service has, GET /health, GET
// /openapi.json and GET /docs, followed by the project's own.
func serviceRoutes(health http.Handler, project []route) []route {
	return append([]route{
		{"GET /health", health},
		{"GET /openapi.json", http.HandlerFunc(serveOpenAPI)},
		{"GET /docs", http.HandlerFunc(serveDocs)},
	}, project...)
}

// newServeMux returns a mux that serves serviceRoutes(health, project).
func newServeMux(health http.Handler, project []route) *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range serviceRoutes(health, project) {
		mux.Handle(rt.pattern, rt.handler)
	}
	return mux
}
