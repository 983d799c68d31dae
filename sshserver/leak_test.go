package sshserver_test

import (
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"behalf/sshserver"
	"behalf/tui"
)

// leakSessions is how many sessions TestDroppedSessionsLeaveNothing opens
// and drops: a thousand, fewer under the race detector (raceEnabled),
// which makes each one many times as costly. A hundred still show a leak
// of one goroutine a session twenty times over the slack.
func leakSessions() int {
	if raceEnabled {
		return 100
	}
	return 1000
}

// firstScreenWait bounds the wait for each first screen. This test is
// about what dropped sessions leave behind, not how fast a screen comes:
// under the race detector on a loaded two-core machine, 25 first screens at
// once took longer than the harness's usual deadline, so this one only
// catches a hang.
const firstScreenWait = 2 * time.Minute

// Sessions that drop without a goodbye (the connection simply closes, as
// when a laptop lid shuts) leave nothing behind: once they are gone, the
// server's goroutines return to what they were before, whatever the
// screens had started (change-feed waits, timers, renderers). This is a
// test of behaviour, not of time: it waits as long as it must (within a
// generous deadline) for the count to come back.
//
// It runs the real screens (package tui) over the demo organisation, and
// is not parallel: the goroutine count is the whole process's.
func TestDroppedSessionsLeaveNothing(t *testing.T) {
	var ts *testServer
	ts = startServer(t, func(c *sshserver.Config) {
		c.MaxSessionsPerPerson = 10_000
		c.MaxSessions = -1                    // this test counts leaks, not limits
		c.Log = slog.New(slog.DiscardHandler) // the harness keeps its log in memory
		c.TUI = func(s sshserver.TUISession) tea.Model { return tui.New(ts.svc, tui.Session(s)) }
	})
	handles := make([]string, 0, len(ts.keys))
	for h := range ts.keys {
		handles = append(handles, h)
	}

	// open signs in with a terminal, waits for the first screen, and
	// returns the raw connection to drop.
	open := func(handle string) (net.Conn, error) {
		conn, err := net.DialTimeout("tcp", ts.addr, deadline)
		if err != nil {
			return nil, err
		}
		_ = conn.SetDeadline(time.Now().Add(firstScreenWait))
		cc, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, ts.clientConfig(gossh.PublicKeys(ts.keys[handle])))
		if err != nil {
			conn.Close()
			return nil, err
		}
		c := gossh.NewClient(cc, chans, reqs)
		sess, err := c.NewSession()
		if err != nil {
			conn.Close()
			return nil, err
		}
		out := &syncBuffer{}
		sess.Stdout = out
		if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			conn.Close()
			return nil, err
		}
		if err := sess.Shell(); err != nil {
			conn.Close()
			return nil, err
		}
		end := time.Now().Add(firstScreenWait)
		for !strings.Contains(out.String(), "behalf") { // every first screen starts with the header
			if time.Now().After(end) {
				conn.Close()
				return nil, fmt.Errorf("%s: no first screen: %q", handle, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
		return conn, nil
	}
	// wave opens n sessions at once, then drops them all.
	wave := func(n int) {
		conns := make([]net.Conn, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { conns[i], errs[i] = open(handles[i%len(handles)]) })
		}
		wg.Wait()
		for i, c := range conns {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if tcp, ok := c.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // a reset, not a goodbye
			}
			c.Close()
		}
	}

	settled := func(limit int) (int, bool) {
		end := time.Now().Add(60 * time.Second)
		for {
			runtime.GC()
			n := runtime.NumGoroutine()
			if n <= limit || time.Now().After(end) {
				return n, n <= limit
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// The baseline: after one wave, so that what the server keeps for good
	// (listener, pools, the first use of anything) is counted in it.
	wave(20)
	base := runtime.NumGoroutine()
	for range 20 { // the first wave's goroutines may still be leaving
		time.Sleep(50 * time.Millisecond)
		base = min(base, runtime.NumGoroutine())
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	// Waves of 25: enough at once to cross each other's paths, few enough
	// that every first screen comes within the deadline on a loaded machine.
	total := leakSessions()
	for done := 0; done < total; done += 25 {
		wave(min(25, total-done))
	}

	// A few goroutines of slack: the runtime's and the test's own come and go.
	if n, ok := settled(base + 5); !ok {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%d sessions dropped: %d goroutines a minute later, %d before; still running:\n%s", total, n, base, buf)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%d sessions dropped: goroutines back to %d (baseline %d); live heap %d kB (baseline %d kB)",
		total, runtime.NumGoroutine(), base, after.HeapAlloc>>10, before.HeapAlloc>>10)
	// Memory too, loosely: a session that stayed would hold hundreds of kB
	// (its screens, renderer and buffers), a thousand of them hundreds of MB;
	// what the server keeps for good (grown maps, pools) is a few MB at most.
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 16<<20 {
		t.Errorf("the live heap grew by %d MB over %d dropped sessions", grown>>20, total)
	}
}
