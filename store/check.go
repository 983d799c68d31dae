package store

import (
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// maxCheckProblems bounds what Check reports: a broken file could have
// millions of problems, and the first few say enough.
const maxCheckProblems = 20

// Check verifies the file in one read transaction: bbolt's own page check
// (no page freed twice, none unreachable or out of bounds), the schema
// version, and that indexes and records agree — every index entry points at
// an existing record that lists it, and every entry a record lists exists
// and points back at it. It returns nil for a sound file and one error
// naming the first problems otherwise. It is what a restore, a crash test or
// an operator runs to trust a file (`behalf check`); a page so damaged that
// bbolt panics on it is an ErrDamaged error, never a panic.
func (s *DB) Check() error {
	var problems []string
	add := func(format string, a ...any) bool {
		problems = append(problems, fmt.Sprintf(format, a...))
		return len(problems) < maxCheckProblems
	}
	err := Guard(func() error {
		return s.db.View(func(btx *bolt.Tx) error {
			full := false
			// Read to the end: bbolt's checker runs in a goroutine of its
			// own, which would otherwise wait to send for ever.
			for err := range btx.Check() {
				if !full && !add("bbolt: %v", err) {
					full = true
				}
			}
			if full {
				return nil
			}
			if meta := btx.Bucket(bucketMeta); meta == nil || len(meta.Get(keySchema)) != 8 {
				add("no schema version recorded")
			}
			return checkIndexes(btx, add)
		})
	})
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("the database is inconsistent: " + strings.Join(problems, "; "))
}

// checkIndexes walks every collection's records and index tree.
func checkIndexes(btx *bolt.Tx, add func(string, ...any) bool) error {
	var collections []string
	err := btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		n := string(name)
		switch {
		case n == string(bucketMeta):
		case strings.HasSuffix(n, "/~idx"):
			if btx.Bucket([]byte(strings.TrimSuffix(n, "/~idx"))) == nil {
				add("%s: an index tree without its collection", n)
			}
		case strings.Contains(n, "/"):
			add("%s: a bucket this schema does not have", n)
		default:
			collections = append(collections, n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range collections {
		recs := btx.Bucket([]byte(c))
		ib := btx.Bucket(idxName(domain.Collection(c)))
		var ibkv kv
		if ib != nil {
			ibkv = boltKV{ib}
		}
		// Forward: what each record says it is indexed under.
		cur := recs.Cursor()
		for key, v := cur.First(); key != nil; key, v = cur.Next() {
			refs, _, err := splitRecord(v)
			if err == nil {
				err = eachRef(refs, func(r ref) bool {
					if !hasEntry(ibkv, r, key) {
						return add("%s %x: its %s index entry %q is missing", c, key, r.Name, r.Key)
					}
					return true
				})
			}
			if err != nil && !add("%s %x: %v", c, key, err) {
				return nil
			}
		}
		if ib == nil {
			continue
		}
		// Backward: every index entry points at a record that lists it.
		cur = ib.Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			name, ixKey, id, unique, err := parseEntry(k, v)
			if err != nil {
				if !add("%s: %v", c, err) {
					return nil
				}
				continue
			}
			stored := recs.Get(id)
			if stored == nil {
				if !add("%s/%s: entry %q points at a missing record %x", c, name, ixKey, id) {
					return nil
				}
				continue
			}
			if !listed(stored, name, ixKey, unique) && !add("%s/%s: entry %q is not listed by its record %x", c, name, ixKey, id) {
				return nil
			}
		}
	}
	return nil
}

// listed reports whether the stored record lists the entry.
func listed(stored []byte, name, key string, unique bool) bool {
	refs, _, err := splitRecord(stored)
	if err != nil {
		return false
	}
	found := false
	_ = eachRef(refs, func(r ref) bool {
		found = r.Name == name && r.Key == key && r.Unique == unique
		return !found
	})
	return found
}

// Collections names the collections the file holds, in name order.
func (s *DB) Collections() ([]string, error) {
	var out []string
	err := s.db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			if n := string(name); n != string(bucketMeta) && !strings.Contains(n, "/") {
				out = append(out, n)
			}
			return nil
		})
	})
	return out, err
}
