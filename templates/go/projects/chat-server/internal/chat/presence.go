package chat

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Presence says who is online in each room, across every instance, in Redis.
//
// Each room has a sorted set presence:<room> of entries "<name> <instance id>",
// scored with the time (Unix ms) the entry expires. An instance adds an entry
// when a name joins, refreshes its entries every TTL/3 (the heartbeat) and
// removes them when the name's last socket leaves. An instance that crashes
// stops refreshing: its entries are past their expiry within the TTL, and
// nobody lists them any more, without anyone cleaning up. A name is online
// while one of its entries has not expired, so a name with sockets on two
// instances is listed once.
//
// Every change runs as one Lua script that also reads the members and
// publishes the presence frame, so the frames reach the room in the order the
// changes happened. The scripts read Redis's clock (TIME), so instances whose
// clocks differ still agree on what has expired.
type Presence struct {
	rdb      *redis.Client
	instance string
	ttl      time.Duration
}

// NewPresence returns the presence of this instance's members.
func NewPresence(rdb *redis.Client, instance string, ttl time.Duration) *Presence {
	return &Presence{rdb: rdb, instance: instance, ttl: ttl}
}

// presenceChange is what a join or a leave does to this instance's entry.
type presenceChange string

const (
	addEntry    presenceChange = "add"    // a socket of the name joined
	removeEntry presenceChange = "remove" // the name's last socket here left
	keepEntry   presenceChange = "keep"   // another socket of the name is still here
)

// luaNow and luaPresenceFrame are shared by the scripts. Names are only
// letters, digits, '-' and '_' (ValidName), so the frame needs no escaping.
const luaNow = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`

const luaMembers = `
local function members(key, now)
  local seen, names = {}, {}
  for _, entry in ipairs(redis.call('ZRANGE', key, '(' .. now, '+inf', 'BYSCORE')) do
    local name = string.match(entry, '^(%S+) ')
    if name and not seen[name] then
      seen[name] = true
      names[#names + 1] = name
    end
  end
  table.sort(names)
  return names
end

local function presence_frame(room, names)
  local quoted = {}
  for i, name in ipairs(names) do quoted[i] = '"' .. name .. '"' end
  return '{"type":"presence","room":"' .. room .. '","members":[' .. table.concat(quoted, ',') .. ']}'
end
`

// updateScript: KEYS presence:<room>, chat:<room>; ARGV entry, ttl ms, room, change.
var updateScript = redis.NewScript(luaNow + luaMembers + `
local ttl = tonumber(ARGV[2])
if ARGV[4] == 'add' then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
elseif ARGV[4] == 'remove' then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ttl)
local frame = presence_frame(ARGV[3], members(KEYS[1], now))
redis.call('PUBLISH', KEYS[2], frame)
return frame
`)

// refreshScript: KEYS presence:<room>, chat:<room>; ARGV ttl ms, room, entries...
// It publishes a presence frame only when the members changed: an entry was
// missing (Redis restarted, or it had expired) or another instance's expired.
var refreshScript = redis.NewScript(luaNow + luaMembers + `
local ttl = tonumber(ARGV[1])
local changed = 0
for i = 3, #ARGV do
  changed = changed + redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
end
changed = changed + redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ttl)
if changed > 0 then
  redis.call('PUBLISH', KEYS[2], presence_frame(ARGV[2], members(KEYS[1], now)))
end
return changed
`)

// membersScript: KEYS presence:<room>.
var membersScript = redis.NewScript(luaNow + luaMembers + `
return members(KEYS[1], now)
`)

func presenceKey(room string) string { return "presence:" + room }

func (p *Presence) entry(name string) string { return name + " " + p.instance }

// Update applies a join or leave of name in room and publishes the room's
// presence frame on its channel. It returns the frame.
func (p *Presence) Update(ctx context.Context, room, name string, change presenceChange) ([]byte, error) {
	frame, err := updateScript.Run(ctx, p.rdb, []string{presenceKey(room), channel(room)},
		p.entry(name), p.ttl.Milliseconds(), room, string(change)).Text()
	return []byte(frame), err
}

// Refresh moves the expiry of this instance's entries for names in room one
// TTL ahead (the heartbeat).
func (p *Presence) Refresh(ctx context.Context, room string, names []string) error {
	args := []any{p.ttl.Milliseconds(), room}
	for _, name := range names {
		args = append(args, p.entry(name))
	}
	return refreshScript.Run(ctx, p.rdb, []string{presenceKey(room), channel(room)}, args...).Err()
}

// Members returns the names online in room on any instance, sorted.
func (p *Presence) Members(ctx context.Context, room string) ([]string, error) {
	return membersScript.Run(ctx, p.rdb, []string{presenceKey(room)}).StringSlice()
}
