package sshserver

import (
	"fmt"
	"math"
	"runtime/debug"
	"time"

	"behalf/cli"
	"behalf/ratelimit"
)

// handler runs one session and returns its exit code.
type handler func(*session) int

// middleware wraps a handler with one concern.
type middleware func(handler) handler

// chain wraps h in mws; the first middleware is the outermost.
func chain(h handler, mws ...middleware) handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// recoverPanics turns a panic in one session into exit 70 (internal error)
// and a log entry:
// charmbracelet/ssh runs handlers without recovery, so a panic would take
// every other session down with the process.
func (s *Server) recoverPanics(next handler) handler {
	return func(ss *session) (code int) {
		defer func() {
			if r := recover(); r != nil {
				ss.ended = "panic"
				ss.log.Error("session panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				ss.notice("something went wrong inside behalf; the problem is logged — try again, or tell the organisation's admin.")
				code = cli.ExitInternal
			}
		}()
		return next(ss)
	}
}

// limitSessions bounds the sessions open at once — on the whole server,
// per client address, per person (or unregistered key), and for keys
// nobody registered, which can only type an invitation code, far fewer,
// overall and per address — so nobody exhausts the server on their own,
// and a flood of fresh keys cannot crowd out the people who work here.
func (s *Server) limitSessions(next handler) handler {
	return func(ss *session) int {
		caps := s.sessionCaps(ss)
		for i, c := range caps {
			held, ok := s.sessionsOpen.acquire(c.key, c.limit)
			if !ok {
				for _, taken := range caps[:i] {
					s.sessionsOpen.release(taken.key)
				}
				ss.ended = "limit: " + c.name
				ss.notice("%s", c.refusal(held))
				return 1
			}
		}
		defer func() {
			for _, c := range caps {
				s.sessionsOpen.release(c.key)
			}
		}()
		return next(ss)
	}
}

// sessionCap is one count a session takes a place in.
type sessionCap struct {
	name    string // for the log
	key     string
	limit   int // <= 0: counted, not limited
	refusal func(held int) string
}

// sessionCaps are the counts a session takes a place in, in the order they
// are checked. Per address, a registered person's sessions follow the
// connection limits' loopback rule; unregistered keys are counted on
// loopback too (nothing legitimate opens many of them).
func (s *Server) sessionCaps(ss *session) []sessionCap {
	addr := ratelimit.Addr(ss.addr)
	caps := []sessionCap{{"server", "all", s.cfg.MaxSessions, func(int) string {
		return "behalf is busy: too many sessions are open; try again in a few minutes."
	}}}
	if s.cfg.ConnLimitLoopback || !ratelimit.IsLoopback(ss.addr) {
		caps = append(caps, sessionCap{"address", "addr:" + addr, s.cfg.MaxSessionsPerAddr, func(int) string {
			return "too many sessions are open from your address; close some and try again."
		}})
	}
	perPerson := func(n int) string {
		return fmt.Sprintf("you already have %d sessions open, the most allowed; close one and try again.", n)
	}
	if ss.known() {
		return append(caps, sessionCap{"person", "person:" + ss.person.ID.String(), s.cfg.MaxSessionsPerPerson, perPerson})
	}
	return append(caps,
		sessionCap{"unregistered keys", "unregistered", s.cfg.MaxUnregistered, func(int) string {
			return "too many people are signing in with new keys right now; try again in a few minutes."
		}},
		sessionCap{"unregistered keys per address", "unregistered:" + addr, s.cfg.MaxUnregisteredPerAddr, func(int) string {
			return "too many sessions with keys that are not registered are open from your address; close some and try again."
		}},
		sessionCap{"key", "key:" + ss.key.Fingerprint, s.cfg.MaxSessionsPerPerson, perPerson},
	)
}

// unregisteredNotice is what a key nobody registered reads when its time is up.
func unregisteredNotice(d time.Duration) string {
	return fmt.Sprintf("closed: a key that is not registered may stay %s; connect again to type your invitation code.", humanDuration(d))
}

// shortLife ends a session of a key nobody registered, idle or not, once
// UnregisteredTimeout has passed since its connection signed in: all it
// can do is type an invitation code (R2), which takes a minute, and each
// such session holds memory. The connection closes a little later
// (limitLife).
func (s *Server) shortLife(next handler) handler {
	return func(ss *session) int {
		if ss.known() {
			return next(ss)
		}
		from, ok := ss.Context().Value(signedInKey{}).(time.Time)
		if !ok {
			from = ss.start
		}
		t := time.AfterFunc(time.Until(from.Add(s.cfg.UnregisteredTimeout)), func() { ss.cancel(errUnregistered) })
		defer t.Stop()
		return next(ss)
	}
}

// idleTimeout ends a session that has been idle for IdleTimeout: it cancels
// the session's context with errIdle, and the runner (screen or command)
// ends and says why.
func (s *Server) idleTimeout(next handler) handler {
	return func(ss *session) int {
		idle := s.cfg.IdleTimeout
		ss.act.touch() // the session starts active
		// A timer, not a goroutine of its own: a thousand idle sessions
		// hold a thousand fewer stacks for the collector to scan.
		var t *time.Timer
		t = time.AfterFunc(math.MaxInt64, func() {
			if since := ss.act.idleFor(); since < idle {
				t.Reset(idle - since)
				return
			}
			ss.cancel(errIdle)
		})
		t.Reset(idle) // t is set before it can fire
		defer t.Stop()
		return next(ss)
	}
}
