package integration

import (
	"fmt"
	"testing"

	"example.com/project/tests/support"
)

// missingCode is a well-formed code that no link has (generated codes are 7 characters).
const missingCode = "noSuchLinkForTests01"

// uniqueURL returns a fresh https URL, so tests never depend on each other's links.
func uniqueURL(t *testing.T) string {
	return fmt.Sprintf("https://example.com/%s/%s", t.Name(), randomHex(6))
}

// randomHex makes names of this test alone (a click batch, a URL).
func randomHex(n int) string { return support.RandomHex(n) }

// uniqueClientIP returns an X-Forwarded-For address of this test alone, so
// rate-limit counters are never shared between tests or runs.
func uniqueClientIP() string { return support.UniqueClientIP() }
