package support

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// frameTimeout is how long a test waits for a frame it expects.
const frameTimeout = 10 * time.Second

// Frame is a decoded server frame.
type Frame map[string]any

// Type is the frame's "type".
func (f Frame) Type() string { s, _ := f["type"].(string); return s }

// Members is a presence frame's "members".
func (f Frame) Members() []string {
	list, _ := f["members"].([]any)
	names := []string{}
	for _, v := range list {
		s, _ := v.(string)
		names = append(names, s)
	}
	return names
}

// Member is a WebSocket client in a room. A goroutine reads every frame as it
// arrives and keeps it, so a member never slows the server down however long
// the test takes to look at its frames.
type Member struct {
	Conn *websocket.Conn
	Room string
	Name string

	mu       sync.Mutex
	arrived  *sync.Cond
	frames   []Frame
	closeErr error // set when the socket closed
}

// WebSocketURL is the ws:// URL of GET /ws on this server.
func (s *Server) WebSocketURL(room, name string) string {
	query := url.Values{"room": {room}, "name": {name}}
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/ws?" + query.Encode()
}

// Dial opens a socket without reading from it (see Join for a member that
// reads). It fails the test when the upgrade is refused.
func (s *Server) Dial(t testing.TB, room, name string) *websocket.Conn {
	t.Helper()
	return DialURL(t, s.WebSocketURL(room, name))
}

// DialURL opens a socket to a ws:// URL.
func DialURL(t testing.TB, wsURL string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), frameTimeout)
	defer cancel()
	conn, status, err := Dial(ctx, wsURL)
	if err != nil {
		t.Fatalf("dial %s: %v (status %d)", wsURL, err, status)
	}
	conn.SetReadLimit(-1) // the test reads whatever the server sends
	t.Cleanup(func() { _ = conn.CloseNow() })
	return conn
}

// Dial opens a socket to a ws:// URL and returns the status of the answer
// to the upgrade request (101 when it worked).
func Dial(ctx context.Context, wsURL string) (*websocket.Conn, int, error) {
	conn, resp, err := websocket.Dial(ctx, wsURL, nil)
	status := 0
	if resp != nil {
		status = resp.StatusCode
		if resp.Body != nil { // only on a refusal: the library owns it otherwise
			_ = resp.Body.Close()
		}
	}
	return conn, status, err
}

// Join opens a socket as name in room and reads its frames in the background.
func (s *Server) Join(t testing.TB, room, name string) *Member {
	t.Helper()
	return Read(s.Dial(t, room, name), room, name)
}

// Read starts reading an open socket's frames in the background.
func Read(conn *websocket.Conn, room, name string) *Member {
	m := &Member{Conn: conn, Room: room, Name: name}
	m.arrived = sync.NewCond(&m.mu)
	go m.readAll()
	return m
}

func (m *Member) readAll() {
	for {
		_, data, err := m.Conn.Read(context.Background())
		m.mu.Lock()
		if err != nil {
			m.closeErr = err
			m.arrived.Broadcast()
			m.mu.Unlock()
			return
		}
		var f Frame
		if jsonErr := json.Unmarshal(data, &f); jsonErr != nil {
			f = Frame{"type": "not-json", "raw": string(data)}
		}
		m.frames = append(m.frames, f)
		m.arrived.Broadcast()
		m.mu.Unlock()
	}
}

// Say sends a chat message.
func (m *Member) Say(t testing.TB, text string) {
	t.Helper()
	m.Send(t, map[string]string{"type": "message", "text": text})
}

// Send sends v as a JSON text frame.
func (m *Member) Send(t testing.TB, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	m.SendRaw(t, websocket.MessageText, data)
}

// SendRaw sends one frame as is.
func (m *Member) SendRaw(t testing.TB, kind websocket.MessageType, data []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), frameTimeout)
	defer cancel()
	if err := m.Conn.Write(ctx, kind, data); err != nil {
		t.Fatalf("%s: send: %v", m.Name, err)
	}
}

// Next returns the next frame of one of the given types, dropping frames of
// other types before it, or fails the test after frameTimeout.
func (m *Member) Next(t testing.TB, types ...string) Frame {
	t.Helper()
	f, err := m.next(func(f Frame) bool { return slices.Contains(types, f.Type()) }, frameTimeout)
	if err != nil {
		t.Fatalf("%s: waiting for a %v frame: %v", m.Name, types, err)
	}
	return f
}

// Presence waits for a presence frame listing exactly members.
func (m *Member) Presence(t testing.TB, members ...string) Frame {
	t.Helper()
	slices.Sort(members)
	f, err := m.next(func(f Frame) bool { return f.Type() == "presence" && slices.Equal(f.Members(), members) }, frameTimeout)
	if err != nil {
		t.Fatalf("%s: waiting for presence %v: %v", m.Name, members, err)
	}
	return f
}

// Quiet fails the test if a frame of one of the given types arrives within d.
func (m *Member) Quiet(t testing.TB, d time.Duration, types ...string) {
	t.Helper()
	if f, err := m.next(func(f Frame) bool { return slices.Contains(types, f.Type()) }, d); err == nil {
		t.Fatalf("%s: unexpected frame %v", m.Name, f)
	}
}

var errTimeout = errors.New("timed out")

// next removes and returns the first frame that matches, dropping the frames
// before it.
func (m *Member) next(match func(Frame) bool, timeout time.Duration) (Frame, error) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() {
		m.mu.Lock()
		m.arrived.Broadcast()
		m.mu.Unlock()
	})
	defer timer.Stop()
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		for i, f := range m.frames {
			if match(f) {
				m.frames = m.frames[i+1:]
				return f, nil
			}
		}
		m.frames = m.frames[:0]
		if m.closeErr != nil {
			return nil, fmt.Errorf("socket closed: %w", m.closeErr)
		}
		if time.Now().After(deadline) {
			return nil, errTimeout
		}
		m.arrived.Wait()
	}
}

// Closed waits for the server to close the socket and returns the close code.
func (m *Member) Closed(t testing.TB) websocket.StatusCode {
	t.Helper()
	deadline := time.Now().Add(frameTimeout)
	timer := time.AfterFunc(frameTimeout, func() {
		m.mu.Lock()
		m.arrived.Broadcast()
		m.mu.Unlock()
	})
	defer timer.Stop()
	m.mu.Lock()
	defer m.mu.Unlock()
	for m.closeErr == nil {
		if time.Now().After(deadline) {
			t.Fatalf("%s: the socket is still open", m.Name)
		}
		m.arrived.Wait()
	}
	return websocket.CloseStatus(m.closeErr)
}

// Leave closes the socket normally (1000).
func (m *Member) Leave() {
	_ = m.Conn.Close(websocket.StatusNormalClosure, "")
}
