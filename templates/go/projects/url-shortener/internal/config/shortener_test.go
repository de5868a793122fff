package config

import (
	"strings"
	"testing"
)

// The url-shortener's own settings; config_test.go covers the common ones.

func TestShortenerDefaults(t *testing.T) {
	cfg, err := Load(getenv(required()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RateLimitPerMinute != 60 || cfg.CacheTTLSeconds != 3600 || cfg.TrustProxy {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestShortenerOverrides(t *testing.T) {
	vars := required()
	vars["RATE_LIMIT_PER_MINUTE"], vars["CACHE_TTL_SECONDS"], vars["TRUST_PROXY"] = "5", "10", "true"
	cfg, err := Load(getenv(vars))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RateLimitPerMinute != 5 || cfg.CacheTTLSeconds != 10 || !cfg.TrustProxy {
		t.Errorf("overrides not applied: %+v", cfg)
	}
}

func TestShortenerErrorsNameTheVariable(t *testing.T) {
	cases := map[string]string{
		"RATE_LIMIT_PER_MINUTE": "0",
		"CACHE_TTL_SECONDS":     "-1",
		"TRUST_PROXY":           "maybe",
	}
	for name, value := range cases {
		vars := required()
		vars[name] = value
		_, err := Load(getenv(vars))
		if err == nil || !strings.HasPrefix(err.Error(), name+" ") {
			t.Errorf("%s=%q: got error %v, want one starting with %s", name, value, err, name)
		}
	}
}
