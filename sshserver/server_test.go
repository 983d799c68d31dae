package sshserver_test

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/sshserver"
	"behalf/store"
)

// The host key is made once (mode 0600) and kept across restarts; a key
// file others can read is warned about.
func TestHostKeyKeptAcrossRestarts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "behalf.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := domain.NewService(db, domain.Options{})
	path := filepath.Join(dir, "host_ed25519")
	logs := &syncBuffer{}
	cfg := sshserver.Config{HostKeyPath: path, Service: svc, Log: newLogger(logs)}

	first, err := sshserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, want 0600", fi.Mode().Perm())
	}
	second, err := sshserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.HostKey().Marshal(), second.HostKey().Marshal()) {
		t.Fatal("the host key changed across restarts")
	}
	if strings.Contains(logs.String(), "readable by others") {
		t.Fatalf("warned about a 0600 key:\n%s", logs.String())
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sshserver.New(cfg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "readable by others") {
		t.Fatalf("no warning about a 0644 host key:\n%s", logs.String())
	}
}

// The server presents its host key (the test clients pin it).
func TestClientsSeeTheHostKey(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	var seen gossh.PublicKey
	cfg := ts.clientConfig(gossh.PublicKeys(ts.keys["olivia"]))
	cfg.HostKeyCallback = func(_ string, _ net.Addr, key gossh.PublicKey) error { seen = key; return nil }
	c, err := ts.dial(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if seen == nil || !bytes.Equal(seen.Marshal(), ts.hostK.Marshal()) {
		t.Fatal("the server presented another host key")
	}
}

// A connection that never signs in is closed after AuthTimeout.
func TestAuthTimeoutClosesSilentConnections(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) { c.AuthTimeout = 200 * time.Millisecond })
	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetReadDeadline(time.Now().Add(deadline)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(conn) // we send nothing; the server must hang up
	if err != nil {
		t.Fatalf("the server did not close the connection: %v", err)
	}
	if !strings.HasPrefix(string(got), "SSH-2.0-behalf") {
		t.Fatalf("server said %q", got)
	}
}

// One person may hold only MaxSessionsPerPerson sessions; others are not
// affected, and closing one frees a place.
func TestMaxSessionsPerPerson(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) { c.MaxSessionsPerPerson = 2 })
	a := ts.openTerminal(t, ts.keys["olivia"])
	a.waitFor("test screen")
	b := ts.openTerminal(t, ts.keys["olivia"])
	b.waitFor("test screen")

	out, errs, code := ts.run(t, ts.keys["olivia"], "help")
	if code != 1 || out != "" || !strings.Contains(errs, "2 sessions open") {
		t.Fatalf("third session: exit %d: %q %q", code, out, errs)
	}
	if _, errs, code := ts.run(t, ts.keys["rob"], "help"); code != 0 {
		t.Fatalf("someone else: exit %d: %s", code, errs)
	}
	if _, err := a.stdin.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	a.wait()
	if _, errs, code := ts.run(t, ts.keys["olivia"], "help"); code != 0 {
		t.Fatalf("after closing one: exit %d: %s", code, errs)
	}
}

// Without a terminal and without a command there is nothing to run.
func TestNoCommandWithoutTerminal(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	sess, err := ts.client(t, ts.keys["olivia"]).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var errb bytes.Buffer
	sess.Stderr = &errb
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	err = runWithin(sess, "")
	exit, ok := err.(*gossh.ExitError)
	if !ok || exit.ExitStatus() != 2 || !strings.Contains(errb.String(), "ssh -t") {
		t.Fatalf("got %v, stderr %q", err, errb.String())
	}
}
