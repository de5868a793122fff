package integration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/project/internal/jobs"
)

// These tests claim jobs straight from the store, as a worker does. A claim
// takes any due job, so they may also take jobs another test left due; they
// only check their own jobs, and lease for a second so such strays come free
// again quickly.

const testLease = time.Second

func enqueueEchoes(t *testing.T, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = id(t, srv.Enqueue(t, map[string]any{"type": "echo", "payload": i}))
	}
	return ids
}

// claimUntil claims batches for token until it has every job of want (or
// fails after a few seconds), returning the leases of those jobs.
func claimUntil(t *testing.T, token string, want []int64, lease time.Duration) map[int64]jobs.Job {
	t.Helper()
	got := map[int64]jobs.Job{}
	deadline := time.Now().Add(5 * time.Second)
	for len(got) < len(want) {
		claimed, err := srv.App.Store.Claim(context.Background(), token, 50, lease)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range claimed {
			if slices.Contains(want, j.ID) {
				got[j.ID] = j
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("claimed %d of %d jobs", len(got), len(want))
		}
	}
	return got
}

func TestOneClaimTakesUpToTheFreeSlots(t *testing.T) {
	enqueueEchoes(t, 6)
	token := "test-batch-" + randomHex(4)
	claimed, err := srv.App.Store.Claim(context.Background(), token, 4, testLease)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 4 {
		t.Fatalf("claimed %d jobs with 4 free slots and at least 6 due", len(claimed))
	}
	for _, j := range claimed {
		if j.Status != jobs.StatusRunning || j.LockedBy == nil || *j.LockedBy != token || j.Attempts < 1 ||
			j.LockedUntil == nil || time.Until(*j.LockedUntil) > testLease+time.Second {
			t.Errorf("claimed job %+v", j)
		}
	}
}

func TestTwoClaimersNeverGetTheSameJob(t *testing.T) {
	own := enqueueEchoes(t, 40)
	var mu sync.Mutex
	claimedBy := map[int64]string{}
	var duplicates []string
	var wg sync.WaitGroup
	for claimer := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 200; round++ {
				token := fmt.Sprintf("test-claimer-%d-%d-%s", claimer, round, randomHex(3))
				claimed, err := srv.App.Store.Claim(context.Background(), token, 3, testLease)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, j := range claimed {
					if other, dup := claimedBy[j.ID]; dup {
						duplicates = append(duplicates, fmt.Sprintf("job %d: %s and %s", j.ID, other, token))
					}
					claimedBy[j.ID] = token
				}
				done := true
				for _, jobID := range own {
					if _, ok := claimedBy[jobID]; !ok {
						done = false
					}
				}
				mu.Unlock()
				if done {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(duplicates) > 0 {
		t.Errorf("jobs claimed twice: %v", duplicates)
	}
	for _, jobID := range own {
		token, ok := claimedBy[jobID]
		if !ok {
			t.Errorf("job %d was never claimed", jobID)
			continue
		}
		lease := jobs.Lease{JobID: jobID, Token: token}
		held, err := srv.App.Store.Complete(context.Background(), []jobs.Completion{{Lease: lease, Result: []byte("null")}})
		if err != nil || !held[lease] {
			t.Errorf("job %d: complete with its claim token: %v %v", jobID, held, err)
		}
	}
}

func TestAnExpiredLeaseIsClaimedAgainAndOnlyTheNewHolderCanFinish(t *testing.T) {
	ctx := context.Background()
	jobID := enqueueEchoes(t, 1)[0]
	first := jobs.Lease{JobID: jobID, Token: "test-first-" + randomHex(4)}
	claimUntil(t, first.Token, []int64{jobID}, testLease)

	// Within the lease, nobody else gets the job.
	second := jobs.Lease{JobID: jobID, Token: "test-second-" + randomHex(4)}
	claimed, err := srv.App.Store.Claim(ctx, second.Token, 100, testLease)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range claimed {
		if j.ID == jobID {
			t.Fatal("the job was claimed again while its lease held")
		}
	}

	time.Sleep(testLease + 200*time.Millisecond) // the first lease expires: its worker "died"
	again := claimUntil(t, second.Token, []int64{jobID}, testLease)[jobID]
	if again.Attempts != 2 || again.LastError == nil || !strings.Contains(*again.LastError, "expired") {
		t.Errorf("reclaimed job: attempts %d, lastError %v", again.Attempts, again.LastError)
	}

	// The first holder comes back to life: nothing it does sticks.
	for name, write := range map[string]func() (bool, error){
		"complete": func() (bool, error) {
			held, err := srv.App.Store.Complete(ctx, []jobs.Completion{{Lease: first, Result: []byte(`"stale"`)}})
			return held[first], err
		},
		"retry": func() (bool, error) { return srv.App.Store.ScheduleRetry(ctx, first, "stale", time.Second) },
		"bury":  func() (bool, error) { return srv.App.Store.Bury(ctx, first, "stale") },
	} {
		if held, err := write(); err != nil || held {
			t.Errorf("%s by the stale holder: held %v, err %v", name, held, err)
		}
	}
	extended, err := srv.App.Store.Extend(ctx, []jobs.Lease{first, second}, testLease)
	if err != nil || extended[first] || !extended[second] {
		t.Errorf("heartbeat: extended %v, err %v; want only the second lease", extended, err)
	}

	held, err := srv.App.Store.Complete(ctx, []jobs.Completion{{Lease: second, Result: []byte(`"fresh"`)}})
	if err != nil || !held[second] {
		t.Fatalf("complete by the holder: %v %v", held, err)
	}
	job := srv.Job(t, jobID)
	if job["status"] != "succeeded" || job["result"] != "fresh" || job["finishedAt"] == nil {
		t.Errorf("job after the holder completed it: %v", job)
	}
}

func TestUntilNextDueFollowsTheEarliestRunAt(t *testing.T) {
	runAt := time.Now().Add(3 * time.Second).UTC().Format(time.RFC3339Nano)
	srv.Enqueue(t, map[string]any{"type": "echo", "runAt": runAt})
	wait, ok, err := srv.App.Store.UntilNextDue(context.Background())
	if err != nil || !ok || wait > 3*time.Second+100*time.Millisecond {
		t.Errorf("UntilNextDue = %v, %v, %v; want at most 3 s", wait, ok, err)
	}
}
