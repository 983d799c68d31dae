package store

import (
	"errors"
	"fmt"
	"strconv"

	"behalf/domain"
)

// etx is one etcd-store transaction: reads and writes go to its snap (a
// private clone when it writes), and writes are remembered as the etcd
// keys to put (nil: delete) at commit.
type etx struct {
	sn      *snap
	writes  map[string][]byte // nil map: read-only
	changed []domain.Feed
}

var errReadOnly = errors.New("store: a write in a read-only transaction")

func (t *etx) Writable() bool { return t.writes != nil }

func (t *etx) Get(c domain.Collection, id domain.ID, v any) error {
	stored := t.sn.record(c, id)
	if stored == nil {
		return notFound(c, id)
	}
	return decodeStored(c, id, stored, v)
}

func (t *etx) Put(c domain.Collection, id domain.ID, v any, idx ...domain.Index) error {
	if t.writes == nil {
		return errReadOnly
	}
	if id == 0 {
		return errors.New("store: Put with id 0")
	}
	data, err := encodeJSON(v)
	if err != nil {
		return err
	}
	// Unique entries are checked before anything changes, so a refused
	// Put leaves the transaction as it was.
	for _, ix := range idx {
		if ix.Unique {
			if cur := t.sn.lookupEntry(c, ix.Name, ix.Key); cur != 0 && cur != id {
				return &domain.Error{Kind: domain.KindConflict, Msg: fmt.Sprintf("%s %q is already taken", ix.Name, ix.Key)}
			}
		}
	}
	frame := encodeRecord(refsOf(idx), data)
	if err := t.sn.setRecord(c, id, frame); err != nil {
		return fmt.Errorf("%s %d: %w", c, id, err)
	}
	t.writes[etcdRecordKey(c, id)] = frame
	return nil
}

func (t *etx) Delete(c domain.Collection, id domain.ID) error {
	if t.writes == nil {
		return errReadOnly
	}
	if t.sn.record(c, id) == nil {
		return nil
	}
	if err := t.sn.setRecord(c, id, nil); err != nil {
		return fmt.Errorf("%s %d: %w", c, id, err)
	}
	t.writes[etcdRecordKey(c, id)] = nil
	return nil
}

func (t *etx) NextID(c domain.Collection) (domain.ID, error) {
	if t.writes == nil {
		return 0, errors.New("store: NextID in a read-only transaction")
	}
	n := t.sn.seqs[c] + 1
	t.sn.seqs[c] = n
	t.writes[etcdSeqKey(c)] = []byte(strconv.FormatUint(n, 10))
	return domain.ID(n), nil
}

func (t *etx) Lookup(c domain.Collection, index, key string) (domain.ID, error) {
	if id := t.sn.lookupEntry(c, index, key); id != 0 {
		return id, nil
	}
	return 0, &domain.Error{Kind: domain.KindNotFound, Msg: fmt.Sprintf("no %s %q", index, key)}
}

func (t *etx) Scan(c domain.Collection, q domain.Query, fn func(key string, id domain.ID) (bool, error)) error {
	b := idxBucket(c)
	if q.Index == "" {
		b = recBucket(c)
	}
	return scanCursor(&treeCursor{t: t.sn.tree, prefix: b}, q, fn, nil)
}

func (t *etx) Count(c domain.Collection) (int, error) { return t.sn.counts[c], nil }

func (t *etx) Changed(feeds ...domain.Feed) { t.changed = append(t.changed, feeds...) }
