package domain

import (
	"sync"
	"time"
)

// limiter is a token bucket per key: burst attempts at once, then one more
// every interval. It guards invitation redemption (R34) against guessing.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter() *limiter { return &limiter{buckets: map[string]*bucket{}} }

// allow takes one token for key if there is one.
func (l *limiter) allow(key string, burst int, every time.Duration, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(burst), last: now}
		l.buckets[key] = b
	}
	b.tokens = min(float64(burst), b.tokens+now.Sub(b.last).Seconds()/every.Seconds())
	b.last = now
	if len(l.buckets) > 10000 {
		l.sweep(now, time.Duration(burst)*every)
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sweep forgets buckets that have refilled, so memory stays bounded.
func (l *limiter) sweep(now time.Time, full time.Duration) {
	for k, b := range l.buckets {
		if now.Sub(b.last) > full {
			delete(l.buckets, k)
		}
	}
}
