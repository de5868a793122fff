package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadDotEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	content := "# comment\n\nDOTENV_TEST_A=1\nexport DOTENV_TEST_B=\"two words\"\nDOTENV_TEST_SET=from-file\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOTENV_TEST_SET", "from-env")
	// t.Setenv restores these at the end of the test.
	t.Setenv("DOTENV_TEST_A", "")
	t.Setenv("DOTENV_TEST_B", "")
	os.Unsetenv("DOTENV_TEST_A")
	os.Unsetenv("DOTENV_TEST_B")

	if err := LoadDotEnv(path); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("DOTENV_TEST_A"); got != "1" {
		t.Errorf("A = %q", got)
	}
	if got := os.Getenv("DOTENV_TEST_B"); got != "two words" {
		t.Errorf("B = %q", got)
	}
	if got := os.Getenv("DOTENV_TEST_SET"); got != "from-env" {
		t.Errorf("the environment must win over .env, got %q", got)
	}
}

func TestLoadDotEnvMissingFile(t *testing.T) {
	if err := LoadDotEnv(filepath.Join(t.TempDir(), "nope")); err != nil {
		t.Errorf("a missing .env is not an error: %v", err)
	}
}

func TestLoadDotEnvBadLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("JUST_A_WORD\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := LoadDotEnv(path); err == nil {
		t.Error("want an error for a line without =")
	}
}
