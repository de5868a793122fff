package chat

import "sync"

// keyLock serialises work per key: the presence changes of one name in one
// room happen one at a time, so a quick reconnect (a page reload: leave, then
// join) cannot reach Redis in the wrong order and drop the name.
type keyLock struct {
	mu    sync.Mutex
	locks map[string]*countedMutex
}

type countedMutex struct {
	sync.Mutex
	users int
}

// lock locks key and returns its unlock.
func (k *keyLock) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*countedMutex{}
	}
	m := k.locks[key]
	if m == nil {
		m = &countedMutex{}
		k.locks[key] = m
	}
	m.users++
	k.mu.Unlock()

	m.Lock()
	return func() {
		m.Unlock()
		k.mu.Lock()
		if m.users--; m.users == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
