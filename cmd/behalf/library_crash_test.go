package main

import (
	"archive/tar"
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
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

// `backup --files` streams one tar archive; unpacked into an empty data
// folder it is a server with the same files (the README's restore).
func TestBackupWithFilesRestores(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	p := startProc(t, data, "--demo")
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(data, "demo-keys", h)) }
	c, err := dialAs(p.addr, hostKey, key("rob"))
	if err != nil {
		t.Fatal(err)
	}
	s := sftpClient(t, c)
	content := bytes.Repeat([]byte("worksheet "), 10000)
	f, err := s.Create("library/sheet.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	c.Close()

	oc, err := dialAs(p.addr, hostKey, key("olivia"))
	if err != nil {
		t.Fatal(err)
	}
	archive, stderr, code, err := execOn(oc, "backup --files --ws team")
	oc.Close()
	if err != nil || code != 0 {
		t.Fatalf("backup --files: exit %d, %v: %s", code, err, stderr)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	tr := tar.NewReader(strings.NewReader(archive))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(restored, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(dst, restored+string(filepath.Separator)) {
			t.Fatalf("the archive names %q, outside the folder", h.Name)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	p.signal(t, syscall.SIGTERM)

	q := startProc(t, restored)
	hostKey2 := hostKeyFrom(t, filepath.Join(restored, "host_ed25519"))
	c, err = dialAs(q.addr, hostKey2, key("rob"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := sftpClient(t, c).Open("library/sheet.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("the restored file reads %d bytes (%v), want %d", len(got), err, len(content))
	}
}
