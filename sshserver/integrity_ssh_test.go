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

// R14, R50 over SSH: making mira view-only for jane while she has an
// upcoming session with jane is refused with the session named and the
// flags that settle it; --sessions move --to rob moves it, and jane sees
// it with rob.
func TestDemotionNamesSessionsAndMovesThem(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	adam := ts.keys["adam"]
	set := "pairing set --coach mira --client jane --level view"
	_, errOut, code := ts.run(t, adam, set)
	if code != 1 || !strings.Contains(errOut, "jane 2026-11-27 14:00 EST") || !strings.Contains(errOut, "--sessions cancel, or --sessions move --to H") {
		t.Fatalf("demotion with a session: exit %d %q", code, errOut)
	}
	if _, errOut, code := ts.run(t, adam, set+" --sessions move"); code != 2 {
		t.Fatalf("move without --to: exit %d %q", code, errOut)
	}
	if out, errOut, code := ts.run(t, adam, set+" --sessions move --to rob"); code != 0 {
		t.Fatalf("move: exit %d %q %q", code, out, errOut)
	}
	out, errOut, code := ts.run(t, ts.keys["jane"], "sessions list --from 2026-11-27 --to 2026-11-27 --json")
	if code != 0 || !strings.Contains(out, `"coach":"rob"`) || strings.Contains(out, "mira") {
		t.Fatalf("jane's sessions: exit %d %q %q", code, out, errOut)
	}
}
