package hostile

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"behalf/store"
)

// Unreadable cuts short the JSON of every record of collection in the
// database file at path (which must not be open), keeping each record's
// index entries: scans still find the records, and loading one fails, as
// after a bug or a damaged disk. keep, if not nil, spares the records it
// returns true for (by the stored JSON). It returns how many it broke.
func Unreadable(path, collection string, keep func(json []byte) bool) (int, error) {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	n := 0
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(collection))
		if b == nil {
			return errors.New("hostile: no collection " + collection)
		}
		type kv struct{ k, v []byte }
		var broken []kv
		err := b.ForEach(func(k, stored []byte) error {
			data, err := store.RecordJSON(stored)
			if err != nil {
				return err
			}
			if keep != nil && keep(data) {
				return nil
			}
			v, err := store.WithJSON(stored, []byte(`{"id":`))
			if err != nil {
				return err
			}
			broken = append(broken, kv{append([]byte(nil), k...), v})
			return nil
		})
		if err != nil {
			return err
		}
		for _, x := range broken {
			if err := b.Put(x.k, x.v); err != nil {
				return err
			}
		}
		n = len(broken)
		return nil
	})
	return n, err
}
