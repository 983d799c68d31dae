package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// Schema 1 (and 0, the same layout before versions were recorded) kept
// each index of a collection in a bucket of its own ("c/name") and each
// record's index entries in another ("c/~refs", as JSON). Schema 2 keeps
// the entries inside the record and one index tree per collection
// (layout.go). The upgrade rewrites the whole file into a new one, so it
// is compact too, and keeps the old file beside it.

// droppedInV2 are schema 1 indexes schema 2 no longer keeps: a session's
// "busy" entries repeated its client and coach entries (less cancelled
// sessions), which overlap checks now read; the others were never read.
var droppedInV2 = map[string]bool{
	"sessions/busy": true, "outbox/person": true, "payments/payer": true, "audit/behalf": true,
}

// oldRef is a ref as schema 1 wrote it in c/~refs.
type oldRef struct {
	Name   string `json:"n"`
	Key    string `json:"k"`
	Unique bool   `json:"u,omitempty"`
}

// upgradeToV2 rewrites the schema 0/1 file at path, open as old, into the
// schema 2 layout, and returns the new file open. The old file stays as
// PATH.schema1 (a hard link made before the new file takes its name), so
// a crash at any point leaves PATH whole: the old file or the new one.
func upgradeToV2(old *bolt.DB, path string, opt Options) (*bolt.DB, error) {
	tmp := path + ".upgrading"
	if err := rewrite(old, tmp, convertV1); err != nil {
		old.Close()
		return nil, fmt.Errorf("upgrading %s to schema 2: %w", path, err)
	}
	keep := path + ".schema1"
	if err := os.Remove(keep); err != nil && !errors.Is(err, os.ErrNotExist) {
		old.Close()
		return nil, err
	}
	err := os.Link(path, keep)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	old.Close()
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("upgrading %s to schema 2: %w", path, err)
	}
	return openBolt(path, opt)
}

// rewrite copies src into a new file at path through convert, in
// transactions of a bounded size, and makes the new file durable once at
// the end (fsync per batch would only slow the copy: until the file is
// renamed into place, nothing depends on it).
func rewrite(src *bolt.DB, path string, convert func(*bolt.Tx, *copier) error) error {
	os.Remove(path)
	dst, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return err
	}
	c := &copier{db: dst}
	// The copies point into src's pages, which stay valid only while its
	// read transaction is open: the last batch commits inside it too.
	err = src.View(func(tx *bolt.Tx) error {
		if err := convert(tx, c); err != nil {
			return err
		}
		return c.commit()
	})
	if err == nil {
		err = dst.Sync()
	} else if c.tx != nil {
		c.tx.Rollback()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// convertV1 is the schema 1 to 2 conversion, for rewrite.
func convertV1(src *bolt.Tx, c *copier) error {
	err := src.ForEach(func(name []byte, b *bolt.Bucket) error {
		n := string(name)
		switch {
		case n == string(bucketMeta):
			return nil // written below: a schema 0 file has none
		case strings.HasSuffix(n, "/~refs"), droppedInV2[n]:
			return nil // folded into the records; or no longer kept
		case strings.Contains(n, "/"):
			col, index, _ := strings.Cut(n, "/")
			to := string(idxName(domain.Collection(col)))
			prefix := append([]byte(index), 0)
			return b.ForEach(func(k, v []byte) error {
				return c.put(to, indexFill, append(prefix[:len(prefix):len(prefix)], k...), v)
			})
		}
		refs := src.Bucket([]byte(n + "/~refs"))
		if err := c.setSequence(n, appendFill, b.Sequence()); err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return fmt.Errorf("%s: unexpected nested bucket %x", n, k)
			}
			var kept []ref
			if refs != nil {
				if enc := refs.Get(k); enc != nil {
					var old []oldRef
					if err := json.Unmarshal(enc, &old); err != nil {
						return fmt.Errorf("%s %x: index list: %w", n, k, err)
					}
					for _, r := range old {
						if !droppedInV2[n+"/"+r.Name] {
							kept = append(kept, ref(r))
						}
					}
				}
			}
			return c.put(n, appendFill, k, encodeRecord(kept, v))
		})
	})
	if err != nil {
		return err
	}
	return c.put(string(bucketMeta), indexFill, keySchema, u64(2))
}

// Compact rewrites the file without its free pages, packed as an upgrade
// packs it. A file that had a large burst of writes (the generated demo
// organisation, say) keeps the pages they freed on its free list, and
// bbolt writes that whole list at every commit; after Compact the list is
// empty and a commit writes only what it changed. It must run when nothing
// else uses the store: before the server starts.
func (s *DB) Compact() error {
	path := s.db.Path()
	tmp := path + ".compacting"
	if err := rewrite(s.db, tmp, copyAll); err != nil {
		return fmt.Errorf("compacting %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compacting %s: %w", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	// The old file is gone from the folder but still open (and locked)
	// here; the new one takes its place.
	s.db.Close()
	db, err := openBolt(path, s.opt)
	if err != nil {
		return err
	}
	s.db = db
	return nil
}

// copyAll is the identity conversion, for Compact.
func copyAll(src *bolt.Tx, c *copier) error {
	return src.ForEach(func(name []byte, b *bolt.Bucket) error {
		n := string(name)
		fill := appendFill
		if strings.HasSuffix(n, "/~idx") || n == string(bucketMeta) {
			fill = indexFill
		}
		if err := c.setSequence(n, fill, b.Sequence()); err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return fmt.Errorf("%s: unexpected nested bucket %x", n, k)
			}
			return c.put(n, fill, k, v)
		})
	})
}

// indexFill is how full a rewrite packs index pages: entries arrive in
// key order, but later ones land anywhere, and a full page would split
// at the first of them.
const indexFill = 0.8

// copyBatch bounds a rewrite's transactions.
const copyBatch = 50_000

// copier writes into a new file in transactions of copyBatch puts.
type copier struct {
	db      *bolt.DB
	tx      *bolt.Tx
	n       int
	buckets map[string]*bolt.Bucket
}

func (c *copier) bucket(name string, fill float64) (*bolt.Bucket, error) {
	if c.tx == nil {
		tx, err := c.db.Begin(true)
		if err != nil {
			return nil, err
		}
		c.tx, c.buckets = tx, map[string]*bolt.Bucket{}
	}
	b := c.buckets[name]
	if b == nil {
		var err error
		if b, err = c.tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return nil, err
		}
		b.FillPercent = fill
		c.buckets[name] = b
	}
	return b, nil
}

func (c *copier) put(bucket string, fill float64, k, v []byte) error {
	b, err := c.bucket(bucket, fill)
	if err != nil {
		return err
	}
	if err := b.Put(k, v); err != nil {
		return err
	}
	if c.n++; c.n >= copyBatch {
		return c.commit()
	}
	return nil
}

func (c *copier) setSequence(bucket string, fill float64, seq uint64) error {
	b, err := c.bucket(bucket, fill)
	if err != nil {
		return err
	}
	return b.SetSequence(seq)
}

func (c *copier) commit() error {
	if c.tx == nil {
		return nil
	}
	err := c.tx.Commit()
	c.tx, c.n = nil, 0
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
