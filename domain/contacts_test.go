package domain_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// R34: a client invited with contacts in one step; every invitee gets a
// code of their own, and each code binds only its own person.
func TestInviteClientWithContacts(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	res, err := d.svc.InviteClient(d.as("adam", "team"), domain.ClientInvite{
		Client: domain.NewPerson{Handle: "kai", Name: "Kai Kim", Email: "kai@example.com", Primary: "mira"},
		Contacts: []domain.NewContact{
			{Handle: "lena", Name: "Lena Kim", Email: "lena@example.com", Perms: "schedule,billing"},
			{Handle: "max", Name: "Max Kim", Email: "max@example.com", Perms: "progress", Expires: "2027-06-30"},
		},
		Invite: true,
	})
	must(t, err)
	if res.Invite == nil || len(res.Contacts) != 2 || res.Contacts[0].Invite == nil || res.Contacts[1].Invite == nil {
		t.Fatalf("every invitee needs a code: %+v", res)
	}
	codes := map[string]bool{res.Invite.Code: true, res.Contacts[0].Invite.Code: true, res.Contacts[1].Invite.Code: true}
	if len(codes) != 3 {
		t.Fatal("invitees share a code")
	}
	p, err := d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:lena-key"}, "10.0.0.1:1", res.Contacts[0].Invite.Code)
	must(t, err)
	if p.Handle != "lena" {
		t.Fatalf("lena's code bound %s", p.Handle)
	}
	ws, err := d.svc.Workspaces(p.ID)
	must(t, err)
	if len(ws) != 1 || ws[0].ID != "contact:kai" {
		t.Fatalf("lena's workspaces: %+v", ws)
	}
}

// R35: an existing person is found by email (case-insensitive) and linked,
// never duplicated; R36: only a contact without a login is invited.
func TestAddContactDedupesByEmail(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	ca, err := d.svc.AddContact(d.as("adam", "team"), domain.AddContactIn{
		Client:  "casey",
		Contact: domain.NewContact{Handle: "eve2", Name: "Eve Again", Email: "EVE@Example.COM", Perms: "billing"},
		Invite:  true,
	})
	must(t, err)
	if !ca.Existing || ca.Person.Handle != "eve" {
		t.Fatalf("not deduped: %+v", ca.Person)
	}
	if ca.Invite != nil {
		t.Fatal("eve already signs in with her key; she must not be invited again (R36)")
	}
	if _, err := d.svc.ShowPerson(d.as("olivia", "team"), "eve2"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatal("a duplicate person was made")
	}
	ws, err := d.svc.Workspaces(d.ids["eve"])
	must(t, err)
	if len(ws) != 2 {
		t.Fatalf("eve should now act for jane and casey: %v", ws)
	}
}

// One flow is one transaction: a contact that cannot be linked leaves
// nothing behind, not even the client.
func TestInviteClientAllOrNothing(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	var before bytes.Buffer
	_, err := d.db.Backup(&before)
	must(t, err)
	_, err = d.svc.InviteClient(d.as("adam", "team"), domain.ClientInvite{
		Client:   domain.NewPerson{Handle: "kai", Name: "Kai Kim", Email: "kai@example.com", Primary: "mira"},
		Contacts: []domain.NewContact{{Handle: "lena", Name: "Lena", Email: "lena@example.com", Perms: "schedule,notes"}},
		Invite:   true,
	})
	wantKind(t, err, domain.KindInvalid) // R31: there is no "notes" permission
	var after bytes.Buffer
	_, err = d.db.Backup(&after)
	must(t, err)
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Fatal("a refused flow changed the database")
	}
}

// R33: links are set by manage_clients, or manage_own_clients as primary.
func TestWhoSetsLinks(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	in := domain.LinkChange{Client: "jane", Contact: "pat", Perms: "schedule"} // rob sees pat through casey
	_, err := d.svc.LinkContact(d.as("rob", "team"), in)                       // rob is jane's primary but lacks manage_own_clients
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{"manage_own_clients"})
	must(t, err)
	_, err = d.svc.LinkContact(d.as("rob", "team"), in)
	must(t, err)
	_, err = d.svc.LinkContact(d.as("rob", "team"), domain.LinkChange{Client: "alex", Contact: "eve", Perms: "schedule"})
	wantKind(t, err, domain.KindNotFound) // rob has no access to alex at all
	_, err = d.svc.LinkContact(d.as("rob", "team"), domain.LinkChange{Client: "casey", Contact: "eve", Perms: "schedule"})
	wantKind(t, err, domain.KindDenied) // view-only for casey, not her primary
	_, err = d.svc.LinkContact(d.as("eve", ""), domain.LinkChange{Client: "jane", Contact: "pat"})
	wantKind(t, err, domain.KindDenied) // a contact never links others
}

// R34: single use, expiry after seven days, and a newer code replaces an older one.
func TestInvitationLifecycle(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	_, err := d.svc.AddPerson(d.as("olivia", "team"), domain.NewPerson{Handle: "kim", Name: "Kim", Email: "kim@example.com", As: domain.AsCoach})
	must(t, err)
	first, err := d.svc.InvitePerson(d.as("olivia", "team"), "kim")
	must(t, err)
	second, err := d.svc.InvitePerson(d.as("olivia", "team"), "kim")
	must(t, err)
	_, err = d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:k1"}, "a", first.Code)
	wantKind(t, err, domain.KindConflict) // replaced
	clk.t = clk.t.Add(7*24*time.Hour + time.Second)
	_, err = d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:k1"}, "a", second.Code)
	wantKind(t, err, domain.KindConflict) // expired
	third, err := d.svc.InvitePerson(d.as("olivia", "team"), "kim")
	must(t, err)
	_, err = d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:k1"}, "a", " "+third.Code[:4]+third.Code[5:9]+"-"+third.Code[10:]+" ")
	must(t, err) // typed loosely: spaces, missing dash
	_, err = d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:k2"}, "b", third.Code)
	wantKind(t, err, domain.KindConflict) // single use
}

// R34: redemption attempts are rate-limited per key and per address.
func TestRedeemRateLimit(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	key := domain.SSHKey{Fingerprint: "SHA256:guesser"}
	limited := false
	for i := 0; i < 10; i++ {
		_, err := d.svc.Redeem(key, "198.51.100.7:5000", "AAAA-BBBB-CCCC")
		if err != nil && domain.KindOf(err) == domain.KindConflict {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("10 wrong codes in a row from one key were never limited")
	}
	// many keys from one address
	limited = false
	for i := 0; i < 40; i++ {
		_, err := d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:k" + string(rune('a'+i))}, "198.51.100.8:1", "AAAA-BBBB-CCCC")
		if domain.KindOf(err) == domain.KindConflict {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("40 attempts from one address with fresh keys were never limited")
	}
}

// R54: a client reads what contacts did on their behalf; R14: the team's
// pairing changes (which would name a view-only coach) never show.
func TestClientAuditView(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.SetPairing(d.as("adam", "team"), domain.PairingChange{Coach: "john", Client: "alex", Level: domain.LevelView})
	must(t, err)
	_, err = d.svc.LinkContact(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "sam", Perms: "schedule"})
	must(t, err)
	_, err = d.svc.BookSession(d.as("pat", "contact:alex"), domain.Booking{Client: "alex", Coach: "mira", Start: "2026-12-02T10:00", Minutes: 45})
	must(t, err)
	entries, err := d.svc.Audit(d.as("alex", "me"), domain.AuditFilter{})
	must(t, err)
	booked := false
	for _, e := range entries {
		if e.Action == domain.ActPairingSet {
			t.Fatalf("alex's activity shows a pairing change: %+v", e)
		}
		if e.Action == domain.ActSessionsBook && e.ActorHandle == "pat" && e.BehalfHandle == "alex" {
			booked = true
		}
	}
	if !booked {
		t.Fatal("alex does not see the session pat booked on his behalf")
	}
	_, err = d.svc.Audit(d.as("alex", "me"), domain.AuditFilter{Client: "jane"})
	wantKind(t, err, domain.KindNotFound) // another client: out of sight
}

// Links come a bounded page at a time, in link order, and a search finds
// matches on any page; a coach pages through their own clients' links only (R33).
func TestLinkPages(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	walk := func(who domain.Who, f domain.LinkFilter) []string {
		t.Helper()
		var seen []string
		for pages := 0; ; pages++ {
			links, more, err := d.svc.LinkPage(who, f)
			must(t, err)
			if len(links) > f.Limit {
				t.Fatalf("a page of %d links, limit %d", len(links), f.Limit)
			}
			for _, l := range links {
				seen = append(seen, l.Client.Handle+"/"+l.Contact.Handle)
			}
			if !more {
				return seen
			}
			if pages > 10 {
				t.Fatal("paging does not end")
			}
			f.After = links[len(links)-1].Cursor()
		}
	}
	all := walk(d.as("adam", "team"), domain.LinkFilter{Limit: 1})
	if strings.Join(all, " ") != "jane/eve alex/pat alex/sam casey/pat" {
		t.Fatalf("adam's pages: %v", all)
	}
	if got := walk(d.as("rob", "team"), domain.LinkFilter{Limit: 1}); strings.Join(got, " ") != "jane/eve casey/pat" {
		t.Fatalf("rob's pages (jane primary, casey view-only): %v", got)
	}
	if got := walk(d.as("adam", "team"), domain.LinkFilter{Limit: 2, Search: "PAT"}); strings.Join(got, " ") != "alex/pat casey/pat" {
		t.Fatalf("search pat: %v", got)
	}
	_, _, err := d.svc.LinkPage(d.as("adam", "team"), domain.LinkFilter{After: "bogus"})
	wantKind(t, err, domain.KindInvalid)
}
