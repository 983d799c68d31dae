package blobs

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Writes in any order make the same content and hash; a committed
// content is pinned against Drop until Unpin; Sweep takes temporary files
// and contents nobody keeps, and leaves the rest.
func TestUploadCommitDropSweep(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("0123456789abcdefghij")
	u, err := s.Create()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.WriteAt(data[10:], 10); err != nil { // out of order
		t.Fatal(err)
	}
	if _, err := u.WriteAt(data[:10], 0); err != nil {
		t.Fatal(err)
	}
	sum, size, err := u.Commit()
	want := sha256.Sum256(data)
	if err != nil || sum != hex.EncodeToString(want[:]) || size != int64(len(data)) {
		t.Fatalf("commit: %v %s %d", err, sum, size)
	}
	unused := func() (bool, error) { return false, nil }
	if err := s.Drop(sum, unused); err != nil || !s.Has(sum) {
		t.Fatalf("a pinned content was dropped: %v", err)
	}
	s.Unpin(sum)
	release := s.Hold()
	if err := s.Drop(sum, unused); err != nil || !s.Has(sum) {
		t.Fatalf("a content was dropped during a backup: %v", err)
	}
	release()

	// A second, kept content; a half upload; a stray file.
	u2, _ := s.Create()
	_, _ = u2.WriteAt([]byte("kept"), 0)
	kept, _, err := u2.Commit()
	if err != nil {
		t.Fatal(err)
	}
	s.Unpin(kept)
	half, _ := s.Create()
	_, _ = half.WriteAt([]byte("half"), 0)
	if err := os.WriteFile(filepath.Join(s.Dir(), "sha256", "zz"), []byte("odd"), 0o600); err != nil {
		t.Fatal(err)
	}
	swept, err := s.Sweep(func(x string) bool { return x == kept })
	if err != nil || swept.Temp != 1 || swept.Orphans != 2 {
		t.Fatalf("sweep: %+v %v", swept, err)
	}
	if s.Has(sum) || !s.Has(kept) {
		t.Fatal("sweep removed the wrong contents")
	}
}

// A folder shared by several servers: Drop removes nothing, Sweep leaves
// what changed within the grace (another server's upload in flight, or a
// content it is about to name) and takes what is older, and storing a
// content again makes it new.
func TestSharedFolder(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Share(time.Hour)
	store := func(b string) string {
		u, _ := s.Create()
		_, _ = u.WriteAt([]byte(b), 0)
		sum, _, err := u.Commit()
		if err != nil {
			t.Fatal(err)
		}
		s.Unpin(sum)
		return sum
	}
	age := func(sum string) {
		p, _ := s.Path(sum)
		old := time.Now().Add(-2 * time.Hour)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	unused := func() (bool, error) { return false, nil }
	old, fresh, again := store("old"), store("fresh"), store("again")
	if err := s.Drop(old, unused); err != nil || !s.Has(old) {
		t.Fatalf("Drop removed a content of a shared folder: %v", err)
	}
	age(old)
	age(again)
	store("again") // stored again by another upload: new once more
	half, _ := s.Create()
	_, _ = half.WriteAt([]byte("half"), 0)
	swept, err := s.Sweep(func(string) bool { return false })
	if err != nil || swept.Temp != 0 || swept.Orphans != 1 || s.Has(old) || !s.Has(fresh) || !s.Has(again) {
		t.Fatalf("sweep of a shared folder: %+v, %v; want the old content alone gone", swept, err)
	}
	half.Abort()
}
