package httpapi

import "net/http"

// jsonMux wraps a ServeMux so that requests it has no route for get the JSON
// error shape (404 not_found, or 405 method_not_allowed with Allow) instead of
// ServeMux's plain-text answers.
type jsonMux struct{ mux *http.ServeMux }

func (m jsonMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, pattern := m.mux.Handler(r); pattern == "" {
		// No pattern matched: ask ServeMux's fallback which answer it would give.
		probe := &probeWriter{header: http.Header{}}
		h.ServeHTTP(probe, r)
		switch probe.status {
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", probe.header.Get("Allow"))
			writeError(w, r, newError(http.StatusMethodNotAllowed, "method_not_allowed",
				r.Method+" is not allowed here; allowed: "+probe.header.Get("Allow")+"."))
			return
		case http.StatusNotFound:
			writeError(w, r, notFound("No route for "+r.Method+" "+r.URL.Path+"."))
			return
		}
		// Anything else is ServeMux's redirect to a cleaned path: let it answer.
	}
	m.mux.ServeHTTP(w, r)
}

// probeWriter records a status and headers and discards the body.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header { return p.header }
func (p *probeWriter) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}
func (p *probeWriter) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}
