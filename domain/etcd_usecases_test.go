//go:build etcd

package domain_test

import (
	"fmt"
	"testing"

	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/etcdtest"
	"behalf/store"
)

// onEtcd is the demo organisation on etcd: the bbolt demo, moved under a
// prefix of its own on the test binary's in-process etcd member as
// `behalf migrate` moves it; its second server is another front end, with
// a store (a watch, a copy) of its own. The same checks end the test.
func onEtcd(t *testing.T) (*demo, *clock) {
	t.Helper()
	d, clk := newDemo(t)
	d.skipChecks() // the bbolt file is left behind; the etcd prefix is checked below
	c := etcdtest.Shared(t)
	prefix := etcdtest.Prefix(t)
	open := func() *store.Etcd {
		s, err := store.OpenEtcd(store.EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	st := open()
	if _, err := store.Migrate(d.db, st); err != nil {
		t.Fatal(err)
	}
	d.db, d.st = nil, st
	serve := func(st *store.Etcd) *domain.Service {
		return domain.NewService(st, domain.Options{Now: clk.now, Budgets: st.Budget})
	}
	d.svc = serve(st)
	d.second = func() *domain.Service { return serve(open()) }
	t.Cleanup(func() { // registered after the stores' Close: runs before it
		if err := consistency.Check(d.st, d.svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	return d, clk
}

// Every use case of useCases, on etcd.
func TestEtcdUseCases(t *testing.T) {
	for _, u := range useCases {
		t.Run(u.name, func(t *testing.T) { u.run(t, onEtcd) })
	}
}

// R34: the budget of invitation guesses is the cluster's, not each front
// end's: a key guessing on two front ends in turn gets five guesses in
// all, and an address its twenty, however the attempts are spread.
func TestEtcdRedeemBudgetShared(t *testing.T) {
	t.Parallel()
	d, _ := onEtcd(t)
	fronts := []*domain.Service{d.svc, d.second()}
	limited := func(err error) bool { return domain.KindOf(err) == domain.KindConflict }
	key := domain.SSHKey{Fingerprint: "SHA256:guesser"}
	for i := range 5 {
		if _, err := fronts[i%2].Redeem(key, fmt.Sprintf("198.51.100.7:%d", i), "AAAA-BBBB-CCCC"); limited(err) {
			t.Fatalf("guess %d of five was limited: %v", i+1, err)
		}
	}
	for i, f := range fronts {
		if _, err := f.Redeem(key, "198.51.100.7:99", "AAAA-BBBB-CCCC"); !limited(err) {
			t.Fatalf("a sixth guess on front end %d: %v; want it limited", i+1, err)
		}
	}
	for i := range 20 {
		fresh := domain.SSHKey{Fingerprint: fmt.Sprintf("SHA256:fresh-%d", i)}
		if _, err := fronts[i%2].Redeem(fresh, "203.0.113.5:1", "AAAA-BBBB-CCCC"); limited(err) {
			t.Fatalf("attempt %d of the address's twenty was limited: %v", i+1, err)
		}
	}
	if _, err := fronts[1].Redeem(domain.SSHKey{Fingerprint: "SHA256:fresh-x"}, "203.0.113.5:2", "AAAA-BBBB-CCCC"); !limited(err) {
		t.Fatalf("the address's 21st attempt, on the other front end: %v; want it limited", err)
	}
}
