package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Backup and restore: backups taken over SSH while writers keep writing
// are consistent copies. Each one opens, passes the store's and the
// domain's checks, holds every write acknowledged before it began, and
// serves as a new server's database — restored as the README says: the
// file becomes DATA/behalf.db (mode 0600) next to the old host key.
func TestBackupUnderLoadRestores(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	p := startProc(t, data, "--demo")
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(data, "demo-keys", h)) }
	olivia, err := dialAs(p.addr, hostKey, key("olivia"))
	if err != nil {
		t.Fatal(err)
	}
	defer olivia.Close()

	a := newAcked()
	stop := writeLoad(t, p.addr, hostKey, key, a)
	type backup struct {
		began time.Time
		file  []byte
	}
	var backups []backup
	for i := 0; i < 3; i++ {
		waitAcks(t, a, int64(40*(i+1)))
		began := time.Now()
		out, errs, code, err := execOn(olivia, "backup")
		if err != nil || code != 0 {
			t.Fatalf("backup: exit %d %v: %s", code, err, errs)
		}
		backups = append(backups, backup{began, []byte(out)})
	}
	stop()
	p.signal(t, syscall.SIGTERM)

	for i, b := range backups {
		restored := filepath.Join(t.TempDir(), "restored")
		if err := os.MkdirAll(filepath.Join(restored, "demo-keys"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(restored, "behalf.db"), b.file, 0o600); err != nil {
			t.Fatal(err)
		}
		hk, _ := os.ReadFile(filepath.Join(data, "host_ed25519"))
		if err := os.WriteFile(filepath.Join(restored, "host_ed25519"), hk, 0o600); err != nil {
			t.Fatal(err)
		}
		checkFile(t, filepath.Join(restored, "behalf.db"))

		r := startProc(t, restored)
		c, err := dialAs(r.addr, hostKey, key("olivia")) // same host key, same people
		if err != nil {
			t.Fatal(err)
		}
		n := verifyAcked(t, c, a, b.began)
		if n == 0 {
			t.Errorf("backup %d: nothing acknowledged before it to look for", i+1)
		}
		// The restored server takes writes again.
		if _, errs, code, err := execOn(c, "people add restored-ok --name 'Restored' --email restored@example.com --as client --primary rob"); err != nil || code != 0 {
			t.Fatalf("backup %d: writing after restore: exit %d %v %s", i+1, code, err, errs)
		}
		c.Close()
		r.signal(t, syscall.SIGTERM)
		if strings.Contains(r.stderr.String(), "open to other users") {
			t.Errorf("restored folder warned:\n%s", r.stderr.String())
		}
	}
}
