package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// Group commit: concurrent Updates share one bbolt transaction, and so one
// durable commit (bbolt writes the dirty pages, fsyncs, writes the meta
// page, fsyncs again: about half a millisecond on this machine's disk, and
// the same for one use case as for fifty).
//
// There is no timer, unlike bbolt's own DB.Batch (which waits up to 10 ms
// for company): the first writer to arrive commits at once, alone, as
// before. Writers that arrive while a commit is under way queue up, and
// when it ends the first of them (the next leader) commits the whole queue
// in one transaction. A lone writer pays nothing; under load, a commit
// carries everyone who arrived during the one before.
//
// The guarantees stay those of one transaction per use case:
//   - each use case's function runs whole in the shared transaction, or
//     none of its writes commit;
//   - Update returns only after the commit that holds its writes is on
//     disk, or with the error that says it did not happen;
//   - a function that fails without having written anything (a refusal,
//     a validation error: the common case) leaves the transaction to the
//     others and its error is its answer;
//   - a function that fails after it wrote (or panics) cannot be taken out
//     of the transaction alone: the transaction is rolled back, the others
//     run again without it in a new one, and it then runs again alone,
//     in a transaction of its own, as bbolt's Batch does. So a function
//     may run more than once: it must change nothing outside the
//     transaction but its results (domain.Store.Update says so).
//
// Functions run in the order their Updates arrived, each seeing what the
// ones before it in the batch wrote: the batch commits as if they had run
// one after the other, which they did.

// maxGroup bounds the use cases in one transaction, so one commit's pages
// and the wait of its last member stay bounded.
const maxGroup = 128

// group is the queue of Updates waiting for a commit.
type group struct {
	mu      sync.Mutex
	queue   []*call
	leading bool // a leader is committing; the queue waits for it

	// What the commits so far did (CommitStats), written by leaders only.
	transactions, calls atomic.Int64
	running, committing atomic.Int64 // nanoseconds
}

// CommitStats is what the write transactions since Open did, for
// benchmarks and diagnostics: how many there were and how many use cases
// they carried, and the writer's time in them — running the use cases,
// then committing (bbolt's spill, the page writes and both fsyncs). A
// group commit's writer does one after the other: their sum is what a
// commit's turn takes.
type CommitStats struct {
	Transactions, Calls int64
	Running, Committing time.Duration
}

// CommitStats is what the commits since Open did.
func (s *DB) CommitStats() CommitStats {
	g := &s.group
	return CommitStats{
		Transactions: g.transactions.Load(),
		Calls:        g.calls.Load(),
		Running:      time.Duration(g.running.Load()),
		Committing:   time.Duration(g.committing.Load()),
	}
}

// call is one Update on its way through a group commit.
type call struct {
	fn   func(domain.Tx) error
	wake chan struct{} // one signal: the result is in, or this call leads now
	lead bool          // set (under group.mu) when the call is handed the lead

	// Results, written by the leader before the wake.
	t     *tx   // the run whose writes committed: its feeds
	err   error // fn's error, or the commit's
	wrote bool  // fn wrote before it failed (or panicked)
	panic any   // what fn panicked with, raised again in the caller
	woken bool  // the result is final and the caller told
}

// errRolledBack ends a shared transaction so that bbolt rolls it back.
var errRolledBack = errors.New("store: rolled back")

// Update runs fn in a read-write transaction, shared with the Updates that
// arrive while another is committing (see above). If fn fails nothing of
// it is written. After the commit the feeds it marked are told.
func (s *DB) Update(fn func(domain.Tx) error) error {
	if s.opt.Rehearse {
		s.rehearse(fn)
	}
	c := &call{fn: fn, wake: make(chan struct{}, 1)}
	g := &s.group
	g.mu.Lock()
	g.queue = append(g.queue, c)
	if g.leading {
		g.mu.Unlock()
		<-c.wake
		if !c.lead {
			return c.result()
		}
	} else {
		g.leading = true
		g.mu.Unlock()
	}
	// This call leads: it is first in the queue. Commit what waits, then
	// hand the lead to whoever queued meanwhile.
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()
	func() {
		defer g.handOff()
		s.commitGroup(batch, c)
	}()
	return c.result()
}

// handOff ends a leader's turn: the first call that queued meanwhile leads
// next, or nobody does.
func (g *group) handOff() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) > 0 {
		next := g.queue[0]
		next.lead = true
		next.wake <- struct{}{}
		return
	}
	g.leading = false
	g.queue = nil
}

// result is the call's answer in its caller's goroutine: a panic in fn is
// raised again here, where the caller's own recovery expects it.
func (c *call) result() error {
	if c.panic != nil {
		panic(c.panic)
	}
	return c.err
}

// commitGroup commits batch in as few transactions as its failures allow,
// then wakes every call but self (the leader, which returns by itself).
func (s *DB) commitGroup(batch []*call, self *call) {
	var alone []*call
	defer func() {
		// bbolt itself panicked (not a function: run recovers those).
		// Nobody may wait for ever: every call not yet answered fails.
		if r := recover(); r != nil {
			for _, c := range append(batch, alone...) {
				if !c.woken {
					c.err = fmt.Errorf("store: the commit failed: %v", r)
					s.done(c, self)
				}
			}
			panic(r)
		}
	}()
	for len(batch) > 0 {
		culprit := s.commitOnce(batch)
		if culprit == nil {
			break
		}
		// Rolled back: the culprit leaves the batch, and the rest run again.
		batch = without(batch, culprit)
		if culprit.panic == nil {
			alone = append(alone, culprit)
		} else {
			s.done(culprit, self)
		}
	}
	for _, c := range batch {
		s.done(c, self)
	}
	// What failed after writing runs again alone: its answer is then its
	// own, not one that depended on the batch it shared.
	for _, c := range alone {
		s.commitOnce([]*call{c})
		s.done(c, self)
	}
}

// commitOnce runs batch in one transaction and commits it. It returns the
// call that failed after writing (the transaction is rolled back; the
// others' results are void), or nil when the batch's results stand: each
// call's own error, or the commit's error for those that succeeded. A
// batch of one is final either way.
func (s *DB) commitOnce(batch []*call) *call {
	var culprit *call
	start := time.Now()
	var ran time.Duration
	defer func() {
		g := &s.group
		g.transactions.Add(1)
		g.calls.Add(int64(len(batch)))
		g.running.Add(int64(ran))
		g.committing.Add(int64(time.Since(start) - ran))
	}()
	err := s.db.Update(func(btx *bolt.Tx) error {
		defer func(t time.Time) { ran = time.Since(t) }(time.Now())
		for _, c := range batch {
			c.t = &tx{btx: btx}
			c.run()
			if c.err == nil || !c.wrote && c.panic == nil {
				continue
			}
			if len(batch) == 1 {
				return c.err // bbolt rolls back; the error is the call's answer
			}
			culprit = c
			return errRolledBack
		}
		for _, c := range batch {
			if c.err == nil {
				return nil // commit
			}
		}
		return errRolledBack // every call refused: nothing to commit, no fsync
	})
	if culprit != nil {
		return culprit
	}
	if err != nil {
		// The commit failed (or a lone call's error): nothing of the
		// transaction happened; a call that had succeeded gets the error.
		for _, c := range batch {
			if c.err == nil {
				c.err = err
			}
		}
		return nil
	}
	var feeds []domain.Feed
	for _, c := range batch {
		if c.err == nil {
			feeds = append(feeds, c.t.changed...)
		}
	}
	if len(feeds) > 0 {
		s.feed.publish(feeds)
	}
	return nil
}

// run calls fn once on c.t, recording its error, whether it wrote, and a
// panic.
func (c *call) run() {
	c.err, c.wrote, c.panic = nil, false, nil
	defer func() {
		if r := recover(); r != nil {
			c.panic = r
			c.err, c.wrote = errRolledBack, true
		}
	}()
	c.err = c.fn(c.t)
	c.wrote = c.t.wrote
}

// done wakes c's caller with its result (the leader's own call needs none).
func (s *DB) done(c, self *call) {
	c.woken = true
	if c != self {
		c.wake <- struct{}{}
	}
}

func without(batch []*call, drop *call) []*call {
	out := make([]*call, 0, len(batch)-1)
	for _, c := range batch {
		if c != drop {
			out = append(out, c)
		}
	}
	return out
}

// rehearse runs fn once in a transaction that is then rolled back, as a
// group commit's retry may (Options.Rehearse, for tests).
func (s *DB) rehearse(fn func(domain.Tx) error) {
	_ = s.db.Update(func(btx *bolt.Tx) error {
		_ = fn(&tx{btx: btx})
		return errRolledBack
	})
}
