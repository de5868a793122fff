package integration

import (
	"context"
	"net/http"
	"testing"
)

// A crash between committing a batch and deleting its Redis key leaves a
// clicks:flushing:* key behind. The next flush must apply it once, and a
// replay of an already applied batch must add nothing.
func TestLeftoverClickBatchIsAppliedExactlyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")
	batch := "clicks:flushing:test-" + randomHex(8)

	leaveBatch := func() {
		if err := srv.App.Redis.HSet(ctx, batch, code, 5).Err(); err != nil {
			t.Fatal(err)
		}
	}
	accessCount := func() float64 {
		stats := srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
		return num(t, stats, "accessCount")
	}

	leaveBatch()
	if err := srv.App.Clicks.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := accessCount(); got != 5 {
		t.Fatalf("accessCount %v after applying a batch of 5", got)
	}
	if srv.App.Redis.Exists(ctx, batch).Val() != 0 {
		t.Error("applied batch key was not deleted")
	}

	leaveBatch() // the same batch again, as if its DEL had been lost
	if err := srv.App.Clicks.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := accessCount(); got != 5 {
		t.Errorf("accessCount %v after replaying the batch, want 5", got)
	}
	if srv.App.Redis.Exists(ctx, batch).Val() != 0 {
		t.Error("replayed batch key was not deleted")
	}
}

func TestDeleteDropsPendingClicks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")
	if err := srv.App.Redis.HIncrBy(ctx, "clicks:pending", code, 3).Err(); err != nil {
		t.Fatal(err)
	}
	srv.Do(t, "DELETE", "/shorten/"+code, nil).Expect(t, http.StatusNoContent)
	if srv.App.Redis.HExists(ctx, "clicks:pending", code).Val() {
		t.Error("pending clicks of a deleted link are still in clicks:pending")
	}
}
