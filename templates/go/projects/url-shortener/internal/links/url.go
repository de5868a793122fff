package links

import (
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxURLLength is the longest URL accepted, in characters.
const MaxURLLength = 2048

// ValidateURL accepts absolute http and https URLs with a host, up to
// MaxURLLength characters. The error's text completes "url ...".
func ValidateURL(raw string) error {
	switch {
	case strings.TrimSpace(raw) == "":
		return errors.New("must not be empty")
	case utf8.RuneCountInString(raw) > MaxURLLength:
		return errors.New("must be at most 2048 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return errors.New("must be an absolute URL such as https://example.com/page")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("must use http or https")
	}
	if u.Hostname() == "" {
		return errors.New("must have a host")
	}
	return nil
}
