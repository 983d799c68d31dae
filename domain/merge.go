package domain

import "container/heap"

// mergeScan visits the entries of several queries on one collection as one
// sequence, in the order less gives (each query must already yield its own
// entries in that order), until fn returns false. Ties go to the earlier
// query, so the result is what a stable sort of the queries' concatenated
// entries would give. Each query is read lazily, a few entries at a time:
// a list merged from a hundred clients' records reads a page's worth of
// entries, not a page from every client. stop, if not nil, ends one
// query's entries early (the end of a window).
func mergeScan(tx Tx, c Collection, qs []Query, less func(a, b mergeEntry) bool, stop func(q int, key string) bool,
	fn func(key string, id ID) (bool, error)) error {
	m := &merger{less: less}
	for i, q := range qs {
		s := &mergeStream{q: q, index: i, chunk: 4}
		if err := s.fill(tx, c, stop); err != nil {
			return err
		}
		if s.pos < len(s.entries) {
			m.heads = append(m.heads, s)
		}
	}
	heap.Init(m)
	for len(m.heads) > 0 {
		s := m.heads[0]
		e := s.entries[s.pos]
		more, err := fn(e.Key, e.ID)
		if err != nil || !more {
			return err
		}
		s.pos++
		if s.pos == len(s.entries) {
			if err := s.fill(tx, c, stop); err != nil {
				return err
			}
		}
		if s.pos < len(s.entries) {
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
	}
	return nil
}

// mergeEntry is one index entry and the query it came from.
type mergeEntry struct {
	Key    string
	ID     ID
	stream int
}

type mergeStream struct {
	q       Query
	index   int
	chunk   int
	done    bool
	last    string // the last key read: the next chunk starts after it
	entries []mergeEntry
	pos     int
}

// fill reads the stream's next chunk. A run of equal keys (one client's two
// sessions at the same moment) is never split, since the next chunk
// resumes after the last key.
func (s *mergeStream) fill(tx Tx, c Collection, stop func(int, string) bool) error {
	s.entries, s.pos = s.entries[:0], 0
	if s.done {
		return nil
	}
	q := s.q
	if s.last != "" {
		q.From, q.After = "", s.last
	}
	n := 0
	s.done = true
	err := tx.Scan(c, q, func(key string, id ID) (bool, error) {
		if stop != nil && stop(s.index, key) {
			return false, nil
		}
		if n >= s.chunk && key != s.last {
			s.done = false // more to read
			return false, nil
		}
		s.entries = append(s.entries, mergeEntry{Key: key, ID: id, stream: s.index})
		s.last = key
		n++
		return true, nil
	})
	s.chunk = min(s.chunk*2, 64)
	return err
}

// merger is a heap of the streams by their next entry.
type merger struct {
	heads []*mergeStream
	less  func(a, b mergeEntry) bool
}

func (m *merger) Len() int { return len(m.heads) }
func (m *merger) Less(i, j int) bool {
	a, b := m.heads[i].entries[m.heads[i].pos], m.heads[j].entries[m.heads[j].pos]
	if m.less(a, b) {
		return true
	}
	if m.less(b, a) {
		return false
	}
	return a.stream < b.stream
}
func (m *merger) Swap(i, j int) { m.heads[i], m.heads[j] = m.heads[j], m.heads[i] }
func (m *merger) Push(x any)    { m.heads = append(m.heads, x.(*mergeStream)) }
func (m *merger) Pop() any {
	s := m.heads[len(m.heads)-1]
	m.heads = m.heads[:len(m.heads)-1]
	return s
}
