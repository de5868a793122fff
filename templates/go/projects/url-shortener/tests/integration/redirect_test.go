package integration

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParallelRedirectsCountExactly(t *testing.T) {
	t.Parallel()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")

	const n = 100
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/"+code, nil)
			resp, err := client.Do(req)
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusFound {
				errs <- fmt.Errorf("status %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("redirect failed: %v", err)
	}

	stats := srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if got := num(t, stats, "accessCount"); got != n {
		t.Errorf("accessCount %v after %d parallel redirects", got, n)
	}
}

func TestReadingJSONDoesNotCount(t *testing.T) {
	t.Parallel()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")
	for range 3 {
		srv.Do(t, "GET", "/shorten/"+code, nil).Expect(t, http.StatusOK)
		srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK)
	}
	stats := srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if got := num(t, stats, "accessCount"); got != 0 {
		t.Errorf("accessCount %v after reading JSON only", got)
	}
}

func TestRedirectFillsTheCache(t *testing.T) {
	t.Parallel()
	url := uniqueURL(t)
	code := str(t, srv.CreateLink(t, url), "shortCode")
	srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound)

	cached, err := srv.App.Redis.Get(context.Background(), "link:"+code).Result()
	if err != nil {
		t.Fatalf("link:%s not cached: %v", code, err)
	}
	if want := fmt.Sprintf(`"url":%q`, url); !strings.Contains(cached, want) {
		t.Errorf("cache entry %s lacks %s", cached, want)
	}
	if ttl := srv.App.Redis.TTL(context.Background(), "link:"+code).Val(); ttl <= 0 {
		t.Errorf("cache entry has no TTL (%v)", ttl)
	}
}

func TestPutInvalidatesTheCache(t *testing.T) {
	t.Parallel()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")
	srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound) // now cached

	newURL := uniqueURL(t) + "/new"
	srv.Do(t, "PUT", "/shorten/"+code, map[string]string{"url": newURL}).Expect(t, http.StatusOK)
	if loc := srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound).Header.Get("Location"); loc != newURL {
		t.Errorf("redirect after PUT goes to %q, want %q", loc, newURL)
	}
}

func TestDeleteInvalidatesTheCache(t *testing.T) {
	t.Parallel()
	code := str(t, srv.CreateLink(t, uniqueURL(t)), "shortCode")
	srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound) // now cached

	srv.Do(t, "DELETE", "/shorten/"+code, nil).Expect(t, http.StatusNoContent)
	if n := srv.App.Redis.Exists(context.Background(), "link:"+code).Val(); n != 0 {
		t.Error("cache entry survived DELETE")
	}
	srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusNotFound)
}

func TestCorruptCacheEntryIsAMissCountedOnce(t *testing.T) {
	t.Parallel()
	url := uniqueURL(t)
	code := str(t, srv.CreateLink(t, url), "shortCode")
	ctx := context.Background()
	if err := srv.App.Redis.Set(ctx, "link:"+code, "not json", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}

	if loc := srv.Do(t, "GET", "/"+code, nil).Expect(t, http.StatusFound).Header.Get("Location"); loc != url {
		t.Errorf("Location %q", loc)
	}
	stats := srv.Do(t, "GET", "/shorten/"+code+"/stats", nil).Expect(t, http.StatusOK).JSON(t)
	if got := num(t, stats, "accessCount"); got != 1 {
		t.Errorf("accessCount %v after 1 redirect through a corrupt cache entry", got)
	}
	if cached := srv.App.Redis.Get(ctx, "link:"+code).Val(); !strings.Contains(cached, fmt.Sprintf(`"url":%q`, url)) {
		t.Errorf("corrupt cache entry not replaced: %s", cached)
	}
}
