package links

import (
	"strings"
	"testing"
)

func TestValidateURL(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("a", MaxURLLength-len("https://example.com/"))
	valid := []string{
		"https://example.com",
		"http://example.com/path?q=1#frag",
		"HTTPS://EXAMPLE.COM",
		"https://127.0.0.1:8080/x",
		"https://[::1]/",
		long,
	}
	invalid := []string{
		"", "   ",
		"javascript:alert(1)",
		"ftp://example.com/file",
		"mailto:someone@example.com",
		"/relative/path",
		"example.com",
		"//example.com/no-scheme",
		"https://",
		"https:///path-only",
		"http://exa mple.com",
		"https://example.com/\x00",
		"https://example.com/\r\nSet-Cookie: x=1",
		long + "a",
	}
	for _, u := range valid {
		if err := ValidateURL(u); err != nil {
			t.Errorf("ValidateURL(%q) = %v, want nil", u, err)
		}
	}
	for _, u := range invalid {
		if err := ValidateURL(u); err == nil {
			t.Errorf("ValidateURL(%q) = nil, want an error", u)
		}
	}
}
