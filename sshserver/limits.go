package sshserver

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"

	"behalf/ratelimit"
)

// Defaults of the per-address connection limits.
const (
	DefaultConnRate  = 10.0 // new connections per second, sustained, per address
	DefaultConnBurst = 20   // new connections at once, per address
	DefaultConnMax   = 100  // connections open at once, per address
)

// maxConnBuckets bounds the rate limiter's memory (package ratelimit):
// past it, addresses it has not seen share one bucket.
const maxConnBuckets = 100_000

// What a refused connection reads before it is closed. SSH lets a server
// send text lines before its version line (RFC 4253 §4.2): nc and `ssh -v`
// show them; plain ssh says the connection was closed.
const (
	connTooFast = "behalf: too many new connections from your address; wait a few seconds and try again\r\n"
	connTooMany = "behalf: too many open connections from your address; close some and try again\r\n"
)

// connLimiter limits connections per client address, before the SSH
// handshake costs anything: a token bucket for new connections (Burst at
// once, refilled at Rate a second; the one limiter, package ratelimit,
// which also guards invitation codes) and a cap on those open at once.
// IPv6 clients count per /64 (ratelimit.Addr). Loopback is not limited
// unless asked for, so local load tests run free.
type connLimiter struct {
	rate     *ratelimit.Limiter // nil: no rate limit
	perSec   float64
	burst    int
	maxOpen  int // <= 0: no cap
	open     gauge
	loopback bool // limit loopback addresses too
	now      func() time.Time
	refusals logThrottle
}

func newConnLimiter(rate float64, burst, maxOpen int, loopback bool) *connLimiter {
	l := &connLimiter{perSec: rate, burst: max(burst, 1), maxOpen: maxOpen, loopback: loopback, now: time.Now}
	if rate > 0 {
		l.rate = ratelimit.New(time.Duration(float64(time.Second)/rate), l.burst, maxConnBuckets)
	}
	return l
}

// verdict is what the limiter says about a new connection.
type verdict int

const (
	admitted verdict = iota
	tooFast
	tooMany
)

// admit decides on a new connection from addr. An admitted connection
// must call release once it closes. A refusal comes with report (log it
// now: at most one line per ten seconds) and how many refusals that log
// line stands for.
func (l *connLimiter) admit(addr net.Addr) (v verdict, release func(), report bool, refused int) {
	key, limited := l.keyOf(addr)
	if !limited {
		return admitted, func() {}, false, 0
	}
	release = func() {}
	if l.maxOpen > 0 {
		if _, ok := l.open.acquire(key, l.maxOpen); !ok {
			report, refused = l.refusals.refused(l.now())
			return tooMany, nil, report, refused
		}
		var once sync.Once
		release = func() { once.Do(func() { l.open.release(key) }) }
	}
	if l.rate != nil && !l.rate.Allow(key, l.now()) {
		release()
		report, refused = l.refusals.refused(l.now())
		return tooFast, nil, report, refused
	}
	return admitted, release, false, 0
}

// keyOf is the address a limit counts (ratelimit.Addr: the IPv4 address,
// or the IPv6 /64), and whether it is limited at all: loopback is not,
// unless asked for.
func (l *connLimiter) keyOf(addr net.Addr) (string, bool) {
	if addr == nil {
		return "", false
	}
	a := addr.String()
	if ratelimit.IsLoopback(a) && !l.loopback {
		return "", false
	}
	return ratelimit.Addr(a), true
}

// gauge counts what each key holds open, up to a cap. A key that holds
// nothing is forgotten at once, so its memory follows what is open now.
type gauge struct {
	mu sync.Mutex
	n  map[string]int
}

// acquire takes one place for key if it holds fewer than limit (limit <= 0:
// no cap), and says how many it held before.
func (g *gauge) acquire(key string, limit int) (held int, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	held = g.n[key]
	if limit > 0 && held >= limit {
		return held, false
	}
	if g.n == nil {
		g.n = map[string]int{}
	}
	g.n[key] = held + 1
	return held, true
}

// release gives back one place of key's.
func (g *gauge) release(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n[key]--; g.n[key] <= 0 {
		delete(g.n, key)
	}
}

// keys is how many keys hold something now.
func (g *gauge) keys() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.n)
}

// logThrottle lets a flood of refusals through to the log as one line per
// ten seconds, with how many it stands for.
type logThrottle struct {
	mu     sync.Mutex
	logged time.Time
	count  int
}

// refused counts one refusal; report says to log now, standing for n.
func (t *logThrottle) refused(now time.Time) (report bool, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count++
	if now.Sub(t.logged) < 10*time.Second && !t.logged.IsZero() {
		return false, 0
	}
	n, t.count, t.logged = t.count, 0, now
	return true, n
}

// limitConns wraps the connection callback: a connection over its
// address's limits is told why, logged (sparingly) and closed before the
// SSH handshake; an admitted one is counted until it closes.
func (s *Server) limitConns(next ssh.ConnCallback) ssh.ConnCallback {
	if s.connLimit == nil {
		return next
	}
	l := s.connLimit
	return func(ctx ssh.Context, c net.Conn) net.Conn {
		v, release, report, refused := l.admit(c.RemoteAddr())
		if v == admitted {
			conn := next(ctx, c)
			if conn == nil {
				release()
				return nil
			}
			context.AfterFunc(ctx, release)
			return conn
		}
		msg, why := connTooFast, "too many new connections from this address"
		if v == tooMany {
			msg, why = connTooMany, "too many open connections from this address"
		}
		if report {
			s.log.Warn("ssh connection refused: "+why, "addr", hostOf(c.RemoteAddr()), "refused", refused,
				"limits", fmt.Sprintf("%d new at once, then %g/s; %d open", l.burst, l.perSec, l.maxOpen))
		}
		_ = c.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = c.Write([]byte(msg))
		return nil // the server closes it
	}
}
