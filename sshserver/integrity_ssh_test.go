package sshserver_test

import (
	"strings"
	"testing"
)

// R11: every client, active or deactivated, keeps exactly one primary
// coach. The primary coach of a deactivated client can be neither
// deactivated nor deleted until another coach is made primary; the
// refusal names the client.
func TestPrimaryOfDeactivatedClientStays(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia := ts.keys["olivia"]
	if _, errOut, code := ts.run(t, olivia, "people deactivate jane"); code != 0 {
		t.Fatalf("deactivate jane: %d %s", code, errOut)
	}
	for _, cmd := range []string{"people deactivate rob", "people delete rob --confirm rob"} {
		_, errOut, code := ts.run(t, olivia, cmd)
		if code != 1 || !strings.Contains(errOut, "jane (deactivated)") || !strings.Contains(errOut, "make another coach primary first") {
			t.Fatalf("%s: exit %d, %q; want a refusal naming jane", cmd, code, errOut)
		}
	}
	out, _, code := ts.run(t, olivia, "pairing show --client jane")
	if code != 0 || !strings.Contains(out, "rob") || !strings.Contains(out, "primary") {
		t.Fatalf("jane's pairings: %d %q", code, out)
	}
}
