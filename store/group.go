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
// for company): the first writer to arrive leads at once, alone. Writers
// that arrive meanwhile queue up, and the first of them leads the next
// batch: the whole queue.
//
// A batch runs ahead of the commit before it. Its use cases run one after
// another in a read transaction, their writes kept in memory over it (an
// overlay, overlay.go) and laid over the writes of the commit still under
// way; then, once that commit has ended, the leader hands the lead on and
// writes the batch's writes into the file in one commit. So the next
// batch's use cases run on one core while this one's pages go to disk:
// under load a commit's turn is its page writes and fsyncs, not those
// plus the use cases. Who arrives while a batch that has run waits for
// the commit before joins it. A lone writer with nothing under way has
// nothing to run beside: it runs in its own commit, without an overlay,
// and those who arrive meanwhile gather for the batch after it.
//
// The guarantees stay those of one transaction per use case:
//   - each use case's function runs whole in its batch, or none of its
//     writes commit: one that fails (a refusal, a validation error, or a
//     panic) has its writes taken back from the overlay, and its failure
//     is its answer;
//   - Update returns only after the commit that holds its writes is on
//     disk, or with the error that says it did not happen;
//   - a batch that ran on writes that did not commit as they ran (the
//     commit before failed) runs again, in a transaction of its own, as
//     below; so a function may run more than once: it must change nothing
//     outside the transaction but its results (domain.Store.Update says
//     so).
//
// Functions run in the order their Updates arrived, each seeing what the
// ones before it wrote: the batches commit as if their functions had run
// one after the other, which they did.
//
// Running again (commitGroup) runs the batch in a bbolt write transaction:
// there a function that fails after writing cannot be taken out alone, so
// the transaction is rolled back, the others run again without it, and it
// runs again alone for its own answer.

// maxGroup bounds the use cases in one transaction, so one commit's pages
// and the wait of its last member stay bounded.
const maxGroup = 128

// group is the queue of Updates waiting for a commit.
type group struct {
	mu      sync.Mutex
	queue   []*call
	leading bool     // a leader is running its batch; the queue waits for it
	last    *pending // the batch led last, committing or committed
	// arrived says a call has queued: a leader whose batch has run and
	// waits for the commit before takes it into the batch.
	arrived  chan struct{}
	arrivals int64 // Updates so far (tests wait for them)

	// What the commits so far did (CommitStats), written by leaders only.
	transactions, calls atomic.Int64
	running, committing atomic.Int64 // nanoseconds
}

func newGroup() group { return group{arrived: make(chan struct{}, 1)} }

// CommitStats is what the write transactions since Open did, for
// benchmarks and diagnostics: how many there were and how many use cases
// they carried, and the writers' time in them — running the use cases,
// and committing (writing their writes into the file: bbolt's puts,
// spill, page writes and both fsyncs). Under load the two run side by
// side, a batch running while the one before it commits: the larger is
// what a batch's turn takes.
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
	g.arrivals++
	if g.leading {
		g.mu.Unlock()
		select {
		case g.arrived <- struct{}{}: // a leader waiting for a commit takes it on
		default:
		}
		<-c.wake
		if !c.lead {
			return c.result()
		}
	} else {
		g.leading = true
		g.mu.Unlock()
	}
	// This call leads: it is first in the queue, and its batch is what
	// waits there (lead).
	g.mu.Lock()
	prev := g.last
	g.mu.Unlock()
	s.lead(g.take(maxGroup), prev, c)
	return c.result()
}

// pending is a batch from the end of its run to the end of its commit.
type pending struct {
	writes  writes        // what its run wrote
	done    chan struct{} // closed when its commit has ended
	ok      bool          // its commit wrote exactly writes (read after done)
	inPlace bool          // it runs in its commit: nothing runs ahead of it
}

// ended reports whether p's commit has ended (nil: there was none).
func (p *pending) ended() bool {
	if p == nil {
		return true
	}
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// lead is a leader's turn: run batch ahead of the commit before it (prev,
// under way or ended), then, once that commit has ended, hand the lead to
// whoever queued meanwhile — whose batch runs while this one commits — and
// commit. A batch whose run stood on writes that did not commit as run
// (prev's commit failed, or ran its batch again) runs again, in the
// commit, as a batch without a pipeline does.
func (s *DB) lead(batch []*call, prev *pending, self *call) {
	g := &s.group
	cur := &pending{done: make(chan struct{})}
	handed, ended := false, false
	end := func() {
		if !ended {
			ended = true
			close(cur.done)
		}
	}
	defer func() {
		end()
		if !handed {
			g.handOff()
		}
	}()
	if len(batch) == 1 && prev.ended() {
		// A lone writer, nothing under way: it runs in its commit, as
		// without a pipeline, at no cost of an overlay. The next batch
		// gathers meanwhile and runs once it has ended.
		cur.inPlace = true
		g.mu.Lock()
		g.last = cur
		g.mu.Unlock()
		g.handOff()
		handed = true
		s.commitGroup(batch, self)
		return
	}
	if prev != nil && prev.inPlace {
		// Those who arrive while it commits join the batch.
		batch = s.gather(batch, prev)
	}
	a := &ahead{ran: true}
	s.runAhead(a, batch, prev)
	// While the commit before is under way, those who arrive join this
	// batch: they run now, and share its commit.
join:
	for prev != nil && a.ran && len(batch) < maxGroup {
		select {
		case <-prev.done:
			break join
		default:
		}
		select {
		case <-prev.done:
			break join
		case <-g.arrived:
			more := g.take(maxGroup - len(batch))
			batch = append(batch, more...)
			s.runAhead(a, more, prev)
		}
	}
	if a.ran {
		cur.writes = a.ov.writes()
	}
	g.mu.Lock()
	g.last = cur
	g.mu.Unlock()
	if prev != nil {
		<-prev.done
	}
	if !a.ran || a.onPrev && !prev.ok {
		// It ran on writes that are not in the file: it runs again, and
		// the next batch begins after, on the file as it then is.
		s.commitGroup(batch, self)
		return
	}
	g.handOff()
	handed = true
	defer func() {
		// bbolt itself panicked: nobody may wait for ever.
		if r := recover(); r != nil {
			end()
			s.failUnanswered(batch, self, r)
		}
	}()
	start := time.Now()
	var err error
	if len(cur.writes) > 0 {
		err = s.db.Update(func(btx *bolt.Tx) error {
			if s.beforeCommit != nil {
				if err := s.beforeCommit(); err != nil {
					return err
				}
			}
			return cur.writes.apply(btx)
		})
		g.transactions.Add(1)
	}
	g.calls.Add(int64(len(batch)))
	g.running.Add(int64(a.running))
	g.committing.Add(int64(time.Since(start)))
	cur.ok = err == nil
	end() // before anyone is told: their next Update runs on the file
	s.settle(batch, err)
	for _, c := range batch {
		s.done(c, self)
	}
}

// ahead is a batch's run ahead of the commit before it: the overlay its
// calls wrote into, whether the run stood on that commit's writes before
// they were in the file (onPrev), and whether it ran (false: the run
// itself failed — not a call, those are answered — and the batch runs
// again in its commit).
type ahead struct {
	ov      *overlay
	ran     bool
	onPrev  bool
	running time.Duration // the calls' time, waits for arrivals not counted
}

// runAhead runs calls one after another over the file as prev's commit
// leaves it, in a read transaction of their own, their writes kept in
// a.ov; a call that fails has its writes taken back, and its failure is
// its answer. The read transaction ends before runAhead returns: a
// commit that grows the file waits for every reader.
func (s *DB) runAhead(a *ahead, calls []*call, prev *pending) {
	defer func(start time.Time) { a.running += time.Since(start) }(time.Now())
	var pw writes
	if a.ov == nil && !prev.ended() { // ended: the read transaction sees its outcome
		pw, a.onPrev = prev.writes, true
	}
	btx, err := s.db.Begin(false)
	if err != nil {
		a.ran = false
		return
	}
	defer func() {
		_ = btx.Rollback()
		if r := recover(); r != nil {
			a.ran = false
		}
	}()
	if a.ov == nil {
		a.ov = newOverlay(btx, pw)
	} else {
		a.ov.rebase(btx)
	}
	for _, c := range calls {
		a.ov.begin()
		c.t = &tx{btx: btx, ov: a.ov}
		c.run()
		if c.err != nil {
			a.ov.takeBack()
		}
	}
}

// gather waits for prev's commit to end, taking into batch those who
// arrive meanwhile.
func (s *DB) gather(batch []*call, prev *pending) []*call {
	g := &s.group
	for len(batch) < maxGroup {
		select {
		case <-prev.done:
			return batch
		case <-g.arrived:
			batch = append(batch, g.take(maxGroup-len(batch))...)
		}
	}
	<-prev.done
	return batch
}

// take takes up to n calls from the front of the queue.
func (g *group) take(n int) []*call {
	g.mu.Lock()
	defer g.mu.Unlock()
	n = min(len(g.queue), n)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	return batch
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
		if r := recover(); r != nil {
			s.failUnanswered(append(batch, alone...), self, r)
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
	s.settle(batch, err)
	return nil
}

// settle gives the calls of batch that succeeded the outcome of the
// commit that held their writes: err if it failed (nothing of it
// happened), or their feeds told.
func (s *DB) settle(batch []*call, err error) {
	var feeds []domain.Feed
	for _, c := range batch {
		switch {
		case c.err != nil:
		case err != nil:
			c.err = err
		default:
			feeds = append(feeds, c.t.changed...)
		}
	}
	if len(feeds) > 0 {
		s.feed.publish(feeds)
	}
}

// failUnanswered fails every call not yet answered with what bbolt
// panicked with, and panics again: nobody may wait for ever.
func (s *DB) failUnanswered(calls []*call, self *call, r any) {
	for _, c := range calls {
		if !c.woken {
			c.err = fmt.Errorf("store: the commit failed: %v", r)
			s.done(c, self)
		}
	}
	panic(r)
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
