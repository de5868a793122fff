package links

import (
	"strings"
	"testing"
)

func TestNewCodeIsSevenBase62Characters(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		code := NewCode()
		if len(code) != CodeLength || !ValidCode(code) {
			t.Fatalf("bad code %q", code)
		}
		seen[code] = true
	}
	if len(seen) < 1000 {
		t.Errorf("codes repeat: %d distinct out of 1000", len(seen))
	}
}

func TestNewCodeUsesTheWholeAlphabet(t *testing.T) {
	used := map[rune]bool{}
	for range 2000 {
		for _, c := range NewCode() {
			used[c] = true
		}
	}
	if len(used) != len(alphabet) {
		t.Errorf("used %d of %d characters", len(used), len(alphabet))
	}
}

func TestValidCode(t *testing.T) {
	valid := []string{"a", "abc1234", "ZZZZZZZ", strings.Repeat("x", 64)}
	invalid := []string{"", "abc-123", "abc_123", "abc.def", "abc def", "ünï", "%41", "a/b", strings.Repeat("x", 65)}
	for _, s := range valid {
		if !ValidCode(s) {
			t.Errorf("ValidCode(%q) = false", s)
		}
	}
	for _, s := range invalid {
		if ValidCode(s) {
			t.Errorf("ValidCode(%q) = true", s)
		}
	}
}
