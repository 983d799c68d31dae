package store

import (
	"path/filepath"
	"testing"

	"behalf/domain"
)

// storeKind is one implementation of the domain's Store that the contract
// tests (store_test.go, model_test.go) run against: bbolt always, etcd too
// when the tests are built with the etcd tag (make test-etcd).
type storeKind struct {
	name string
	// open returns an empty store for t, closed when t ends, and reopen,
	// which opens the same data again after Close, as a restart does.
	open func(t *testing.T) (db domain.Store, reopen func() domain.Store)
}

var storeKinds = []storeKind{{name: "bolt", open: func(t *testing.T) (domain.Store, func() domain.Store) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, func() domain.Store {
		db, err := Open(path, Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
}}}

// eachStore runs fn as a subtest for every store kind.
func eachStore(t *testing.T, fn func(t *testing.T, k storeKind)) {
	for _, k := range storeKinds {
		t.Run(k.name, func(t *testing.T) { fn(t, k) })
	}
}

// checkStore runs the store's own check of what it holds, if it has one.
func checkStore(t *testing.T, db domain.Store) {
	t.Helper()
	if c, ok := db.(interface{ Check() error }); ok {
		if err := c.Check(); err != nil {
			t.Fatal(err)
		}
	}
}
