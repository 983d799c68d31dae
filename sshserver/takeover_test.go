package sshserver_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

// Account takeover through an invitation (R2, R34): `people invite` used to
// make a code for someone who already signed in, and whoever could invite
// them redeemed it with their own key and acted as them. Each test plays
// one attack over real connections; if a code comes out, it carries the
// attack through and reports what the attacker reached.

// mustRun runs cmd as signer and fails unless it succeeds.
func (ts *testServer) mustRun(t *testing.T, signer gossh.Signer, cmd string) string {
	t.Helper()
	out, errs, code := ts.run(t, signer, cmd)
	if code != 0 {
		t.Fatalf("%q: exit %d: %s", cmd, code, errs)
	}
	return out
}

// tryInvite asks for an invitation as attacker. A refusal (exit 77, with
// reason) is what the rule wants; a code is redeemed with a fresh key,
// which then runs proof to show what it reached, and the test fails.
func (ts *testServer) tryInvite(t *testing.T, attacker gossh.Signer, invite, victim, proof, reason string) {
	t.Helper()
	out, errs, code := ts.run(t, attacker, invite+" --json")
	if code == 0 {
		var inv struct{ Code string }
		if err := json.Unmarshal([]byte(out), &inv); err != nil {
			t.Fatalf("%q gave a code that is no JSON: %q", invite, out)
		}
		mine := newSigner(t)
		_, _, rc := ts.run(t, mine, "invite redeem "+inv.Code)
		got, _, pc := ts.run(t, mine, proof)
		t.Fatalf("%q made a code for %s; redeemed with the attacker's key (exit %d), %q answered (exit %d):\n%s", invite, victim, rc, proof, pc, got)
	}
	if code != 77 || !strings.Contains(errs, reason) {
		t.Fatalf("%q: exit %d %q, want 77 saying %q", invite, code, errs, reason)
	}
}

// A coach with only manage_own_clients links pat — a contact of Alex, whom
// the coach has no access to — to his own client, invites pat, and as pat
// reads Alex's payments and cancels Alex's session.
func TestTakeoverCoachLinksAContactAndInvitesThem(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia, rob := ts.keys["olivia"], ts.keys["rob"]
	ts.mustRun(t, olivia, "perms grant manage_own_clients --person rob --ws team")
	ts.mustRun(t, rob, "contacts link --client jane --contact pat --perm schedule --ws team")
	ts.tryInvite(t, rob, "people invite pat --ws team", "pat", "payments list --client alex --ws contact:alex",
		"manage_own_clients as primary coach of every client they are or act for")

	// Linking gives no power over pat's account, which reaches Alex and Casey.
	for _, cmd := range []string{"people deactivate pat --ws team", "people delete pat --confirm pat --ws team"} {
		if _, errs, code := ts.run(t, rob, cmd); code != 77 {
			t.Fatalf("%q after linking pat to jane: exit %d %q, want 77", cmd, code, errs)
		}
	}
	if out := ts.mustRun(t, ts.keys["pat"], "whoami --json"); !strings.Contains(out, `"contact:alex"`) {
		t.Fatalf("pat's account changed: %s", out)
	}
}

// The same through someone who never signed in: a contact of Alex made by
// the admins, not yet invited. Linking them to one's own client must not
// let one invite them — the code would reach Alex.
func TestTakeoverCoachLinksANewContactAndInvitesThem(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia, rob := ts.keys["olivia"], ts.keys["rob"]
	ts.mustRun(t, olivia, "perms grant manage_own_clients --person rob --ws team")
	ts.mustRun(t, ts.keys["adam"], "contacts link --client alex --email noa@example.com --contact noa --name Noa --perm payments --ws team")
	// Linked through the add-contact flow, found by email (R35): no code, and the reason.
	out := ts.mustRun(t, rob, "contacts link --client jane --contact noa --email noa@example.com --perm schedule --invite --ws team --json")
	var added struct {
		Code   string `json:"code"`
		NoCode string `json:"no_code"`
	}
	if err := json.Unmarshal([]byte(out), &added); err != nil || !strings.Contains(added.NoCode, "primary coach of every client they are or act for") {
		t.Fatalf("the add-contact flow with --invite for noa: %v %s", err, out)
	}
	if added.Code != "" {
		mine := newSigner(t)
		ts.run(t, mine, "invite redeem "+added.Code)
		got, _, _ := ts.run(t, mine, "payments list --client alex --ws contact:alex")
		t.Fatalf("the flow gave rob a code for noa, a contact of alex; it reached:\n%s", got)
	}
	out, errs, code := ts.run(t, rob, "people invite noa --ws team --json")
	if code == 0 {
		var inv struct{ Code string }
		_ = json.Unmarshal([]byte(out), &inv)
		mine := newSigner(t)
		ts.run(t, mine, "invite redeem "+inv.Code)
		got, _, _ := ts.run(t, mine, "payments list --client alex --ws contact:alex")
		t.Fatalf("rob invited noa, a contact of alex, and reached:\n%s", got)
	}
	if code != 77 || !strings.Contains(errs, "primary coach of every client they are or act for") {
		t.Fatalf("rob inviting noa: exit %d %q, want 77 naming what it needs", code, errs)
	}
	// The admins who made noa invite them, as before.
	if out := ts.mustRun(t, ts.keys["adam"], "people invite noa --ws team"); !strings.Contains(out, "Invitation for Noa (noa)") {
		t.Fatalf("adam inviting noa: %q", out)
	}
}

// An admin with manage_clients becomes the client jane and approves a
// progress update jane had kept from her contacts.
func TestTakeoverAdminBecomesAClient(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	pr, err := ts.svc.AddProgress(domain.Who{Person: ts.ids["rob"], Workspace: "team"}, "jane", "Private progress, not for contacts.")
	if err != nil {
		t.Fatal(err)
	}
	ts.tryInvite(t, ts.keys["adam"], "people invite jane --ws team", "jane", fmt.Sprintf("progress approve %d --ws me", pr.Progress.ID),
		"Jane Smith already signs in with a key of their own")
}

// An admin with manage_coaches becomes the coach mira and reads the private
// notes he is refused.
func TestTakeoverAdminBecomesACoach(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	adam := ts.keys["adam"]
	ts.mustRun(t, ts.keys["olivia"], "perms grant manage_coaches --person adam --ws team")
	if _, _, code := ts.run(t, adam, "notes list --client alex --ws team"); code != 77 {
		t.Fatalf("adam reads alex's notes as himself: exit %d", code)
	}
	ts.tryInvite(t, adam, "people invite mira --ws team", "mira", "notes list --client alex --ws team",
		"Mira Moss already signs in with a key of their own")
}

// A code made before the rule held, for someone who signs in, binds nothing.
func TestTakeoverOldInvitationForSignedInPerson(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	code := "ABCD-EFGH-JKMN"
	sum := sha256.Sum256([]byte(strings.ReplaceAll(code, "-", "")))
	err := ts.db.Update(func(tx domain.Tx) error {
		id, err := tx.NextID("invitations")
		if err != nil {
			return err
		}
		now := ts.clk.now()
		inv := domain.Invitation{ID: id, Person: ts.ids["jane"], CodeHash: hex.EncodeToString(sum[:]), Created: now, CreatedBy: ts.ids["adam"], Expires: now.Add(domain.InvitationTTL)}
		return tx.Put("invitations", id, inv,
			domain.Index{Name: "code", Key: inv.CodeHash, Unique: true},
			domain.Index{Name: "person", Key: inv.Person.Key() + "/" + id.Key()})
	})
	if err != nil {
		t.Fatal(err)
	}
	attacker := newSigner(t)
	_, errs, rc := ts.run(t, attacker, "invite redeem "+code)
	if rc != 1 || errs != "error: that invitation is no longer valid; ask for a new one\n" {
		t.Fatalf("an old code for jane: exit %d %q", rc, errs)
	}
	if _, _, code := ts.run(t, attacker, "whoami"); code == 0 {
		t.Fatal("the attacker's key signs in")
	}
}

// Recovery (R2, R18): the account owner alone gives someone who lost
// every key a one-time code; the person is told by every channel they
// have, nothing is revoked, and it is audited.
func TestAccountRecovery(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia, jane := ts.keys["olivia"], ts.keys["jane"]
	ts.mustRun(t, olivia, "perms grant manage_coaches manage_admins --person adam --ws team")
	for _, c := range []struct {
		who  gossh.Signer
		cmd  string
		want int
		says string
	}{
		{ts.keys["adam"], "people recover jane --ws team", 77, "only the account owner recovers"},
		{ts.keys["asa"], "people recover jane --ws assistant:olivia", 77, "only the account owner recovers"},
		{olivia, "people recover olivia --ws team", 77, "nobody may change the account owner"},
		{olivia, "people recover jane --ws me", 77, ""}, // olivia has no me workspace
	} {
		if _, errs, code := ts.run(t, c.who, c.cmd); code != c.want || !strings.Contains(errs, c.says) {
			t.Errorf("%q: exit %d %q, want %d saying %q", c.cmd, code, errs, c.want, c.says)
		}
	}
	ts.mustRun(t, olivia, "people add kim --name Kim --email kim@example.com --as coach --ws team")
	if _, errs, code := ts.run(t, olivia, "people recover kim --ws team"); code != 77 || !strings.Contains(errs, "has never signed in: send an invitation instead") {
		t.Fatalf("recovering someone who never signed in: exit %d %q", code, errs)
	}

	var r struct {
		Handle   string   `json:"handle"`
		Code     string   `json:"code"`
		Expires  string   `json:"expires"`
		KeysKept []string `json:"keys_kept"`
		Told     []string `json:"told"`
	}
	out := ts.mustRun(t, olivia, "people recover jane --ws team --json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Code == "" {
		t.Fatalf("people recover --json: %v %q", err, out)
	}
	janeKey := mustKey(t, jane.PublicKey()).Fingerprint
	if r.Handle != "jane" || r.Expires != "2026-11-24T10:00:00-05:00" || strings.Join(r.KeysKept, ",") != janeKey || strings.Join(r.Told, ",") != "portal,email" {
		t.Fatalf("recovery: %+v", r)
	}
	text := ts.mustRun(t, olivia, "people recover jane --ws team")
	for _, want := range []string{"Recovery code for Jane Smith (jane): ", "Nothing was revoked: 1 key still signs in as jane", "kept: " + janeKey, "jane was told by portal and email."} {
		if !strings.Contains(text, want) {
			t.Errorf("people recover says %q, missing %q", text, want)
		}
	}
	var again struct{ Code string }
	_ = json.Unmarshal([]byte(ts.mustRun(t, olivia, "people recover jane --ws team --json")), &again)
	if _, _, code := ts.run(t, newSigner(t), "invite redeem "+r.Code); code != 1 {
		t.Fatal("an earlier recovery code still works after a newer one")
	}

	// Told in her portal and by email; the owner's outbox shows the email.
	if inbox := ts.mustRun(t, jane, "inbox list --ws me"); !strings.Contains(inbox, "Olivia Owens, the account owner, started recovering your sign-in") {
		t.Fatalf("jane's inbox does not tell her:\n%s", inbox)
	}
	if outbox := ts.mustRun(t, olivia, "notifications outbox --ws team --json"); !strings.Contains(outbox, `"to":"jane@example.com"`) || !strings.Contains(outbox, "started recovering your sign-in") {
		t.Fatalf("no email to jane in the outbox:\n%s", outbox)
	}

	// The new key signs in as jane; the old one still does (nothing revoked).
	fresh := newSigner(t)
	if out := ts.mustRun(t, fresh, "invite redeem "+again.Code); !strings.Contains(out, "jane") {
		t.Fatalf("redeeming the recovery code: %q", out)
	}
	for _, k := range []gossh.Signer{fresh, jane} {
		if out := ts.mustRun(t, k, "whoami --json"); !strings.Contains(out, `"handle":"jane"`) {
			t.Fatalf("after recovery a key signs in as: %s", out)
		}
	}
	if inbox := ts.mustRun(t, jane, "inbox list --ws me"); !strings.Contains(inbox, "was bound to your account with a recovery code") {
		t.Fatalf("jane is not told a key was bound:\n%s", inbox)
	}
	audit := ts.mustRun(t, olivia, "audit list --person jane --ws team")
	for _, want := range []string{"made a recovery code for jane", "with a recovery code, told by portal"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %s:\n%s", want, audit)
		}
	}
}
