package store

import (
	"io"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

// writeBoltCopy writes sn as a bbolt file of the current schema to w,
// through an unlinked temporary file.
func writeBoltCopy(sn *snap, w io.Writer) (int64, error) {
	f, err := os.CreateTemp("", "behalf-backup-*")
	if err != nil {
		return 0, err
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	db, err := bolt.Open(name, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return 0, err
	}
	err = db.Update(func(btx *bolt.Tx) error {
		if err := fillBolt(btx, sn); err != nil {
			return err
		}
		meta, err := btx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, u64(uint64(SchemaVersion)))
	})
	if err == nil {
		err = db.Sync()
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	r, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	return io.Copy(w, r)
}

// fillBolt writes sn's records, index entries and sequences into btx's
// buckets, as the bbolt store lays them out (layout.go).
func fillBolt(btx *bolt.Tx, sn *snap) error {
	var err error
	bucket := func(name string) *bolt.Bucket {
		if err != nil {
			return nil
		}
		var b *bolt.Bucket
		b, err = btx.CreateBucketIfNotExists([]byte(name))
		return b
	}
	sn.tree.Ascend(func(it item) bool {
		i := strings.IndexByte(it.k, 0)
		c, key := domain.Collection(it.k[1:i]), []byte(it.k[i+1:])
		var b *bolt.Bucket
		if it.k[0] == 'r' {
			if b = bucket(string(c)); b != nil {
				b.FillPercent = appendFill
			}
		} else {
			b = bucket(string(idxName(c)))
		}
		if b != nil {
			err = b.Put(key, it.v)
		}
		return err == nil
	})
	for c, n := range sn.seqs {
		if b := bucket(string(c)); b != nil {
			err = b.SetSequence(n)
		}
	}
	return err
}
