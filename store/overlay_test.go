package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// bucketsModel is what a set of buckets should hold: keys to values, and each
// bucket's sequence.
type bucketsModel struct {
	kv  map[string]map[string]string
	seq map[string]uint64
}

func (m bucketsModel) clone() bucketsModel {
	c := bucketsModel{kv: map[string]map[string]string{}, seq: map[string]uint64{}}
	for b, kv := range m.kv {
		c.kv[b] = map[string]string{}
		for k, v := range kv {
			c.kv[b][k] = v
		}
	}
	for b, n := range m.seq {
		c.seq[b] = n
	}
	return c
}

func (m bucketsModel) sorted(b string) []string {
	var keys []string
	for k := range m.kv[b] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var ovBuckets = []string{"x", "y", "z" + idxSuffix}

func randKey(r *rand.Rand) string { return fmt.Sprintf("k%02d", r.IntN(40)) }

// mutate makes n random writes through o, and the same in m.
func mutate(t *testing.T, r *rand.Rand, o *overlay, m bucketsModel, n int) {
	t.Helper()
	for range n {
		name := ovBuckets[r.IntN(len(ovBuckets))]
		b := o.bucket(name, true)
		if m.kv[name] == nil {
			m.kv[name] = map[string]string{}
		}
		k := randKey(r)
		switch r.IntN(5) {
		case 0, 1:
			v := fmt.Sprintf("v%d", r.IntN(1000))
			if r.IntN(8) == 0 {
				v = "" // an index entry's empty value
			}
			if err := b.Put([]byte(k), []byte(v)); err != nil {
				t.Fatal(err)
			}
			m.kv[name][k] = v
		case 2, 3:
			if err := b.Delete([]byte(k)); err != nil {
				t.Fatal(err)
			}
			delete(m.kv[name], k)
		default:
			got, err := b.NextSequence()
			if err != nil {
				t.Fatal(err)
			}
			m.seq[name]++
			if got != m.seq[name] {
				t.Fatalf("%s: sequence %d, want %d", name, got, m.seq[name])
			}
		}
	}
}

// same checks that every way of reading o's buckets agrees with m.
func same(t *testing.T, r *rand.Rand, o *overlay, m bucketsModel) {
	t.Helper()
	for _, name := range ovBuckets {
		want := m.sorted(name)
		b := o.bucket(name, false)
		if b == nil {
			if len(want) > 0 {
				t.Fatalf("%s: no bucket, want %v", name, want)
			}
			continue
		}
		var got []string
		c := b.cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if string(v) != m.kv[name][string(k)] {
				t.Fatalf("%s %s: %q, want %q", name, k, v, m.kv[name][string(k)])
			}
			got = append(got, string(k))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s forward: %v, want %v", name, got, want)
		}
		got = got[:0]
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			got = append(got, string(k))
		}
		slices.Reverse(got)
		if !slices.Equal(got, want) {
			t.Fatalf("%s backward: %v, want %v", name, got, want)
		}
		for range 20 {
			k := randKey(r)
			i, _ := slices.BinarySearch(want, k)
			gk, _ := c.Seek([]byte(k))
			if i == len(want) {
				if gk != nil {
					t.Fatalf("%s seek %s: %s, want the end", name, k, gk)
				}
				continue
			}
			if string(gk) != want[i] {
				t.Fatalf("%s seek %s: %s, want %s", name, k, gk, want[i])
			}
			if r.IntN(2) == 0 {
				pk, _ := c.Prev()
				if i == 0 && pk != nil || i > 0 && string(pk) != want[i-1] {
					t.Fatalf("%s prev after seek %s: %s", name, k, pk)
				}
			} else {
				nk, _ := c.Next()
				if i == len(want)-1 && nk != nil || i < len(want)-1 && string(nk) != want[i+1] {
					t.Fatalf("%s next after seek %s: %s", name, k, nk)
				}
			}
			v, had := m.kv[name][k]
			gv := b.Get([]byte(k))
			if had != (gv != nil) || string(gv) != v {
				t.Fatalf("%s get %s: %q, want %q (%v)", name, k, gv, v, had)
			}
		}
	}
}

// inFile checks that the file's buckets hold what m says.
func inFile(t *testing.T, db *bolt.DB, m bucketsModel) {
	t.Helper()
	if err := db.View(func(btx *bolt.Tx) error {
		for _, name := range ovBuckets {
			b := btx.Bucket([]byte(name))
			var got []string
			if b != nil {
				_ = b.ForEach(func(k, v []byte) error {
					if string(v) != m.kv[name][string(k)] {
						t.Errorf("file %s %s: %q", name, k, v)
					}
					got = append(got, string(k))
					return nil
				})
				if b.Sequence() != m.seq[name] {
					t.Errorf("file %s: sequence %d, want %d", name, b.Sequence(), m.seq[name])
				}
			}
			if want := m.sorted(name); !slices.Equal(got, want) {
				t.Errorf("file %s: %v, want %v", name, got, want)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A batch's overlay reads as the file would after its writes and those of
// the commit before it, whatever the order of writes, deletes, failed
// calls taken back and cursor moves; and its writes, committed, make the
// file what it read.
func TestOverlayReadsAsTheFileWill(t *testing.T) {
	t.Parallel()
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 7))
		s := open(t, filepath.Join(t.TempDir(), "behalf.db"))
		db := s.db
		m := bucketsModel{kv: map[string]map[string]string{"x": {}}, seq: map[string]uint64{}}
		if err := db.Update(func(btx *bolt.Tx) error {
			b, err := btx.CreateBucket([]byte("x"))
			if err != nil {
				return err
			}
			for range 25 {
				k, v := randKey(r), fmt.Sprintf("base%d", r.IntN(100))
				m.kv["x"][k] = v
				if err := b.Put([]byte(k), []byte(v)); err != nil {
					return err
				}
			}
			m.seq["x"] = 3
			return b.SetSequence(3)
		}); err != nil {
			t.Fatal(err)
		}
		base, err := db.Begin(false)
		if err != nil {
			t.Fatal(err)
		}
		// The commit under way's batch, with calls that fail and are
		// taken back.
		first := newOverlay(base, nil)
		for range 6 {
			before := m.clone()
			first.begin()
			mutate(t, r, first, m, 1+r.IntN(8))
			if r.IntN(3) == 0 {
				first.takeBack()
				m = before
			}
			same(t, r, first, m)
		}
		afterFirst := m.clone()
		w1 := first.writes()
		// The next batch, over the first's writes on the same base.
		second := newOverlay(base, w1)
		same(t, r, second, m)
		for range 4 {
			before := m.clone()
			second.begin()
			mutate(t, r, second, m, 1+r.IntN(8))
			if r.IntN(3) == 0 {
				second.takeBack()
				m = before
			}
			same(t, r, second, m)
		}
		w2 := second.writes()
		_ = base.Rollback()

		if err := db.Update(w1.apply); err != nil {
			t.Fatal(err)
		}
		inFile(t, db, afterFirst)
		// The first's commit ended before a batch began: its writes laid
		// over a file that has them already read the same.
		again, err := db.Begin(false)
		if err != nil {
			t.Fatal(err)
		}
		same(t, r, newOverlay(again, w1), afterFirst)
		_ = again.Rollback()
		if err := db.Update(w2.apply); err != nil {
			t.Fatal(err)
		}
		inFile(t, db, m)
		s.Close()
	}
}

func TestMergedCursorEmpty(t *testing.T) {
	t.Parallel()
	s := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer s.Close()
	base, err := s.db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = base.Rollback() }()
	o := newOverlay(base, nil)
	if o.bucket("x", false) != nil {
		t.Fatal("a bucket nobody made")
	}
	b := o.bucket("x", true)
	c := b.cursor()
	for _, move := range []func() ([]byte, []byte){c.First, c.Last, c.Next, c.Prev, func() ([]byte, []byte) { return c.Seek([]byte("a")) }} {
		if k, v := move(); k != nil || v != nil {
			t.Fatalf("an empty bucket gave %q %q", k, v)
		}
	}
	_ = b.Put([]byte("a"), nil)
	if v := b.Get([]byte("a")); v == nil || !bytes.Equal(v, []byte{}) {
		t.Fatalf("an empty value reads %v, want present and empty", v)
	}
}
