package sshserver_test

import (
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// R34: an invitation is valid for 7 days from when it was made, moved on
// the server's own clock and redeemed over a real connection.
func TestInvitationExpiryOverSSH(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	owner := domain.Who{Person: ts.ids["olivia"], Workspace: "team"}
	codes := map[string]string{}
	for _, h := range []string{"kim", "lee"} {
		if _, err := ts.svc.AddPerson(owner, domain.NewPerson{Handle: h, Name: "New Coach", Email: h + "@example.com", As: domain.AsCoach}); err != nil {
			t.Fatal(err)
		}
		inv, err := ts.svc.InvitePerson(owner, h)
		if err != nil {
			t.Fatal(err)
		}
		codes[h] = inv.Code
	}

	ts.clk.add(6*24*time.Hour + 23*time.Hour)
	if out, errs, code := ts.run(t, newSigner(t), "invite redeem "+codes["kim"]); code != 0 || !strings.Contains(out, "kim") {
		t.Fatalf("a code 6 days 23 hours old: exit %d: %q %q", code, out, errs)
	}

	ts.clk.add(time.Hour + time.Second) // 7 days and 1 second
	out, errs, code := ts.run(t, newSigner(t), "invite redeem "+codes["lee"])
	// Made 2026-11-23 15:00 UTC: it ended 2026-11-30 10:00 in New York.
	want := "error: that invitation expired on 2026-11-30 at 10:00; ask whoever invited you for a new one\n"
	if code != 1 || out != "" || errs != want {
		t.Fatalf("a code 7 days and 1 second old: exit %d: %q %q, want exit 1 and %q", code, out, errs, want)
	}
	if _, err := ts.svc.Identify(mustKey(t, newSigner(t).PublicKey()).Fingerprint); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("an unbound key identifies: %v", err)
	}
}
