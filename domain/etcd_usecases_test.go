//go:build etcd

package domain_test

import (
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
	d.svc = domain.NewService(st, domain.Options{Now: clk.now})
	d.second = func() *domain.Service { return domain.NewService(open(), domain.Options{Now: clk.now}) }
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
