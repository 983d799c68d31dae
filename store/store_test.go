package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

type rec struct {
	ID   domain.ID `json:"id"`
	Name string    `json:"name"`
	Tag  string    `json:"tag"`
}

const things domain.Collection = "things"

func open(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func put(tx domain.Tx, r *rec) error {
	if r.ID == 0 {
		id, err := tx.NextID(things)
		if err != nil {
			return err
		}
		r.ID = id
	}
	return tx.Put(things, r.ID, r,
		domain.Index{Name: "name", Key: r.Name, Unique: true},
		domain.Index{Name: "tag", Key: r.Tag + "/" + r.ID.Key()})
}

// Everything written is there after the file is closed and opened again.
func TestReopenFindsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
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
	db.Close()
	db = open(t, path)
	defer db.Close()
	err = db.View(func(tx domain.Tx) error {
		id, err := tx.Lookup(things, "name", "b")
		if err != nil {
			return err
		}
		var r rec
		if err := tx.Get(things, id, &r); err != nil || r.Name != "b" {
			t.Fatalf("get b: %+v %v", r, err)
		}
		n, _ := tx.Count(things)
		if n != 3 {
			t.Fatalf("count %d", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A use case that fails part-way writes nothing at all.
func TestFailedUpdateLeavesNoPartialWrite(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	boom := errors.New("boom")
	err := db.Update(func(tx domain.Tx) error {
		if err := put(tx, &rec{Name: "half", Tag: "x"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	db.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "half"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("half-written record survived")
		}
		n, _ := tx.Count(things)
		if n != 0 {
			t.Fatalf("%d records after a failed update", n)
		}
		return nil
	})
}

// Unique indexes refuse a second record; replacing a record moves its entries.
func TestIndexes(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	var a rec
	err := db.Update(func(tx domain.Tx) error {
		a = rec{Name: "a", Tag: "red"}
		if err := put(tx, &a); err != nil {
			return err
		}
		if err := put(tx, &rec{Name: "a", Tag: "blue"}); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("duplicate unique key: %v", err)
		}
		a.Name, a.Tag = "a2", "blue"
		return put(tx, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "a"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("stale unique entry")
		}
		var reds int
		tx.Scan(things, domain.Query{Index: "tag", Prefix: "red/"}, func(string, domain.ID) (bool, error) { reds++; return true, nil })
		if reds != 0 {
			t.Fatal("stale index entry")
		}
		return nil
	})
	db.Update(func(tx domain.Tx) error { return tx.Delete(things, a.ID) })
	db.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "a2"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("delete left an index entry")
		}
		return nil
	})
}

// Scans page through an index forwards and backwards.
func TestScanPaging(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	db.Update(func(tx domain.Tx) error {
		for i := 0; i < 10; i++ {
			put(tx, &rec{Name: string(rune('a' + i)), Tag: map[bool]string{true: "even", false: "odd"}[i%2 == 0]})
		}
		return nil
	})
	collect := func(q domain.Query, limit int) []string {
		var out []string
		db.View(func(tx domain.Tx) error {
			return tx.Scan(things, q, func(key string, id domain.ID) (bool, error) {
				out = append(out, key)
				return len(out) < limit, nil
			})
		})
		return out
	}
	got := collect(domain.Query{Index: "name", After: "c"}, 3)
	if strings.Join(got, "") != "def" {
		t.Fatalf("after c: %v", got)
	}
	got = collect(domain.Query{Index: "name", Reverse: true, After: "c"}, 5)
	if strings.Join(got, "") != "ba" {
		t.Fatalf("reverse before c: %v", got)
	}
	got = collect(domain.Query{Index: "tag", Prefix: "odd/"}, 10)
	if len(got) != 5 {
		t.Fatalf("odd: %v", got)
	}
	got = collect(domain.Query{Index: "tag", Prefix: "even/", Reverse: true}, 2)
	if len(got) != 2 || got[0] < got[1] {
		t.Fatalf("even reversed: %v", got)
	}
	ids := collect(domain.Query{Reverse: true}, 3)
	if len(ids) != 3 || ids[0] != domain.ID(10).Key() {
		t.Fatalf("primary reversed: %v", ids)
	}
}

// The change feed tells a watcher once per burst, and only about its person.
func TestChangeFeed(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	ch, stop := db.Watch(7)
	defer stop()
	other, stop2 := db.Watch(8)
	defer stop2()
	for i := 0; i < 3; i++ {
		db.Update(func(tx domain.Tx) error { tx.Changed(7); return nil })
	}
	select {
	case <-ch:
	default:
		t.Fatal("no change delivered")
	}
	select {
	case <-ch:
		t.Fatal("a burst was not coalesced")
	default:
	}
	select {
	case <-other:
		t.Fatal("a change for 7 reached 8")
	default:
	}
	db.Update(func(tx domain.Tx) error { tx.Changed(7); return errors.New("refused") })
	select {
	case <-ch:
		t.Fatal("a rolled-back change was announced")
	default:
	}
}

// A second opener fails fast with ErrLocked instead of hanging.
func TestSecondOpenIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	defer db.Close()
	_, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v", err)
	}
}

// The file records its schema; a newer one is refused; an old one migrates once.
func TestSchemaVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	if v, err := db.Schema(); err != nil || v != SchemaVersion {
		t.Fatalf("schema %d %v", v, err)
	}
	db.Close()

	setVersion(t, path, SchemaVersion+1)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "newer behalf") {
		t.Fatalf("newer schema: %v", err)
	}

	setVersion(t, path, 0)
	runs := 0
	saved := migrations[0]
	migrations[0] = func(tx *bolt.Tx) error { runs++; return saved(tx) }
	defer func() { migrations[0] = saved }()
	db = open(t, path)
	db.Close()
	db = open(t, path)
	defer db.Close()
	if runs != 1 {
		t.Fatalf("migration ran %d times", runs)
	}
	if v, _ := db.Schema(); v != SchemaVersion {
		t.Fatalf("after migration: %d", v)
	}
}

func setVersion(t *testing.T, path string, v int) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Update(func(tx *bolt.Tx) error {
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], uint64(v))
		return tx.Bucket(bucketMeta).Put(keySchema, buf[:])
	})
}

// A backup is a consistent, openable copy.
func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db := open(t, filepath.Join(dir, "behalf.db"))
	defer db.Close()
	db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "kept", Tag: "x"}) })
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := writeFile(copyPath, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	c := open(t, copyPath)
	defer c.Close()
	c.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "kept"); err != nil {
			t.Fatal("backup misses a record")
		}
		return nil
	})
}
