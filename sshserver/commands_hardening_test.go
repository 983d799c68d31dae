package sshserver_test

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// A command that cannot be split (an unclosed quote, a trailing
// backslash) is a usage error that says so. Before, the words read so far
// ran as a command — `people delete casey --confirm 'casey` deleted — and
// with a terminal an unsplittable command opened the screens.
func TestUnsplittableCommandIsAUsageError(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	for _, cmd := range []string{"people show 'jane", `people add kim --name "Kim`, `whoami \`} {
		out, errs, code := ts.run(t, ts.keys["olivia"], cmd)
		if code != 2 || out != "" || !strings.Contains(errs, "the command could not be read") || strings.Count(errs, "\n") != 1 {
			t.Fatalf("%s: exit %d: %q %q", cmd, code, out, errs)
		}
	}
	sess, err := ts.client(t, ts.keys["olivia"]).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	err = runWithin(sess, `people add kim --name "Kim`)
	exit, ok := err.(*gossh.ExitError)
	if !ok || exit.ExitStatus() != 2 || !strings.Contains(out.String(), "no closing quotation") || strings.Contains(out.String(), "test screen") {
		t.Fatalf("with a terminal: %v: %q", err, out.String())
	}
}

// A server failure answers exit 70 over SSH, with one line: here the
// database is closed under the running server, so finding who signs in
// fails before any command runs.
func TestServerFailureExits70(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	if out, errs, code := ts.run(t, ts.keys["olivia"], "whoami"); code != 0 {
		t.Fatalf("before: exit %d %q %q", code, out, errs)
	}
	if err := ts.db.Close(); err != nil {
		t.Fatal(err)
	}
	ts.noChecks = true // nothing is left to check: the file is closed
	for _, cmd := range []string{"whoami", "people show nobody --ws team"} {
		out, errs, code := ts.run(t, ts.keys["olivia"], cmd)
		if code != 70 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "something went wrong inside behalf") {
			t.Errorf("%s: exit %d: %q %q", cmd, code, out, errs)
		}
	}
}
