package httpapi

import (
	"log/slog"
	"net/http"
)

// handler is an HTTP handler that returns its failure instead of writing it:
// an *apiError (bad input, not found, ...) becomes its status and code, and
// any other error is logged and answered with a bare 500 (see writeError).
// Handlers end with `return err`, and the error response is written here only.
type handler func(w http.ResponseWriter, r *http.Request) error

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		writeError(w, r, err)
	}
}

// withCommonLayers wraps the routes in what every request goes through: a
// request id and an access log line (withRequestLog), and JSON 404 and 405
// answers for requests no route takes (jsonMux). A project's own layers run
// in between, in the order given: after the request id, before the routing.
func withCommonLayers(logger *slog.Logger, mux *http.ServeMux, layers ...func(http.Handler) http.Handler) http.Handler {
	var h http.Handler = jsonMux{mux}
	for i := len(layers) - 1; i >= 0; i-- {
		h = layers[i](h)
	}
	return withRequestLog(logger, h)
}
