package main

import (
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"
)

// sftpClient opens an SFTP session on c.
func sftpClient(t *testing.T, c *gossh.Client) *sftp.Client {
	t.Helper()
	s, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tmpBytes is how much the files folder's unfinished uploads hold.
func tmpBytes(dir string) int64 {
	var n int64
	entries, _ := os.ReadDir(filepath.Join(dir, "files", "tmp"))
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// A server killed (SIGKILL) in the middle of a large upload shows nothing
// half-written after restart, gives the space back, and keeps the files
// that were complete.
func TestSIGKILLDuringUploadLeavesNoHalfFile(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	p := startProc(t, data, "--demo")
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	rob := signerFromFile(t, filepath.Join(data, "demo-keys", "rob"))

	c, err := dialAs(p.addr, hostKey, rob)
	if err != nil {
		t.Fatal(err)
	}
	s := sftpClient(t, c)
	kept := []byte("a complete file\n")
	f, err := s.Create("library/kept.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(kept); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	// A 20 MiB upload, killed once a few MiB have reached the disk.
	big, err := s.Create("library/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(big, io.LimitReader(rand.Reader, 20<<20)) }()
	end := time.Now().Add(deadline)
	for tmpBytes(data) < 2<<20 {
		if time.Now().After(end) {
			t.Fatalf("the upload did not reach the disk; %d bytes there", tmpBytes(data))
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.signal(t, syscall.SIGKILL)
	c.Close()
	if tmpBytes(data) == 0 {
		t.Fatal("the half upload was not on disk when the server died; the test proves nothing")
	}

	p = startProc(t, data)
	if tmpBytes(data) != 0 {
		t.Fatalf("after restart %d bytes of the unfinished upload remain", tmpBytes(data))
	}
	c, err = dialAs(p.addr, hostKey, rob)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s = sftpClient(t, c)
	infos, err := s.ReadDir("library")
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 1 || infos[0].Name() != "kept.txt" {
		t.Fatalf("after restart library lists %d files (%v); want kept.txt alone", len(infos), infos)
	}
	r, err := s.Open("library/kept.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, kept) {
		t.Fatalf("kept.txt reads %q, %v", got, err)
	}
	r.Close()
	p.signal(t, syscall.SIGTERM)
	checkFile(t, filepath.Join(data, "behalf.db"))
}
