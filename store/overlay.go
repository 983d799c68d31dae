package store

import (
	"bytes"
	"sort"
	"strings"

	"github.com/google/btree"
	bolt "go.etcd.io/bbolt"
)

// An overlay is a batch's view of the file while the commit before it is
// still under way (group.go): it reads a read transaction's state — the
// one before that commit, or that commit's own if it ended before the
// batch began — with the writes of the commit under way laid over it, and
// the batch's own writes over those. What the batch writes is kept apart
// too (own), for its own commit to write into the file and for the batch
// after it to lay over its state in turn.
//
// The keys and values an overlay keeps are its own copies: the read
// transaction ends when the batch has run, well before its commit.
type overlay struct {
	base    *bolt.Tx
	prev    writes // the commit under way's writes; nil if none
	buckets map[string]*ovBucket
	undo    []undo // the writes of the call now running
}

// writes are one batch's writes, bucket by bucket.
type writes map[string]*bucketWrites

type bucketWrites struct {
	entries *btree.BTreeG[ovEntry]
	seq     uint64
	seqSet  bool
}

// ovEntry is a key's value as a batch left it; del: the key is gone.
type ovEntry struct {
	k   string
	v   []byte
	del bool
}

func entryLess(a, b ovEntry) bool { return a.k < b.k }

func newEntries() *btree.BTreeG[ovEntry] { return btree.NewG(8, entryLess) }

// ovBucket is one bucket as the batch sees it: the base's (nil if it has
// none), the view of it (the commit under way's writes and the batch's),
// and the batch's own writes.
type ovBucket struct {
	ov   *overlay
	base *bolt.Bucket
	view *bucketWrites
	own  *bucketWrites
}

// undo is what one write replaced, to take a failed call's writes back.
type undo struct {
	b                 *ovBucket
	k                 string
	view, own         ovEntry
	inView, inOwn     bool
	seq, ownSeq       uint64
	seqSet, ownSeqSet bool
	isSeq             bool
}

func newOverlay(base *bolt.Tx, prev writes) *overlay {
	return &overlay{base: base, prev: prev, buckets: map[string]*ovBucket{}}
}

// rebase sets the overlay over base, a read transaction begun later than
// the one it was over: one as old or older than the end of the commit
// under way (its writes, laid over, read the same either way).
func (o *overlay) rebase(base *bolt.Tx) {
	o.base = base
	for name, b := range o.buckets {
		b.base = base.Bucket([]byte(name))
	}
}

// bucket is the bucket called name as the batch sees it; nil if there is
// none and create is false.
func (o *overlay) bucket(name string, create bool) *ovBucket {
	if b, ok := o.buckets[name]; ok {
		return b
	}
	base := o.base.Bucket([]byte(name))
	pw := o.prev[name]
	if base == nil && pw == nil && !create {
		return nil
	}
	b := &ovBucket{ov: o, base: base, own: &bucketWrites{entries: newEntries()}}
	if pw != nil {
		b.view = &bucketWrites{entries: pw.entries.Clone(), seq: pw.seq, seqSet: pw.seqSet}
	} else {
		b.view = &bucketWrites{entries: newEntries()}
	}
	o.buckets[name] = b
	return b
}

// begin starts a call: the writes before it stand.
func (o *overlay) begin() { o.undo = o.undo[:0] }

// takeBack takes back every write since begin.
func (o *overlay) takeBack() {
	for i := len(o.undo) - 1; i >= 0; i-- {
		u := o.undo[i]
		b := u.b
		if u.isSeq {
			b.view.seq, b.view.seqSet = u.seq, u.seqSet
			b.own.seq, b.own.seqSet = u.ownSeq, u.ownSeqSet
			continue
		}
		restore(b.view.entries, u.k, u.view, u.inView)
		restore(b.own.entries, u.k, u.own, u.inOwn)
	}
	o.undo = o.undo[:0]
}

func restore(t *btree.BTreeG[ovEntry], k string, e ovEntry, had bool) {
	if had {
		t.ReplaceOrInsert(e)
	} else {
		t.Delete(ovEntry{k: k})
	}
}

// writes is what the batch wrote, for its commit and the batch after.
func (o *overlay) writes() writes {
	w := writes{}
	for name, b := range o.buckets {
		if b.own.entries.Len() > 0 || b.own.seqSet {
			w[name] = b.own
		}
	}
	return w
}

func (b *ovBucket) Get(key []byte) []byte {
	if b.view.entries.Len() == 0 {
		if b.base == nil {
			return nil
		}
		return b.base.Get(key)
	}
	if e, ok := b.view.entries.Get(ovEntry{k: string(key)}); ok {
		if e.del {
			return nil
		}
		return e.v
	}
	if b.base == nil {
		return nil
	}
	return b.base.Get(key)
}

func (b *ovBucket) set(e ovEntry) {
	o := b.ov
	u := undo{b: b, k: e.k}
	u.view, u.inView = b.view.entries.ReplaceOrInsert(e)
	u.own, u.inOwn = b.own.entries.ReplaceOrInsert(e)
	o.undo = append(o.undo, u)
}

func (b *ovBucket) Put(key, value []byte) error {
	b.set(ovEntry{k: string(key), v: append([]byte{}, value...)})
	return nil
}

func (b *ovBucket) Delete(key []byte) error {
	b.set(ovEntry{k: string(key), del: true})
	return nil
}

func (b *ovBucket) NextSequence() (uint64, error) {
	o := b.ov
	o.undo = append(o.undo, undo{b: b, isSeq: true, seq: b.view.seq, seqSet: b.view.seqSet, ownSeq: b.own.seq, ownSeqSet: b.own.seqSet})
	n := b.view.seq
	if !b.view.seqSet && b.base != nil {
		n = b.base.Sequence()
	}
	n++
	b.view.seq, b.view.seqSet = n, true
	b.own.seq, b.own.seqSet = n, true
	return n, nil
}

func (b *ovBucket) cursor() cursor {
	c := &mergedCursor{view: b.view.entries}
	if b.base != nil {
		c.base = b.base.Cursor()
	}
	return c
}

// apply writes w into the file: the commit of the batch that made it.
func (w writes) apply(btx *bolt.Tx) error {
	names := make([]string, 0, len(w))
	for name := range w {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		bw := w[name]
		b, err := btx.CreateBucketIfNotExists([]byte(name))
		if err != nil {
			return err
		}
		if !strings.HasSuffix(name, idxSuffix) {
			b.FillPercent = appendFill
		}
		bw.entries.Ascend(func(e ovEntry) bool {
			if e.del {
				err = b.Delete([]byte(e.k))
			} else {
				err = b.Put([]byte(e.k), e.v)
			}
			return err == nil
		})
		if err != nil {
			return err
		}
		if bw.seqSet {
			if err := b.SetSequence(bw.seq); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergedCursor walks a bucket of the base and the view laid over it as
// one: a key the view holds is the view's (or gone, if deleted there).
// The base's cursor stays where the walk left it, on the base's next key
// in the walk's direction, so a walk reads each of the base's keys once.
type mergedCursor struct {
	base *bolt.Cursor // nil: the base has no such bucket
	view *btree.BTreeG[ovEntry]
	at   []byte // the key last returned; nil before the start or past the end
	// bk, bv is the base's key the walk meets next (nil: none), in
	// direction dir (1 forward, -1 backward; 0: not placed).
	bk, bv []byte
	dir    int
}

func (c *mergedCursor) First() ([]byte, []byte) {
	c.bk, c.bv, c.dir = nil, nil, 1
	if c.base != nil {
		c.bk, c.bv = c.base.First()
	}
	return c.forward(nil, false)
}

func (c *mergedCursor) Last() ([]byte, []byte) {
	c.bk, c.bv, c.dir = nil, nil, -1
	if c.base != nil {
		c.bk, c.bv = c.base.Last()
	}
	return c.backward(nil, false)
}

func (c *mergedCursor) Seek(k []byte) ([]byte, []byte) {
	c.seekForward(k, false)
	return c.forward(k, false)
}

func (c *mergedCursor) Next() ([]byte, []byte) {
	if c.at == nil {
		return nil, nil
	}
	if c.dir != 1 {
		c.seekForward(c.at, true)
	} else if c.bk != nil && bytes.Equal(c.bk, c.at) {
		c.bk, c.bv = c.base.Next()
	}
	return c.forward(c.at, true)
}

func (c *mergedCursor) Prev() ([]byte, []byte) {
	if c.at == nil {
		return nil, nil
	}
	if c.dir != -1 {
		c.seekBackward(c.at, true)
	} else if c.bk != nil && bytes.Equal(c.bk, c.at) {
		c.bk, c.bv = c.base.Prev()
	}
	return c.backward(c.at, true)
}

// seekForward places the base on its first key at or after k (past k if
// strict).
func (c *mergedCursor) seekForward(k []byte, strict bool) {
	c.bk, c.bv, c.dir = nil, nil, 1
	if c.base == nil {
		return
	}
	if c.bk, c.bv = c.base.Seek(k); strict && bytes.Equal(c.bk, k) {
		c.bk, c.bv = c.base.Next()
	}
}

// seekBackward places the base on its last key at or before k (before k
// if strict).
func (c *mergedCursor) seekBackward(k []byte, strict bool) {
	c.bk, c.bv, c.dir = nil, nil, -1
	if c.base == nil {
		return
	}
	if c.bk, c.bv = c.base.Seek(k); c.bk == nil {
		c.bk, c.bv = c.base.Last()
	} else if strict || !bytes.Equal(c.bk, k) {
		c.bk, c.bv = c.base.Prev()
	}
}

func (c *mergedCursor) found(k, v []byte) ([]byte, []byte) {
	c.at = k
	return k, v
}

// forward is the first key at or after k (past k if strict; from the
// start if k is nil), the base placed for it.
func (c *mergedCursor) forward(k []byte, strict bool) ([]byte, []byte) {
	return c.walk(k, strict, 1)
}

// backward is the last key at or before k (before k if strict; from the
// end if k is nil), the base placed for it.
func (c *mergedCursor) backward(k []byte, strict bool) ([]byte, []byte) {
	return c.walk(k, strict, -1)
}

// walk is the next key from k in direction dir (1 forward, -1 backward),
// k itself included unless strict, from the end the walk starts at if k
// is nil. The base's cursor stands on the base's next key that way.
func (c *mergedCursor) walk(k []byte, strict bool, dir int) ([]byte, []byte) {
	for {
		e, ok := ovEntry{}, false
		if c.view.Len() > 0 {
			visit := func(it ovEntry) bool {
				if strict && it.k == string(k) {
					return true
				}
				e, ok = it, true
				return false
			}
			switch {
			case dir > 0 && k == nil:
				c.view.Ascend(visit)
			case dir > 0:
				c.view.AscendGreaterOrEqual(ovEntry{k: string(k)}, visit)
			case k == nil:
				c.view.Descend(visit)
			default:
				c.view.DescendLessOrEqual(ovEntry{k: string(k)}, visit)
			}
		}
		// The base's key comes first unless the view's is as near.
		if !ok || c.bk != nil && dir*strings.Compare(e.k, string(c.bk)) > 0 {
			if c.bk == nil {
				return c.found(nil, nil)
			}
			return c.found(append([]byte{}, c.bk...), c.bv)
		}
		if !e.del {
			return c.found([]byte(e.k), e.v)
		}
		// Deleted in the view: past it, in the base too if it is there.
		if c.bk != nil && e.k == string(c.bk) {
			if dir > 0 {
				c.bk, c.bv = c.base.Next()
			} else {
				c.bk, c.bv = c.base.Prev()
			}
		}
		k, strict = []byte(e.k), true
	}
}
