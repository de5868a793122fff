package chat

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

const (
	// rateWindow is the period MESSAGES_PER_10_SECONDS counts over.
	rateWindow = 10 * time.Second
	// storeTimeout bounds the insert of one message.
	storeTimeout = 5 * time.Second
	// closeGrace is how long a closing socket may take to answer the close
	// handshake before Serve returns anyway (the library finishes closing it).
	closeGrace = 3 * time.Second
)

// Settings are the chat's limits.
type Settings struct {
	PresenceTTL          time.Duration // PRESENCE_TTL_SECONDS
	MessagesPer10Seconds int           // MESSAGES_PER_10_SECONDS
	MaxQueuedBytes       int           // a socket's send queue bound (about 1 MiB)
}

// Chat is this instance's part of the chat: its sockets, and its share of the
// work every instance does (store, publish, deliver, keep presence fresh).
type Chat struct {
	store    *Store
	presence *Presence
	fanout   *Fanout
	hub      *hub
	log      *slog.Logger
	settings Settings

	nameLocks   keyLock     // one presence change at a time per room and name
	redisFailed atomic.Bool // for one warning per outage, not one per message

	mu      sync.Mutex // guards closing and the sockets count
	closing bool
	sockets sync.WaitGroup

	stopBackground context.CancelFunc
	background     sync.WaitGroup
}

// New starts the chat of this instance: the Redis subscription and the
// presence heartbeat run in the background until Close.
func New(pool *pgxpool.Pool, rdb *redis.Client, log *slog.Logger, settings Settings) *Chat {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Chat{
		store:          NewStore(pool),
		presence:       NewPresence(rdb, newInstanceID(), settings.PresenceTTL),
		hub:            newHub(),
		log:            log,
		settings:       settings,
		stopBackground: cancel,
	}
	c.fanout = NewFanout(ctx, rdb, c.hub.deliver, log)
	c.background.Add(2)
	go func() {
		defer c.background.Done()
		c.fanout.Run(ctx)
	}()
	go func() {
		defer c.background.Done()
		c.heartbeat(ctx)
	}()
	return c
}

// WaitReady waits until the Redis subscription is live or ctx ends, so that
// an instance that has just started already hears the other instances.
func (c *Chat) WaitReady(ctx context.Context) { c.fanout.WaitSubscribed(ctx) }

// Subscribed reports whether this instance hears the other instances.
func (c *Chat) Subscribed() bool { return c.fanout.Subscribed() }

// Serve runs one socket of name in room until it closes: it joins the room,
// handles the client's frames one at a time, and leaves the room.
func (c *Chat) Serve(conn *websocket.Conn, room, name string) {
	// A larger frame fails the read and closes the socket with 1009.
	conn.SetReadLimit(MaxFrameBytes)
	if !c.track() {
		_ = conn.Close(websocket.StatusGoingAway, "server shutting down")
		return
	}
	defer c.sockets.Done()

	cl := newClient(conn, room, name, c.settings.MaxQueuedBytes)
	c.join(cl)
	if c.isClosing() { // Close began while this socket joined
		cl.stop(websocket.StatusGoingAway, "server shutting down")
	}
	go cl.writeLoop()
	go cl.pingLoop()
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		c.readLoop(cl)
	}()

	<-cl.done
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_ = conn.Close(cl.code, cl.reason)
	}()
	c.leave(cl)
	select {
	case <-closed:
		<-readerDone // the read fails as soon as the connection is closed
	case <-time.After(closeGrace):
	}
}

// readLoop handles the client's frames strictly in order: the next frame is
// read only once the previous message is stored and published. Handling each
// frame in a goroutine of its own would let a short message overtake a long
// one still on its way to Postgres, and a sender's messages would arrive out
// of order. A client that sends faster than that is slowed down by TCP.
func (c *Chat) readLoop(cl *client) {
	messages := newWindow(c.settings.MessagesPer10Seconds, rateWindow)
	typing := newWindow(c.settings.MessagesPer10Seconds, rateWindow)
	for {
		kind, data, err := cl.conn.Read(context.Background())
		if err != nil {
			// The client closed, the frame was too big (the library closed
			// with 1009), or the socket is closing: nothing more to read.
			cl.stop(websocket.StatusNormalClosure, "")
			return
		}
		if kind != websocket.MessageText {
			cl.send(errorFrame("binary_not_supported", "Send JSON text frames; binary frames are not supported."))
			continue
		}
		frame, refused := parseClientFrame(data)
		if refused != nil {
			cl.send(errorFrame(refused.code, refused.message))
			continue
		}
		switch frame.kind {
		case sendMessage:
			if !messages.allow(time.Now()) {
				cl.send(errorFrame("rate_limited",
					fmt.Sprintf("At most %d messages per 10 seconds: this one was not sent.", c.settings.MessagesPer10Seconds)))
				continue
			}
			c.sendMessage(cl, frame.text)
		case sendTyping:
			// Typing frames have their own budget, and past it they are
			// dropped without an answer: they only say "still typing".
			if typing.allow(time.Now()) {
				c.broadcast(cl.room, typingFrame(cl.room, cl.name))
			}
		}
	}
}

// sendMessage stores the message, then sends it to the room. A message that
// cannot be stored is not sent to anyone: what people see is always what the
// history holds.
func (c *Chat) sendMessage(cl *client, text string) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	m, err := c.store.Insert(ctx, cl.room, cl.name, text)
	cancel()
	if err != nil {
		c.log.Warn("message not stored", slog.String("room", cl.room), slog.String("error", err.Error()))
		cl.send(errorFrame("unavailable", "The message could not be stored; try again later."))
		return
	}
	c.broadcast(cl.room, messageFrame(m))
}

// broadcast sends frame to the room's members on every instance. While the
// subscription is live, this instance's own members get the frame back from
// Redis, in the same order as everyone else; while it is not (Redis away),
// they get it straight from here, and the other instances get it when the
// publish still works.
func (c *Chat) broadcast(room string, frame []byte) {
	live := c.fanout.Subscribed()
	err := c.fanout.Publish(context.Background(), room, frame)
	c.noteRedis(err)
	if err != nil || !live {
		c.hub.deliver(room, frame)
	}
}

// join puts a socket in its room and announces the room's members.
func (c *Chat) join(cl *client) {
	unlock := c.nameLocks.lock(cl.room + " " + cl.name)
	defer unlock()
	c.hub.add(cl)
	c.updatePresence(cl.room, cl.name, addEntry)
}

// leave takes a socket out of its room and announces the room's members.
// The name stays online while it has another socket here.
func (c *Chat) leave(cl *client) {
	unlock := c.nameLocks.lock(cl.room + " " + cl.name)
	defer unlock()
	change := keepEntry
	if c.hub.remove(cl) == 0 {
		change = removeEntry
	}
	c.updatePresence(cl.room, cl.name, change)
}

// updatePresence changes this instance's presence entry and sends the room
// its presence frame: published by the script, or built from this
// instance's sockets alone while Redis is away.
func (c *Chat) updatePresence(room, name string, change presenceChange) {
	frame, err := c.presence.Update(context.Background(), room, name, change)
	c.noteRedis(err)
	if err != nil {
		c.hub.deliver(room, presenceFrame(room, c.hub.names(room)))
		return
	}
	if !c.fanout.Subscribed() {
		c.hub.deliver(room, frame)
	}
}

// heartbeat refreshes this instance's presence entries every TTL/3, so they
// never expire while their sockets are open, and come back by themselves
// after Redis lost them.
func (c *Chat) heartbeat(ctx context.Context) {
	ticker := time.NewTicker(c.settings.PresenceTTL / 3)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			c.refreshPresence(ctx)
		}
	}
}

func (c *Chat) refreshPresence(ctx context.Context) {
	for room, names := range c.hub.memberships() {
		// Lock the names, then keep those still here: a name that left in
		// the meantime must not be written back.
		var unlocks []func()
		for _, name := range names {
			unlocks = append(unlocks, c.nameLocks.lock(room+" "+name))
		}
		here := c.hub.names(room)
		names = slices.DeleteFunc(names, func(name string) bool { return !slices.Contains(here, name) })
		var err error
		if len(names) > 0 {
			err = c.presence.Refresh(ctx, room, names)
		}
		for _, unlock := range unlocks {
			unlock()
		}
		c.noteRedis(err)
		if err != nil {
			return
		}
	}
}

// noteRedis logs when Redis calls start failing and when they work again,
// not on every call in between.
func (c *Chat) noteRedis(err error) {
	if err != nil {
		if !c.redisFailed.Swap(true) {
			c.log.Warn("redis unavailable: this instance serves its own sockets until it is back",
				slog.String("error", err.Error()))
		}
		return
	}
	if c.redisFailed.Swap(false) {
		c.log.Info("redis is back")
	}
}

// History returns up to limit messages of room, newest first, older than
// before when before > 0.
func (c *Chat) History(ctx context.Context, room string, limit int, before int64) ([]Message, error) {
	return c.store.History(ctx, room, limit, before)
}

// Members returns who is online in room on any instance, sorted. While Redis
// is away it can only tell this instance's members.
func (c *Chat) Members(ctx context.Context, room string) []string {
	names, err := c.presence.Members(ctx, room)
	c.noteRedis(err)
	if err != nil {
		return c.hub.names(room)
	}
	if names == nil {
		names = []string{}
	}
	return names
}

func (c *Chat) track() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return false
	}
	c.sockets.Add(1)
	return true
}

func (c *Chat) isClosing() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closing
}

// Close closes every socket with 1001 (going away); each leaves its room,
// which removes this instance's presence entries and tells the rooms. Then
// it stops the subscription and the heartbeat.
func (c *Chat) Close(ctx context.Context) error {
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	for _, cl := range c.hub.clients() {
		cl.stop(websocket.StatusGoingAway, "server shutting down")
	}
	closed := make(chan struct{})
	go func() {
		c.sockets.Wait()
		close(closed)
	}()
	var err error
	select {
	case <-closed:
	case <-ctx.Done():
		err = fmt.Errorf("sockets still closing: %w", ctx.Err())
	}
	c.stopBackground()
	_ = c.fanout.Close()
	c.background.Wait()
	return err
}

func newInstanceID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
