package store

import (
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// Store benchmarks: the building blocks every use case is made of, on a
// collection of 200,000 records (keyed by id, with a unique and a
// non-unique index), each commit fsynced. `make bench` runs them.

func benchStore(b *testing.B, n int) (*DB, []domain.ID) {
	b.Helper()
	db, err := Open(filepath.Join(b.TempDir(), "behalf.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ids := make([]domain.ID, 0, n)
	for lo := 0; lo < n; lo += 20_000 {
		err := db.Update(func(tx domain.Tx) error {
			for i := lo; i < min(lo+20_000, n); i++ {
				r := &rec{Name: fmt.Sprintf("name-%07d", i), Tag: fmt.Sprintf("tag-%03d", i%500)}
				if err := put(tx, r); err != nil {
					return err
				}
				ids = append(ids, r.ID)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return db, ids
}

func BenchmarkStore(b *testing.B) {
	db, ids := benchStore(b, 200_000)
	b.Run("get", func(b *testing.B) {
		i := 0
		_ = db.View(func(tx domain.Tx) error {
			for b.Loop() {
				var r rec
				if err := tx.Get(things, ids[(i*7919)%len(ids)], &r); err != nil {
					b.Fatal(err)
				}
				i++
			}
			return nil
		})
	})
	b.Run("lookup", func(b *testing.B) {
		i := 0
		_ = db.View(func(tx domain.Tx) error {
			for b.Loop() {
				if _, err := tx.Lookup(things, "name", fmt.Sprintf("name-%07d", (i*7919)%len(ids))); err != nil {
					b.Fatal(err)
				}
				i++
			}
			return nil
		})
	})
	b.Run("scan-page", func(b *testing.B) { // one page of 50 from an index, newest first, with the records
		i := 0
		_ = db.View(func(tx domain.Tx) error {
			for b.Loop() {
				n := 0
				err := tx.Scan(things, domain.Query{Index: "tag", Prefix: fmt.Sprintf("tag-%03d/", i%500), Reverse: true}, func(_ string, id domain.ID) (bool, error) {
					var r rec
					n++
					return n < 50, tx.Get(things, id, &r)
				})
				if err != nil || n == 0 {
					b.Fatal(err, n)
				}
				i++
			}
			return nil
		})
	})
	b.Run("view-tx", func(b *testing.B) { // opening and closing a read transaction
		for b.Loop() {
			_ = db.View(func(domain.Tx) error { return nil })
		}
	})
	b.Run("update-new", func(b *testing.B) { // one new record per durable commit
		i := 0
		for b.Loop() {
			err := db.Update(func(tx domain.Tx) error {
				return put(tx, &rec{Name: fmt.Sprintf("new-%07d", i), Tag: "tag-new"})
			})
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("update-same-indexes", func(b *testing.B) { // a record changed, its index entries not
		i := 0
		for b.Loop() {
			err := db.Update(func(tx domain.Tx) error {
				var r rec
				if err := tx.Get(things, ids[(i*7919)%len(ids)], &r); err != nil {
					return err
				}
				return put(tx, &r)
			})
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// A Put that keeps a record's index entries leaves the index and refs
// buckets alone (so the commit writes fewer pages), and every entry still
// finds the record; a Put that changes them moves them as before.
func TestPutKeepsUnchangedIndexes(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	r := &rec{Name: "a", Tag: "x"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Update(func(tx domain.Tx) error {
		// enough records that every bucket has pages of its own
		for i := range 5000 {
			if err := put(tx, &rec{Name: fmt.Sprintf("n%05d", i), Tag: "t"}); err != nil {
				return err
			}
		}
		return put(tx, r)
	}))
	pages := func() int64 { st := db.db.Stats(); return st.TxStats.GetWrite() }
	before := pages()
	must(db.Update(func(tx domain.Tx) error { return put(tx, r) })) // the same entries
	same := pages() - before
	before = pages()
	r.Tag = "y"
	must(db.Update(func(tx domain.Tx) error { return put(tx, r) })) // the tag entry moves
	moved := pages() - before
	if same >= moved {
		t.Errorf("an unchanged Put wrote %d pages, a changed one %d", same, moved)
	}
	must(db.View(func(tx domain.Tx) error {
		if id, err := tx.Lookup(things, "name", "a"); err != nil || id != r.ID {
			t.Errorf("name a: %v %v", id, err)
		}
		var got []domain.ID
		for _, tag := range []string{"x/", "y/"} {
			if err := tx.Scan(things, domain.Query{Index: "tag", Prefix: tag}, func(_ string, id domain.ID) (bool, error) {
				got = append(got, id)
				return true, nil
			}); err != nil {
				return err
			}
			if tag == "x/" && len(got) != 0 {
				t.Errorf("the old tag entry is still there: %v", got)
			}
		}
		if len(got) != 1 || got[0] != r.ID {
			t.Errorf("tag y finds %v, want %v", got, r.ID)
		}
		return nil
	}))
	// A unique entry taken over behind the refs' back is not trusted: the
	// full path runs and refuses, as it always did.
	must(db.db.Update(func(btx *bolt.Tx) error {
		return btx.Bucket(idxName(things)).Put(entryKey("name", "a", true, nil), u64(999))
	}))
	err := db.Update(func(tx domain.Tx) error { return put(tx, r) })
	if domain.KindOf(err) != domain.KindConflict {
		t.Errorf("a Put over a unique entry now someone else's: %v, want a conflict", err)
	}
}
