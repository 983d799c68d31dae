package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// seededData runs `serve --demo` once on a new data folder and stops it.
func seededData(t *testing.T) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data", data, "--demo")
	s.addr(t)
	if code := s.stop(t); code != 0 {
		t.Fatalf("stop: exit %d:\n%s", code, s.stderr.String())
	}
	return data
}

// A database written by a newer behalf is refused at start, with a message
// that says what it is and what to do; the file is left as it was.
func TestServeRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	data := seededData(t)
	dbPath := filepath.Join(data, "behalf.db")
	b, err := bolt.Open(dbPath, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], 99)
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), v[:])
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(dbPath)
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"serve", "--listen", "127.0.0.1:0", "--data", data}, &out, &errb)
	msg := errb.String()
	if code != 1 || !strings.Contains(msg, "schema version 99") || !strings.Contains(msg, "use a newer behalf") || strings.Count(strings.TrimSpace(msg), "\n") != 0 {
		t.Fatalf("exit %d: %q", code, msg)
	}
	if after, _ := os.ReadFile(dbPath); !bytes.Equal(before, after) {
		t.Fatal("the refused database was changed")
	}
}

// R-perms: a data folder, database, host key or demo key others may read
// is named at start with the chmod that fixes it; the server still starts.
func TestServeWarnsAboutLoosePermissions(t *testing.T) {
	t.Parallel()
	data := seededData(t)
	loose := map[string]os.FileMode{
		data:                                     0o755,
		filepath.Join(data, "behalf.db"):         0o644,
		filepath.Join(data, "host_ed25519"):      0o640,
		filepath.Join(data, "demo-keys"):         0o750,
		filepath.Join(data, "demo-keys", "jane"): 0o604,
	}
	for p, m := range loose {
		if err := os.Chmod(p, m); err != nil {
			t.Fatal(err)
		}
	}
	s := startServe(t, "--data", data)
	s.addr(t)
	log := s.stderr.String()
	for _, want := range []string{
		"the data folder is open to other users of this machine (mode 0755); run: chmod 700 " + data,
		"the database is open to other users of this machine (mode 0644); run: chmod 600 " + filepath.Join(data, "behalf.db"),
		"the demo keys folder is open to other users of this machine (mode 0750); run: chmod 700 " + filepath.Join(data, "demo-keys"),
		"the demo private key jane is open to other users of this machine (mode 0604); run: chmod 600 " + filepath.Join(data, "demo-keys", "jane"),
		"the host key file is readable by others; run chmod 600 on it",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log does not say %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "demo private key olivia") {
		t.Error("a key with the right mode was named")
	}
}

// Tight permissions start without a warning.
func TestServeTightPermissionsNoWarning(t *testing.T) {
	t.Parallel()
	data := seededData(t)
	s := startServe(t, "--data", data)
	s.addr(t)
	if log := s.stderr.String(); strings.Contains(log, "open to other users") || strings.Contains(log, "readable by others") {
		t.Fatalf("a warning on a tight folder:\n%s", log)
	}
}

// The connection limits are flags; nonsense values are a usage error.
func TestServeLimitFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--conn-rate", "-1"}, {"--conn-burst", "0"}, {"--conn-max", "-3"}, {"--max-sessions", "0"}, {"--auth-timeout", "0s"}, {"--idle-timeout", "-5m"},
		{"--max-sessions-total", "-1"}, {"--max-sessions-per-addr", "-1"}, {"--max-unregistered", "-2"}, {"--max-unregistered-per-addr", "-1"}, {"--unregistered-timeout", "0s"},
	} {
		var out, errb bytes.Buffer
		code := run(t.Context(), append([]string{"serve", "--data", t.TempDir()}, args...), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), "zero or more") {
			t.Errorf("%v: exit %d: %q", args, code, errb.String())
		}
	}
	f, err := parseServe(nil, &bytes.Buffer{})
	if err != nil || f.connRate != 10 || f.connBurst != 20 || f.connMax != 100 || f.maxSessions != 10 || f.authTimeout.Seconds() != 30 || f.idle.Minutes() != 30 || f.connLoopback ||
		f.sessionsTotal != 1000 || f.sessionsPerAddr != 100 || f.unregTotal != 50 || f.unregPerAddr != 5 || f.unregTimeout.Minutes() != 2 {
		t.Fatalf("defaults: %+v %v", f, err)
	}
	if offIfZero(0) >= 0 || offIfZero(5) != 5 {
		t.Fatal("--conn-rate 0 and --conn-max 0 must turn the limit off")
	}
}

// --heap-floor takes a size, 0 for none (Go's own pacing), 256 MiB unless
// given; anything else is refused with the size flags' words.
func TestServeHeapFloorFlag(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want int64
	}{{nil, 256 << 20}, {[]string{"--heap-floor", "0"}, 0}, {[]string{"--heap-floor", "1GiB"}, 1 << 30}} {
		f, err := parseServe(c.args, &bytes.Buffer{})
		if err != nil || int64(f.heapFloor.sizeFlag) != c.want {
			t.Errorf("%v: floor %d (%v), want %d", c.args, f.heapFloor.sizeFlag, err, c.want)
		}
	}
	if _, err := parseServe([]string{"--heap-floor", "-1"}, &bytes.Buffer{}); err == nil {
		t.Error("--heap-floor -1 was taken")
	}
}
