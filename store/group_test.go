package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// queued waits until n Updates wait behind the leader.
func queued(t *testing.T, db *DB, n int) {
	t.Helper()
	end := time.Now().Add(10 * time.Second)
	for {
		db.group.mu.Lock()
		got := len(db.group.queue)
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
// One that fails after writing takes the transaction down with it: the
// others run again without it and commit, its writes are nowhere, and it
// runs once more alone for its own answer. A panic reaches its own caller
// only. The feeds of what committed are told; the others' are not.
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
	lastTx := make([]*bolt.Tx, len(kinds)) // the transaction of each one's last run
	var wg sync.WaitGroup
	for i, kind := range kinds {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			errs[i] = db.Update(func(tx domain.Tx) error {
				lastTx[i] = tx.(*txAdapter).btx
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
	// The refusal ran in each try of the batch (three: with the broken
	// one, with the panicking one, without either), never alone; the
	// broken one in the batch and alone; the panic once.
	for i, kind := range kinds {
		shared := lastTx[i] == lastTx[0]
		if (kind == "ok" || kind == "refused") != shared {
			t.Fatalf("%s writer %d: its last run shared the committed transaction: %v, want %v", kind, i, shared, !shared)
		}
	}
	if r := refusedRuns.Load(); r != 3 {
		t.Fatalf("the refused function ran %d times, want 3 (every try of the batch)", r)
	}
	if r := brokenRuns.Load(); r != 2 {
		t.Fatalf("the broken function ran %d times, want 2 (in the batch, then alone)", r)
	}
	if r := panicRuns.Load(); r < 1 {
		t.Fatalf("the panicking function ran %d times", r)
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
