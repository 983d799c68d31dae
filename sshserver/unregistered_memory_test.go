package sshserver_test

import (
	"runtime"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"behalf/sshserver"
	"behalf/tui"
)

// floodKeys is how many fresh keys the flood brings, one connection and
// one invitation screen each: fewer under the race detector, which makes
// each handshake many times as costly.
func floodKeys() int {
	if raceEnabled {
		return 50
	}
	return 120
}

// perFreshKey bounds what each key of the flood may add to the live heap:
// its connection, both ends of it in this process (about 50 kB), and a
// share of the few screens let in. A screen per key would add about
// 200 kB more.
const perFreshKey = 100 << 10

// The attack measured: a flood of fresh keys from one address, each
// holding an invitation screen open (the real screens), used to grow the
// server by about 200 kB a key. With the caps, the process's live heap
// while the flood holds on stays within a bound far below what the
// screens alone would take; a person still gets in. Not parallel: the
// heap is the whole process's.
func TestFreshKeyFloodMemoryIsBounded(t *testing.T) {
	var ts *testServer
	ts = startServer(t, func(c *sshserver.Config) {
		c.TUI = func(s sshserver.TUISession) tea.Model { return tui.New(ts.svc, tui.Session(s)) }
	})
	n := floodKeys()
	signers := make([]gossh.Signer, n)
	for i := range signers {
		signers[i] = newSigner(t)
	}
	before := liveHeap()

	var (
		wg                sync.WaitGroup
		mu                sync.Mutex
		screens, refusals int
	)
	terms := make([]*terminal, n)
	for i := range n {
		wg.Go(func() {
			c, err := ts.clientFrom(t, "127.0.0.1", signers[i])
			if err != nil {
				t.Error(err)
				return
			}
			tm := openTerminalOn(t, c)
			terms[i] = tm
			got := waitEither(tm, "invitation", "too many")
			mu.Lock()
			defer mu.Unlock()
			if got == "too many" {
				refusals++
			} else {
				screens++
			}
		})
	}
	wg.Wait()
	after := liveHeap()
	grown := int64(after) - int64(before)
	t.Logf("%d fresh keys: %d invitation screens, %d refused; live heap %d kB → %d kB", n, screens, refusals, before>>10, after>>10)
	if screens > sshserver.DefaultMaxUnregisteredPerAddr || screens+refusals != n {
		t.Fatalf("%d screens and %d refusals for %d keys", screens, refusals, n)
	}
	if grown > int64(n*perFreshKey) {
		t.Fatalf("the live heap grew by %d kB under a flood of %d keys, more than %d kB a key", grown>>10, n, perFreshKey>>10)
	}
	for _, tm := range terms {
		if tm != nil && strings.Contains(tm.out.String(), "too many") && !strings.Contains(tm.out.String(), "keys that are not registered are open from your address") {
			t.Fatalf("a refusal read %q", tm.out.String())
		}
	}
	p, err := ts.clientFrom(t, "127.0.0.1", ts.keys["olivia"])
	if err != nil {
		t.Fatal(err)
	}
	openTerminalOn(t, p).waitFor("Olivia")
}

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
