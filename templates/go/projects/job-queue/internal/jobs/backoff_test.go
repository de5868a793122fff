package jobs

import (
	"testing"
	"time"
)

func TestRetryDelayDoublesFromTheBase(t *testing.T) {
	noJitter := func() float64 { return 0 }
	cases := []struct {
		attempt int
		base    time.Duration
		want    time.Duration
	}{
		{1, time.Second, time.Second},
		{2, time.Second, 2 * time.Second},
		{3, time.Second, 4 * time.Second},
		{5, 100 * time.Millisecond, 1600 * time.Millisecond},
		{10, time.Millisecond, 512 * time.Millisecond},
	}
	for _, tc := range cases {
		if got := RetryDelay(tc.attempt, tc.base, noJitter); got != tc.want {
			t.Errorf("RetryDelay(%d, %v) = %v, want %v", tc.attempt, tc.base, got, tc.want)
		}
	}
}

func TestRetryDelayAddsUpToAQuarterOfJitter(t *testing.T) {
	if got := RetryDelay(3, time.Second, func() float64 { return 0.5 }); got != 4*time.Second+500*time.Millisecond {
		t.Errorf("half of the jitter range: got %v", got)
	}
	for range 1000 {
		got := RetryDelay(2, time.Second, randomFraction)
		if got < 2*time.Second || got >= 2500*time.Millisecond {
			t.Fatalf("RetryDelay(2, 1s) = %v, want within [2s, 2.5s)", got)
		}
	}
}

func TestRetryDelayIsCappedAtADay(t *testing.T) {
	almostOne := func() float64 { return 0.999 }
	for _, attempt := range []int{30, 64, 100, 1000} {
		if got := RetryDelay(attempt, time.Hour, almostOne); got != MaxRetryDelay {
			t.Errorf("attempt %d: %v, want the cap %v", attempt, got, MaxRetryDelay)
		}
	}
	// Near the cap, jitter cannot push the delay past it either.
	if got := RetryDelay(5, 2*time.Hour, almostOne); got != MaxRetryDelay {
		t.Errorf("2h * 2^4 = 32h: got %v, want the cap", got)
	}
}
