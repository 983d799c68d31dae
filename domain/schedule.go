package domain

import "time"

// The scheduler: things that come due at a time — a session's reminder,
// an action's due day, a subscription's next period — and must happen once
// even if the server was down when they came due. Each feature keeps its
// due times in the store (an index on the time, or a cursor record saying
// how far it has got) and registers a due pass with addDuePass: the pass
// does what has come due, each in its own transaction that also moves its
// record on (so a crash halfway repeats nothing that committed), and says
// when its next thing is due. RunDue runs every pass; the server's
// scheduler worker (internal/worker, started by serve) calls it at start,
// at the earliest next time, and when the practice or the schedule
// changes. Tests call RunDue directly on a clock they move (Options.Now).
//
// Reminders (reminders.go) are the first passes; subscriptions' renewals
// (RenewDue) are meant to join them the same way.

// duePass does what is due at now; next is when it next has something
// (ok false: nothing is waiting).
type duePass struct {
	name string
	run  func(s *Service, now time.Time) (next time.Time, ok bool, err error)
}

// duePasses are the registered passes, in the order they run.
var duePasses []duePass

// addDuePass registers a pass (from an init).
func addDuePass(name string, run func(s *Service, now time.Time) (time.Time, bool, error)) {
	duePasses = append(duePasses, duePass{name, run})
}

// RunDue runs every due pass at the service's clock and returns the
// earliest time something is next due (ok false: nothing is). It is the
// server's, not a person's: nobody's access is involved.
func (s *Service) RunDue() (next time.Time, ok bool, err error) {
	now := s.Now()
	for _, p := range duePasses {
		n, has, err := p.run(s, now)
		if err != nil {
			return time.Time{}, false, err
		}
		if has && (!ok || n.Before(next)) {
			next, ok = n, true
		}
	}
	return next, ok, nil
}

// WatchDue tells when something may have come due sooner: the practice
// changed (a session booked) or the schedule did (a setting).
func (s *Service) WatchDue() ([]<-chan struct{}, func()) {
	a, stopA := s.store.Watch(PracticeFeed)
	b, stopB := s.store.Watch(ScheduleFeed)
	return []<-chan struct{}{a, b}, func() { stopA(); stopB() }
}

// systemOp is an op for the scheduler: no one acts (notices name no
// actor), in the organisation's zone, at now.
func (s *Service) systemOp(tx Tx, now time.Time) (*op, error) {
	org, err := loadOrg(tx)
	if err != nil {
		return nil, err
	}
	return &op{s: s, tx: tx, a: &Access{Org: org, now: now}, now: now}, nil
}
