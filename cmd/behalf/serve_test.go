package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/demo"
)

const deadline = 15 * time.Second

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// server is one `behalf serve` run in-process, stopped as SIGTERM would.
type server struct {
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	exit           chan int
	data           string // the --data folder
	checked        bool   // its file was checked after a clean stop
}

func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, exit: make(chan int, 1), data: flagValue(args, "--data")}
	go func() {
		s.exit <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), s.stdout, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-s.exit:
			s.stopped(t, code)
		case <-time.After(deadline):
			t.Error("serve did not stop")
		}
	})
	return s
}

// stopped checks, once, the file a server that stopped cleanly leaves:
// the store's and the domain's checks, as after every test.
func (s *server) stopped(t *testing.T, code int) {
	t.Helper()
	if code != 0 || s.data == "" || s.checked {
		return
	}
	s.checked = true
	checkFile(t, filepath.Join(s.data, "behalf.db"))
}

// flagValue is the value given to name in args ("" if none).
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

var listening = regexp.MustCompile(`msg="ssh server listening" addr=(\S+)`)

// addr waits until the server listens and returns where.
func (s *server) addr(t *testing.T) string {
	t.Helper()
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		if m := listening.FindStringSubmatch(s.stderr.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-s.exit:
			t.Fatalf("serve exited %d:\n%s", code, s.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", s.stderr.String())
	return ""
}

// stop stops the server as SIGINT/SIGTERM do and returns its exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.exit:
		s.exit <- code // for Cleanup
		s.stopped(t, code)
		return code
	case <-time.After(deadline):
		t.Fatal("serve did not stop")
	}
	return -1
}

func signerFromFile(t *testing.T, path string) gossh.Signer {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.ParsePrivateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func hostKeyFrom(t *testing.T, path string) gossh.PublicKey {
	t.Helper()
	return signerFromFile(t, path).PublicKey()
}

// sshRun runs one command as signer and returns stdout, stderr and exit code.
func sshRun(t *testing.T, addr string, hostKey gossh.PublicKey, signer gossh.Signer, cmd string) (string, string, int) {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.FixedHostKey(hostKey), Timeout: deadline,
	})
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	code := 0
	if err := runWithin(sess, cmd); err != nil {
		exit, ok := err.(*gossh.ExitError)
		if !ok {
			t.Fatalf("%s: %v", cmd, err)
		}
		code = exit.ExitStatus()
	}
	return out.String(), errb.String(), code
}

// screen opens a terminal session as signer and returns what it shows once
// want appears (nothing is typed).
func screen(t *testing.T, addr string, hostKey gossh.PublicKey, signer gossh.Signer, want string) string {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.FixedHostKey(hostKey), Timeout: deadline,
	})
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	if err := sess.RequestPty("xterm-256color", 24, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(deadline)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(end) {
			t.Fatalf("%q did not appear; the screen showed:\n%q", want, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return out.String()
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestVersion(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"version"}, &out, &errb); code != 0 || out.String() != "behalf dev\n" {
		t.Fatalf("exit %d: %q %q", code, out.String(), errb.String())
	}
}

// An empty database needs --demo or all three owner flags, and says so.
func TestServeOnEmptyDatabaseSaysWhatToPass(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"--demo", "--org NAME --owner-name NAME --owner-key FILE.pub"}},
		{[]string{"--org", "Acme"}, []string{"missing --owner-name, --owner-key"}},
		{[]string{"--demo", "--org", "Acme"}, []string{"not both"}},
	} {
		var out, errb bytes.Buffer
		args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, c.args...)
		if code := run(t.Context(), args, &out, &errb); code != 2 {
			t.Fatalf("%v: exit %d, want 2: %s", c.args, code, errb.String())
		}
		for _, w := range c.want {
			if !strings.Contains(errb.String(), w) {
				t.Fatalf("%v: %q does not say %q", c.args, errb.String(), w)
			}
		}
	}
}

// The owner flags make the organisation and its owner, who signs in with
// the key given.
func TestServeWithOwnerFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "ada.pub")
	if err := os.WriteFile(pub, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	s := startServe(t, "--data", data, "--org", "Acme Coaching", "--owner-name", "Ada Lovelace", "--owner-key", pub, "--timezone", "Europe/Berlin")
	addr := s.addr(t)
	out, errs, code := sshRun(t, addr, hostKeyFrom(t, filepath.Join(data, "host_ed25519")), signer, "whoami")
	if code != 0 || !strings.Contains(out, "Ada Lovelace (ada) at Acme Coaching") {
		t.Fatalf("whoami: exit %d: %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(data, "demo-keys")); err == nil {
		t.Fatal("made demo keys without --demo")
	}
}

// --demo: the folder and files are private, every demo person has a key and
// a sign-in line, the key signs them in, a second server on the folder
// fails fast, and a restart keeps the host key and the demo keys.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data", data, "--demo")
	addr := s.addr(t)
	hostKeyPath := filepath.Join(data, "host_ed25519")
	hostKey := hostKeyFrom(t, hostKeyPath)

	for path, want := range map[string]os.FileMode{
		data: 0o700, filepath.Join(data, "behalf.db"): 0o600, hostKeyPath: 0o600, filepath.Join(data, "demo-keys"): 0o700,
	} {
		if got := mode(t, path); got != want {
			t.Fatalf("%s has mode %v, want %v", path, got, want)
		}
	}
	printed := s.stdout.String()
	for _, p := range demo.People {
		keyPath := filepath.Join(data, "demo-keys", p.Handle)
		if got := mode(t, keyPath); got != 0o600 {
			t.Fatalf("%s has mode %v, want 0600", keyPath, got)
		}
		if !strings.Contains(printed, "-i "+keyPath+" ") || !strings.Contains(printed, "# "+p.Name+" — "+p.Who) {
			t.Fatalf("no sign-in line for %s:\n%s", p.Handle, printed)
		}
	}
	olivia := signerFromFile(t, filepath.Join(data, "demo-keys", "olivia"))
	if out, errs, code := sshRun(t, addr, hostKey, olivia, "whoami"); code != 0 || !strings.Contains(out, "Olivia Owens (olivia)") {
		t.Fatalf("whoami: exit %d: %q %q", code, out, errs)
	}

	// The real screens: the first screen appears without a key press; an
	// unknown key sees nothing of the organisation (R2).
	screen(t, addr, hostKey, olivia, "Olivia")
	stranger, err := gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	shown := screen(t, addr, hostKey, stranger, "Welcome to behalf")
	for _, secret := range append([]string{"Northwind"}, demoNames()...) {
		if strings.Contains(shown, secret) {
			t.Fatalf("an unknown key was shown %q:\n%q", secret, shown)
		}
	}

	// A second server on the same folder fails at once, and says why.
	var out, errb bytes.Buffer
	start := time.Now()
	code := run(t.Context(), []string{"serve", "--listen", "127.0.0.1:0", "--data", data}, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "another behalf server is already using") {
		t.Fatalf("second server: exit %d: %q", code, errb.String())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("the second server took %v to give up", took)
	}

	// Graceful stop, then a restart keeps the host key and the demo keys.
	oldHost, err := os.ReadFile(hostKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	oldKey, err := os.ReadFile(filepath.Join(data, "demo-keys", "olivia"))
	if err != nil {
		t.Fatal(err)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("stop: exit %d:\n%s", code, s.stderr.String())
	}
	again := startServe(t, "--data", data, "--demo") // --demo is ignored now
	addr = again.addr(t)
	newHost, err := os.ReadFile(hostKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	newKey, err := os.ReadFile(filepath.Join(data, "demo-keys", "olivia"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(oldHost, newHost) || !bytes.Equal(oldKey, newKey) {
		t.Fatal("a restart changed the host key or a demo key")
	}
	if mode(t, hostKeyPath) != 0o600 {
		t.Fatal("the host key's mode changed")
	}
	if out, errs, code := sshRun(t, addr, hostKey, olivia, "whoami"); code != 0 || !strings.Contains(out, "Olivia Owens (olivia)") {
		t.Fatalf("whoami after restart: exit %d: %q %q", code, out, errs)
	}
	if !strings.Contains(again.stdout.String(), "# Olivia Owens — owner, team coach") {
		t.Fatalf("no sign-in lines after restart:\n%s", again.stdout.String())
	}
}

func demoNames() []string {
	var out []string
	for _, p := range demo.People {
		out = append(out, p.Name)
	}
	return out
}

// The printed sign-in line works as printed with OpenSSH, from the folder
// serve was started in.
func TestPrintedSignInLineWorksWithOpenSSH(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Fatalf("this test drives the OpenSSH client, which is not installed: %v", err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // the printed paths are relative to where serve started
	s := startServe(t, "--data", "./data", "--demo")
	s.addr(t)
	var line string
	for _, l := range strings.Split(s.stdout.String(), "\n") {
		if strings.Contains(l, "# Olivia Owens") {
			line = l
		}
	}
	if !strings.HasPrefix(line, "ssh -p ") || !strings.Contains(line, " -i data/demo-keys/olivia ") {
		t.Fatalf("sign-in line %q", line)
	}
	args := strings.Fields(strings.TrimSpace(line[:strings.Index(line, "#")]))
	// BatchMode: fail rather than prompt (so a host-key question fails the
	// test); -F /dev/null: this machine's ssh config is not under test.
	args = append([]string{"-F", "/dev/null", "-o", "BatchMode=yes"}, args[1:]...)
	args = append(args, "whoami")
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, sshBin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Olivia Owens (olivia)") {
		t.Fatalf("%s %s: %v\n%s", sshBin, strings.Join(args, " "), err, out)
	}
}
