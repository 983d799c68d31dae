package store

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrDamaged is wrapped by the errors of a file that is not a sound bbolt
// database: truncated, partly overwritten, or not a database at all. bbolt
// panics (or faults, reading past the end of a truncated file) on such
// pages; Open, Check and Guard turn that into this error instead.
var ErrDamaged = errors.New("the database file is damaged")

func damaged(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, a...))
}

// Guard runs fn, which reads the database, and turns a panic or memory
// fault inside it into ErrDamaged, as a damaged page makes bbolt do.
// What fn returns passes through.
func Guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged("reading it failed: %v", r)
		}
	}()
	return fn()
}

// inspect looks at an existing file before Open takes it for writing, read
// only, so that a damaged file is refused unchanged: bbolt's own checks of
// its meta pages, the free list loaded, the file as long as its meta page
// says, the top-level buckets readable. A missing or empty file passes (it
// is a new database); a locked one is ErrLocked.
func inspect(path string, opt Options) error {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || err == nil && fi.Size() == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return damaged("it is not a regular file")
	}
	var file *os.File // closed by hand if bbolt panics half-way through Open
	look := func(freelist bool, fn func(tx *bolt.Tx) error) error {
		return Guard(func() error {
			db, err := bolt.Open(path, 0o600, &bolt.Options{
				ReadOnly: true, Timeout: opt.LockTimeout, PreLoadFreelist: freelist,
				OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
					f, err := os.OpenFile(name, flag, mode)
					file = f
					return f, err
				},
			})
			if errors.Is(err, bolterrors.ErrTimeout) {
				return fmt.Errorf("%s: %w", path, ErrLocked)
			}
			if err != nil {
				return damaged("%v", err)
			}
			defer db.Close()
			return db.View(fn)
		})
	}
	// First the meta pages and the length, then what reading the free list
	// (which may lie past a cut) and the root takes.
	err = look(false, func(tx *bolt.Tx) error {
		if need := tx.Size(); need > fi.Size() {
			return damaged("it is %d bytes long but holds %d: it was cut short", fi.Size(), need)
		}
		return nil
	})
	if err == nil {
		err = look(true, func(tx *bolt.Tx) error {
			return tx.ForEach(func([]byte, *bolt.Bucket) error { return nil })
		})
	}
	if err != nil && file != nil && errors.Is(err, ErrDamaged) {
		_ = file.Close() // bbolt may have panicked with it open (and locked)
	}
	return err
}
