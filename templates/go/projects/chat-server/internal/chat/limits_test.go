package chat

import (
	"sync"
	"testing"
	"time"
)

func TestWindowAllowsLimitEventsInAnyPeriod(t *testing.T) {
	w := newWindow(3, 10*time.Second)
	start := time.Unix(1000, 0)
	for i, want := range []bool{true, true, true, false} {
		if got := w.allow(start.Add(time.Duration(i) * time.Second)); got != want {
			t.Fatalf("event %d: allow = %v", i, got)
		}
	}
	// The oldest event (t=0) is 10 s old at t=10: one more fits, then none
	// until the next one (t=1) is 10 s old.
	if !w.allow(start.Add(10 * time.Second)) {
		t.Error("t=10: want allowed")
	}
	if w.allow(start.Add(10*time.Second + 500*time.Millisecond)) {
		t.Error("t=10.5: want refused")
	}
	if !w.allow(start.Add(11 * time.Second)) {
		t.Error("t=11: want allowed")
	}
}

func TestWindowCountsNoRefusedEvents(t *testing.T) {
	w := newWindow(1, 10*time.Second)
	start := time.Unix(0, 0)
	w.allow(start)
	for i := 1; i < 10; i++ {
		w.allow(start.Add(time.Duration(i) * time.Second)) // refused
	}
	if !w.allow(start.Add(10 * time.Second)) {
		t.Error("refused events must not push the window forward")
	}
}

func TestOutboxIsBoundedInBytes(t *testing.T) {
	o := newOutbox(10)
	if !o.push([]byte("12345")) || !o.push([]byte("67890")) {
		t.Fatal("10 bytes fit")
	}
	if o.push([]byte("x")) {
		t.Fatal("the 11th byte must not fit")
	}
	frames := o.take()
	if len(frames) != 2 || string(frames[0]) != "12345" {
		t.Fatalf("take: %q", frames)
	}
	if o.push([]byte("x")) {
		t.Error("taken frames count until they are written")
	}
	o.written(5)
	if !o.push([]byte("x")) {
		t.Error("written bytes are released")
	}
}

func TestKeyLockSerialisesOneKeyOnly(t *testing.T) {
	var k keyLock
	unlockA := k.lock("a")
	got := make(chan string, 2)
	var wg sync.WaitGroup
	for _, key := range []string{"a", "b"} {
		wg.Go(func() {
			unlock := k.lock(key)
			got <- key
			unlock()
		})
	}
	if first := <-got; first != "b" {
		t.Fatalf("%s got the lock while a was held", first)
	}
	select {
	case <-got:
		t.Fatal("a locked twice")
	case <-time.After(50 * time.Millisecond):
	}
	unlockA()
	if second := <-got; second != "a" {
		t.Fatalf("got %s", second)
	}
	wg.Wait()
	if len(k.locks) != 0 {
		t.Errorf("locks left behind: %v", k.locks)
	}
}
