package sshserver

import (
	"fmt"
	"runtime/debug"
	"time"

	"behalf/cli"
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

// limitSessions bounds the open sessions of one person, and of one
// unregistered key, so nobody can exhaust the server on their own.
func (s *Server) limitSessions(next handler) handler {
	return func(ss *session) int {
		k := "key:" + ss.key.Fingerprint
		if ss.known() {
			k = "person:" + ss.person.ID.String()
		}
		s.mu.Lock()
		n := s.open[k]
		ok := n < s.cfg.MaxSessionsPerPerson
		if ok {
			s.open[k] = n + 1
		}
		s.mu.Unlock()
		if !ok {
			ss.ended = "limit"
			ss.notice("you already have %d sessions open, the most allowed; close one and try again.", n)
			return 1
		}
		defer func() {
			s.mu.Lock()
			if s.open[k]--; s.open[k] <= 0 {
				delete(s.open, k)
			}
			s.mu.Unlock()
		}()
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
		go func() {
			t := time.NewTimer(idle)
			defer t.Stop()
			for {
				select {
				case <-ss.ctx.Done():
					return
				case <-t.C:
					if since := ss.act.idleFor(); since < idle {
						t.Reset(idle - since)
						continue
					}
					ss.cancel(errIdle)
					return
				}
			}
		}()
		return next(ss)
	}
}
