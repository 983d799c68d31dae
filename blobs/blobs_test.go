package blobs

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
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
