package config

import (
	"strings"
	"testing"
)

// The chat's own settings; config_test.go covers the common ones.

func TestChatDefaults(t *testing.T) {
	cfg, err := Load(getenv(required()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PresenceTTLSeconds != 30 || cfg.MessagesPer10Seconds != 60 {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestChatBounds(t *testing.T) {
	cases := []struct {
		name, value string
		ok          bool
	}{
		{"PRESENCE_TTL_SECONDS", "5", true},
		{"PRESENCE_TTL_SECONDS", "3600", true},
		{"PRESENCE_TTL_SECONDS", "4", false},
		{"PRESENCE_TTL_SECONDS", "3601", false},
		{"MESSAGES_PER_10_SECONDS", "1", true},
		{"MESSAGES_PER_10_SECONDS", "10000", true},
		{"MESSAGES_PER_10_SECONDS", "0", false},
		{"MESSAGES_PER_10_SECONDS", "10001", false},
		{"MESSAGES_PER_10_SECONDS", "many", false},
	}
	for _, tc := range cases {
		vars := required()
		vars[tc.name] = tc.value
		_, err := Load(getenv(vars))
		if tc.ok && err != nil {
			t.Errorf("%s=%s: %v", tc.name, tc.value, err)
		}
		if !tc.ok && (err == nil || !strings.HasPrefix(err.Error(), tc.name+" ")) {
			t.Errorf("%s=%s: got %v, want an error naming it", tc.name, tc.value, err)
		}
	}
}
