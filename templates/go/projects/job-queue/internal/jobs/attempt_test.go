package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorTextIsStorableInPostgres(t *testing.T) {
	cases := []error{
		errors.New("nul\x00byte"),
		errors.New("invalid \xff utf-8"),
		errors.New(strings.Repeat("é", maxErrorLength)), // 2 bytes each: the cut falls inside one
	}
	for _, err := range cases {
		got := errorText(err)
		if strings.ContainsRune(got, 0) || !utf8.ValidString(got) || len(got) > maxErrorLength {
			t.Errorf("errorText(%.20q) = %.40q (%d bytes)", err.Error(), got, len(got))
		}
	}
	if got := errorText(fmt.Errorf("sleep: %w", context.Canceled)); !strings.HasPrefix(got, "stopped: ") {
		t.Errorf("a cancelled attempt reads %q", got)
	}
	if got := errorText(nil); got != "" {
		t.Errorf("errorText(nil) = %q", got)
	}
}
