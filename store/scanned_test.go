package store

import (
	"path/filepath"
	"testing"

	"behalf/domain"
)

// A record loaded while a scan stands on it is the record, also after a
// write in the same transaction changed it (the scan's copy is dropped).
func TestGetDuringScanSeesWrites(t *testing.T) {
	t.Parallel()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	err := db.Update(func(tx domain.Tx) error {
		for _, n := range []string{"a", "b", "c"} {
			if err := put(tx, &rec{Name: n, Tag: "x"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx domain.Tx) error {
		return tx.Scan(things, domain.Query{}, func(_ string, id domain.ID) (bool, error) {
			var r rec
			if err := tx.Get(things, id, &r); err != nil {
				return false, err
			}
			r.Tag = "y"
			if err := put(tx, &r); err != nil {
				return false, err
			}
			var again rec
			if err := tx.Get(things, id, &again); err != nil || again.Tag != "y" {
				t.Errorf("record %d after its write: %+v %v", id, again, err)
			}
			var other rec
			if err := tx.Get(things, 1, &other); err != nil || other.Name != "a" {
				t.Errorf("another record during the scan: %+v %v", other, err)
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx domain.Tx) error {
		return tx.Scan(things, domain.Query{Reverse: true}, func(_ string, id domain.ID) (bool, error) {
			var r rec
			if err := tx.Get(things, id, &r); err != nil || r.ID != id || r.Tag != "y" {
				t.Errorf("record %d read in a reverse scan: %+v %v", id, r, err)
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}
