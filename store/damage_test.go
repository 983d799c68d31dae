package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// soundFile writes a database with enough records for a few pages of
// each kind and returns its path.
func soundFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	err := db.Update(func(tx domain.Tx) error {
		for i := range 400 {
			if err := put(tx, &rec{Name: fmt.Sprintf("name-%03d", i), Tag: strings.Repeat("t", 40)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Free some pages, so the file has a free list with entries.
	err = db.Update(func(tx domain.Tx) error {
		for i := 1; i <= 100; i++ {
			if err := tx.Delete(things, domain.ID(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.Close())
	return path
}

// pageOf is the id of the first page of the kind given ("leaf",
// "freelist", …) past the meta pages.
func pageOf(t *testing.T, path, kind string) (id int, size int) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.View(func(tx *bolt.Tx) error {
		size = b.Info().PageSize
		for i := 2; i < int(tx.Size())/size; i++ {
			if p, err := tx.Page(i); err == nil && p != nil && p.Type == kind {
				id = i
				return nil
			}
		}
		return fmt.Errorf("no %s page", kind)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id, size
}

// usedOf is how much of the file at path its pages take: bbolt grows a
// file in steps ahead of them, so a cut must fall below this to cut any.
func usedOf(t *testing.T, path string) int {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var n int64
	must(t, b.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil }))
	return int(n)
}

// recordLeaf is the id of a leaf page of the things collection's records:
// one that reading every record must pass through. (The first leaf page of
// the file may hold another tree — an index, the id counters — which a
// scan of the records never reads, wherever bbolt happened to put it.) It
// walks down from the records bucket's root through the first child of
// each branch page (bbolt's layout: a 16-byte page header, then branch
// elements of pos, key size, child page id; little-endian, as on every
// machine behalf builds for).
func recordLeaf(t *testing.T, path string) (id int, size int) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = b.View(func(tx *bolt.Tx) error {
		size = b.Info().PageSize
		bk := tx.Bucket([]byte(things))
		if bk == nil {
			return fmt.Errorf("no bucket %s", things)
		}
		at := int(bk.Root())
		for depth := 0; depth < 10; depth++ {
			p, err := tx.Page(at)
			if err != nil || p == nil {
				return fmt.Errorf("page %d: %v", at, err)
			}
			switch p.Type {
			case "leaf":
				id = at
				return nil
			case "branch":
				off := at*size + 16 + 8
				at = int(binary.LittleEndian.Uint64(raw[off : off+8]))
			default:
				return fmt.Errorf("page %d of the records is a %s page", at, p.Type)
			}
		}
		return fmt.Errorf("no leaf under the records' root")
	})
	if err != nil {
		t.Fatal(err)
	}
	if id < 2 {
		t.Fatalf("the records' leaf is page %d (inline or meta): the fixture proves nothing", id)
	}
	return id, size
}

// A damaged file is refused by Open with ErrDamaged — never a panic or a
// fault — and is left byte for byte as it was.
func TestOpenRefusesDamagedFiles(t *testing.T) {
	t.Parallel()
	sound := soundFile(t)
	orig, err := os.ReadFile(sound)
	if err != nil {
		t.Fatal(err)
	}
	free, pageSize := pageOf(t, sound, "freelist")
	zero := func(b []byte, page int) []byte {
		clear(b[page*pageSize : (page+1)*pageSize])
		return b
	}
	garbage := make([]byte, 64<<10)
	if _, err := rand.Read(garbage); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"garbage":              {garbage, "damaged"},
		"text":                 {[]byte("this is not a database\n"), "damaged"},
		"truncated":            {orig[:usedOf(t, sound)/2], "cut short"},
		"both meta pages":      {zero(zero(bytes.Clone(orig), 0), 1), "damaged"},
		"the free list zeroed": {zero(bytes.Clone(orig), free), "reading it failed"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "behalf.db")
			if err := os.WriteFile(path, c.file, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := Open(path, Options{})
			if err == nil {
				must(t, db.Close())
				t.Fatal("a damaged file opened")
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Open = %v, want ErrDamaged saying %q", err, c.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, c.file) {
				t.Fatal("the damaged file was changed")
			}
		})
	}
}

// A page zeroed inside a tree passes Open (only reading it shows the
// damage): Check and any read under Guard then answer ErrDamaged instead
// of panicking, and the read-only open changes nothing.
func TestCheckReportsAZeroedPage(t *testing.T) {
	t.Parallel()
	path := soundFile(t)
	leaf, pageSize := recordLeaf(t, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	clear(b[leaf*pageSize : (leaf+1)*pageSize])
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if err := db.Check(); err == nil {
		t.Fatal("Check passed a zeroed page")
	}
	err = Guard(func() error {
		return db.View(func(tx domain.Tx) error {
			// The zeroed leaf may hold records or index entries: read both.
			for _, index := range []string{"", "name", "tag"} {
				if err := tx.Scan(things, domain.Query{Index: index}, func(_ string, id domain.ID) (bool, error) {
					var r rec
					return true, tx.Get(things, id, &r)
				}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("reading every record and index entry: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
		t.Fatal("the read-only open changed the file")
	}
}

// ReadOnly opens a sound file without writing to it, and refuses writes.
func TestOpenReadOnly(t *testing.T) {
	t.Parallel()
	path := soundFile(t)
	before, _ := os.ReadFile(path)
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if err := db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "new"}) }); err == nil {
		t.Fatal("a read-only database took a write")
	}
	must(t, db.Close())
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the file changed")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none.db"), Options{ReadOnly: true}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a missing file: %v", err)
	}
}
