package store

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// orgFile is a bbolt file holding an organisation named name and a few
// records with index entries.
func orgFile(t *testing.T, name string) *DB {
	t.Helper()
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	t.Cleanup(func() { db.Close() })
	err := db.Update(func(tx domain.Tx) error {
		if err := tx.Put(orgCollection, 1, orgID{Name: name, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
			return err
		}
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
	return db
}

// An organisation copied into an empty store of either kind is there
// record for record; a second run writes nothing; another organisation is
// refused, its records untouched.
func TestMigrate(t *testing.T) { eachStore(t, testMigrate) }

func testMigrate(t *testing.T, k storeKind) {
	src := orgFile(t, "North")
	db, _ := k.open(t)
	dst := db.(Migratable)
	rep, err := Migrate(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Org != "North" || rep.Records != 4 || rep.Written == 0 {
		t.Fatalf("first copy: %+v", rep)
	}
	err = db.View(func(tx domain.Tx) error {
		id, err := tx.Lookup(things, "name", "b")
		if err != nil {
			return err
		}
		var r rec
		return tx.Get(things, id, &r)
	})
	if err != nil {
		t.Fatalf("the copy does not serve a record by its index: %v", err)
	}
	if rep, err = Migrate(src, dst); err != nil || rep.Written+rep.Deleted != 0 {
		t.Fatalf("second copy: %+v, %v; want nothing written", rep, err)
	}
	if _, err := Migrate(orgFile(t, "South"), dst); err == nil || !strings.Contains(err.Error(), `another organisation, "North"`) {
		t.Fatalf("another organisation over it: %v; want a refusal", err)
	}
	if rep, err = Migrate(src, dst); err != nil || rep.Written+rep.Deleted != 0 {
		t.Fatalf("after the refusal: %+v, %v; want it unchanged", rep, err)
	}
	checkStore(t, db)
}

// The comparison names every difference — a record changed, an index
// entry lost, a record only in the destination, a sequence — and a run
// again puts the destination right.
func TestMigrateFindsAndMendsDifferences(t *testing.T) {
	src := orgFile(t, "North")
	dst := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer dst.Close()
	if _, err := Migrate(src, dst); err != nil {
		t.Fatal(err)
	}
	err := dst.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte(things))
		v := bytes.Clone(b.Get(u64(2)))
		if err := b.Put(u64(2), append(v[:len(v)-1], ' ', '}')); err != nil {
			return err
		}
		if err := b.Put(u64(9), encodeRecord(nil, []byte(`{"id":9}`))); err != nil {
			return err
		}
		if err := b.SetSequence(9); err != nil {
			return err
		}
		return btx.Bucket(idxName(things)).Delete(entryKey("name", "a", true, nil))
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := src.contents()
	if err != nil {
		t.Fatal(err)
	}
	b, err := dst.contents()
	if err != nil {
		t.Fatal(err)
	}
	diffs, total := diffSnaps(a, b, 10)
	want := []string{
		`index entry of things: name "a" -> 1: only in the source`,
		"record things 2: differs",
		"record things 9: only in the destination",
		"things: ids given out up to 3 in the source, 9 in the destination",
	}
	if total != len(want) || strings.Join(diffs, "\n") != strings.Join(want, "\n") {
		t.Fatalf("differences:\n%s\nwant:\n%s", strings.Join(diffs, "\n"), strings.Join(want, "\n"))
	}
	rep, err := Migrate(src, dst)
	if err != nil || rep.Written != 3 || rep.Deleted != 1 {
		t.Fatalf("mending: %+v, %v; want 3 written (a record, an entry, a sequence), 1 removed", rep, err)
	}
	if err := dst.Check(); err != nil {
		t.Fatal(err)
	}
}
