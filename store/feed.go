package store

import (
	"sync"

	"behalf/domain"
)

// feed tells open sessions that something they show changed (the domain's
// change feed: one channel per domain.Feed). Each watcher has a one-slot
// channel: a burst of changes wakes it once, and a slow reader never blocks
// a writer.
type feed struct {
	mu       sync.Mutex
	watchers map[domain.Feed]map[chan struct{}]struct{}
}

func newFeed() *feed { return &feed{watchers: map[domain.Feed]map[chan struct{}]struct{}{}} }

func (f *feed) watch(on domain.Feed) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	f.mu.Lock()
	set := f.watchers[on]
	if set == nil {
		set = map[chan struct{}]struct{}{}
		f.watchers[on] = set
	}
	set[ch] = struct{}{}
	f.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			delete(f.watchers[on], ch)
			if len(f.watchers[on]) == 0 {
				delete(f.watchers, on)
			}
			f.mu.Unlock()
		})
	}
}

func (f *feed) publish(feeds []domain.Feed) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, on := range feeds {
		for ch := range f.watchers[on] {
			select {
			case ch <- struct{}{}:
			default: // already pending
			}
		}
	}
}

// publishAll tells every watcher: after the etcd store has read everything
// again (its watch fell too far behind), any of them may have changed.
func (f *feed) publishAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, set := range f.watchers {
		for ch := range set {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
}
