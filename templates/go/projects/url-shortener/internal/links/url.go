package links

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxURLLength is the longest URL accepted, in characters.
const MaxURLLength = 2048

// URLPattern is what a URL we shorten looks like: http or https, "://", an
// optional user info, a host (letters, digits and -._~!$&'()*+,;=, or any
// non-ASCII letter; IP literals in brackets are not taken), an optional port,
// then any path, query and fragment. Spaces and control characters are refused
// everywhere (they cannot be sent back in a Location header). The OpenAPI
// document publishes this pattern in JavaScript syntax, with the same meaning.
const URLPattern = `^[Hh][Tt][Tt][Pp][Ss]?://` +
	`(?:(?:[0-9A-Za-z._~!$&'()*+,;=:%-]|[^\x00-\x{9f}])*@)?` +
	`(?:[0-9A-Za-z._~!$&'()*+,;=-]|[^\x00-\x{9f}])+` +
	`(?::[0-9]*)?` +
	`(?:[/?#][^\x00-\x20\x7f-\x{9f}]*)?$`

var (
	urlRegexp  = regexp.MustCompile(URLPattern)
	httpScheme = regexp.MustCompile(`^(?i)https?://`)
	// Controls and spaces. (Go strings from JSON hold no lone surrogates: the
	// decoder has already replaced them with U+FFFD.)
	forbiddenCharacter = regexp.MustCompile(`[\x00-\x20\x7f-\x{9f}]`)
)

// ValidateURL accepts absolute http and https URLs with a host, up to
// MaxURLLength characters. The error's text completes "url ...".
func ValidateURL(raw string) error {
	switch {
	case raw == "":
		return errors.New("must not be empty")
	case utf8.RuneCountInString(raw) > MaxURLLength:
		return fmt.Errorf("must be at most %d characters", MaxURLLength)
	case forbiddenCharacter.MatchString(raw):
		return errors.New("must not contain spaces or control characters")
	case !httpScheme.MatchString(raw):
		return errors.New("must be an absolute http or https URL such as https://example.com/page")
	case !urlRegexp.MatchString(raw):
		return errors.New("must have a valid host, such as https://example.com/page")
	}
	return nil
}

// urlParts splits a URL into scheme://, user info@, host, and the rest (port,
// path, query and fragment).
var urlParts = regexp.MustCompile(`^([^:]+://)([^@/?#]*@)?([^:/?#]*)((?s).*)$`)

// ToLocation returns the stored URL as a Location header value, which must be
// ASCII. Most URLs are, and go out exactly as stored. Otherwise an
// international host name is sent in its ASCII (punycode, xn--) form and every
// other non-ASCII character as UTF-8 percent-escapes:
// https://bücher.example/café becomes https://xn--bcher-kva.example/caf%C3%A9.
func ToLocation(url string) string {
	if isASCII(url) {
		return url
	}
	parts := urlParts.FindStringSubmatch(url)
	if parts == nil {
		return percentEncodeNonASCII(url)
	}
	scheme, userInfo, host, rest := parts[1], parts[2], parts[3], parts[4]
	if !isASCII(host) {
		if ascii, err := idna.Lookup.ToASCII(host); err == nil {
			host = ascii
		} else {
			// Not a name IDNA can encode: browsers still decode %-escapes in a host.
			host = percentEncodeNonASCII(host)
		}
	}
	return scheme + percentEncodeNonASCII(userInfo) + host + percentEncodeNonASCII(rest)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// percentEncodeNonASCII escapes every byte of a non-ASCII character as %XX.
func percentEncodeNonASCII(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
