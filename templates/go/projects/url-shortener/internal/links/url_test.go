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
		"https://例え.jp/パス",
		long,
		"https://example.com/" + strings.Repeat("é", MaxURLLength-len("https://example.com/")),
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
		"http:example.com",
		"https://[::1]/",
		`https://example.com\@evil.example/`,
		"https://example.com/\u0085",
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

func TestToLocation(t *testing.T) {
	cases := map[string]string{
		"https://example.com/{a}|b?c=%20": "https://example.com/{a}|b?c=%20",
		"https://例え.jp/ä?q=ü#ñ":           "https://xn--r8jz45g.jp/%C3%A4?q=%C3%BC#%C3%B1",
		"http://user:pä@example.com/":     "http://user:p%C3%A4@example.com/",
		"HTTPS://BÜCHER.example/straße":   "HTTPS://xn--bcher-kva.example/stra%C3%9Fe",
	}
	for url, want := range cases {
		if got := ToLocation(url); got != want {
			t.Errorf("ToLocation(%q) = %q, want %q", url, got, want)
		}
	}
}
