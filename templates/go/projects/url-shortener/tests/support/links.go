package support

import "testing"

// CreateLink posts url to /shorten and returns the 201 body.
func (s *Server) CreateLink(t testing.TB, url string) map[string]any {
	t.Helper()
	return s.Do(t, "POST", "/shorten", map[string]string{"url": url}).Expect(t, 201).JSON(t)
}
