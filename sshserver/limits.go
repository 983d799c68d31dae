package sshserver

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// Defaults of the per-address connection limits.
const (
	DefaultConnRate  = 10.0 // new connections per second, sustained, per address
	DefaultConnBurst = 20   // new connections at once, per address
	DefaultConnMax   = 100  // connections open at once, per address
)

// maxConnBuckets bounds the limiter's memory. Past it, addresses the
// limiter has not seen are let through untracked (the auth timeout and the
// session limits still apply): a flood from that many addresses is beyond
// what a per-address limit can stop anyway.
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
// once, refilled at Rate a second) and a cap on those open at once. IPv6
// clients count per /64, the block one host usually holds. Loopback is
// not limited unless asked for, so local load tests run free.
type connLimiter struct {
	rate     float64 // <= 0: no rate limit
	burst    float64
	maxOpen  int  // <= 0: no cap
	loopback bool // limit loopback addresses too
	now      func() time.Time

	mu        sync.Mutex
	buckets   map[string]*connBucket
	lastSweep time.Time
}

type connBucket struct {
	tokens  float64
	last    time.Time // when tokens was computed
	open    int       // connections from here open now
	logged  time.Time // when a refusal from here was last logged
	refused int       // refusals since then
}

func newConnLimiter(rate float64, burst, maxOpen int, loopback bool) *connLimiter {
	return &connLimiter{
		rate: rate, burst: float64(max(burst, 1)), maxOpen: maxOpen, loopback: loopback,
		now: time.Now, buckets: map[string]*connBucket{},
	}
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
// now: at most once per address per ten seconds) and how many refusals
// that log line stands for.
func (l *connLimiter) admit(addr net.Addr) (v verdict, release func(), report bool, refused int) {
	key, limited := l.keyOf(addr)
	if !limited {
		return admitted, func() {}, false, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxConnBuckets {
			return admitted, func() {}, false, 0
		}
		b = &connBucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if dt := now.Sub(b.last).Seconds(); dt > 0 && l.rate > 0 {
		b.tokens = min(l.burst, b.tokens+dt*l.rate)
	}
	b.last = now
	switch {
	case l.maxOpen > 0 && b.open >= l.maxOpen:
		v = tooMany
	case l.rate > 0 && b.tokens < 1:
		v = tooFast
	default:
		if l.rate > 0 {
			b.tokens--
		}
		b.open++
		var once sync.Once
		return admitted, func() {
			once.Do(func() {
				l.mu.Lock()
				b.open--
				l.mu.Unlock()
			})
		}, false, 0
	}
	b.refused++
	if now.Sub(b.logged) >= 10*time.Second {
		refused, b.refused, b.logged = b.refused, 0, now
		return v, nil, true, refused
	}
	return v, nil, false, 0
}

// sweep forgets buckets with nothing to remember — no connection open, the
// bucket full again, no refusal logged lately — at most once a second. A
// forgotten bucket is the same as a new one.
func (l *connLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Second {
		return
	}
	l.lastSweep = now
	full := time.Duration(0)
	if l.rate > 0 {
		full = time.Duration(l.burst / l.rate * float64(time.Second))
	}
	for k, b := range l.buckets {
		if b.open == 0 && now.Sub(b.last) > full && now.Sub(b.logged) > 10*time.Second {
			delete(l.buckets, k)
		}
	}
}

// keyOf is the address a bucket counts: the IPv4 address, or the IPv6 /64.
// Loopback is not limited unless asked for.
func (l *connLimiter) keyOf(addr net.Addr) (string, bool) {
	if addr == nil {
		return "", false
	}
	var ip net.IP
	if a, ok := addr.(*net.TCPAddr); ok {
		ip = a.IP
	} else {
		ip = net.ParseIP(hostOf(addr))
	}
	if ip == nil {
		return addr.String(), true
	}
	if ip.IsLoopback() && !l.loopback {
		return "", false
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String(), true
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64", true
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
			go func() { <-ctx.Done(); release() }()
			return conn
		}
		msg, why := connTooFast, "too many new connections from this address"
		if v == tooMany {
			msg, why = connTooMany, "too many open connections from this address"
		}
		if report {
			s.log.Warn("ssh connection refused: "+why, "addr", hostOf(c.RemoteAddr()), "refused", refused,
				"limits", fmt.Sprintf("%g new at once, then %g/s; %d open", l.burst, l.rate, l.maxOpen))
		}
		_ = c.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = c.Write([]byte(msg))
		return nil // the server closes it
	}
}
