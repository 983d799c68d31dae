package domain_test

import (
	"path/filepath"
	"testing"
	"time"

	demoorg "behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
	"behalf/store"
)

// demo is the demo organisation in a real bbolt file in a temp dir.
type demo struct {
	t   *testing.T
	svc *domain.Service
	db  *store.DB // the bbolt file (nil when the demo runs on etcd)
	// st is the store svc runs on: db, or an etcd prefix (onEtcd)
	st consistency.Checkable
	// second is another server on the same store (on etcd, another
	// front end with a store of its own), made on first use
	second func() *domain.Service
	path   string // the database file
	ids    map[string]domain.ID
	// noChecks: the test damaged its file on purpose (skipChecks)
	noChecks bool
	now      time.Time
}

// clock is a settable clock for tests that move time (expiry, TTLs).
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newDemo(t *testing.T) (*demo, *clock) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "behalf.db")
	clk := &clock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	keys := map[string]domain.SSHKey{}
	for _, p := range demoorg.People {
		keys[p.Handle] = domain.SSHKey{Fingerprint: "SHA256:" + p.Handle, Line: "ssh-ed25519 " + p.Handle}
	}
	db, svc := fixture.Demo(t, path, keys, domain.Options{Now: clk.now})
	d := &demo{t: t, svc: svc, db: db, st: db, path: path, ids: map[string]domain.ID{}, now: clk.t}
	d.second = func() *domain.Service { return domain.NewService(db, domain.Options{Now: clk.now}) }
	for _, p := range demoorg.People {
		who, err := svc.Identify("SHA256:" + p.Handle)
		if err != nil {
			t.Fatalf("identify %s: %v", p.Handle, err)
		}
		d.ids[p.Handle] = who.ID
	}
	// Every test ends with the store's and the domain's checks, as bbolt's
	// own tests check the file after each test (registered last, so they
	// run before the database closes).
	t.Cleanup(func() {
		if d.noChecks {
			return
		}
		if err := consistency.Check(d.st, d.svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	return d, clk
}

// opener makes a demo. The use-case tests that run on both stores take
// one (bothstores_test.go): newDemo (bbolt) or, with the etcd tag, onEtcd.
type opener func(t *testing.T) (*demo, *clock)

// skipChecks leaves out the checks at the end of a test that damages its
// file on purpose.
func (d *demo) skipChecks() { d.noChecks = true }

// as names a demo person acting in a workspace.
func (d *demo) as(handle, ws string) domain.Who {
	id, ok := d.ids[handle]
	if !ok {
		d.t.Fatalf("no demo person %q", handle)
	}
	return domain.Who{Person: id, Workspace: ws}
}

func wantKind(t *testing.T, err error, k domain.Kind) {
	t.Helper()
	if got := domain.KindOf(err); got != k {
		t.Fatalf("got error %v (kind %v), want kind %v", err, got, k)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
