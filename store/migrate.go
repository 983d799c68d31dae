package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	clientv3 "go.etcd.io/etcd/client/v3"

	"behalf/domain"
)

// Moving an organisation between the stores (behalf migrate). The source
// is read at one commit; the destination is made to hold exactly the same
// records (library files' records among them), index entries and id
// sequences, writing only what differs, so that a second run writes
// nothing; then the destination is read again from scratch and compared
// with the source record by record.

// Migratable is a store an organisation moves out of or into: *DB (a
// bbolt file) or *Etcd (a prefix on a cluster).
type Migratable interface {
	// contents reads everything the store holds, afresh, at one commit.
	contents() (*snap, error)
	// replace makes the store that holds have hold want instead; it
	// reports how many keys it wrote and deleted.
	replace(have, want *snap) (written, deleted int, err error)
}

// orgCollection holds the organisation's own record: a destination is
// empty or holds the same organisation (a run again), never another one.
const orgCollection domain.Collection = "org"

// MigrateReport is what Migrate did.
type MigrateReport struct {
	Org string // the organisation's name
	// What the source holds.
	Collections, Records, Entries int
	// Keys the destination changed: both 0 when it already held it all.
	Written, Deleted int
}

// MismatchError is the comparison's finding: the destination does not
// hold what the source does.
type MismatchError struct {
	Diffs []string // the first differences, one line each
	Total int
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("the copy differs from the source in %d places: %s", e.Total, strings.Join(e.Diffs, "; "))
}

// Migrate copies from's organisation into to and compares the two after.
func Migrate(from, to Migratable) (MigrateReport, error) {
	var rep MigrateReport
	src, err := from.contents()
	if err != nil {
		return rep, fmt.Errorf("reading the source: %w", err)
	}
	srcOrg, err := orgOf(src)
	if err != nil {
		return rep, fmt.Errorf("the source: %w", err)
	}
	if srcOrg == nil {
		return rep, errors.New("the source holds no organisation")
	}
	rep.Org = srcOrg.Name
	dst, err := to.contents()
	if err != nil {
		return rep, fmt.Errorf("reading the destination: %w", err)
	}
	if !emptySnap(dst) {
		dstOrg, err := orgOf(dst)
		if err != nil {
			return rep, fmt.Errorf("the destination: %w", err)
		}
		if dstOrg == nil || !srcOrg.same(*dstOrg) {
			what := "records but no organisation"
			if dstOrg != nil {
				what = fmt.Sprintf("another organisation, %q (made %s), not %q", dstOrg.Name, dstOrg.Created.UTC().Format(time.DateOnly), srcOrg.Name)
			}
			return rep, fmt.Errorf("the destination already holds %s; nothing was changed: move into an empty one", what)
		}
	}
	src.tree.Ascend(func(it item) bool {
		if it.k[0] == 'r' {
			rep.Records++
		} else {
			rep.Entries++
		}
		return true
	})
	for _, n := range src.counts {
		if n > 0 {
			rep.Collections++
		}
	}
	if diffs, _ := diffSnaps(src, dst, 1); len(diffs) > 0 {
		if rep.Written, rep.Deleted, err = to.replace(dst, src); err != nil {
			return rep, fmt.Errorf("writing the destination: %w", err)
		}
	}
	after, err := to.contents()
	if err != nil {
		return rep, fmt.Errorf("reading the destination back: %w", err)
	}
	if diffs, total := diffSnaps(src, after, 10); total > 0 {
		return rep, &MismatchError{Diffs: diffs, Total: total}
	}
	return rep, nil
}

type orgID struct {
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

func (o orgID) same(p orgID) bool { return o.Name == p.Name && o.Created.Equal(p.Created) }

// orgOf is the organisation sn holds (nil: none).
func orgOf(sn *snap) (*orgID, error) {
	var frame []byte
	b := recBucket(orgCollection)
	sn.tree.AscendGreaterOrEqual(item{k: b}, func(it item) bool {
		if strings.HasPrefix(it.k, b) {
			frame = it.v
		}
		return false
	})
	if frame == nil {
		return nil, nil
	}
	data, err := RecordJSON(frame)
	if err != nil {
		return nil, err
	}
	var o orgID
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Errorf("the organisation's record: %w", err)
	}
	return &o, nil
}

func emptySnap(sn *snap) bool {
	for _, n := range sn.seqs {
		if n != 0 {
			return false
		}
	}
	return sn.tree.Len() == 0
}

// diffSnaps compares a (the source) with b (the destination): the first
// limit differences, one line each, and how many there are.
func diffSnaps(a, b *snap, limit int) (diffs []string, total int) {
	add := func(format string, args ...any) {
		total++
		if len(diffs) < limit {
			diffs = append(diffs, fmt.Sprintf(format, args...))
		}
	}
	a.tree.Ascend(func(it item) bool {
		v, ok := b.get(it.k)
		switch {
		case !ok:
			add("%s: only in the source", describeKey(it))
		case !bytes.Equal(v, it.v):
			add("%s: differs", describeKey(it))
		}
		return true
	})
	b.tree.Ascend(func(it item) bool {
		if _, ok := a.get(it.k); !ok {
			add("%s: only in the destination", describeKey(it))
		}
		return true
	})
	cs := unionKeys(a.seqs, b.seqs)
	for _, c := range slices.Sorted(maps.Keys(cs)) {
		if a.seqs[c] != b.seqs[c] {
			add("%s: ids given out up to %d in the source, %d in the destination", c, a.seqs[c], b.seqs[c])
		}
	}
	return diffs, total
}

// describeKey names a tree item for a person: "record people 12", or
// "index entry of people: handle "jane" → 12".
func describeKey(it item) string {
	i := strings.IndexByte(it.k, 0)
	c, key := it.k[1:i], []byte(it.k[i+1:])
	if it.k[0] == 'r' {
		if len(key) == 8 {
			return fmt.Sprintf("record %s %d", c, binary.BigEndian.Uint64(key))
		}
		return fmt.Sprintf("record %s %q", c, key)
	}
	name, k, id, _, err := parseEntry(key, it.v)
	if err != nil || len(id) != 8 {
		return fmt.Sprintf("index entry of %s %q", c, key)
	}
	return fmt.Sprintf("index entry of %s: %s %q -> %d", c, name, k, binary.BigEndian.Uint64(id))
}

// bucketOf is the bbolt bucket and key of a tree item.
func bucketOf(k string) (bucket, key string) {
	i := strings.IndexByte(k, 0)
	if k[0] == 'r' {
		return k[1:i], k[i+1:]
	}
	return string(idxName(domain.Collection(k[1:i]))), k[i+1:]
}

// contents reads the whole file: records, index entries as stored (not
// derived from the records: a file whose indexes disagree with its records
// shows in the comparison) and sequences.
func (s *DB) contents() (*snap, error) {
	sn := newSnap()
	err := s.db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			n := string(name)
			if n == string(bucketMeta) {
				return nil
			}
			kind, c := "r", n
			if cc, ok := strings.CutSuffix(n, "/~idx"); ok {
				kind, c = "i", cc
			} else if seq := b.Sequence(); seq != 0 {
				sn.seqs[domain.Collection(c)] = seq
			}
			prefix := kind + c + "\x00"
			return b.ForEach(func(k, v []byte) error {
				if v == nil {
					return fmt.Errorf("%s: unexpected nested bucket %x", n, k)
				}
				sn.tree.ReplaceOrInsert(item{k: prefix + string(k), v: bytes.Clone(v)})
				if kind == "r" {
					sn.counts[domain.Collection(c)]++
				}
				return nil
			})
		})
	})
	return sn, err
}

// replace rewrites what differs in one bbolt transaction: a copy cut
// short leaves the file as it was.
func (s *DB) replace(have, want *snap) (written, deleted int, err error) {
	err = s.db.Update(func(btx *bolt.Tx) error {
		bucket := func(name string) (*bolt.Bucket, error) {
			b, err := btx.CreateBucketIfNotExists([]byte(name))
			if b != nil && !strings.HasSuffix(name, "/~idx") {
				b.FillPercent = appendFill
			}
			return b, err
		}
		var err error
		have.tree.Ascend(func(it item) bool {
			if _, ok := want.get(it.k); !ok {
				bn, k := bucketOf(it.k)
				if b := btx.Bucket([]byte(bn)); b != nil {
					err = b.Delete([]byte(k))
					deleted++
				}
			}
			return err == nil
		})
		if err != nil {
			return err
		}
		want.tree.Ascend(func(it item) bool {
			if v, ok := have.get(it.k); ok && bytes.Equal(v, it.v) {
				return true
			}
			bn, k := bucketOf(it.k)
			var b *bolt.Bucket
			if b, err = bucket(bn); err == nil {
				err = b.Put([]byte(k), it.v)
				written++
			}
			return err == nil
		})
		if err != nil {
			return err
		}
		for c := range unionKeys(have.seqs, want.seqs) {
			if have.seqs[c] == want.seqs[c] {
				continue
			}
			b, err := bucket(string(c))
			if err != nil {
				return err
			}
			if err := b.SetSequence(want.seqs[c]); err != nil {
				return err
			}
			written++
		}
		meta, err := btx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, u64(uint64(SchemaVersion)))
	})
	return written, deleted, err
}

func unionKeys[K comparable, V any](a, b map[K]V) map[K]bool {
	out := make(map[K]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// contents reads the prefix afresh from the cluster, at one revision.
func (s *Etcd) contents() (*snap, error) {
	sn, _, err := s.load()
	return sn, err
}

// Limits of one etcd transaction of a copy: below etcd's defaults
// (--max-txn-ops 128, --max-request-bytes 1.5 MiB), so that a migration
// needs no special settings on the cluster.
const (
	migrateOps   = 100
	migrateBytes = 1 << 20
)

// ErrMovedMeanwhile is what a copy into etcd gets when a server commits
// under the prefix while the copy runs.
var ErrMovedMeanwhile = errors.New("a server changed the organisation under the destination prefix while it was being copied: stop the servers that use it, then run migrate again")

// replace writes the records and sequences that differ, in transactions
// of a bounded size, each only if nothing committed under the prefix since
// have was read; the commit marker comes last, so that a front end
// following the prefix sees the whole copy at once. The organisation's
// own record is written first: a copy cut short is then recognised as the
// same organisation by a run again, which finishes it.
func (s *Etcd) replace(have, want *snap) (written, deleted int, err error) {
	var ops []clientv3.Op
	var first []clientv3.Op
	have.tree.Ascend(func(it item) bool {
		if it.k[0] == 'r' {
			if _, ok := want.get(it.k); !ok {
				ops = append(ops, clientv3.OpDelete(s.prefix+etcdKeyOf(it.k)))
				deleted++
			}
		}
		return true
	})
	want.tree.Ascend(func(it item) bool {
		if it.k[0] != 'r' {
			return true
		}
		if v, ok := have.get(it.k); ok && bytes.Equal(v, it.v) {
			return true
		}
		op := clientv3.OpPut(s.prefix+etcdKeyOf(it.k), string(it.v))
		if strings.HasPrefix(it.k, recBucket(orgCollection)) {
			first = append(first, op)
		} else {
			ops = append(ops, op)
		}
		written++
		return true
	})
	for c := range unionKeys(have.seqs, want.seqs) {
		switch n := want.seqs[c]; {
		case have.seqs[c] == n:
			continue
		case n == 0:
			ops = append(ops, clientv3.OpDelete(s.prefix+etcdSeqKey(c)))
		default:
			ops = append(ops, clientv3.OpPut(s.prefix+etcdSeqKey(c), strconv.FormatUint(n, 10)))
		}
		written++
	}
	ops = append(first, ops...)
	ops = append(ops, clientv3.OpPut(s.prefix+etcdMarker, "[]"))
	for len(ops) > 0 {
		n, size := 0, 0
		for n < len(ops) && n < migrateOps {
			size += len(ops[n].KeyBytes()) + len(ops[n].ValueBytes())
			if n > 0 && size > migrateBytes {
				break
			}
			n++
		}
		ctx, cancel := s.call()
		r, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.ModRevision(s.prefix+etcdMarker), "=", have.marker)).
			Then(ops[:n]...).Commit()
		cancel()
		if err != nil {
			return written, deleted, unavailable(err)
		}
		if !r.Succeeded {
			return written, deleted, ErrMovedMeanwhile
		}
		ops = ops[n:]
	}
	return written, deleted, nil
}

// etcdKeyOf is the etcd key (under the prefix) of a record's tree key.
func etcdKeyOf(k string) string {
	i := strings.IndexByte(k, 0)
	return "r/" + k[1:i] + "/" + domain.ID(binary.BigEndian.Uint64([]byte(k[i+1:]))).Key()
}
