package support

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// RandomHex returns n random bytes in hex: a part of a name or a value that no
// other test and no other run uses, so tests never depend on each other's
// rows and a second run against the same database finds nothing in its way.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// UniqueClientIP returns a random address of the documentation range
// 2001:db8::/32, for X-Forwarded-For: rate-limit counters keyed by it are
// never shared with another test or run.
func UniqueClientIP() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("2001:db8:%x:%x:%x:%x::1", b[0:2], b[2:4], b[4:6], b[6:8])
}
