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
	rec any // Person, Pairing or ContactLink
}

func withMemo(tx Tx) *memoTx { return &memoTx{Tx: tx} }

// recall fills *v from the memory; false if it holds no (c, id) or does
// not keep v's kind.
func (m *memoTx) recall(c Collection, id ID, v any) bool {
	for i := range m.kept {
		e := &m.kept[i]
		if e.id != id || e.c != c {
			continue
		}
		switch v := v.(type) {
		case *Person:
			p, ok := e.rec.(Person)
			if ok {
				*v = p.clone()
			}
			return ok
		case *Pairing:
			p, ok := e.rec.(Pairing)
			if ok {
				*v = p
			}
			return ok
		case *ContactLink:
			l, ok := e.rec.(ContactLink)
			if ok {
				*v = l.clone()
			}
			return ok
		}
		return false
	}
	return false
}

// keep remembers a copy of *v, read as (c, id), when it is a kind kept.
func (m *memoTx) keep(c Collection, id ID, v any) {
	if len(m.kept) >= memoSize {
		return
	}
	var rec any
	switch v := v.(type) {
	case *Person:
		rec = v.clone()
	case *Pairing:
		rec = *v
	case *ContactLink:
		rec = v.clone()
	default:
		return
	}
	m.kept = append(m.kept, memoEntry{c: c, id: id, rec: rec})
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
