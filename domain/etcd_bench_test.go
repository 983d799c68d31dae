//go:build etcd

package domain_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	demoorg "behalf/demo"
	"behalf/domain"
	"behalf/internal/etcdtest"
	"behalf/internal/fixture"
	"behalf/store"
)

// BenchmarkEtcdStores puts bbolt and etcd side by side on the demo
// organisation, every store committing with fsync as a server does: a
// bbolt file, a 1-member and a 3-member etcd cluster (in-process, on
// 127.0.0.1). For each: a booking, a payment, the authorisation check as
// a screen asks it (Service.Decide), and the time from a deactivation on
// one front end until a second front end's open screens of that person
// are woken (on bbolt: the one server's own feed). Run:
//
//	go test -tags etcd -run '^$' -bench EtcdStores -benchtime 400x ./domain
//
// BENCHMARKS.md holds the figures; `make test-etcd` runs none of this.
func BenchmarkEtcdStores(b *testing.B) {
	clk := &clock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	keys := map[string]domain.SSHKey{}
	for _, p := range demoorg.People {
		keys[p.Handle] = domain.SSHKey{Fingerprint: "SHA256:" + p.Handle, Line: "ssh-ed25519 " + p.Handle}
	}
	seed, _ := fixture.Demo(b, filepath.Join(b.TempDir(), "seed.db"), keys, domain.Options{Now: clk.now})

	type kind struct {
		name string
		a, b *domain.Service // two front ends (bbolt: one server)
	}
	var kinds []kind
	{ // bbolt with fsync, a copy of the seed
		path := filepath.Join(b.TempDir(), "behalf.db")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := seed.Backup(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
		db, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		svc := domain.NewService(db, domain.Options{Now: clk.now})
		kinds = append(kinds, kind{name: "bolt", a: svc, b: svc})
	}
	for _, n := range []int{1, 3} {
		c := etcdtest.Start(b, n, etcdtest.Options{Sync: true})
		open := func() *domain.Service {
			st, err := store.OpenEtcd(store.EtcdOptions{Endpoints: c.Endpoints, Prefix: "/behalf/bench/"})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			return domain.NewService(st, domain.Options{Now: clk.now, Budgets: st.Budget})
		}
		a := open()
		st := etcdStoreOf(b, c)
		if _, err := store.Migrate(seed, st); err != nil {
			b.Fatal(err)
		}
		kinds = append(kinds, kind{name: fmt.Sprintf("etcd-%d", n), a: a, b: open()})
	}

	id := func(svc *domain.Service, handle string) domain.ID {
		who, err := svc.Identify("SHA256:" + handle)
		if err != nil {
			b.Fatal(err)
		}
		return who.ID
	}
	for _, k := range kinds {
		olivia := domain.Who{Person: id(k.a, "olivia"), Workspace: "team"}
		rob := domain.Who{Person: id(k.a, "rob"), Workspace: "team"}
		jane := domain.Who{Person: id(k.a, "jane"), Workspace: "me"}
		eve := id(k.a, "eve")
		b.Run(k.name+"/book", func(b *testing.B) {
			base := time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)
			timed(b, func(i int) error {
				start := base.AddDate(0, 0, i/32).Add(time.Duration(i%32) * 30 * time.Minute)
				_, err := k.a.BookSession(olivia, domain.Booking{Client: "jane", Coach: "rob", Start: start.Format(domain.TimeLayout), Minutes: 30})
				return err
			})
		})
		b.Run(k.name+"/pay", func(b *testing.B) {
			inv, err := k.a.IssueInvoice(olivia, domain.NewInvoice{Client: "jane", Items: items("Bench=100000")})
			if err != nil {
				b.Fatal(err)
			}
			timed(b, func(int) error {
				_, err := k.a.PayInvoice(jane, inv.Invoice.ID, "0.01")
				return err
			})
		})
		b.Run(k.name+"/decide", func(b *testing.B) {
			p, err := k.a.ShowPerson(olivia, "jane")
			if err != nil {
				b.Fatal(err)
			}
			target := domain.Target{Client: &p.Person}
			timed(b, func(int) error {
				d, err := k.a.Decide(rob, domain.ActSessionsBook, target)
				if err == nil && !d.Allowed {
					err = fmt.Errorf("refused: %s", d.Reason)
				}
				return err
			})
		})
		b.Run(k.name+"/revoke-seen-by-other", func(b *testing.B) {
			woken, stop := k.b.Watch(eve)
			defer stop()
			wait := func() {
				select {
				case <-woken:
				case <-time.After(5 * time.Second):
					b.Fatal("the other front end was not woken")
				}
			}
			var lat []time.Duration
			for b.Loop() {
				t := time.Now()
				if _, err := k.a.SetStatus(olivia, "eve", false); err != nil {
					b.Fatal(err)
				}
				wait()
				lat = append(lat, time.Since(t))
				if _, err := k.a.SetStatus(olivia, "eve", true); err != nil {
					b.Fatal(err)
				}
				wait()
			}
			reportLatency(b, lat)
		})
	}
}

// etcdStoreOf is a store on the bench prefix of c, closed when b ends.
func etcdStoreOf(b *testing.B, c *etcdtest.Cluster) *store.Etcd {
	st, err := store.OpenEtcd(store.EtcdOptions{Endpoints: c.Endpoints, Prefix: "/behalf/bench/"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}
