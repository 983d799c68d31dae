package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// R18, R2: an owner who lost every key gets one back on the server's own
// machine: `behalf owner-key` binds a new key while the server is stopped,
// removes none, tells the owner in the portal and by email, and the log
// says where it happened. It refuses a key that already signs someone in,
// and a database a running server holds.
func TestOwnerKeyOnTheServerMachine(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data", data, "--demo")
	s.addr(t) // it runs
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))

	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(t.TempDir(), "new.pub")
	if err := os.WriteFile(pub, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	ownerKey := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run(t.Context(), append([]string{"owner-key", "--data", data}, args...), &out, &errb)
		return out.String(), errb.String(), code
	}

	// While the server runs, the file is its own.
	if out, errs, code := ownerKey("--key", pub); code != 1 || !strings.Contains(errs, "in use by a running server; stop it first") {
		t.Fatalf("owner-key beside a running server: exit %d: %q %q", code, out, errs)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve stopped with %d", code)
	}
	if _, errs, code := ownerKey(); code != 2 || !strings.Contains(errs, "pass --key FILE.pub") {
		t.Fatalf("owner-key without a key: exit %d: %q", code, errs)
	}
	jane := filepath.Join(t.TempDir(), "jane.pub")
	if err := os.WriteFile(jane, gossh.MarshalAuthorizedKey(signerFromFile(t, filepath.Join(data, "demo-keys", "jane")).PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := ownerKey("--key", jane); code != 1 || !strings.Contains(errs, "this key signs jane in") {
		t.Fatalf("someone else's key: exit %d: %q", code, errs)
	}
	out, errs, code := ownerKey("--key", pub)
	if code != 0 || !strings.Contains(out, "Olivia Owens (olivia) now signs in with SHA256:") || !strings.Contains(out, "1 key kept") ||
		!strings.Contains(out, "told by the portal and email") {
		t.Fatalf("owner-key: exit %d: %q %q", code, out, errs)
	}
	if _, errs, code := ownerKey("--key", pub); code != 1 || !strings.Contains(errs, "already signs olivia in") {
		t.Fatalf("the same key again: exit %d: %q", code, errs)
	}

	s = startServe(t, "--data", data)
	addr := s.addr(t)
	keys, errs, code := sshRun(t, addr, hostKey, signer, "account keys")
	if code != 0 || strings.Count(keys, "SHA256:") != 2 {
		t.Fatalf("the owner's keys, signed in with the new one: exit %d: %q %q", code, keys, errs)
	}
	old := signerFromFile(t, filepath.Join(data, "demo-keys", "olivia"))
	inbox, _, code := sshRun(t, addr, hostKey, old, "inbox list")
	if code != 0 || !strings.Contains(inbox, "was added to your account on the portal's server machine") {
		t.Fatalf("the old key still signs in, and the owner was told: exit %d: %q", code, inbox)
	}
	outbox, _, code := sshRun(t, addr, hostKey, old, "notifications outbox --json")
	if code != 0 || !strings.Contains(outbox, "olivia@northwind.example") || !strings.Contains(outbox, "server machine") {
		t.Fatalf("the owner's email: exit %d: %q", code, outbox)
	}
	log, _, code := sshRun(t, addr, hostKey, old, "audit list --limit 5")
	if code != 0 || !strings.Contains(log, "on the server's machine, bound the key SHA256:") || !strings.Contains(log, "to olivia") {
		t.Fatalf("the log: exit %d: %q", code, log)
	}
}
