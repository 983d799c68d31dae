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
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"behalf/domain"
)

// SchemaVersion is the layout this build reads and writes. A database with
// a newer version is refused; older ones are migrated on open.
const SchemaVersion = 2

var (
	bucketMeta = []byte("meta")
	keySchema  = []byte("schema")
)

// ErrLocked is returned by Open when another process holds the database.
var ErrLocked = errors.New("the database is in use by another behalf server")

// DB is the bbolt-backed store.
type DB struct {
	db   *bolt.DB
	opt  Options
	feed *feed
	// group is the queue of Updates sharing a commit (group.go).
	group group
	// upgraded is the schema the file had when Open rewrote it (0: it did
	// not), and kept where the old file stays.
	upgraded int
	kept     string
	// beforeCommit, set by tests, runs in a batch's commit before its
	// writes; an error fails the commit.
	beforeCommit func() error
}

// Options tune Open; the zero value is what a server wants.
type Options struct {
	// LockTimeout bounds the wait for the file lock (default 2s).
	LockTimeout time.Duration
	// NoSync commits without waiting for the disk (no fsync): a crash may
	// lose or corrupt the file. For tests' throwaway files only; behalf
	// serve never sets it.
	NoSync bool
	// ReadOnly opens an existing file for reading only (`behalf check`):
	// nothing is written, not even an upgrade, and writes fail.
	ReadOnly bool
	// Rehearse runs every Update's function once more first, in a
	// transaction that is rolled back, as a group commit's retry may run
	// it (group.go): tests open their files with it, so that a use case
	// that changes anything outside its transaction shows.
	Rehearse bool
}

// Open opens (creating if needed) the database at path with mode 0600. A
// file of an older schema is upgraded first (see upgrade.go). A damaged
// file is refused unchanged, with an error that wraps ErrDamaged.
func Open(path string, opt Options) (s *DB, err error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 2 * time.Second
	}
	if err := inspect(path, opt); err != nil {
		return nil, err
	}
	if opt.ReadOnly {
		return openReadOnly(path, opt)
	}
	err = Guard(func() error {
		s, err = openAndUpgrade(path, opt)
		return err
	})
	return s, err
}

func openAndUpgrade(path string, opt Options) (*DB, error) {
	db, err := openBolt(path, opt)
	if err != nil {
		return nil, err
	}
	v, recorded, err := fileVersion(db)
	if err == nil && v > SchemaVersion {
		err = fmt.Errorf("the database has schema version %d but this behalf reads up to %d: use a newer behalf", v, SchemaVersion)
	}
	upgraded, kept := 0, ""
	if err == nil && v < 2 {
		db, err = upgradeToV2(db, path, opt)
		upgraded, kept = max(v, 1), path+".schema1"
		v, recorded = SchemaVersion, true // the rewrite records it
	}
	if err == nil && (!recorded || v < SchemaVersion) {
		err = recordVersion(db)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return nil, err
	}
	return &DB{db: db, opt: opt, feed: newFeed(), group: newGroup(), upgraded: upgraded, kept: kept}, nil
}

// openReadOnly opens an existing file of the current schema for reading.
func openReadOnly(path string, opt Options) (s *DB, err error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	err = Guard(func() error {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: opt.LockTimeout})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return fmt.Errorf("%s: %w", path, ErrLocked)
		}
		if err != nil {
			return damaged("%v", err)
		}
		v, _, err := fileVersion(db)
		switch {
		case err != nil:
		case v > SchemaVersion:
			err = fmt.Errorf("the database has schema version %d but this behalf reads up to %d: use a newer behalf", v, SchemaVersion)
		case v < SchemaVersion:
			err = fmt.Errorf("the database has the older schema version %d: start behalf serve on it once to upgrade it, then check it", max(v, 1))
		}
		if err != nil {
			db.Close()
			return err
		}
		s = &DB{db: db, opt: opt, feed: newFeed(), group: newGroup()}
		return nil
	})
	return s, err
}

// mapAhead is how much of the file bbolt maps when it opens it: address
// space, not memory. A commit that grows the file past its mapping maps it
// again, and must first wait for every read transaction to end — a long
// one (a backup's copy of a large file, a deletion's walk of the outbox,
// an export) would hold every write back meanwhile, and a small file is
// mapped again at each doubling of its size. Mapped this far ahead, only
// files past 8 GiB are mapped again (by 1 GiB at a time). bbolt then
// grows the file in steps of 16 MiB (sparse: blocks are taken as pages
// are written), not by doubling its mapping. A 32-bit build maps as bbolt would, and so does
// Windows, where bbolt makes the file as long as its mapping.
var mapAhead = func() int {
	if strconv.IntSize < 64 || runtime.GOOS == "windows" {
		return 0
	}
	gib := int64(1 << 30) // not a constant int: a 32-bit build compiles it too
	return int(8 * gib)
}()

func openBolt(path string, opt Options) (*bolt.DB, error) {
	bo := &bolt.Options{Timeout: opt.LockTimeout, NoSync: opt.NoSync, InitialMmapSize: mapAhead}
	db, err := bolt.Open(path, 0o600, bo)
	if errors.Is(err, syscall.ENOMEM) {
		// Address space limited (ulimit -v): map as bbolt would.
		bo.InitialMmapSize = 0
		db, err = bolt.Open(path, 0o600, bo)
	}
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	}
	return db, err
}

// fileVersion is the schema version recorded in the file: the current one
// for a new (empty) file, 0 for a file made before versions were recorded.
func fileVersion(db *bolt.DB) (v int, recorded bool, err error) {
	err = db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			if b := meta.Get(keySchema); len(b) == 8 {
				v, recorded = int(binary.BigEndian.Uint64(b)), true
				return nil
			}
		}
		if isEmpty(tx) {
			v = SchemaVersion
		}
		return nil
	})
	return v, recorded, err
}

// recordVersion writes the current schema version into the file (a new
// file starts at the current layout; an upgraded one has reached it).
func recordVersion(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, u64(uint64(SchemaVersion)))
	})
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

// Upgraded reports whether Open rewrote an older file into the current
// layout: the schema it had, and where the old file is kept (0 and "" if
// it did not).
func (s *DB) Upgraded() (from int, keptAs string) { return s.upgraded, s.kept }

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

// PagesWritten is how many pages commits have written since Open: what a
// write costs on disk, for benchmarks and diagnostics.
func (s *DB) PagesWritten() int64 {
	st := s.db.Stats()
	return st.TxStats.GetWrite()
}

func (s *DB) View(fn func(domain.Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error { return fn(&tx{btx: btx}) })
}

func (s *DB) Watch(f domain.Feed) (<-chan struct{}, func()) { return s.feed.watch(f) }

// Backup streams a consistent snapshot: a read transaction sees one
// committed state however many writers run meanwhile. The snapshot goes to
// an unlinked temporary file beside the database first and is streamed
// from there, so the read transaction lasts as long as a local copy and
// not as long as a slow client takes to read (a long read holds back no
// writer, see mapAhead, but it keeps the pages it reads from reuse).
func (s *DB) Backup(w io.Writer) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(s.db.Path()), ".backup-*")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := os.Remove(f.Name()); err != nil { // nothing is left behind, however this ends
		return 0, err
	}
	err = s.db.View(func(btx *bolt.Tx) error {
		_, err := btx.WriteTo(f)
		return err
	})
	if err != nil {
		return 0, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, f)
}

// appendFill is how full bbolt packs the pages of buckets keyed by id.
const appendFill = 1.0

// tx adapts a bbolt transaction to domain.Tx.
type tx struct {
	btx *bolt.Tx
	// ov, in a batch run ahead of the commit before it (group.go), holds
	// the writes: btx is then a read transaction, the state they stand on.
	ov      *overlay
	changed []domain.Feed
	// wrote is set by every method that changes the file (Put, Delete,
	// NextID): a function that fails without writing leaves a shared
	// transaction to the others (group.go).
	wrote bool
	// buckets remembers the buckets found in this transaction: bbolt
	// caches them only in write transactions, and a read transaction of a
	// list looks the same few up hundreds of times.
	buckets map[string]*txBucket
	// scanned is the record a scan in id order stands on: the domain
	// loads each record a scan names (Verify loads them all), and this
	// spares that load a second walk down the tree. Writes forget it.
	scanned scanned
}

type scanned struct {
	c     domain.Collection
	id    domain.ID
	value []byte
}

// kv is a bucket as a transaction reads and writes it: bbolt's own, or a
// batch's view of one while the commit before it is under way (overlay.go).
type kv interface {
	Get(key []byte) []byte
	Put(key, value []byte) error
	Delete(key []byte) error
	NextSequence() (uint64, error)
	cursor() cursor
}

// boltKV is a bbolt bucket as a kv.
type boltKV struct{ *bolt.Bucket }

func (b boltKV) cursor() cursor { return b.Cursor() }

// txBucket is a bucket found in the transaction, with the cursor a read
// transaction's gets seek with: bbolt's Bucket.Get makes a cursor, and
// grows its stack, at every call (a sixteenth of what a thousand
// sign-ins allocated).
type txBucket struct {
	kv
	bolt   *bolt.Bucket // the bbolt bucket itself; nil in an overlay
	seeker *bolt.Cursor // made at the first get of a read transaction
}

// get is b.Get(key). A read transaction seeks with the bucket's one
// cursor; a write transaction asks the bucket (a write may move what a
// kept cursor stands on).
func (t *tx) get(b *txBucket, key []byte) []byte {
	if b.bolt == nil || t.Writable() {
		return b.Get(key)
	}
	if b.seeker == nil {
		b.seeker = b.bolt.Cursor()
	}
	k, v := b.seeker.Seek(key)
	if v == nil || !bytes.Equal(k, key) {
		return nil // not there (or a nested bucket, which Get answers with nil too)
	}
	return v
}

// lookup is btx.Bucket(name), remembered for the transaction.
func (t *tx) lookup(name []byte) kv {
	if b := t.found(name); b != nil {
		return b.kv
	}
	return nil
}

// found is lookup's bucket with its cursor; nil if there is none.
func (t *tx) found(name []byte) *txBucket {
	if b, ok := t.buckets[string(name)]; ok {
		return b
	}
	if t.ov != nil {
		if b := t.ov.bucket(string(name), false); b != nil {
			return t.remember(name, b, nil)
		}
		return nil
	}
	b := t.btx.Bucket(name)
	if b == nil {
		return nil
	}
	return t.remember(name, boltKV{b}, b)
}

// remember keeps b as the transaction's bucket called name.
func (t *tx) remember(name []byte, b kv, bb *bolt.Bucket) *txBucket {
	if t.buckets == nil {
		t.buckets = map[string]*txBucket{}
	}
	tb := &txBucket{kv: b, bolt: bb}
	t.buckets[string(name)] = tb
	return tb
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func (t *tx) bucket(name []byte) (kv, error) {
	if b := t.lookup(name); b != nil {
		return b, nil
	}
	if !t.Writable() {
		return nil, nil
	}
	if t.ov != nil {
		return t.remember(name, t.ov.bucket(string(name), true), nil).kv, nil
	}
	b, err := t.btx.CreateBucket(name)
	if err != nil {
		return nil, err
	}
	return t.remember(name, boltKV{b}, b).kv, nil
}

func (t *tx) Writable() bool { return t.ov != nil || t.btx.Writable() }

func (t *tx) Get(c domain.Collection, id domain.ID, v any) error {
	var stored []byte
	if s := t.scanned; s.value != nil && s.id == id && s.c == c {
		stored = s.value
	} else if b := t.found([]byte(c)); b != nil {
		stored = t.get(b, u64(uint64(id)))
	}
	if stored == nil {
		return notFound(c, id)
	}
	return decodeStored(c, id, stored, v)
}

// decodeStored decodes the JSON of stored, record id of c, into v.
func decodeStored(c domain.Collection, id domain.ID, stored []byte, v any) error {
	_, data, err := splitRecord(stored)
	if err != nil {
		return fmt.Errorf("decoding %s %d: %w", c, id, err)
	}
	// Decoding copies what it keeps, so nothing outlives the transaction. A
	// record with its own decoder (domain/records_json.go) gets the bytes
	// straight away: encoding/json would first scan them twice, to check
	// them and to find the value's end, before handing them over; the
	// record's decoder accepts only valid JSON and hands anything else to
	// encoding/json, so the outcome is the same.
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

func (t *tx) Put(c domain.Collection, id domain.ID, v any, idx ...domain.Index) error {
	t.scanned, t.wrote = scanned{}, true
	if id == 0 {
		return errors.New("store: Put with id 0")
	}
	data, err := encodeJSON(v)
	if err != nil {
		return err
	}
	b, err := t.bucket([]byte(c))
	if err != nil {
		return err
	}
	// Records are keyed by id, and ids only grow: new records land at the
	// end, where half-empty pages (bbolt's default split at 50%) would stay
	// half empty for good.
	if bb, ok := b.(boltKV); ok {
		bb.FillPercent = appendFill
	}
	key := u64(uint64(id))
	stored := b.Get(key)
	old, oldJSON, err := splitRecord(stored)
	if err != nil {
		return fmt.Errorf("%s %d: %w", c, id, err)
	}
	if same, err := t.entriesKept(c, key, old, idx); err != nil {
		return err
	} else if same {
		// The record changed but not its index entries (an invoice paid, a
		// session marked): leave the index tree untouched, so the commit
		// writes the record's pages and not its pages too, and keep the
		// record's frame as it is.
		return b.Put(key, reframe(stored, oldJSON, data))
	}
	if err := t.dropEntries(c, key, old); err != nil {
		return err
	}
	if len(idx) > 0 {
		ib, err := t.bucket(idxName(c))
		if err != nil {
			return err
		}
		for _, ix := range idx {
			k := entryKey(ix.Name, ix.Key, ix.Unique, key)
			if !ix.Unique {
				if err := ib.Put(k, nil); err != nil {
					return err
				}
				continue
			}
			if cur := ib.Get(k); cur != nil && !bytes.Equal(cur, key) {
				return &domain.Error{Kind: domain.KindConflict, Msg: fmt.Sprintf("%s %q is already taken", ix.Name, ix.Key)}
			}
			if err := ib.Put(k, key); err != nil {
				return err
			}
		}
	}
	return b.Put(key, encodeRecord(refsOf(idx), data))
}

func refsOf(idx []domain.Index) []ref {
	refs := make([]ref, len(idx))
	for i, ix := range idx {
		refs[i] = ref{ix.Name, ix.Key, ix.Unique}
	}
	return refs
}

// entriesKept reports whether record key, whose stored refs are old,
// already has exactly the index entries idx, in place: the refs say so and
// every entry is there (a unique one still pointing at this record).
// Anything else takes the full path, which removes the old entries and
// writes the new ones.
func (t *tx) entriesKept(c domain.Collection, key, old []byte, idx []domain.Index) (bool, error) {
	if len(idx) == 0 {
		return len(old) == 0, nil
	}
	if len(old) == 0 {
		return false, nil // a new record, or one without indexes
	}
	if same, err := sameRefs(old, idx); err != nil || !same {
		return false, err
	}
	ib := t.lookup(idxName(c))
	for _, ix := range idx {
		if !hasEntry(ib, ref{ix.Name, ix.Key, ix.Unique}, key) {
			return false, nil
		}
	}
	return true, nil
}

// dropEntries removes the index entries refs lists for record key.
func (t *tx) dropEntries(c domain.Collection, key, refs []byte) error {
	if len(refs) == 0 {
		return nil
	}
	ib := t.lookup(idxName(c))
	if ib == nil {
		return nil
	}
	var err error
	if perr := eachRef(refs, func(r ref) bool {
		k := entryKey(r.Name, r.Key, r.Unique, key)
		if r.Unique && !bytes.Equal(ib.Get(k), key) {
			return true // someone else's now
		}
		err = ib.Delete(k)
		return err == nil
	}); perr != nil {
		return fmt.Errorf("%s %x: %w", c, key, perr)
	}
	return err
}

func (t *tx) Delete(c domain.Collection, id domain.ID) error {
	t.scanned, t.wrote = scanned{}, true
	b := t.lookup([]byte(c))
	if b == nil {
		return nil
	}
	key := u64(uint64(id))
	old, _, err := splitRecord(b.Get(key))
	if err != nil {
		return fmt.Errorf("%s %d: %w", c, id, err)
	}
	if err := t.dropEntries(c, key, old); err != nil {
		return err
	}
	return b.Delete(key)
}

func (t *tx) NextID(c domain.Collection) (domain.ID, error) {
	t.wrote = true
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
	ib := t.found(idxName(c))
	if ib == nil {
		return 0, &domain.Error{Kind: domain.KindNotFound, Msg: fmt.Sprintf("no %s %q", index, key)}
	}
	v := t.get(ib, entryKey(index, key, true, nil))
	if len(v) != 8 {
		return 0, &domain.Error{Kind: domain.KindNotFound, Msg: fmt.Sprintf("no %s %q", index, key)}
	}
	return domain.ID(binary.BigEndian.Uint64(v)), nil
}

func (t *tx) Count(c domain.Collection) (int, error) {
	b := t.found([]byte(c))
	if b == nil {
		return 0, nil
	}
	if !t.Writable() {
		return b.bolt.Stats().KeyN, nil
	}
	// Stats counts the pages as last committed, not what this transaction
	// has written since: count the keys themselves.
	n := 0
	cur := b.cursor()
	for k, _ := cur.First(); k != nil; k, _ = cur.Next() {
		n++
	}
	return n, nil
}

func (t *tx) Changed(feeds ...domain.Feed) { t.changed = append(t.changed, feeds...) }
