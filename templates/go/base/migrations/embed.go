// Package migrations embeds the SQL files of this folder into the binary, so the
// server applies them at start-up wherever it runs (Docker image included).
package migrations

import "embed"

// FS holds this folder's *.sql files, applied in name order.
//
//go:embed *.sql
var FS embed.FS
