package support

import (
	"crypto/rand"
	"encoding/hex"
	"testing"
)

// UniqueRoom returns a room no other test or run uses, so tests never see
// each other's messages or members.
func UniqueRoom(t testing.TB) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "test-" + hex.EncodeToString(b[:])
}

// MembersOf returns GET /rooms/{room}/members.
func (s *Server) MembersOf(t testing.TB, room string) []string {
	t.Helper()
	body := s.Do(t, "GET", "/rooms/"+room+"/members", nil).Expect(t, 200).JSON(t)
	list, ok := body["members"].([]any)
	if !ok {
		t.Fatalf("members is not a list: %v", body)
	}
	names := []string{}
	for _, v := range list {
		s, _ := v.(string)
		names = append(names, s)
	}
	return names
}

// History returns the messages of GET /rooms/{room}/messages?<query>.
func (s *Server) History(t testing.TB, room, query string) []map[string]any {
	t.Helper()
	body := s.Do(t, "GET", "/rooms/"+room+"/messages?"+query, nil).Expect(t, 200).JSON(t)
	list, ok := body["messages"].([]any)
	if !ok {
		t.Fatalf("messages is not a list: %v", body)
	}
	messages := make([]map[string]any, len(list))
	for i, v := range list {
		messages[i], _ = v.(map[string]any)
	}
	return messages
}
