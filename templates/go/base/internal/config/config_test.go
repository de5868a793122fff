package config

import (
	"strings"
	"testing"
)

func getenv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// required are the variables without a default.
func required() map[string]string {
	return map[string]string{
		"DATABASE_URL": "postgres://app:app@localhost:5432/app",
		"REDIS_URL":    "redis://localhost:6379",
	}
}

func TestEveryDefaultIsValid(t *testing.T) {
	cfg, err := Load(getenv(required()))
	if err != nil {
		t.Fatalf("the defaults must pass their own rules: %v", err)
	}
	if cfg.Addr() != "0.0.0.0:3000" || cfg.LogLevel != "info" {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestLoadOverridesCommonSettings(t *testing.T) {
	vars := required()
	vars["HOST"], vars["PORT"], vars["LOG_LEVEL"] = "127.0.0.1", " 8080 ", "TRACE"
	cfg, err := Load(getenv(vars))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.LogLevel != "trace" {
		t.Errorf("overrides not applied: %+v", cfg)
	}
	if cfg.DatabaseURL != vars["DATABASE_URL"] || cfg.RedisURL != vars["REDIS_URL"] {
		t.Errorf("URLs not kept: %+v", cfg)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	cases := map[string]string{
		"PORT":         "abc",
		"DATABASE_URL": "mysql://localhost/app",
		"REDIS_URL":    "localhost:6379",
		"LOG_LEVEL":    "loud",
	}
	for name, value := range cases {
		vars := required()
		vars[name] = value
		_, err := Load(getenv(vars))
		if err == nil || !strings.HasPrefix(err.Error(), name+" ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: got error %v, want one line starting with %s", name, value, err, name)
		}
	}
}

func TestLoadRequiresURLs(t *testing.T) {
	for _, name := range []string{"DATABASE_URL", "REDIS_URL"} {
		vars := required()
		delete(vars, name)
		if _, err := Load(getenv(vars)); err == nil || !strings.Contains(err.Error(), name+" is required") {
			t.Errorf("missing %s: got %v", name, err)
		}
	}
}

func TestURLErrorsHideTheValue(t *testing.T) {
	vars := required()
	vars["DATABASE_URL"] = "mysql://user:secret@localhost/app"
	if _, err := Load(getenv(vars)); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("error must not echo the URL: %v", err)
	}
}

// The rules of each kind, on variables made up for the test.
func TestVarKinds(t *testing.T) {
	var n int
	var b bool
	var s string
	cases := []struct {
		v       Var
		value   string
		wantErr string
	}{
		{Var{Name: "N", Kind: Integer, Default: "5", Min: 1, Max: 10, Int: &n}, "", ""},
		{Var{Name: "N", Kind: Integer, Min: 1, Max: 10, Int: &n}, "10", ""},
		{Var{Name: "N", Kind: Integer, Min: 1, Max: 10, Int: &n}, "11", "N must be an integer from 1 to 10"},
		{Var{Name: "N", Kind: Integer, Min: 1, Max: 10, Int: &n}, "0", "N must be an integer from 1 to 10"},
		{Var{Name: "N", Kind: Integer, Min: 1, Max: 10, Int: &n}, "2.5", "N must be an integer"},
		{Var{Name: "B", Kind: Boolean, Default: "false", Bool: &b}, "yes", ""},
		{Var{Name: "B", Kind: Boolean, Bool: &b}, "maybe", "B must be true or false"},
		{Var{Name: "E", Kind: Enum, Values: []string{"a", "b"}, Text: &s}, "B", ""},
		{Var{Name: "E", Kind: Enum, Values: []string{"a", "b"}, Text: &s}, "c", "E must be one of a, b"},
		{Var{Name: "U", Kind: URL, Values: []string{"http"}, Example: "http://x", Text: &s}, "http://host/p", ""},
		{Var{Name: "U", Kind: URL, Values: []string{"http"}, Example: "http://x", Text: &s}, "http:///p", "U must be a http:// URL with a host"},
		{Var{Name: "S", Kind: String, Required: true, Example: "x", Text: &s}, "", "S is required (for example x)"},
	}
	for _, tc := range cases {
		err := tc.v.load(getenv(map[string]string{tc.v.Name: tc.value}))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s=%q: unexpected error %v", tc.v.Name, tc.value, err)
		case tc.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.wantErr)):
			t.Errorf("%s=%q: got %v, want %q", tc.v.Name, tc.value, err, tc.wantErr)
		}
	}
	if n != 10 || !b || s != "http://host/p" {
		t.Errorf("values not stored: n=%d b=%v s=%q", n, b, s)
	}
}
