//go:build unix

package sshserver_test

import (
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The attack: one command line holding a single token of hundreds of
// kilobytes. The splitter used to build each word a character at a time,
// so one such line cost seconds to minutes of CPU — from a key nobody
// registered, too — and kept running after the client left. Now the line
// is bounded before anything reads it: whoever sends it gets one usage line.
func TestHugeCommandTokenIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	huge := "people show " + strings.Repeat("a", 200<<10)
	for who, signer := range map[string]gossh.Signer{"a registered person": ts.keys["olivia"], "an unregistered key": newSigner(t)} {
		out, errs, code := ts.run(t, signer, huge)
		want := fmt.Sprintf("error: the command is too long: %d bytes, at most 16384; shorten it.\n", len(huge))
		if code != 2 || out != "" || errs != want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", who, code, out, errs)
		}
	}
	// Just inside the bound, the line is read and runs as usual.
	long := "people show " + strings.Repeat("a", 16<<10-len("people show "))
	if _, errs, code := ts.run(t, ts.keys["olivia"], long); code != 1 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "no one has the handle") {
		t.Errorf("a line at the bound: exit %d: %q", code, errs)
	}
}

// Under the attack — concurrent huge tokens, and the costliest lines the
// bound still admits (all quotes, all escapes) — the server's CPU stays
// small. Measured as the CPU this process (server and clients) used over
// the attack, with a bound far above what it takes and far below what one
// such line cost before. Not parallel: other tests' CPU would count.
func TestHugeCommandTokensCostLittleCPU(t *testing.T) {
	ts := startServer(t)
	lines := []string{
		"whoami " + strings.Repeat("x", 250<<10),
		"whoami " + strings.Repeat(`\x`, 8<<10-4),
		"whoami " + strings.Repeat(`''`, 8<<10-4),
		"whoami " + strings.Repeat(`"\$"`, 4<<10-2),
	}
	var keys []gossh.Signer
	for range 4 {
		keys = append(keys, newSigner(t))
	}
	keys = append(keys, ts.keys["olivia"], ts.keys["pat"])
	clients := make([]*gossh.Client, len(keys))
	for i, k := range keys {
		clients[i] = ts.client(t, k)
	}

	before := cpuTime(t)
	var wg sync.WaitGroup
	for _, c := range clients {
		for _, line := range lines {
			wg.Go(func() {
				sess, err := c.NewSession()
				if err != nil {
					t.Error(err)
					return
				}
				defer sess.Close()
				var out strings.Builder
				sess.Stderr = &out
				err = runWithin(sess, line)
				if exit, ok := err.(*gossh.ExitError); !ok || exit.ExitStatus() == 0 || strings.Count(out.String(), "\n") != 1 {
					t.Errorf("%.20q…: %v: %q", line, err, out.String())
				}
			})
		}
	}
	wg.Wait()
	used := cpuTime(t) - before
	t.Logf("%d command lines of up to 250 KB took %v of CPU", len(clients)*len(lines), used)
	if used > 5*time.Second {
		t.Fatalf("the attack cost %v of CPU", used)
	}
}

// cpuTime is the CPU this process has used so far, user and system.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
