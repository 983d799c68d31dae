//go:build etcd

package main

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"behalf/internal/etcdtest"
)

// Library files across front ends: a file uploaded on front end A
// downloads, byte for byte, from front end B, both given the same files
// folder.
func TestEtcdFilesAcrossFrontEnds(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	prefix := "/behalf/files/"
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	a := startServe(t, append(etcdArgs(t, c, prefix), "--data", dirA, "--demo")...)
	addrA := a.addr(t)
	b := startServe(t, append(etcdArgs(t, c, prefix), "--data", dirB)...)
	addrB := b.addr(t)
	a.data, b.data = "", ""
	hostKey := hostKeyFrom(t, filepath.Join(dirA, "host_ed25519"))
	rob := signerFromFile(t, filepath.Join(dirA, "demo-keys", "rob"))

	content := bytes.Repeat([]byte("uploaded on A, read on B\n"), 5000)
	ca, err := dialAs(addrA, hostKey, rob)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close()
	f, err := sftpClient(t, ca).Create("library/across.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	cb, err := dialAs(addrB, hostKey, rob)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	r, err := sftpClient(t, cb).Open("library/across.txt")
	if err != nil {
		t.Fatalf("front end B cannot open the file uploaded on A: %v", err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("front end B reads %d bytes (%v), want the %d uploaded on A", len(got), err, len(content))
	}
	verifyEtcd(t, c, prefix)
}
