package store

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"

	"behalf/domain"
)

// Scan walks an index (or the collection itself) in key order. Entries are
// visited by their index key and record id; fn loads what it needs.
func (t *tx) Scan(c domain.Collection, q domain.Query, fn func(key string, id domain.ID) (bool, error)) error {
	defer func() { t.scanned = scanned{} }()
	if q.Index == "" && q.Prefix != "" {
		return errPrimaryPrefix
	}
	var b kv
	if q.Index == "" {
		b = t.lookup([]byte(c))
	} else {
		b = t.lookup(idxName(c))
	}
	if b == nil {
		return nil
	}
	return scanCursor(b.cursor(), q, fn, func(id domain.ID, v []byte) { t.scanned = scanned{c, id, v} })
}

var errPrimaryPrefix = errors.New("store: the primary index has no prefixes")

// cursor is what a scan walks: a bbolt bucket's cursor, or the etcd
// store's in-memory copy of one (etcd_mirror.go).
type cursor interface {
	First() (key, value []byte)
	Last() (key, value []byte)
	Next() (key, value []byte)
	Prev() (key, value []byte)
	Seek(seek []byte) (key, value []byte)
}

// scanCursor runs q over cur: a collection's records (q.Index "") or its
// index entries (layout.go). record, if not nil, is told each record a
// scan by id stands on.
func scanCursor(cur cursor, q domain.Query, fn func(key string, id domain.ID) (bool, error), record func(domain.ID, []byte)) error {
	var (
		part func(k, v []byte) (string, domain.ID)
		seek func(s string) []byte
	)
	switch {
	case q.Index == "":
		if q.Prefix != "" {
			return errPrimaryPrefix
		}
		part = func(k, _ []byte) (string, domain.ID) {
			id := domain.ID(binary.BigEndian.Uint64(k))
			return id.Key(), id
		}
		seek = func(s string) []byte {
			n, _ := strconv.ParseUint(s, 16, 64)
			return u64(n)
		}
	default:
		// All of c's indexes share one tree, each entry under its index's
		// name: the query is run on name 0 key, and the name is cut off
		// again before fn sees the key.
		name := q.Index + "\x00"
		q.Prefix = name + q.Prefix
		if q.From != "" {
			q.From = name + q.From
		}
		if q.After != "" {
			q.After = name + q.After
		}
		seek = func(s string) []byte { return []byte(s) }
		part = func(k, v []byte) (string, domain.ID) {
			if len(v) == 8 { // unique: key -> id
				return string(k), domain.ID(binary.BigEndian.Uint64(v))
			}
			n := len(k) - 9 // key \x00 id8
			if n < 0 {
				return "", 0
			}
			return string(k[:n]), domain.ID(binary.BigEndian.Uint64(k[n+1:]))
		}
		inner := fn
		fn = func(key string, id domain.ID) (bool, error) { return inner(key[len(name):], id) }
	}
	inRange := func(key string) bool {
		if !strings.HasPrefix(key, q.Prefix) {
			return false
		}
		if q.Reverse {
			return (q.From == "" || key <= q.From) && (q.After == "" || key < q.After)
		}
		return (q.From == "" || key >= q.From) && (q.After == "" || key > q.After)
	}
	var k, v []byte
	if !q.Reverse {
		start := q.Prefix
		if q.From > start {
			start = q.From
		}
		if q.After > start {
			start = q.After
		}
		if start == "" {
			k, v = cur.First()
		} else {
			k, v = cur.Seek(seek(start))
		}
		for ; k != nil; k, v = cur.Next() {
			key, id := part(k, v)
			if !strings.HasPrefix(key, q.Prefix) && key > q.Prefix {
				return nil
			}
			if !inRange(key) {
				continue
			}
			if q.Index == "" && record != nil {
				record(id, v)
			}
			if more, err := fn(key, id); err != nil || !more {
				return err
			}
		}
		return nil
	}
	// Reverse: start at the upper bound and walk back.
	upper := ""
	switch {
	case q.From != "" && q.Index != "":
		// Past every entry whose key is From: a shared key's entries are
		// From 0 id, and Seek(From) would stop at the first of them.
		upper = q.From + "\x01"
	case q.From != "":
		upper = q.From
	case q.After != "":
		upper = q.After
	case q.Prefix != "":
		upper = q.Prefix + "\xff"
	}
	if upper == "" {
		k, v = cur.Last()
	} else if k, v = cur.Seek(seek(upper)); k == nil {
		k, v = cur.Last()
	}
	for ; k != nil; k, v = cur.Prev() {
		key, id := part(k, v)
		if key < q.Prefix {
			return nil
		}
		if !inRange(key) {
			continue
		}
		if q.Index == "" && record != nil {
			record(id, v)
		}
		if more, err := fn(key, id); err != nil || !more {
			return err
		}
	}
	return nil
}
