//go:build etcd

package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"behalf/domain"
	"behalf/internal/etcdtest"
)

// With the etcd tag the contract tests run against the etcd store too: a
// prefix of its own on one in-process etcd member per test binary.
func init() {
	storeKinds = append(storeKinds, storeKind{name: "etcd", open: func(t *testing.T) (domain.Store, func() domain.Store) {
		c := etcdtest.Shared(t)
		prefix := etcdtest.Prefix(t)
		open := func() domain.Store {
			s, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		return open(), open
	}})
}

// Two front ends on one organisation, many writers each: every use case is
// one serializable transaction across the cluster, so read-modify-write
// increments of one record lose nothing, and a watcher on one front end
// hears of commits made on the other.
func TestEtcdFrontEndsSerialize(t *testing.T) {
	c := etcdtest.Shared(t)
	prefix := etcdtest.Prefix(t)
	var fronts [2]*Etcd
	for i := range fronts {
		s, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix, Retries: 1000})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fronts[i] = s
	}
	if err := fronts[0].Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "n", Tag: "0"}) }); err != nil {
		t.Fatal(err)
	}
	heard, stop := fronts[1].Watch(domain.PersonFeed(42))
	defer stop()
	const writers, each = 4, 10
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			for range each {
				err := fronts[w%2].Update(func(tx domain.Tx) error {
					var r rec
					if err := tx.Get(things, 1, &r); err != nil {
						return err
					}
					n, _ := strconv.Atoi(r.Tag)
					r.Tag = strconv.Itoa(n + 1)
					tx.Changed(domain.PersonFeed(42))
					return put(tx, &r)
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	<-heard // a commit on front end 0 reached front end 1's watcher
	for _, f := range fronts {
		f.View(func(tx domain.Tx) error {
			var r rec
			if err := tx.Get(things, 1, &r); err != nil || r.Tag != strconv.Itoa(writers*each) {
				t.Fatalf("after %d increments: %+v %v", writers*each, r, err)
			}
			return nil
		})
		checkStore(t, f)
	}
}

// A writer overtaken more often than it may retry gets ErrBusy, and what
// it wrote is not committed.
func TestEtcdBusy(t *testing.T) {
	c := etcdtest.Shared(t)
	prefix := etcdtest.Prefix(t)
	s, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix, Retries: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	n := 0
	err = s.Update(func(tx domain.Tx) error {
		n++
		// Another front end commits while this transaction runs, every time.
		if err := other.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: strconv.Itoa(n), Tag: "x"}) }); err != nil {
			return err
		}
		return put(tx, &rec{Name: "mine", Tag: "y"})
	})
	if !errors.Is(err, ErrBusy) || domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("got %v, want ErrBusy", err)
	}
	s.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "mine"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("a transaction that gave up was committed")
		}
		return nil
	})
}

// A cluster that lost quorum: the store refuses reads and writes with a
// clear message instead of serving its copy, which could be stale.
func TestEtcdNoQuorumRefuses(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	s, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: "/behalf/quorum/", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "a", Tag: "x"}) }); err != nil {
		t.Fatal(err)
	}
	c.Kill(1)
	c.Kill(2)
	err = s.View(func(tx domain.Tx) error { return nil })
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "cannot be reached") {
		t.Fatalf("a read without quorum: %v", err)
	}
	err = s.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "b", Tag: "x"}) })
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("a write without quorum: %v", err)
	}
}

// A transaction slower than this front end's others is not overtaken by
// them for ever: after localTurnAfter attempts the others wait for it.
// Here quick writers commit without pause while a slow one's every
// attempt waits until one of them has committed (while they may): with
// Retries above localTurnAfter it commits, where without its turn it
// would be overtaken on every attempt.
func TestEtcdSlowWriterGetsItsTurn(t *testing.T) {
	c := etcdtest.Shared(t)
	s, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: etcdtest.Prefix(t), Retries: localTurnAfter + 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var quick atomic.Int64 // commits by the quick writers
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.Update(func(tx domain.Tx) error {
					return put(tx, &rec{Name: fmt.Sprintf("q%d-%d", w, i), Tag: "q"})
				}); err != nil && !errors.Is(err, ErrBusy) {
					t.Error(err)
					return
				}
				quick.Add(1)
			}
		})
	}
	attempts := 0
	err = s.Update(func(tx domain.Tx) error {
		attempts++
		seen := quick.Load()
		for end := time.Now().Add(300 * time.Millisecond); quick.Load() == seen && time.Now().Before(end); {
			time.Sleep(time.Millisecond)
		}
		return put(tx, &rec{Name: "slow", Tag: "s"})
	})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("the slow writer: %v after %d attempts", err, attempts)
	}
}

// A store opened only to read (behalf check, a migration's source) reads
// what the front ends write and writes nothing: an Update is refused
// before it runs, and an empty prefix stays empty, its schema unrecorded.
func TestEtcdReadOnly(t *testing.T) {
	c := etcdtest.Shared(t)
	prefix := etcdtest.Prefix(t)
	reader, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	ran := false
	if err := reader.Update(func(tx domain.Tx) error { ran = true; return put(tx, &rec{Name: "no", Tag: "x"}) }); err == nil || ran {
		t.Fatalf("a read-only store ran an update (ran %v, err %v)", ran, err)
	}
	r, err := c.Client(t).Get(t.Context(), prefix, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 0 {
		t.Fatalf("opening read-only wrote %d keys", r.Count)
	}
	writer, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if err := writer.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "yes", Tag: "x"}) }); err != nil {
		t.Fatal(err)
	}
	again, err := OpenEtcd(EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if err := again.View(func(tx domain.Tx) error {
		_, err := tx.Lookup(things, "name", "yes")
		return err
	}); err != nil {
		t.Fatalf("a read-only store does not read what was written: %v", err)
	}
}
