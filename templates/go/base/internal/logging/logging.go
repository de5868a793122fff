// Package logging builds the service's structured JSON logger. Records logged
// with a request's context carry that request's id.
package logging

import (
	"context"
	"io"
	"log/slog"
)

// LevelTrace is LOG_LEVEL=trace: more verbose than debug.
const LevelTrace = slog.LevelDebug - 4

// LevelSilent is LOG_LEVEL=silent: above every level, so nothing is written.
const LevelSilent = slog.LevelError + 100

// Level returns the slog level of a LOG_LEVEL value (trace, debug, info, warn,
// error or silent, as the config allows); anything else is info.
func Level(name string) slog.Level {
	switch name {
	case "trace":
		return LevelTrace
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	case "silent":
		return LevelSilent
	}
	return slog.LevelInfo
}

type requestIDKey struct{}

// WithRequestID returns a context whose log records carry request_id = id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id stored in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// New returns a logger that writes one JSON object per line to w. Levels below
// debug (LOG_LEVEL=trace) are labelled TRACE.
func New(w io.Writer, level slog.Level) *slog.Logger {
	json := slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if lvl, ok := a.Value.Any().(slog.Level); ok && a.Key == slog.LevelKey && lvl < slog.LevelDebug {
				a.Value = slog.StringValue("TRACE")
			}
			return a
		},
	})
	return slog.New(requestIDHandler{json})
}

// requestIDHandler adds the context's request id to every record.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
