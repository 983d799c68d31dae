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

// R50: a past session is never booked as scheduled. The team is refused
// and told how to record it; with --status it is recorded as what it was,
// and the client, who has nothing to come to, is not notified. Clients
// and contacts record nothing in the past.
func TestPastSessionRecordedOnlyAsWhatItWas(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	adam := ts.keys["adam"]
	book := "sessions book --client jane --coach rob --start 2026-11-20T08:00 --minutes 60"
	_, errOut, code := ts.run(t, adam, book)
	if code != 1 || !strings.Contains(errOut, "is in the past") || !strings.Contains(errOut, "--status completed") {
		t.Fatalf("past booking: exit %d %q", code, errOut)
	}
	out, errOut, code := ts.run(t, adam, book+" --status completed --json")
	if code != 0 || !strings.Contains(out, `"status":"completed"`) {
		t.Fatalf("recording: exit %d %q %q", code, out, errOut)
	}
	_, _, code = ts.run(t, adam, "sessions book --client jane --coach rob --start 2026-12-20T08:00 --minutes 60 --status completed")
	if code != 1 {
		t.Fatalf("a future session recorded as completed: exit %d", code)
	}
	_, _, code = ts.run(t, ts.keys["eve"], "sessions book --start 2026-11-21T08:00 --minutes 60 --status completed --ws contact:jane")
	if code != 1 {
		t.Fatalf("a contact recorded a past session: exit %d", code)
	}
	inbox, errOut, code := ts.run(t, ts.keys["jane"], "inbox list --json")
	if code != 0 || strings.Contains(inbox, "2026-11-20") {
		t.Fatalf("jane's inbox (exit %d %q): %s", code, errOut, inbox)
	}
}
