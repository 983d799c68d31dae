package domain

import "slices"

// A use case reads the same few records again and again: booking a
// session reads the client's pairing with its coach eleven times and the
// client's and coach's records thirteen (authorisation, the checks, the
// view it answers with, whom to notify and how to word it), each read a
// walk down the tree and a decoding. memoTx is the use case's transaction
// with a short memory for the records most read — people, pairings and
// contact links: a record read once is decoded once, and every read after
// gets a copy of it, until the use case writes or deletes it.
//
// A copy, not the record: callers change what they read before they save
// it, and a slice shared with the memory would change it too (clone).
// The memory holds only what this transaction read or wrote after it, so
// it is as current as the transaction; it goes with the use case (a group
// commit that runs a use case again runs it with a new one).

// memoSize bounds what a use case remembers: a list that reads thousands
// of people reads each once, and keeps the first few.
const memoSize = 32

type memoTx struct {
	Tx
	kept []memoEntry
}

type memoEntry struct {
	c   Collection
	id  ID
	rec any // a Person, Pairing or ContactLink: a memorable kind
}

// memorable is a kind of record the memory keeps: one that can copy
// itself into a value sharing no memory with it.
type memorable[T any] interface{ clone() T }

func withMemo(tx Tx) *memoTx { return &memoTx{Tx: tx} }

// recall is a copy of the T the memory holds as (c, id), if it holds one.
func recall[T any](m *memoTx, c Collection, id ID) (T, bool) {
	for _, e := range m.kept {
		if e.id == id && e.c == c {
			if r, ok := e.rec.(memorable[T]); ok {
				return r.clone(), true
			}
		}
	}
	var none T
	return none, false
}

// keep remembers a copy of v, read as (c, id), when T is a kind kept.
func keep[T any](m *memoTx, c Collection, id ID, v T) {
	if r, ok := any(&v).(memorable[T]); ok && len(m.kept) < memoSize { // a pointer: no copy boxed
		m.kept = append(m.kept, memoEntry{c: c, id: id, rec: r.clone()})
	}
}

func (m *memoTx) forget(c Collection, id ID) {
	m.kept = slices.DeleteFunc(m.kept, func(e memoEntry) bool { return e.id == id && e.c == c })
}

func (m *memoTx) Put(c Collection, id ID, v any, idx ...Index) error {
	m.forget(c, id)
	return m.Tx.Put(c, id, v, idx...)
}

func (m *memoTx) Delete(c Collection, id ID) error {
	m.forget(c, id)
	return m.Tx.Delete(c, id)
}

// clone is a copy of p that shares no memory with it.
func (p Person) clone() Person {
	p.Perms = slices.Clone(p.Perms)
	p.Keys = slices.Clone(p.Keys)
	return p
}

func (l ContactLink) clone() ContactLink {
	l.Perms = slices.Clone(l.Perms)
	return l
}

func (p Pairing) clone() Pairing { return p } // nothing in it is shared
