package httpapi

import (
	"net/http"

	"example.com/project/public"
)

// servePage answers GET / with the chat page (public/index.html).
func servePage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(public.IndexHTML)
}
