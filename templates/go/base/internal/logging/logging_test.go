package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
)

func decodeLine(t *testing.T, buf *bytes.Buffer) map[string]any {
	t.Helper()
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not one JSON line: %q", buf.String())
	}
	return line
}

func TestNewWritesJSONLines(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, Level("trace")).Log(t.Context(), LevelTrace, "hello", "n", 1)

	line := decodeLine(t, &buf)
	if line["msg"] != "hello" || line["level"] != "TRACE" || line["n"] != float64(1) {
		t.Errorf("unexpected log line %v", line)
	}
}

func TestRecordsCarryTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	logger := New(&buf, slog.LevelInfo).With("component", "test")
	logger.InfoContext(WithRequestID(t.Context(), "req-1"), "handled")

	line := decodeLine(t, &buf)
	if line["request_id"] != "req-1" || line["component"] != "test" {
		t.Errorf("unexpected log line %v", line)
	}
}

func TestNewFiltersBelowLevel(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, slog.LevelWarn).Info("quiet")
	if buf.Len() != 0 {
		t.Errorf("info line written at warn level: %q", buf.String())
	}
}

func TestLevelNames(t *testing.T) {
	want := map[string]slog.Level{"trace": LevelTrace, "debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError, "silent": LevelSilent}
	for name, level := range want {
		if got := Level(name); got != level {
			t.Errorf("Level(%q) = %v, want %v", name, got, level)
		}
	}
}
