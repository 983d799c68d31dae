package store

import (
	"sync"

	"behalf/domain"
)

// feed tells open sessions that something about their person changed.
// Each watcher has a one-slot channel: a burst of changes wakes it once, and
// a slow reader never blocks a writer.
type feed struct {
	mu       sync.Mutex
	watchers map[domain.ID]map[chan struct{}]struct{}
}

func newFeed() *feed { return &feed{watchers: map[domain.ID]map[chan struct{}]struct{}{}} }

func (f *feed) watch(person domain.ID) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	f.mu.Lock()
	set := f.watchers[person]
	if set == nil {
		set = map[chan struct{}]struct{}{}
		f.watchers[person] = set
	}
	set[ch] = struct{}{}
	f.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			delete(f.watchers[person], ch)
			if len(f.watchers[person]) == 0 {
				delete(f.watchers, person)
			}
			f.mu.Unlock()
		})
	}
}

func (f *feed) publish(people []domain.ID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range people {
		for ch := range f.watchers[p] {
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
