package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"example.com/project/internal/logging"
)

type loggerKey struct{}

// loggerFrom returns the logger that withRequestLog put in the request's context.
func loggerFrom(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// withRequestLog gives every request an id (the caller's X-Request-Id when it is
// sane, else a new one), echoes it, puts it in the context so that every record
// logged with that context carries it, logs one line per request, and turns a
// panic into a 500 in the error shape.
func withRequestLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The access line is at info level: with LOG_LEVEL=warn or above, skip
		// the clock reads and the record for it (the request id stays: warnings
		// and errors logged with this context carry it).
		logAccess := logger.Enabled(r.Context(), slog.LevelInfo)
		var start time.Time
		if logAccess {
			start = time.Now()
		}
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ctx := logging.WithRequestID(r.Context(), id)
		r = r.WithContext(context.WithValue(ctx, loggerKey{}, logger))
		sw := &statusWriter{ResponseWriter: w}

		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v) // net/http's way of aborting a response on purpose
				}
				logger.ErrorContext(r.Context(), "panic", slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				if !sw.wroteHeader {
					writeError(sw, r, newError(http.StatusInternalServerError, "internal_error", "Something went wrong on our side."))
				}
			}
			if logAccess {
				logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.Int("status", sw.statusOrOK()),
					slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// validRequestID accepts ids of 1-128 visible ASCII characters, so a caller
// cannot inject line breaks or huge values into the logs.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// newRequestID returns a random UUID (version 4), formatted straight into one
// buffer: this runs on every request that brings no id of its own.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte // xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// statusWriter remembers the status code written, for the access log.
type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) statusOrOK() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
