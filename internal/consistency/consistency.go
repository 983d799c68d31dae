// Package consistency is what every test runs when it ends, as bbolt's
// own tests check the file after each one: the store's check of its pages
// and indexes, the domain's Verify of the rules' invariants, and that the
// file holds no collection Verify does not know (and so does not check).
package consistency

import (
	"fmt"
	"slices"

	"behalf/domain"
	"behalf/store"
)

// Checkable is a store with a check of its own: *store.DB (its pages and
// indexes) or *store.Etcd (its copy against the cluster).
type Checkable interface {
	Check() error
	Collections() ([]string, error)
}

var (
	_ Checkable = (*store.DB)(nil)
	_ Checkable = (*store.Etcd)(nil)
)

// Check returns the first problem found in db (served by svc), or nil.
func Check(db Checkable, svc *domain.Service) error {
	if err := db.Check(); err != nil {
		return err
	}
	if err := svc.Verify(); err != nil {
		return err
	}
	names, err := db.Collections()
	if err != nil {
		return err
	}
	known := domain.Collections()
	for _, n := range names {
		if !slices.Contains(known, domain.Collection(n)) {
			return fmt.Errorf("the file holds collection %q, which domain.Verify does not check: add its checks there", n)
		}
	}
	return nil
}
