package sshserver_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"behalf/blobs"
	"behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
	"behalf/sshkey"
	"behalf/sshserver"
	"behalf/store"
)

// deadline is how long a test waits for something that should happen at
// once; generous, so a slow machine never flakes.
const deadline = 15 * time.Second

// clock is the service's clock, moved by tests (invitation expiry).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
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

// testServer is a real server on 127.0.0.1 over a real bbolt file seeded
// with the demo organisation, one ed25519 key per demo person (the same
// keys for every server of the test binary, so its demo file is seeded
// once and copied: see internal/fixture).
type testServer struct {
	t     *testing.T
	srv   *sshserver.Server
	svc   *domain.Service
	db    *store.DB
	addr  string
	keys  map[string]gossh.Signer
	ids   map[string]domain.ID
	clk   *clock
	logs  *syncBuffer
	hostK gossh.PublicKey
	// noChecks: the test damaged its file on purpose
	noChecks bool
	dir      string // the data folder: behalf.db, host key, files/
	// demoFiles are the contents the demo's library files brought
	// (demo/library.go), which filesOnDisk leaves out.
	demoFiles map[string]bool

	mu       sync.Mutex
	sessions []sshserver.TUISession // what the screens were given
}

func startServer(t *testing.T, tweak ...func(*sshserver.Config)) *testServer {
	t.Helper()
	return startServerWith(t, domain.LibraryLimits{}, tweak...)
}

// startServerWith is startServer with library limits of the test's own
// (zero fields: the defaults); library files live in DIR/files.
func startServerWith(t *testing.T, limits domain.LibraryLimits, tweak ...func(*sshserver.Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	clk := &clock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	signers, keys := demoSigners(t)
	files, err := blobs.Open(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	db, svc := fixture.Demo(t, filepath.Join(dir, "behalf.db"), keys, domain.Options{Now: clk.now, Files: files, Library: limits})
	ts := &testServer{t: t, svc: svc, db: db, keys: maps.Clone(signers), ids: map[string]domain.ID{}, clk: clk, logs: &syncBuffer{}, dir: dir}
	ts.demoFiles = map[string]bool{}
	for _, f := range ts.filesOnDisk(t) {
		ts.demoFiles[f] = true
	}
	for h, k := range keys {
		p, err := svc.Identify(k.Fingerprint)
		if err != nil {
			t.Fatal(err)
		}
		ts.ids[h] = p.ID
	}
	cfg := sshserver.Config{
		HostKeyPath: filepath.Join(dir, "host_ed25519"),
		Service:     svc,
		Log:         newLogger(ts.logs),
		TUI:         ts.screen,
	}
	for _, f := range tweak {
		f(&cfg)
	}
	srv, err := sshserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.srv = srv
	ts.hostK = ts.srv.HostKey()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	served := make(chan error, 1)
	go func() { served <- ts.srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		_ = ts.srv.Shutdown(ctx)
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		// Every test ends with the store's and the domain's checks.
		if !ts.noChecks {
			if err := consistency.Check(db, svc); err != nil {
				t.Errorf("after the test: %v", err)
			}
		}
		db.Close()
		if t.Failed() {
			t.Logf("server log:\n%s", ts.logs.String())
		}
	})
	return ts
}

var (
	demoSignersOnce sync.Once
	demoSignerMap   map[string]gossh.Signer
	demoKeyMap      map[string]domain.SSHKey
	demoPrivMap     map[string]ed25519.PrivateKey // for OpenSSH's own clients
)

// demoSigners are the demo people's keys, made once per test binary.
func demoSigners(t *testing.T) (map[string]gossh.Signer, map[string]domain.SSHKey) {
	t.Helper()
	demoSignersOnce.Do(func() {
		demoSignerMap, demoKeyMap, demoPrivMap = map[string]gossh.Signer{}, map[string]domain.SSHKey{}, map[string]ed25519.PrivateKey{}
		for _, p := range demo.People {
			_, priv, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			signer, err := gossh.NewSignerFromKey(priv)
			if err != nil {
				t.Fatal(err)
			}
			demoPrivMap[p.Handle] = priv
			demoSignerMap[p.Handle] = signer
			demoKeyMap[p.Handle] = mustKey(t, signer.PublicKey())
		}
	})
	if len(demoKeyMap) != len(demo.People) {
		t.Fatal("the demo keys could not be made")
	}
	return demoSignerMap, demoKeyMap
}

func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustKey(t *testing.T, pub gossh.PublicKey) domain.SSHKey {
	t.Helper()
	k, err := sshkey.FromPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// screen is the test's stand-in for the tui package: it records what the
// session was given and shows it at once.
func (ts *testServer) screen(s sshserver.TUISession) tea.Model {
	ts.mu.Lock()
	ts.sessions = append(ts.sessions, s)
	ts.mu.Unlock()
	return echoScreen{text: fmt.Sprintf("test screen: person=%d key=%s", s.Person, s.Key.Fingerprint)}
}

// lastSession is what the screens were given most recently.
func (ts *testServer) lastSession(t *testing.T) sshserver.TUISession {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.sessions) == 0 {
		t.Fatal("no terminal session reached the screens")
	}
	return ts.sessions[len(ts.sessions)-1]
}

// echoScreen shows fixed text and the last window size, and quits on q.
type echoScreen struct {
	text string
	size string
}

func (m echoScreen) Init() tea.Cmd { return nil }

func (m echoScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
	case tea.WindowSizeMsg:
		m.size = fmt.Sprintf("size=%dx%d", msg.Width, msg.Height)
	}
	return m, nil
}

func (m echoScreen) View() string { return m.text + "\n" + m.size + "\n" }

// clientConfig signs in with auth and accepts only this server's host key.
func (ts *testServer) clientConfig(auth ...gossh.AuthMethod) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            "anyone", // the SSH user name is ignored
		Auth:            auth,
		HostKeyCallback: gossh.FixedHostKey(ts.hostK),
		Timeout:         deadline,
	}
}

func (ts *testServer) dial(cfg *gossh.ClientConfig) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, cfg)
}

// client signs in with signer.
func (ts *testServer) client(t *testing.T, signer gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := ts.dial(ts.clientConfig(gossh.PublicKeys(signer)))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// run runs one command line without a terminal and returns its output and
// exit code.
func (ts *testServer) run(t *testing.T, signer gossh.Signer, cmd string) (stdout, stderr string, code int) {
	t.Helper()
	return runOn(t, ts.client(t, signer), cmd)
}

func runOn(t *testing.T, c *gossh.Client, cmd string) (stdout, stderr string, code int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	err = runWithin(sess, cmd)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitStatus()
	default:
		t.Fatalf("run %q: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

// runWithin runs cmd on sess (cmd "" waits for a started session to end)
// and gives up after the deadline, closing the session: a command that
// never ends fails its test instead of hanging it.
func runWithin(sess *gossh.Session, cmd string) error {
	done := make(chan error, 1)
	go func() {
		if cmd == "" {
			done <- sess.Wait()
		} else {
			done <- sess.Run(cmd)
		}
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(deadline):
		sess.Close()
		return fmt.Errorf("no end within %s", deadline)
	}
}

// terminal is one interactive session with a PTY, as `ssh -t` opens it.
type terminal struct {
	t     *testing.T
	sess  *gossh.Session
	out   *syncBuffer
	stdin io.WriteCloser
	ended chan error
}

func (ts *testServer) openTerminal(t *testing.T, signer gossh.Signer) *terminal {
	t.Helper()
	return openTerminalOn(t, ts.client(t, signer))
}

func openTerminalOn(t *testing.T, c *gossh.Client) *terminal {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	t.Cleanup(func() { sess.Close() })
	tm := &terminal{t: t, sess: sess, out: &syncBuffer{}, ended: make(chan error, 1)}
	sess.Stdout, sess.Stderr = tm.out, tm.out
	if tm.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty: %v", err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	go func() { tm.ended <- sess.Wait() }()
	return tm
}

// waitFor reads the screen until text appears. Nothing is typed meanwhile.
func (tm *terminal) waitFor(text string) {
	tm.t.Helper()
	end := time.Now().Add(deadline)
	for !strings.Contains(tm.out.String(), text) {
		if time.Now().After(end) {
			tm.t.Fatalf("%q did not appear; the screen showed:\n%q", text, tm.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// wait waits for the session to end and returns its exit code.
func (tm *terminal) wait() int {
	tm.t.Helper()
	select {
	case err := <-tm.ended:
		var exit *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &exit):
			return exit.ExitStatus()
		}
		tm.t.Fatalf("session ended without an exit status: %v", err)
	case <-time.After(deadline):
		tm.t.Fatalf("session did not end; the screen showed:\n%q", tm.out.String())
	}
	return -1
}
