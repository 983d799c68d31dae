// Package ratelimit is behalf's one rate limiter: a token bucket per key
// (golang.org/x/time/rate), in bounded memory. The SSH server limits new
// connections with it and the domain limits invitation redemption; both
// count a network address the same way (Addr).
package ratelimit

import (
	"net"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// overflow is the key every new key shares once the limiter tracks Max
// keys: a flood from more addresses than that is limited as one.
const overflow = "\x00overflow"

// Limiter allows Burst events at once per key, then one more every Every.
// It remembers at most Max keys; a key whose bucket has refilled is the
// same as one never seen, so it is forgotten (swept at most once a second).
type Limiter struct {
	every time.Duration
	burst int
	max   int

	mu        sync.Mutex
	buckets   map[string]*rate.Limiter
	lastSweep time.Time
}

// New makes a limiter: burst at once per key, then one more every every;
// at most max keys remembered (at least 1).
func New(every time.Duration, burst, max int) *Limiter {
	return &Limiter{every: every, burst: max1(burst), max: max1(max), buckets: map[string]*rate.Limiter{}}
}

func max1(n int) int { return max(n, 1) }

// Allow takes one event for key at now, if its bucket holds one.
func (l *Limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.max {
			key = overflow
			b = l.buckets[key]
		}
		if b == nil {
			b = rate.NewLimiter(rate.Every(l.every), l.burst)
			l.buckets[key] = b
		}
	}
	return b.AllowN(now, 1)
}

// sweep forgets full buckets, at most once a second.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Second && !now.Before(l.lastSweep) {
		return
	}
	l.lastSweep = now
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
}

// Len is how many keys the limiter remembers now.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// Addr is the key of a client's address: the IPv4 address, or the IPv6
// /64 (the block one host or household usually holds, so a host cannot
// step around a limit by changing the low bits). addr may carry a port.
// Anything that is not an IP address is its own key.
func Addr(addr string) string {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return addr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// IsLoopback reports whether addr (with or without a port) is a loopback
// address.
func IsLoopback(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
