package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// --owner-key reads a file as authorized_keys holds keys — comment lines,
// options before the key — with x/crypto/ssh; a key that could not sign in
// (a 1024-bit RSA key) is refused at once, and no organisation is made.
func TestServeOwnerKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	weak, err := gossh.NewPublicKey(&small.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	weakFile := filepath.Join(dir, "weak.pub")
	if err := os.WriteFile(weakFile, gossh.MarshalAuthorizedKey(weak), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"serve", "--listen", "127.0.0.1:0", "--data", data,
		"--org", "Acme", "--owner-name", "Ada Lovelace", "--owner-key", weakFile}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "this RSA key has 1024 bits, fewer than 2048") || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
		t.Fatalf("a weak owner key: exit %d: %q", code, errb.String())
	}

	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "authorized_keys")
	text := "# Ada's keys\n\n" + `from="192.0.2.0/24",no-agent-forwarding ` + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " ada@laptop\n"
	if err := os.WriteFile(keyFile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--data", data, "--org", "Acme", "--owner-name", "Ada Lovelace", "--owner-key", keyFile)
	addr := s.addr(t)
	o, errs, code := sshRun(t, addr, hostKeyFrom(t, filepath.Join(data, "host_ed25519")), signer, "account keys")
	if code != 0 || !strings.Contains(o, "ada@laptop") {
		t.Fatalf("the owner's key: exit %d: %q %q", code, o, errs)
	}
}
