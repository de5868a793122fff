package jobs

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func attempt(number int, payload string) Attempt {
	return Attempt{JobID: 1, Number: number, Payload: json.RawMessage(payload)}
}

func TestEchoReturnsThePayload(t *testing.T) {
	got, err := echo(context.Background(), attempt(1, `{"a":[1,2]}`))
	raw, _ := json.Marshal(got)
	if err != nil || string(raw) != `{"a":[1,2]}` {
		t.Errorf("got %s, %v", raw, err)
	}
}

func TestSleepWaitsAndValidatesItsPayload(t *testing.T) {
	start := time.Now()
	got, err := sleep(context.Background(), attempt(1, `{"ms":30}`))
	if err != nil || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("slept %v, err %v", time.Since(start), err)
	}
	if raw, _ := json.Marshal(got); string(raw) != `{"sleptMs":30}` {
		t.Errorf("result %s", raw)
	}
	for _, payload := range []string{`null`, `{}`, `{"ms":-1}`, `{"ms":600001}`, `{"ms":1.5}`, `{"ms":"10"}`, `{"ms":null}`, `[1]`} {
		if _, err := sleep(context.Background(), attempt(1, payload)); err == nil || !strings.Contains(err.Error(), "ms") {
			t.Errorf("payload %s: error %v, want one naming ms", payload, err)
		}
	}
}

func TestSleepStopsWhenItsContextEnds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := sleep(ctx, attempt(1, `{"ms":600000}`)); err == nil || time.Since(start) > time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

func TestFailAlwaysFails(t *testing.T) {
	for n := 1; n <= 3; n++ {
		if _, err := fail(context.Background(), attempt(n, `null`)); err == nil {
			t.Errorf("attempt %d succeeded", n)
		}
	}
}

func TestFlakyFailsItsFirstAttempts(t *testing.T) {
	for n := 1; n <= 2; n++ {
		if _, err := flaky(context.Background(), attempt(n, `{"failTimes":2}`)); err == nil {
			t.Errorf("attempt %d of failTimes 2 succeeded", n)
		}
	}
	got, err := flaky(context.Background(), attempt(3, `{"failTimes":2}`))
	if raw, _ := json.Marshal(got); err != nil || string(raw) != `{"succeededOnAttempt":3}` {
		t.Errorf("attempt 3: %s, %v", raw, err)
	}
	if _, err := flaky(context.Background(), attempt(1, `{"failTimes":"x"}`)); err == nil {
		t.Error("a bad payload must fail the attempt")
	}
}

func TestTypeNamesAreSortedAndHoldTheBuiltIns(t *testing.T) {
	names := TypeNames()
	if !slices.IsSorted(names) {
		t.Errorf("TypeNames() = %v, not sorted", names)
	}
	for _, builtIn := range []string{"echo", "fail", "flaky", "sleep"} {
		if !slices.Contains(names, builtIn) {
			t.Errorf("TypeNames() = %v, missing %s", names, builtIn)
		}
	}
}
