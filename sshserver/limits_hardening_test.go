package sshserver_test

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/sshserver"
)

// Past its burst an address is refused before the handshake, with a line
// that says why and a log line; within it, sign-in works.
func TestConnRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) {
		c.ConnRate, c.ConnBurst, c.ConnLimitLoopback = 0.01, 2, true
	})
	for i := 0; i < 2; i++ {
		if _, errs, code := ts.run(t, ts.keys["olivia"], "whoami"); code != 0 {
			t.Fatalf("connection %d: exit %d %s", i+1, code, errs)
		}
	}
	if c, err := ts.dial(ts.clientConfig(gossh.PublicKeys(ts.keys["olivia"]))); err == nil {
		c.Close()
		t.Fatal("the third connection was let in")
	}
	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(deadline))
	got, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("the refused connection was not closed: %v", err)
	}
	if !strings.HasPrefix(string(got), "behalf: too many new connections from your address; wait a few seconds") || strings.Contains(string(got), "SSH-2.0") {
		t.Fatalf("a refused client read %q", got)
	}
	if !strings.Contains(ts.logs.String(), "too many new connections from this address") {
		t.Fatalf("no log line:\n%s", ts.logs.String())
	}
}

// An address holding ConnMax connections open gets no more until one
// closes, and is told why.
func TestConnMaxPerAddress(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) {
		c.ConnMax, c.ConnRate, c.ConnLimitLoopback = 2, -1, true
	})
	a := ts.client(t, ts.keys["olivia"])
	b := ts.client(t, ts.keys["rob"])
	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(deadline))
	got, _ := io.ReadAll(conn)
	conn.Close()
	if !strings.HasPrefix(string(got), "behalf: too many open connections from your address; close some") {
		t.Fatalf("a third connection read %q", got)
	}
	if _, errs, code := runOn(t, a, "whoami"); code != 0 {
		t.Fatalf("an open connection stopped working: %s", errs)
	}
	b.Close()
	end := time.Now().Add(deadline)
	for {
		c, err := ts.dial(ts.clientConfig(gossh.PublicKeys(ts.keys["rob"])))
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(end) {
			t.Fatalf("closing a connection did not free its place: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(ts.logs.String(), "too many open connections from this address") {
		t.Fatalf("no log line:\n%s", ts.logs.String())
	}
}

// The defaults leave loopback alone: cmd/loadgen opens 200 sessions at
// 100 a second from 127.0.0.1, far over the per-address burst.
func TestConnRateLimitSparesLoopbackByDefault(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	var wg sync.WaitGroup
	errs := make(chan error, 3*sshserver.DefaultConnBurst)
	for i := 0; i < 3*sshserver.DefaultConnBurst; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := ts.dial(ts.clientConfig(gossh.PublicKeys(ts.keys["rob"])))
			if err != nil {
				errs <- err
				return
			}
			c.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a loopback connection was refused: %v", err)
	}
}

// A client that finishes the handshake but never signs in is closed after
// AuthTimeout too (the silent-client case is TestAuthTimeoutClosesSilentConnections).
func TestAuthTimeoutClosesStalledSignIn(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) { c.AuthTimeout = 300 * time.Millisecond })
	stall := make(chan struct{})
	defer close(stall)
	cfg := ts.clientConfig(gossh.PublicKeysCallback(func() ([]gossh.Signer, error) {
		<-stall // the handshake is done; sign-in never comes
		return nil, nil
	}))
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		c, err := ts.dial(cfg)
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	// The client blocks in its callback, so watch the server's side: the
	// log says it closed the connection.
	end := time.Now().Add(deadline)
	for !strings.Contains(ts.logs.String(), "not signed in in time") {
		if time.Now().After(end) {
			t.Fatalf("the stalled connection was not closed:\n%s", ts.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Fatal("closed before the timeout")
	}
}
