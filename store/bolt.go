// Package store keeps the organisation in a bbolt file. It implements the
// domain's Store and Tx contracts: one bucket per collection, 8-byte
// big-endian ids so cursor order is creation order, secondary indexes written
// in the same transaction as their record, and an in-process change feed.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"behalf/domain"
)

// SchemaVersion is the layout this build reads and writes. A database with
// a newer version is refused; older ones are migrated on open.
const SchemaVersion = 1

var (
	bucketMeta = []byte("meta")
	keySchema  = []byte("schema")
)

// ErrLocked is returned by Open when another process holds the database.
var ErrLocked = errors.New("the database is in use by another behalf server")

// DB is the bbolt-backed store.
type DB struct {
	db   *bolt.DB
	feed *feed
}

// Options tune Open; the zero value is what a server wants.
type Options struct {
	// LockTimeout bounds the wait for the file lock (default 2s).
	LockTimeout time.Duration
}

// Open opens (creating if needed) the database at path with mode 0600.
func Open(path string, opt Options) (*DB, error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 2 * time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.LockTimeout})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, err
	}
	s := &DB{db: db, feed: newFeed()}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrate records the schema version on a new file, runs the migrations an
// older file needs (each in one transaction), and refuses a newer one.
func (s *DB) migrate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		v := 0
		if b := meta.Get(keySchema); b != nil {
			v = int(binary.BigEndian.Uint64(b))
		} else if isEmpty(tx) {
			v = SchemaVersion // a new file starts at the current layout
		}
		if v > SchemaVersion {
			return fmt.Errorf("the database has schema version %d but this behalf reads up to %d: use a newer behalf", v, SchemaVersion)
		}
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrating schema %d to %d: %w", v, v+1, err)
			}
		}
		return meta.Put(keySchema, u64(uint64(SchemaVersion)))
	})
}

// migrations[v] moves a database from version v to v+1.
var migrations = map[int]func(*bolt.Tx) error{
	0: func(*bolt.Tx) error { return nil }, // version 0: files made before the version was recorded
}

func isEmpty(tx *bolt.Tx) bool {
	empty := true
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if !bytes.Equal(name, bucketMeta) {
			empty = false
		}
		return nil
	})
	return empty
}

// Schema returns the version recorded in the file.
func (s *DB) Schema() (int, error) {
	var v int
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta).Get(keySchema)
		if b == nil {
			return errors.New("no schema version recorded")
		}
		v = int(binary.BigEndian.Uint64(b))
		return nil
	})
	return v, err
}

func (s *DB) Close() error { return s.db.Close() }

func (s *DB) View(fn func(domain.Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error { return fn(&tx{btx: btx}) })
}

// Update runs fn in one read-write transaction. If fn fails nothing of it is
// written. After a successful commit the people it marked are told.
func (s *DB) Update(fn func(domain.Tx) error) error {
	t := &tx{}
	err := s.db.Update(func(btx *bolt.Tx) error {
		t.btx = btx
		return fn(t)
	})
	if err == nil && len(t.changed) > 0 {
		s.feed.publish(t.changed)
	}
	return err
}

func (s *DB) Watch(person domain.ID) (<-chan struct{}, func()) { return s.feed.watch(person) }

// Backup streams a consistent snapshot: a read transaction sees one
// committed state however many writers run meanwhile.
func (s *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(btx *bolt.Tx) error {
		var err error
		n, err = btx.WriteTo(w)
		return err
	})
	return n, err
}

// appendFill is how full bbolt packs the pages of buckets keyed by id.
const appendFill = 1.0

// tx adapts a bbolt transaction to domain.Tx.
type tx struct {
	btx     *bolt.Tx
	changed []domain.ID
	// buckets remembers the buckets found in this transaction: bbolt
	// caches them only in write transactions, and a read transaction of a
	// list looks the same few up hundreds of times.
	buckets map[string]*bolt.Bucket
}

// lookup is btx.Bucket(name), remembered for the transaction.
func (t *tx) lookup(name []byte) *bolt.Bucket {
	if b, ok := t.buckets[string(name)]; ok {
		return b
	}
	b := t.btx.Bucket(name)
	if b != nil {
		if t.buckets == nil {
			t.buckets = map[string]*bolt.Bucket{}
		}
		t.buckets[string(name)] = b
	}
	return b
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func idxBucketName(c domain.Collection, index string) []byte {
	return []byte(string(c) + "/" + index)
}

// refsName is the bucket that remembers each record's index entries so a
// Put can remove the stale ones and a Delete all of them.
func refsName(c domain.Collection) []byte { return []byte(string(c) + "/~refs") }

func (t *tx) bucket(name []byte) (*bolt.Bucket, error) {
	if b := t.lookup(name); b != nil {
		return b, nil
	}
	if !t.btx.Writable() {
		return nil, nil
	}
	b, err := t.btx.CreateBucket(name)
	if err == nil {
		if t.buckets == nil {
			t.buckets = map[string]*bolt.Bucket{}
		}
		t.buckets[string(name)] = b
	}
	return b, err
}

func (t *tx) Writable() bool { return t.btx.Writable() }

func (t *tx) Get(c domain.Collection, id domain.ID, v any) error {
	b := t.lookup([]byte(c))
	if b == nil {
		return notFound(c, id)
	}
	data := b.Get(u64(uint64(id)))
	if data == nil {
		return notFound(c, id)
	}
	// Decoding copies what it keeps, so nothing outlives the transaction. A
	// record with its own decoder (domain/records_json.go) gets the bytes
	// straight away: encoding/json would first scan them twice, to check
	// them and to find the value's end, before handing them over; the
	// record's decoder accepts only valid JSON and hands anything else to
	// encoding/json, so the outcome is the same.
	var err error
	if u, ok := v.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(data)
	} else {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		return fmt.Errorf("decoding %s %d: %w", c, id, err)
	}
	return nil
}

func notFound(c domain.Collection, id domain.ID) error {
	return &domain.Error{Kind: domain.KindNotFound, Msg: fmt.Sprintf("no %s with id %d", strings.TrimSuffix(string(c), "s"), id)}
}

type ref struct {
	Name   string `json:"n"`
	Key    string `json:"k"`
	Unique bool   `json:"u,omitempty"`
}

func (t *tx) Put(c domain.Collection, id domain.ID, v any, idx ...domain.Index) error {
	if id == 0 {
		return errors.New("store: Put with id 0")
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b, err := t.bucket([]byte(c))
	if err != nil {
		return err
	}
	// Records and their refs are keyed by id, and ids only grow: new
	// records land at the end, where half-empty pages (bbolt's default
	// split at 50%) would stay half empty for good.
	b.FillPercent = appendFill
	key := u64(uint64(id))
	if same, err := t.sameRefs(c, key, idx); err != nil {
		return err
	} else if same {
		// The record changed but not its index entries (an invoice paid, a
		// session marked): leave the indexes and refs untouched, so the
		// commit writes the record's pages and not theirs too.
		return b.Put(key, data)
	}
	if err := t.dropRefs(c, key); err != nil {
		return err
	}
	refs := make([]ref, 0, len(idx))
	for _, ix := range idx {
		ib, err := t.bucket(idxBucketName(c, ix.Name))
		if err != nil {
			return err
		}
		if ix.Unique {
			if cur := ib.Get([]byte(ix.Key)); cur != nil && !bytes.Equal(cur, key) {
				return &domain.Error{Kind: domain.KindConflict, Msg: fmt.Sprintf("%s %q is already taken", ix.Name, ix.Key)}
			}
			if err := ib.Put([]byte(ix.Key), key); err != nil {
				return err
			}
		} else if err := ib.Put(append([]byte(ix.Key+"\x00"), key...), nil); err != nil {
			return err
		}
		refs = append(refs, ref{ix.Name, ix.Key, ix.Unique})
	}
	if len(refs) > 0 {
		rb, err := t.bucket(refsName(c))
		if err != nil {
			return err
		}
		rb.FillPercent = appendFill
		enc, err := json.Marshal(refs)
		if err != nil {
			return err
		}
		if err := rb.Put(key, enc); err != nil {
			return err
		}
	}
	return b.Put(key, data)
}

// sameRefs reports whether record key already has exactly the index
// entries idx, in place: the refs say so and every entry is there (a
// unique one still pointing at this record). Anything else takes the full
// path, which removes the old entries and writes the new ones.
func (t *tx) sameRefs(c domain.Collection, key []byte, idx []domain.Index) (bool, error) {
	rb := t.lookup(refsName(c))
	var enc []byte
	if rb != nil {
		enc = rb.Get(key)
	}
	if enc == nil {
		return false, nil // a new record, or one without indexes: nothing to spare
	}
	var refs []ref
	if err := json.Unmarshal(enc, &refs); err != nil {
		return false, err
	}
	if len(refs) != len(idx) {
		return false, nil
	}
	for i, ix := range idx {
		if r := refs[i]; r.Name != ix.Name || r.Key != ix.Key || r.Unique != ix.Unique {
			return false, nil
		}
		ib := t.lookup(idxBucketName(c, ix.Name))
		if ib == nil {
			return false, nil
		}
		if ix.Unique {
			if !bytes.Equal(ib.Get([]byte(ix.Key)), key) {
				return false, nil
			}
			continue
		}
		entry := append([]byte(ix.Key+"\x00"), key...)
		if k, _ := ib.Cursor().Seek(entry); !bytes.Equal(k, entry) {
			return false, nil
		}
	}
	return true, nil
}

func (t *tx) dropRefs(c domain.Collection, key []byte) error {
	rb := t.lookup(refsName(c))
	if rb == nil {
		return nil
	}
	enc := rb.Get(key)
	if enc == nil {
		return nil
	}
	var refs []ref
	if err := json.Unmarshal(enc, &refs); err != nil {
		return err
	}
	for _, r := range refs {
		ib := t.lookup(idxBucketName(c, r.Name))
		if ib == nil {
			continue
		}
		var k []byte
		if r.Unique {
			k = []byte(r.Key)
			if !bytes.Equal(ib.Get(k), key) {
				continue // someone else's now
			}
		} else {
			k = append([]byte(r.Key+"\x00"), key...)
		}
		if err := ib.Delete(k); err != nil {
			return err
		}
	}
	return rb.Delete(key)
}

func (t *tx) Delete(c domain.Collection, id domain.ID) error {
	b := t.lookup([]byte(c))
	if b == nil {
		return nil
	}
	key := u64(uint64(id))
	if err := t.dropRefs(c, key); err != nil {
		return err
	}
	return b.Delete(key)
}

func (t *tx) NextID(c domain.Collection) (domain.ID, error) {
	b, err := t.bucket([]byte(c))
	if err != nil {
		return 0, err
	}
	if b == nil {
		return 0, errors.New("store: NextID in a read-only transaction")
	}
	n, err := b.NextSequence()
	return domain.ID(n), err
}

func (t *tx) Lookup(c domain.Collection, index, key string) (domain.ID, error) {
	ib := t.lookup(idxBucketName(c, index))
	if ib == nil {
		return 0, &domain.Error{Kind: domain.KindNotFound, Msg: fmt.Sprintf("no %s %q", index, key)}
	}
	v := ib.Get([]byte(key))
	if len(v) != 8 {
		return 0, &domain.Error{Kind: domain.KindNotFound, Msg: fmt.Sprintf("no %s %q", index, key)}
	}
	return domain.ID(binary.BigEndian.Uint64(v)), nil
}

func (t *tx) Count(c domain.Collection) (int, error) {
	b := t.lookup([]byte(c))
	if b == nil {
		return 0, nil
	}
	return b.Stats().KeyN, nil
}

func (t *tx) Changed(people ...domain.ID) { t.changed = append(t.changed, people...) }
