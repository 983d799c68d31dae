// Package blobs keeps file contents in the data folder, addressed by their
// SHA-256. An upload is written to a temporary file, synced and renamed
// into place only when it is complete, so a crash never leaves a half file
// where a reader looks; what a crash leaves behind (temporary files, and
// contents no record names any more) is swept when the server starts.
//
// Layout under the folder given to Open:
//
//	tmp/               uploads in progress (removed by Sweep)
//	sha256/ab/abcd…    one file per content, named by its hash, mode 0600
//
// No name a person chose ever becomes a path here: paths are built from
// hex digests only.
package blobs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Store is one folder of contents. It is safe for concurrent use.
type Store struct {
	dir string

	mu      sync.Mutex
	pinned  map[string]int // committed contents whose record is not written yet
	holding int            // backups reading contents: nothing is removed meanwhile
	// grace, when the folder is shared by several servers (Share): a
	// file touched more recently than this may be another server's
	// upload in flight, or a content it is about to name.
	grace time.Duration
}

// Share marks the folder as shared by several servers (front ends over
// one etcd cluster, each given the same folder): what one server cannot
// know about another's uploads it leaves alone. Drop removes nothing (a
// content no record names goes at a later start's Sweep), and Sweep
// removes only files untouched for grace; a content stored again is
// touched, so that it counts as new.
func (s *Store) Share(grace time.Duration) {
	s.mu.Lock()
	s.grace = grace
	s.mu.Unlock()
}

// settled reports whether a file last changed at mod may be removed.
func (s *Store) settled(mod time.Time) bool {
	return s.grace == 0 || time.Since(mod) > s.grace
}

// Open makes (if needed) and opens the folder dir.
func Open(dir string) (*Store, error) {
	for _, d := range []string{dir, filepath.Join(dir, "tmp"), filepath.Join(dir, "sha256")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("making the files folder: %w", err)
		}
	}
	return &Store{dir: dir, pinned: map[string]int{}}, nil
}

// Dir is the folder the store keeps its contents in.
func (s *Store) Dir() string { return s.dir }

// ValidSum reports whether sum is a lower-case hex SHA-256.
func ValidSum(sum string) bool {
	if len(sum) != sha256.Size*2 {
		return false
	}
	for _, c := range sum {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Path is where the content sum lives (for backups that copy the folder).
func (s *Store) Path(sum string) (string, error) {
	if !ValidSum(sum) {
		return "", fmt.Errorf("blobs: %q is not a SHA-256", sum)
	}
	return filepath.Join(s.dir, "sha256", sum[:2], sum), nil
}

// Open opens the content sum for reading.
func (s *Store) Open(sum string) (*os.File, error) {
	p, err := s.Path(sum)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Has reports whether the content sum is stored.
func (s *Store) Has(sum string) bool {
	p, err := s.Path(sum)
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}

// Upload is one content being written. WriteAt may be called from several
// goroutines at once and at any offsets (SFTP clients pipeline writes).
type Upload struct {
	s *Store
	f *os.File

	mu     sync.Mutex
	h      hash.Hash
	hashed int64 // bytes hashed in order so far
	inline bool  // every write so far continued the hash
	size   int64 // the furthest byte written
	done   bool
}

// Create starts an upload in the temporary folder.
func (s *Store) Create() (*Upload, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "upload-*")
	if err != nil {
		return nil, err
	}
	return &Upload{s: s, f: f, h: sha256.New(), inline: true}, nil
}

// ErrClosed is returned for writes after Commit or Abort.
var ErrClosed = errors.New("blobs: the upload is over")

// WriteAt writes p at off. Writes that follow each other are hashed as
// they come; others make Commit read the file once more.
func (u *Upload) WriteAt(p []byte, off int64) (int, error) {
	u.mu.Lock()
	if u.done {
		u.mu.Unlock()
		return 0, ErrClosed
	}
	u.mu.Unlock()
	n, err := u.f.WriteAt(p, off)
	u.mu.Lock()
	defer u.mu.Unlock()
	if end := off + int64(n); end > u.size {
		u.size = end
	}
	if u.inline && off == u.hashed && n > 0 {
		u.h.Write(p[:n])
		u.hashed += int64(n)
	} else if n > 0 {
		u.inline = false
	}
	return n, err
}

// Size is how far the upload reaches so far.
func (u *Upload) Size() int64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.size
}

// Commit syncs the upload, moves it to its place by hash and returns the
// hash and size. The content stays pinned (Drop leaves it) until Unpin:
// the caller writes its record first.
func (u *Upload) Commit() (sum string, size int64, err error) {
	u.mu.Lock()
	if u.done {
		u.mu.Unlock()
		return "", 0, ErrClosed
	}
	u.done = true
	size = u.size
	inline := u.inline && u.hashed == size
	u.mu.Unlock()
	defer func() {
		if err != nil {
			u.remove()
		}
	}()
	if !inline {
		u.h.Reset()
		if _, err := io.Copy(u.h, io.NewSectionReader(u.f, 0, size)); err != nil {
			return "", 0, err
		}
	}
	sum = hex.EncodeToString(u.h.Sum(nil))
	if err := u.f.Sync(); err != nil {
		return "", 0, err
	}
	if err := u.f.Close(); err != nil {
		return "", 0, err
	}
	dst, _ := u.s.Path(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", 0, err
	}
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	if _, err := os.Stat(dst); err == nil {
		// The same content is stored already: keep that one, touched
		// as new for the servers sharing the folder (Share).
		_ = os.Remove(u.f.Name())
		if u.s.grace != 0 {
			now := time.Now()
			if err := os.Chtimes(dst, now, now); err != nil {
				return "", 0, err
			}
		}
	} else {
		if err := os.Rename(u.f.Name(), dst); err != nil {
			return "", 0, err
		}
		if err := syncDir(filepath.Dir(dst)); err != nil {
			return "", 0, err
		}
	}
	u.s.pinned[sum]++
	return sum, size, nil
}

// Abort throws the upload away. It is safe to call after Commit (then it
// does nothing) and more than once.
func (u *Upload) Abort() {
	u.mu.Lock()
	if u.done {
		u.mu.Unlock()
		return
	}
	u.done = true
	u.mu.Unlock()
	u.remove()
}

func (u *Upload) remove() {
	_ = u.f.Close()
	_ = os.Remove(u.f.Name())
}

// Unpin ends Commit's pin on sum.
func (s *Store) Unpin(sum string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pinned[sum] <= 1 {
		delete(s.pinned, sum)
	} else {
		s.pinned[sum]--
	}
}

// Drop removes the content sum unless an upload has pinned it, a backup is
// reading, or inUse (asked under the store's lock) says a record still
// names it. What it leaves for a backup is swept at the next start.
func (s *Store) Drop(sum string, inUse func() (bool, error)) error {
	p, err := s.Path(sum)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pinned[sum] > 0 || s.holding > 0 || s.grace != 0 {
		return nil
	}
	used, err := inUse()
	if err != nil || used {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Hold keeps every content in place until the returned function is
// called (a backup reading them).
func (s *Store) Hold() func() {
	s.mu.Lock()
	s.holding++
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.holding--
			s.mu.Unlock()
		})
	}
}

// Swept is what Sweep removed.
type Swept struct {
	Temp, Orphans int   // files removed
	Bytes         int64 // space given back
}

// Sweep removes every temporary file (uploads a crash cut short) and every
// content keep does not want. It is meant for the server's start, before
// anyone uploads; in a shared folder it leaves what changed within the
// grace (Share).
func (s *Store) Sweep(keep func(sum string) bool) (Swept, error) {
	var out Swept
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp := filepath.Join(s.dir, "tmp")
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return out, err
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !s.settled(fi.ModTime()) {
			continue
		}
		out.Bytes += fi.Size()
		if err := os.RemoveAll(filepath.Join(tmp, e.Name())); err != nil {
			return out, err
		}
		out.Temp++
	}
	root := filepath.Join(s.dir, "sha256")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if ValidSum(name) && strings.HasPrefix(name, filepath.Base(filepath.Dir(p))) && keep(name) {
			return nil
		}
		fi, err := d.Info()
		if err != nil || !s.settled(fi.ModTime()) {
			return nil
		}
		out.Bytes += fi.Size()
		out.Orphans++
		return os.Remove(p)
	})
	return out, err
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Each visits every stored content (a backup copies them; call Hold
// first so none goes meanwhile).
func (s *Store) Each(fn func(sum, path string, size int64) error) error {
	return filepath.WalkDir(filepath.Join(s.dir, "sha256"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !ValidSum(d.Name()) {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return fn(d.Name(), p, fi.Size())
	})
}

// TempFile makes a temporary file in the store's folder for temporary
// files (swept at start if it is left behind).
func (s *Store) TempFile(pattern string) (*os.File, error) {
	return os.CreateTemp(filepath.Join(s.dir, "tmp"), pattern)
}
