package config

import (
	"strings"
	"testing"
)

// The job queue's own settings; config_test.go covers the common ones.

func TestQueueDefaults(t *testing.T) {
	cfg, err := Load(getenv(required()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.WorkerConcurrency != 4 || cfg.JobLeaseMs != 30000 || cfg.RetryBaseMs != 1000 {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestQueueAcceptsItsBounds(t *testing.T) {
	for _, bound := range [][3]string{{"1", "1000", "1"}, {"256", "86400000", "3600000"}} {
		vars := required()
		vars["WORKER_CONCURRENCY"], vars["JOB_LEASE_MS"], vars["RETRY_BASE_MS"] = bound[0], bound[1], bound[2]
		if _, err := Load(getenv(vars)); err != nil {
			t.Errorf("%v: %v", bound, err)
		}
	}
}

func TestQueueErrorsNameTheVariable(t *testing.T) {
	cases := []struct{ name, value string }{
		{"WORKER_CONCURRENCY", "0"},
		{"WORKER_CONCURRENCY", "257"},
		{"JOB_LEASE_MS", "999"},
		{"JOB_LEASE_MS", "86400001"},
		{"RETRY_BASE_MS", "0"},
		{"RETRY_BASE_MS", "3600001"},
		{"RETRY_BASE_MS", "1.5"},
	}
	for _, tc := range cases {
		vars := required()
		vars[tc.name] = tc.value
		_, err := Load(getenv(vars))
		if err == nil || !strings.HasPrefix(err.Error(), tc.name+" ") {
			t.Errorf("%s=%q: got error %v, want one starting with %s", tc.name, tc.value, err, tc.name)
		}
	}
}
