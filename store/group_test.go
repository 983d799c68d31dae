package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"behalf/domain"
)

// queued waits until n Updates wait behind the leader hold started (the
// file's first): queued, or gathered by the next leader.
func queued(t *testing.T, db *DB, n int) {
	t.Helper()
	end := time.Now().Add(10 * time.Second)
	for {
		db.group.mu.Lock()
		got := int(db.group.arrivals) - 1
		db.group.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("%d Updates queued, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

type txAdapter = tx

// txID is the bbolt transaction a function runs in.
func txID(t domain.Tx) int { return t.(*txAdapter).btx.ID() }

// hold starts an Update that leads and keeps its transaction open until
// release is closed; the Updates started meanwhile queue behind it.
func hold(t *testing.T, db *DB) (release func(), wait func()) {
	t.Helper()
	started, gate := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		err := db.Update(func(tx domain.Tx) error {
			close(started)
			<-gate
			return put(tx, &rec{Name: "leader", Tag: "l"})
		})
		if err != nil {
			t.Error(err)
		}
	})
	<-started
	return func() { close(gate) }, wg.Wait
}

// Writers that arrive while a commit is under way share the next one: one
// transaction, one fsync, and each has its own writes whole.
func TestGroupCommitSharesOneTransaction(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	before := db.CommitStats()
	release, waitLeader := hold(t, db)
	const n = 20
	ids := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = db.Update(func(tx domain.Tx) error {
				ids[i] = txID(tx)
				return put(tx, &rec{Name: fmt.Sprintf("w%02d", i), Tag: "w"})
			})
		})
	}
	queued(t, db, n)
	release()
	wg.Wait()
	waitLeader()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("writer %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("writer %d committed in transaction %d, writer 0 in %d: not one commit", i, ids[i], ids[0])
		}
	}
	if got := count(t, db); got != n+1 {
		t.Fatalf("%d records, want %d", got, n+1)
	}
	// The leader's transaction, then one for the twenty.
	st := db.CommitStats()
	if tr, calls := st.Transactions-before.Transactions, st.Calls-before.Calls; tr != 2 || calls != n+1 {
		t.Errorf("CommitStats: %d transactions carrying %d use cases, want 2 carrying %d", tr, calls, n+1)
	}
	if st.Running <= before.Running || st.Committing <= before.Committing {
		t.Errorf("CommitStats: no time running (%v) or committing (%v)", st.Running, st.Committing)
	}
}

func count(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.View(func(tx domain.Tx) error {
		var err error
		n, err = tx.Count(things)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A use case refused before it wrote anything leaves the shared
// transaction to the others, runs once, and its refusal is its answer.
// One that fails after writing has its writes taken back: they are
// nowhere, not even in what the writers after it in the batch saw, and
// nobody runs again. A panic reaches its own caller only. The feeds of
// what committed are told; the others' are not.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	good := domain.PersonFeed(1)
	bad := domain.PersonFeed(2)
	goodCh, stopGood := db.Watch(good)
	defer stopGood()
	badCh, stopBad := db.Watch(bad)
	defer stopBad()

	release, waitLeader := hold(t, db)
	var refusedRuns, brokenRuns, panicRuns atomic.Int32
	errRefused, errBroken := errors.New("refused"), errors.New("broken")
	kinds := []string{"ok", "refused", "ok", "broken", "ok", "panics", "ok"}
	errs := make([]error, len(kinds))
	panics := make([]any, len(kinds))
	var sawFailed atomic.Int32 // writers that saw a failed writer's record
	var wg sync.WaitGroup
	for i, kind := range kinds {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			errs[i] = db.Update(func(tx domain.Tx) error {
				for _, name := range []string{"broken", "panics"} {
					if _, err := tx.Lookup(things, "name", name); domain.KindOf(err) != domain.KindNotFound {
						sawFailed.Add(1)
					}
				}
				switch kind {
				case "refused":
					refusedRuns.Add(1)
					tx.Changed(bad)
					return errRefused
				case "broken":
					brokenRuns.Add(1)
					tx.Changed(bad)
					if err := put(tx, &rec{Name: "broken", Tag: "b"}); err != nil {
						return err
					}
					return errBroken
				case "panics":
					panicRuns.Add(1)
					if err := put(tx, &rec{Name: "panics", Tag: "p"}); err != nil {
						return err
					}
					panic("boom")
				}
				tx.Changed(good)
				return put(tx, &rec{Name: fmt.Sprintf("ok%d", i), Tag: "ok"})
			})
		})
		queued(t, db, i+1) // in this order
	}
	release()
	wg.Wait()
	waitLeader()

	for i, kind := range kinds {
		switch kind {
		case "ok":
			if errs[i] != nil || panics[i] != nil {
				t.Fatalf("writer %d: %v %v", i, errs[i], panics[i])
			}
		case "refused":
			if !errors.Is(errs[i], errRefused) {
				t.Fatalf("the refused writer got %v", errs[i])
			}
		case "broken":
			if !errors.Is(errs[i], errBroken) {
				t.Fatalf("the broken writer got %v", errs[i])
			}
		case "panics":
			if panics[i] != "boom" {
				t.Fatalf("the panicking writer's caller recovered %v, err %v", panics[i], errs[i])
			}
		}
	}
	// 1 leader + 4 ok; nothing of "broken" or "panics".
	if got := count(t, db); got != 5 {
		t.Fatalf("%d records, want 5", got)
	}
	if err := db.View(func(tx domain.Tx) error {
		for _, name := range []string{"broken", "panics"} {
			if _, err := tx.Lookup(things, "name", name); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n := sawFailed.Load(); n != 0 {
		t.Fatalf("%d writers saw what a failed writer wrote", n)
	}
	for name, runs := range map[string]int32{"refused": refusedRuns.Load(), "broken": brokenRuns.Load(), "panicking": panicRuns.Load()} {
		if runs != 1 {
			t.Fatalf("the %s function ran %d times, want once", name, runs)
		}
	}
	select {
	case <-goodCh:
	default:
		t.Fatal("the committed writers' feed was not told")
	}
	select {
	case <-badCh:
		t.Fatal("a failed writer's feed was told")
	default:
	}
}

// A refusal alone commits nothing: no empty transaction, no fsync.
func TestRefusalAloneCommitsNothing(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	before := db.PagesWritten()
	var id int
	err := db.Update(func(tx domain.Tx) error { id = txID(tx); return errors.New("no") })
	if err == nil {
		t.Fatal("a refusal committed")
	}
	if err := db.Update(func(tx domain.Tx) error {
		if got := txID(tx); got != id {
			t.Errorf("the next transaction is %d, want %d again: the refusal committed", got, id)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if after := db.PagesWritten(); after-before > 4 {
		t.Fatalf("%d pages written for a refusal and an empty commit", after-before)
	}
}

// Options.Rehearse runs each function once more first, rolled back: a
// function that keeps state outside its transaction shows it.
func TestRehearseRunsTwiceWritesOnce(t *testing.T) {
	t.Parallel()
	db, err := Open(filepath.Join(t.TempDir(), "behalf.db"), Options{NoSync: true, Rehearse: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs := 0
	var ids []domain.ID
	err = db.Update(func(tx domain.Tx) error {
		runs++
		r := &rec{Name: "once", Tag: "x"}
		if err := put(tx, r); err != nil {
			return err
		}
		ids = append(ids, r.ID) // what a use case must not do: it shows
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 || len(ids) != 2 || ids[0] != ids[1] {
		t.Fatalf("runs %d, ids %v: want two runs drawing the same id", runs, ids)
	}
	if got := count(t, db); got != 1 {
		t.Fatalf("%d records, want 1", got)
	}
}

// blockCommit makes the next commit of a batch run ahead wait, inside
// its transaction, until the returned release is called with the
// commit's outcome; committing is closed once it waits.
func blockCommit(db *DB) (committing chan struct{}, release func(error)) {
	committing = make(chan struct{})
	gate := make(chan error)
	var once sync.Once
	db.beforeCommit = func() error {
		first := false
		once.Do(func() { first = true })
		if !first {
			return nil
		}
		close(committing)
		return <-gate
	}
	return committing, func(err error) { gate <- err }
}

// underWay puts records a1 and a2 in one batch (two writers queued behind
// a leader: a lone writer with nothing under way commits as it runs) and
// returns once that batch's commit is under way, held until release is
// called with its outcome. answers waits for the two writers' answers.
func underWay(t *testing.T, db *DB) (release func(error), answers func() []error) {
	t.Helper()
	committing, rel := blockCommit(db)
	holdRelease, waitLeader := hold(t, db)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, name := range []string{"a1", "a2"} {
		wg.Go(func() { errs[i] = db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: name, Tag: "x"}) }) })
		queued(t, db, i+1)
	}
	holdRelease()
	waitLeader()
	select {
	case <-committing:
	case <-time.After(time.Minute):
		t.Fatal("the batch of two did not commit")
	}
	return rel, func() []error { wg.Wait(); return errs }
}

// A batch runs while the commit before it is under way, on that commit's
// writes; readers see neither until each is on disk.
func TestBatchRunsAheadOfTheCommitBefore(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	release, answers := underWay(t, db)
	var wg sync.WaitGroup
	var errB error
	ran := make(chan bool, 2)
	wg.Go(func() {
		errB = db.Update(func(tx domain.Tx) error {
			_, err := tx.Lookup(things, "name", "a2")
			ran <- err == nil
			return put(tx, &rec{Name: "b", Tag: "x"})
		})
	})
	if sawA := <-ran; !sawA {
		t.Fatal("the batch after did not see the writes of the commit under way")
	}
	if got := count(t, db); got != 1 {
		t.Fatalf("a reader sees %d records, want the leader's alone", got)
	}
	release(nil)
	wg.Wait()
	if errs := answers(); errs[0] != nil || errs[1] != nil || errB != nil {
		t.Fatal(errs, errB)
	}
	if len(ran) != 0 {
		t.Fatal("the batch after ran again")
	}
	if got := count(t, db); got != 4 {
		t.Fatalf("%d records, want 4", got)
	}
}

// When the commit before fails, the batch that ran on its writes runs
// again on the file as it is, and answers from that run; the batches after
// it run once, as before.
func TestBatchAfterAFailedCommitRunsAgain(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	release, answers := underWay(t, db)
	var wg sync.WaitGroup
	var errB error
	var saw []bool
	var runs atomic.Int32
	started := make(chan struct{})
	wg.Go(func() {
		errB = db.Update(func(tx domain.Tx) error {
			if runs.Add(1) == 1 {
				defer close(started)
			}
			_, err := tx.Lookup(things, "name", "a1")
			saw = append(saw, err == nil)
			tag := "without a"
			if err == nil {
				tag = "with a"
			}
			return put(tx, &rec{Name: "b", Tag: tag})
		})
	})
	<-started
	diskFull := errors.New("disk full")
	release(diskFull)
	wg.Wait()
	if errs := answers(); !errors.Is(errs[0], diskFull) || !errors.Is(errs[1], diskFull) || errB != nil {
		t.Fatalf("errors %v, %v: want the failed commit's, then none", errs, errB)
	}
	if len(saw) != 2 || !saw[0] || saw[1] {
		t.Fatalf("runs saw a: %v, want true (ahead) then false (again)", saw)
	}
	if err := db.View(func(tx domain.Tx) error {
		for _, name := range []string{"a1", "a2"} {
			if _, err := tx.Lookup(things, "name", name); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("the failed commit's record %s: %v, want not found", name, err)
			}
		}
		id, err := tx.Lookup(things, "name", "b")
		if err != nil {
			return err
		}
		var r rec
		if err := tx.Get(things, id, &r); err != nil {
			return err
		}
		if r.Tag != "without a" {
			t.Errorf("b was written %q, want from the run on the file", r.Tag)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		n := 0
		if err := db.Update(func(tx domain.Tx) error {
			n++
			return put(tx, &rec{Name: fmt.Sprintf("after%d", i), Tag: "x"})
		}); err != nil || n != 1 {
			t.Fatalf("an Update after: %v, %d runs", err, n)
		}
	}
}

// Those who arrive while a batch that has run waits for the commit before
// it join that batch: they run at once, on the same writes, and share its
// commit.
func TestLateArrivalsJoinTheWaitingBatch(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	release, answers := underWay(t, db)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	saw := make(chan bool, 2)
	for i, name := range []string{"b", "c"} {
		wg.Go(func() {
			errs[i] = db.Update(func(tx domain.Tx) error {
				_, err := tx.Lookup(things, "name", "a1")
				saw <- err == nil
				return put(tx, &rec{Name: name, Tag: "x"})
			})
		})
		select { // each runs before the commit under way has ended
		case ok := <-saw:
			if !ok {
				t.Fatalf("%s ran without the writes of the commit under way", name)
			}
		case <-time.After(time.Minute):
			release(nil)
			t.Fatalf("%s did not run while the commit before was under way", name)
		}
	}
	before := db.CommitStats()
	release(nil)
	wg.Wait()
	for i, err := range append(errs, answers()...) {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	after := db.CommitStats()
	if n := after.Transactions - before.Transactions; n != 2 {
		t.Fatalf("%d commits, want 2: a1's and a2's, then b's and c's together", n)
	}
	if got := count(t, db); got != 5 {
		t.Fatalf("%d records, want 5", got)
	}
}

// A long read (a backup's copy of a large file, a deletion's walk of the
// outbox) holds back no write, even one that grows the file past what
// bbolt has mapped of it: mapping the file again waits for every read
// transaction to end, so the file is mapped far ahead of its size. The
// writes here grow a new file from 32 KiB, its first mapping, to over a
// megabyte while a read transaction stays open; the wait is a guard
// against a hang, not a measure.
func TestLongReadHoldsBackNoWrite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	defer db.Close()
	reading, release := make(chan struct{}), make(chan struct{})
	read := make(chan error, 1)
	go func() {
		read <- db.View(func(domain.Tx) error {
			close(reading)
			<-release
			return nil
		})
	}()
	<-reading
	wrote := make(chan error, 1)
	go func() {
		tag := strings.Repeat("x", 4000)
		for i := range 300 {
			if err := db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: fmt.Sprintf("r%03d", i), Tag: tag}) }); err != nil {
				wrote <- err
				return
			}
		}
		wrote <- nil
	}()
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		close(release)
		t.Fatal("the writes waited for a read transaction to end")
	}
	close(release)
	if err := <-read; err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() < 1<<20 {
		t.Fatalf("the file did not grow past several mappings: %v %v", fi, err)
	}
}
