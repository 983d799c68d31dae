package store

import (
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// Check passes a sound file, and names each kind of broken link between
// records and indexes: an entry pointing nowhere, a record missing its
// entry, an entry its record does not list.
func TestCheckFindsIndexProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	err := db.Update(func(tx domain.Tx) error {
		for _, n := range []string{"a", "b", "c"} {
			if err := put(tx, &rec{Name: n, Tag: "x"}); err != nil {
				return err
			}
		}
		// a rename leaves no stale entry behind
		return put(tx, &rec{ID: 1, Name: "a2", Tag: "y"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatalf("sound file: %v", err)
	}
	must(t, db.Close())

	cases := []struct {
		name    string
		breakIt func(tx *bolt.Tx) error
		want    string
	}{
		{"record gone, entries left", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(things)).Delete(u64(2))
		}, "points at a missing record"},
		{"unique entry gone", func(tx *bolt.Tx) error {
			return tx.Bucket(idxName(things)).Delete(entryKey("name", "c", true, nil))
		}, `its name index entry "c" is missing`},
		{"stray entry", func(tx *bolt.Tx) error {
			return tx.Bucket(idxName(things)).Put(entryKey("tag", "z/stray", false, u64(3)), nil)
		}, "is not listed by its record"},
		{"unique entry points elsewhere", func(tx *bolt.Tx) error {
			return tx.Bucket(idxName(things)).Put(entryKey("name", "b", true, nil), u64(3))
		}, "is missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "broken.db")
			copyFile(t, path, p)
			b, err := bolt.Open(p, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Update(c.breakIt); err != nil {
				t.Fatal(err)
			}
			b.Close()
			db := open(t, p)
			defer db.Close()
			err = db.Check()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Check = %v, want %q", err, c.want)
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	db := open(t, from)
	defer db.Close()
	var buf strings.Builder
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(to, []byte(buf.String())); err != nil {
		t.Fatal(err)
	}
}

// What is acknowledged is on disk: the store never turns off bbolt's
// fsync on commit (a crash test relies on it; so do the people whose
// payments we record).
func TestStoreStaysDurable(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	if db.db.NoSync || db.db.NoGrowSync {
		t.Fatalf("bbolt is not in its durable mode: NoSync=%v NoGrowSync=%v", db.db.NoSync, db.db.NoGrowSync)
	}
}
