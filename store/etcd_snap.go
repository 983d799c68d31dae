package store

import (
	"encoding/binary"
	"strings"

	"github.com/google/btree"

	"behalf/domain"
)

// snap is the etcd store's in-memory copy of the organisation as of one
// commit: the records in an ordered tree laid out as the bbolt file is (per
// collection, the records by id and one tree of index entries), so that
// reads and scans run in memory with the same code and order as on bbolt.
// etcd holds only the records (each carrying its index entries, layout.go)
// and the id sequences; the index entries are derived here. A published
// snap is never changed: a writer works on a clone (copy on write).
type snap struct {
	tree   *btree.BTreeG[item]
	counts map[domain.Collection]int
	seqs   map[domain.Collection]uint64
	// marker is the mod revision of the commit marker as of this snap:
	// every commit rewrites the marker, so a commit that finds it at this
	// revision knows nothing committed since the snap was taken.
	marker int64
}

type item struct {
	k string
	v []byte
}

func newSnap() *snap {
	return &snap{
		tree:   btree.NewG(32, func(a, b item) bool { return a.k < b.k }),
		counts: map[domain.Collection]int{},
		seqs:   map[domain.Collection]uint64{},
	}
}

// clone is a copy a writer may change. Callers serialise clones of one
// snap (btree.Clone is not safe to run concurrently with itself).
func (s *snap) clone() *snap {
	c := &snap{tree: s.tree.Clone(), counts: make(map[domain.Collection]int, len(s.counts)),
		seqs: make(map[domain.Collection]uint64, len(s.seqs)), marker: s.marker}
	for k, v := range s.counts {
		c.counts[k] = v
	}
	for k, v := range s.seqs {
		c.seqs[k] = v
	}
	return c
}

// The tree's buckets: records of c under "r" c 0, its index entries under
// "i" c 0 (entryKey, layout.go).
func recBucket(c domain.Collection) string { return "r" + string(c) + "\x00" }
func idxBucket(c domain.Collection) string { return "i" + string(c) + "\x00" }

func (s *snap) get(k string) ([]byte, bool) {
	it, ok := s.tree.Get(item{k: k})
	return it.v, ok
}

// record is the stored frame of record id of c, or nil.
func (s *snap) record(c domain.Collection, id domain.ID) []byte {
	v, _ := s.get(recBucket(c) + string(u64(uint64(id))))
	return v
}

// setRecord makes frame (nil: none) record id of c, moving its index
// entries from the old frame's refs to the new one's. It trusts frame: a
// writer checks unique entries before (etx.Put); a commit read from etcd
// was checked by the writer that made it.
func (s *snap) setRecord(c domain.Collection, id domain.ID, frame []byte) error {
	key := u64(uint64(id))
	rk := recBucket(c) + string(key)
	ib := idxBucket(c)
	old, had := s.get(rk)
	if had {
		refs, _, err := splitRecord(old)
		if err != nil {
			return err
		}
		if err := eachRef(refs, func(r ref) bool {
			k := ib + string(entryKey(r.Name, r.Key, r.Unique, key))
			if cur, ok := s.get(k); ok && (!r.Unique || string(cur) == string(key)) {
				s.tree.Delete(item{k: k})
			}
			return true
		}); err != nil {
			return err
		}
	}
	if frame == nil {
		if had {
			s.tree.Delete(item{k: rk})
			s.counts[c]--
		}
		return nil
	}
	refs, _, err := splitRecord(frame)
	if err != nil {
		return err
	}
	if err := eachRef(refs, func(r ref) bool {
		var v []byte
		if r.Unique {
			v = key
		}
		s.tree.ReplaceOrInsert(item{k: ib + string(entryKey(r.Name, r.Key, r.Unique, key)), v: v})
		return true
	}); err != nil {
		return err
	}
	s.tree.ReplaceOrInsert(item{k: rk, v: frame})
	if !had {
		s.counts[c]++
	}
	return nil
}

// treeCursor walks one bucket of a snap's tree as a bbolt cursor walks a
// bucket: keys come without the bucket's prefix, nil after either end.
type treeCursor struct {
	t      *btree.BTreeG[item]
	prefix string
	at     string
}

func (c *treeCursor) found(it item, ok bool) ([]byte, []byte) {
	if !ok || !strings.HasPrefix(it.k, c.prefix) {
		return nil, nil
	}
	c.at = it.k
	return []byte(it.k[len(c.prefix):]), it.v
}

// after is the first item at or after k (past k itself if strict).
func (c *treeCursor) after(k string, strict bool) ([]byte, []byte) {
	var got item
	ok := false
	c.t.AscendGreaterOrEqual(item{k: k}, func(it item) bool {
		if strict && it.k == k {
			return true
		}
		got, ok = it, true
		return false
	})
	return c.found(got, ok)
}

// before is the last item at or before k (before k itself if strict).
func (c *treeCursor) before(k string, strict bool) ([]byte, []byte) {
	var got item
	ok := false
	c.t.DescendLessOrEqual(item{k: k}, func(it item) bool {
		if strict && it.k == k {
			return true
		}
		got, ok = it, true
		return false
	})
	return c.found(got, ok)
}

func (c *treeCursor) First() ([]byte, []byte) { return c.after(c.prefix, false) }

// Last: the bucket's prefix ends in 0, so every key in it sorts before
// the prefix with a 1 in that place.
func (c *treeCursor) Last() ([]byte, []byte) {
	return c.before(c.prefix[:len(c.prefix)-1]+"\x01", true)
}
func (c *treeCursor) Next() ([]byte, []byte) { return c.after(c.at, true) }
func (c *treeCursor) Prev() ([]byte, []byte) { return c.before(c.at, true) }
func (c *treeCursor) Seek(k []byte) ([]byte, []byte) {
	return c.after(c.prefix+string(k), false)
}

// lookupEntry is the record a unique index entry names, or 0.
func (s *snap) lookupEntry(c domain.Collection, index, key string) domain.ID {
	v, ok := s.get(idxBucket(c) + string(entryKey(index, key, true, nil)))
	if !ok || len(v) != 8 {
		return 0
	}
	return domain.ID(binary.BigEndian.Uint64(v))
}
