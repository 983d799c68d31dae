package main

import (
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/internal/hostile"
)

// Terminal injection over real SSH: every stored text of the demo
// organisation (and of comments, messages, tasks, notes, progress, a
// package, an invoice and a signature added to it) gets a hostile payload
// written straight into the file. Then each demo person opens the real
// screens on a PTY and walks through every workspace and tab, and the raw
// byte stream their terminal receives is read: no OSC (clipboard, title),
// no DCS, no C1 control, no bidi override, no BEL — and no fragment of the
// payload, which would mean a sequence, or part of one, got through. The
// screens' own styling is fine. Commands are covered in cli.
func TestStoredTextCannotReachAScreen(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data", data, "--demo")
	addr := s.addr(t)
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(data, "demo-keys", h)) }
	for _, c := range []struct{ who, cmd string }{
		{"rob", "comments add --client jane --body 'Comment by rob'"},
		{"rob", "messages send --client jane --body 'Message to jane'"},
		{"jane", "messages send --body 'Message from jane'"},
		{"rob", "tasks add --title 'Task for rob' --client jane"},
		{"rob", "notes add --client jane --body 'Private note'"},
		{"rob", "progress add --client jane --body 'Progress update'"},
		{"rob", "account set --signature 'Rob R., coach'"},
		{"olivia", "packages define --name Gold --sessions 5 --price 500 --days 90"},
		{"olivia", "invoices issue --client jane --item 'Coaching session=150'"},
	} {
		if _, errs, code := sshRun(t, addr, hostKey, key(c.who), c.cmd); code != 0 {
			t.Fatalf("%s %s: exit %d: %s", c.who, c.cmd, code, errs)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("stop: %d", code)
	}
	if n, err := hostile.Poison(filepath.Join(data, "behalf.db")); err != nil || n < 50 {
		t.Fatalf("poisoned %d fields: %v", n, err)
	}
	s = startServe(t, "--data", data)
	addr = s.addr(t)

	// Keys to walk every workspace and tab: enter the selected workspace,
	// tab through its screens, back to the selector, next one, and so on.
	var walk []string
	for ws := 0; ws < 3; ws++ {
		walk = append(walk, "\r")
		for tab := 0; tab < 8; tab++ {
			walk = append(walk, "\t", "j", "\r", "\x1b")
		}
		walk = append(walk, "w", "j")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	visible := map[string]bool{}
	for _, who := range []string{"olivia", "adam", "rob", "jane", "alex", "eve", "pat", "asa"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			raw := walkScreens(t, addr, hostKey, key(who), walk)
			if err := hostile.CheckTerminal(raw); err != nil {
				t.Errorf("%s's terminal received: %v", who, err)
			}
			mu.Lock()
			visible[who] = strings.Contains(string(raw), "EVIL")
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, who := range []string{"olivia", "jane", "eve"} {
		if !visible[who] {
			t.Errorf("%s never saw the poisoned text: the test proves little", who)
		}
	}
}

// walkScreens opens the screens on a PTY as signer, types keys (pausing
// for each to draw) and returns every byte the terminal received.
func walkScreens(t *testing.T, addr string, hostKey gossh.PublicKey, signer gossh.Signer, keys []string) []byte {
	t.Helper()
	c, err := dialAs(addr, hostKey, signer)
	if err != nil {
		t.Errorf("sign in: %v", err)
		return nil
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Errorf("session: %v", err)
		return nil
	}
	defer sess.Close()
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Error(err)
		return nil
	}
	if err := sess.RequestPty("xterm-256color", 40, 160, gossh.TerminalModes{}); err != nil {
		t.Error(err)
		return nil
	}
	if err := sess.Shell(); err != nil {
		t.Error(err)
		return nil
	}
	quiet := func() {
		// wait until the screen has drawn and gone quiet
		last, end := -1, time.Now().Add(2*time.Second)
		for time.Now().Before(end) {
			time.Sleep(15 * time.Millisecond)
			n := len(out.String())
			if n == last && n > 0 {
				return
			}
			last = n
		}
	}
	quiet()
	for _, k := range keys {
		if _, err := io.WriteString(stdin, k); err != nil {
			break
		}
		quiet()
	}
	io.WriteString(stdin, "\x03") // ctrl+c
	return []byte(out.String())
}
