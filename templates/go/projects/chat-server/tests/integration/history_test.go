package integration

import (
	"fmt"
	"testing"
)

func TestHistoryIsNewestFirstAndPagesByID(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	alice := srv.Join(t, room, "alice")
	for i := range 7 {
		alice.Say(t, fmt.Sprintf("m%d", i))
		alice.Next(t, "message")
	}

	all := other().History(t, room, "")
	if len(all) != 7 || str(t, all[0], "text") != "m6" || str(t, all[6], "text") != "m0" {
		t.Fatalf("history %v", all)
	}
	first := all[0]
	if str(t, first, "room") != room || str(t, first, "name") != "alice" || !timestamp.MatchString(str(t, first, "createdAt")) {
		t.Errorf("unexpected item %v", first)
	}
	if _, hasType := first["type"]; hasType {
		t.Errorf("history items are messages, not frames: %v", first)
	}

	var texts []string
	before := ""
	for {
		page := srv.History(t, room, "limit=3"+before)
		for _, m := range page {
			texts = append(texts, str(t, m, "text"))
		}
		if len(page) < 3 {
			break
		}
		before = fmt.Sprintf("&before=%d", int64(num(t, page[len(page)-1], "id")))
	}
	if fmt.Sprint(texts) != "[m6 m5 m4 m3 m2 m1 m0]" {
		t.Errorf("pages gave %v", texts)
	}
}

func TestHistoryDefaultsToFiftyMessages(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	alice := srv.Join(t, room, "alice")
	for i := range 51 {
		alice.Say(t, fmt.Sprintf("m%d", i))
	}
	for range 51 {
		alice.Next(t, "message")
	}
	if got := srv.History(t, room, ""); len(got) != 50 || str(t, got[49], "text") != "m1" {
		t.Errorf("got %d messages", len(got))
	}
	if got := srv.History(t, room, "limit=200"); len(got) != 51 {
		t.Errorf("limit=200 gave %d messages", len(got))
	}
}

func TestHistoryOfAnEmptyRoomIsAnEmptyList(t *testing.T) {
	t.Parallel()
	body := srv.Do(t, "GET", "/rooms/"+uniqueRoom(t)+"/messages", nil).Expect(t, 200)
	if string(body.Body) != "{\"messages\":[]}\n" {
		t.Errorf("body %s", body.Body)
	}
}

func TestHistoryRefusesBadQueries(t *testing.T) {
	t.Parallel()
	room := uniqueRoom(t)
	cases := []struct{ path, bad string }{
		{"/rooms/" + room + "/messages?limit=0", "limit"},
		{"/rooms/" + room + "/messages?limit=201", "limit"},
		{"/rooms/" + room + "/messages?limit=ten", "limit"},
		{"/rooms/" + room + "/messages?limit=", "limit"},
		{"/rooms/" + room + "/messages?limit=-5", "limit"},
		{"/rooms/" + room + "/messages?limit=1.5", "limit"},
		{"/rooms/" + room + "/messages?limit=1&limit=2", "limit"},
		{"/rooms/" + room + "/messages?before=0", "before"},
		{"/rooms/" + room + "/messages?before=-1", "before"},
		{"/rooms/" + room + "/messages?before=abc", "before"},
		{"/rooms/" + room + "/messages?before=99999999999999999999", "before"},
		{"/rooms/bad%20room/messages", "room"},
		{"/rooms/" + fmt.Sprintf("%065d", 0) + "/messages", "room"},
		{"/rooms/caf%C3%A9/members", "room"},
	}
	for _, tc := range cases {
		resp := srv.Do(t, "GET", tc.path, nil)
		if resp.Status != 400 || resp.ErrorCode(t) != "validation_error" {
			t.Errorf("%s: %d %s", tc.path, resp.Status, resp.Body)
			continue
		}
		details, _ := resp.JSON(t)["error"].(map[string]any)["details"].([]any)
		if len(details) != 1 || details[0].(map[string]any)["path"] != tc.bad {
			t.Errorf("%s: details %v, want one about %s", tc.path, details, tc.bad)
		}
	}
}
