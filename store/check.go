package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
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
// an operator runs to trust a file.
func (s *DB) Check() error {
	var problems []string
	add := func(format string, a ...any) bool {
		problems = append(problems, fmt.Sprintf(format, a...))
		return len(problems) < maxCheckProblems
	}
	err := s.db.View(func(btx *bolt.Tx) error {
		for err := range btx.Check() {
			if !add("bbolt: %v", err) {
				return nil
			}
		}
		if meta := btx.Bucket(bucketMeta); meta == nil || len(meta.Get(keySchema)) != 8 {
			add("no schema version recorded")
		}
		return checkIndexes(btx, add)
	})
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("the database is inconsistent: " + strings.Join(problems, "; "))
}

// checkIndexes walks every collection's refs and every index bucket.
func checkIndexes(btx *bolt.Tx, add func(string, ...any) bool) error {
	var collections, indexes []string
	err := btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		n := string(name)
		switch {
		case n == string(bucketMeta), strings.HasSuffix(n, "/~refs"):
		case strings.Contains(n, "/"):
			indexes = append(indexes, n)
		default:
			collections = append(collections, n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Forward: what each record says it is indexed under.
	for _, c := range collections {
		recs := btx.Bucket([]byte(c))
		rb := btx.Bucket([]byte(c + "/~refs"))
		if rb == nil {
			continue
		}
		cur := rb.Cursor()
		for key, enc := cur.First(); key != nil; key, enc = cur.Next() {
			if recs.Get(key) == nil {
				if !add("%s: index entries kept for a record %x that does not exist", c, key) {
					return nil
				}
				continue
			}
			var refs []ref
			if err := json.Unmarshal(enc, &refs); err != nil {
				if !add("%s %x: unreadable index list: %v", c, key, err) {
					return nil
				}
				continue
			}
			for _, r := range refs {
				ib := btx.Bucket([]byte(c + "/" + r.Name))
				ok := false
				if ib != nil {
					if r.Unique {
						ok = bytes.Equal(ib.Get([]byte(r.Key)), key)
					} else {
						ok = ib.Get(append([]byte(r.Key+"\x00"), key...)) != nil
					}
				}
				if !ok && !add("%s %x: its %s index entry %q is missing", c, key, r.Name, r.Key) {
					return nil
				}
			}
		}
	}
	// Backward: every index entry points at a record that lists it.
	for _, n := range indexes {
		c, name, _ := strings.Cut(n, "/")
		recs := btx.Bucket([]byte(c))
		rb := btx.Bucket([]byte(c + "/~refs"))
		cur := btx.Bucket([]byte(n)).Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			var id []byte
			var ixKey string
			unique := len(v) == 8
			switch {
			case unique:
				id, ixKey = v, string(k)
			case len(k) >= 9 && k[len(k)-9] == 0:
				id, ixKey = k[len(k)-8:], string(k[:len(k)-9])
			default:
				if !add("%s: malformed index entry %q", n, k) {
					return nil
				}
				continue
			}
			if recs == nil || recs.Get(id) == nil {
				if !add("%s: entry %q points at a missing record %x", n, ixKey, id) {
					return nil
				}
				continue
			}
			if !listed(rb, id, name, ixKey, unique) && !add("%s: entry %q is not listed by its record %x", n, ixKey, id) {
				return nil
			}
		}
	}
	return nil
}

func listed(rb *bolt.Bucket, id []byte, name, key string, unique bool) bool {
	if rb == nil {
		return false
	}
	var refs []ref
	if json.Unmarshal(rb.Get(id), &refs) != nil {
		return false
	}
	for _, r := range refs {
		if r.Name == name && r.Key == key && r.Unique == unique {
			return true
		}
	}
	return false
}
