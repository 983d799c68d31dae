package sshserver_test

import (
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/sshserver"
)

// clientFrom signs in with signer from the local address ip (any address
// in 127.0.0.0/8 is this machine), so a test can be several addresses.
func (ts *testServer) clientFrom(t *testing.T, ip string, signer gossh.Signer) (*gossh.Client, error) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: deadline}
	conn, err := d.Dial("tcp", ts.addr)
	if err != nil {
		return nil, err
	}
	cc, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, ts.clientConfig(gossh.PublicKeys(signer)))
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := gossh.NewClient(cc, chans, reqs)
	t.Cleanup(func() { c.Close() })
	return c, nil
}

// The attack: a fresh key per connection, each one an invitation screen.
// Keys nobody registered are capped per address and overall, and told so;
// the people who work here still get in, and a closed session frees its
// place.
func TestFreshKeysCannotCrowdOutPeople(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) {
		c.MaxUnregisteredPerAddr, c.MaxUnregistered = 2, 5
	})
	var conns []*gossh.Client
	open := func(ip string) *terminal {
		c, err := ts.clientFrom(t, ip, newSigner(t))
		if err != nil {
			t.Fatalf("from %s: %v", ip, err)
		}
		conns = append(conns, c)
		return openTerminalOn(t, c)
	}
	for _, ip := range []string{"127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2"} {
		open(ip).waitFor("test screen")
	}
	// Past the address's cap, with a terminal and without.
	third := open("127.0.0.1")
	if code := third.wait(); code != 1 || !strings.Contains(third.out.String(), "too many sessions with keys that are not registered are open from your address") {
		t.Fatalf("a third unregistered session from one address: exit %d: %q", code, third.out.String())
	}
	c, err := ts.clientFrom(t, "127.0.0.2", newSigner(t))
	if err != nil {
		t.Fatal(err)
	}
	if out, errs, code := runOn(t, c, "invite redeem ABCD-EFGH-JKMN"); code != 1 || out != "" || !strings.Contains(errs, "from your address") {
		t.Fatalf("invite redeem past the cap: exit %d: %q %q", code, out, errs)
	}
	// Past the server's cap, from an address that has none open.
	fifth := open("127.0.0.3")
	fifth.waitFor("test screen")
	sixth := open("127.0.0.4")
	if code := sixth.wait(); code != 1 || !strings.Contains(sixth.out.String(), "too many people are signing in with new keys right now") {
		t.Fatalf("past the overall cap: exit %d: %q", code, sixth.out.String())
	}
	// A registered person still gets in, from a crowded address too.
	for _, ip := range []string{"127.0.0.1", "127.0.0.4"} {
		c, err := ts.clientFrom(t, ip, ts.keys["olivia"])
		if err != nil {
			t.Fatal(err)
		}
		openTerminalOn(t, c).waitFor("test screen")
	}
	if !strings.Contains(ts.logs.String(), "reason=\"limit: unregistered keys per address\"") {
		t.Errorf("the refusal is not logged:\n%s", ts.logs.String())
	}
	// Leaving (closing the connection) frees a place.
	conns[0].Close()
	end := time.Now().Add(deadline)
	for {
		if waitEither(open("127.0.0.1"), "test screen", "too many") == "test screen" {
			break
		}
		if time.Now().After(end) {
			t.Fatal("a closed unregistered session did not free its place")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitEither waits until the screen shows a or b and says which.
func waitEither(tm *terminal, a, b string) string {
	tm.t.Helper()
	end := time.Now().Add(deadline)
	for {
		switch s := tm.out.String(); {
		case strings.Contains(s, a):
			return a
		case strings.Contains(s, b):
			return b
		}
		if time.Now().After(end) {
			tm.t.Fatalf("neither %q nor %q appeared: %q", a, b, tm.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A key nobody registered has a short life: its session ends after
// UnregisteredTimeout with a notice, busy or not, and then its connection
// closes. A person's connection, signed in earlier, stays.
func TestUnregisteredKeysHaveAShortLife(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) { c.UnregisteredTimeout = 400 * time.Millisecond })
	person := ts.client(t, ts.keys["olivia"])
	stranger := ts.client(t, newSigner(t))
	tm := openTerminalOn(t, stranger)
	tm.waitFor("test screen")
	if code := tm.wait(); code != 0 || !strings.Contains(tm.out.String(), "closed: a key that is not registered may stay 400ms; connect again to type your invitation code.") {
		t.Fatalf("exit %d: %q", code, tm.out.String())
	}
	closed := make(chan error, 1)
	go func() { closed <- stranger.Wait() }()
	select {
	case <-closed:
	case <-time.After(deadline):
		t.Fatal("the unregistered key's connection stayed open")
	}
	if _, err := stranger.NewSession(); err == nil {
		t.Fatal("a session opened on the closed connection")
	}
	// The person signed in before the stranger, so a limit that caught
	// people too would have closed them first.
	if out, errs, code := runOn(t, person, "whoami"); code != 0 || !strings.Contains(out, "Olivia") {
		t.Fatalf("the person's connection: exit %d: %q %q", code, out, errs)
	}
	if !strings.Contains(ts.logs.String(), "an unregistered key's time is up") {
		t.Errorf("not logged:\n%s", ts.logs.String())
	}
}

// People's sessions are capped too: per address (loopback only when the
// connection limits cover it) and on the whole server.
func TestSessionCapsPerAddressAndServer(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) {
		c.MaxSessionsPerAddr, c.MaxSessions, c.ConnLimitLoopback, c.ConnRate = 2, 3, true, -1
	})
	open := func(ip, who string) *terminal {
		c, err := ts.clientFrom(t, ip, ts.keys[who])
		if err != nil {
			t.Fatal(err)
		}
		return openTerminalOn(t, c)
	}
	open("127.0.0.1", "olivia").waitFor("test screen")
	open("127.0.0.1", "rob").waitFor("test screen")
	if tm := open("127.0.0.1", "mira"); tm.wait() != 1 || !strings.Contains(tm.out.String(), "too many sessions are open from your address; close some and try again.") {
		t.Fatalf("a third session from one address: %q", tm.out.String())
	}
	open("127.0.0.2", "mira").waitFor("test screen")
	if tm := open("127.0.0.3", "jane"); tm.wait() != 1 || !strings.Contains(tm.out.String(), "behalf is busy: too many sessions are open; try again in a few minutes.") {
		t.Fatalf("past the server's cap: %q", tm.out.String())
	}
}
