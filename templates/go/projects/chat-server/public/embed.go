// Package public embeds the chat page (index.html, one file with its own
// script: no build step) into the binary, so the server serves it wherever it
// runs.
package public

import _ "embed"

// IndexHTML is the page served at GET /.
//
//go:embed index.html
var IndexHTML []byte
