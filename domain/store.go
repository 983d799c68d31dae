package domain

import "io"

// The store is an ordered key/value database with collections of records,
// secondary indexes and serializable transactions. bbolt implements it in
// package store; an etcd-backed store can implement the same contract (one
// key prefix per collection and index, a transaction per use case, a watch on
// the change keys for the feed), which is why the domain speaks in these
// terms and nothing bbolt-specific.

// Collection names a kind of record (a bucket).
type Collection string

// Index is one secondary-index entry of a record. Key is compared as bytes,
// so build it from fixed-width parts (ID.Key, UTC times in RFC 3339).
type Index struct {
	Name   string
	Key    string
	Unique bool // at most one record per key; Put refuses a second (ErrConflict)
}

// Query selects index entries: those whose key starts with Prefix, from
// From (inclusive) or after After (exclusive) onwards, in key order or, with
// Reverse, backwards from there. Index "" is the collection itself, keyed by
// ID.Key().
type Query struct {
	Index   string
	Prefix  string
	From    string
	After   string
	Reverse bool
}

// Tx is one transaction. A use case runs entirely inside one: everything it
// wrote commits together or not at all.
type Tx interface {
	// Get decodes the record id into v; KindNotFound if there is none.
	Get(c Collection, id ID, v any) error
	// Put stores v as record id and replaces the record's index entries with idx.
	Put(c Collection, id ID, v any, idx ...Index) error
	// Delete removes the record and its index entries.
	Delete(c Collection, id ID) error
	// NextID reserves a new id in c.
	NextID(c Collection) (ID, error)
	// Lookup finds the record under a unique index key; KindNotFound if none.
	Lookup(c Collection, index, key string) (ID, error)
	// Scan visits matching entries until fn returns false or an error.
	Scan(c Collection, q Query, fn func(key string, id ID) (bool, error)) error
	// Count is the number of records in c.
	Count(c Collection) (int, error)
	// Changed marks people whose access or data this transaction changed;
	// once it commits, their open sessions are told (the change feed).
	Changed(people ...ID)
	// Writable reports whether this is a read-write transaction.
	Writable() bool
}

// Store opens transactions and carries the change feed.
type Store interface {
	View(fn func(Tx) error) error
	Update(fn func(Tx) error) error
	// Watch returns a channel that receives a value after every committed
	// change that marked person (coalesced: one pending value at most), and a
	// function that stops the watch.
	Watch(person ID) (<-chan struct{}, func())
	// Backup writes a consistent copy of the whole database to w.
	Backup(w io.Writer) (int64, error)
	Close() error
}
