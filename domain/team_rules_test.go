package domain_test

import (
	"testing"

	"behalf/domain"
)

func (d *demo) client(handle string) *domain.Person {
	d.t.Helper()
	p, err := d.svc.ShowPerson(d.as("olivia", "team"), handle)
	must(d.t, err)
	return &p.Person
}

func (d *demo) decide(handle, ws string, act domain.Action, t domain.Target) domain.Decision {
	d.t.Helper()
	dec, err := d.svc.Decide(d.as(handle, ws), act, t)
	must(d.t, err)
	return dec
}

func levels(t *testing.T, d *demo, who domain.Who, client string) map[string]domain.Level {
	t.Helper()
	ps, err := d.svc.Pairings(who, domain.PairingQuery{Client: client})
	must(t, err)
	out := map[string]domain.Level{}
	for _, p := range ps {
		out[p.Coach.Handle] = p.Level
	}
	return out
}

// Every permission and pairing rule of R10–R20 against the demo
// organisation, one row each, named by the rule it proves.
func testTeamRules(t *testing.T, newDemo opener) {
	t.Parallel()
	cases := []struct {
		rule string
		name string
		fn   func(t *testing.T, d *demo)
	}{
		{"R10", "admin-only staff is never paired", func(t *testing.T, d *demo) {
			_, err := d.svc.SetPairing(d.as("olivia", "team"), domain.PairingChange{Coach: "adam", Client: "jane", Level: domain.LevelCoaching})
			wantKind(t, err, domain.KindInvalid)
			ps, err := d.svc.Pairings(d.as("olivia", "team"), domain.PairingQuery{Client: "jane", WithNone: true})
			must(t, err)
			for _, p := range ps {
				if p.Coach.Handle == "adam" {
					t.Fatal("admin-only staff offered in the pairing screen")
				}
			}
		}},
		{"R10", "leaving the pool removes pairings and coaching permissions", func(t *testing.T, d *demo) {
			_, err := d.svc.SetTeamRole(d.as("olivia", "team"), "john", false)
			must(t, err)
			if _, ok := levels(t, d, d.as("olivia", "team"), "jane")["john"]; ok {
				t.Fatal("john still paired after becoming staff")
			}
			_, err = d.svc.SetTeamRole(d.as("olivia", "team"), "rob", false)
			wantKind(t, err, domain.KindConflict) // rob is jane's primary
		}},
		{"R11", "making a coach primary moves the role; the former primary keeps coaching", func(t *testing.T, d *demo) {
			res, err := d.svc.SetPairing(d.as("adam", "team"), domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelPrimary})
			must(t, err)
			if res.Demoted == nil || res.Demoted.Handle != "rob" {
				t.Fatalf("demoted: %+v", res.Demoted)
			}
			l := levels(t, d, d.as("adam", "team"), "jane")
			if l["mira"] != domain.LevelPrimary || l["rob"] != domain.LevelCoaching {
				t.Fatalf("levels after move: %v", l)
			}
		}},
		{"R11", "primary cannot be switched off", func(t *testing.T, d *demo) {
			for _, lvl := range []domain.Level{domain.LevelNone, domain.LevelView, domain.LevelCoaching} {
				_, err := d.svc.SetPairing(d.as("adam", "team"), domain.PairingChange{Coach: "rob", Client: "jane", Level: lvl})
				wantKind(t, err, domain.KindConflict)
			}
			if levels(t, d, d.as("adam", "team"), "jane")["rob"] != domain.LevelPrimary {
				t.Fatal("primary changed by a refused operation")
			}
		}},
		{"R11", "a primary coach cannot be deactivated or deleted", func(t *testing.T, d *demo) {
			_, err := d.svc.SetStatus(d.as("olivia", "team"), "mira", false)
			wantKind(t, err, domain.KindConflict)
			wantKind(t, d.svc.DeletePerson(d.as("olivia", "team"), "mira", "mira"), domain.KindConflict)
		}},
		{"R12", "the primary is the client's My coach, listed first", func(t *testing.T, d *demo) {
			ps, err := d.svc.Pairings(d.as("jane", "me"), domain.PairingQuery{})
			must(t, err)
			if len(ps) == 0 || ps[0].Coach.Handle != "rob" || ps[0].Level != domain.LevelPrimary {
				t.Fatalf("jane's coaches: %+v", ps)
			}
		}},
		{"R13", "coaching access writes notes; view-only does not", func(t *testing.T, d *demo) {
			if !d.decide("mira", "team", domain.ActNotesAdd, domain.Target{Client: d.client("jane")}).Allowed {
				t.Fatal("mira (coaching) cannot write jane's notes")
			}
			if d.decide("john", "team", domain.ActNotesAdd, domain.Target{Client: d.client("jane")}).Allowed {
				t.Fatal("john (view-only) may write jane's notes")
			}
			if !d.decide("john", "team", domain.ActNotesList, domain.Target{Client: d.client("jane")}).Allowed {
				t.Fatal("john (view-only) cannot read jane's file")
			}
		}},
		{"R14", "a view-only coach is invisible to the client", func(t *testing.T, d *demo) {
			if _, ok := levels(t, d, d.as("jane", "me"), "")["john"]; ok {
				t.Fatal("jane sees view-only john in her coaches")
			}
			p, err := d.svc.ShowPerson(d.as("jane", "me"), "jane")
			must(t, err)
			for _, c := range p.Coaches {
				if c.Coach.Handle == "john" {
					t.Fatal("jane's profile shows john")
				}
			}
			if _, ok := levels(t, d, d.as("adam", "team"), "jane")["john"]; !ok {
				t.Fatal("the team should see john's view-only pairing")
			}
		}},
		{"R15", "coaching permissions act inside the coach's silo", func(t *testing.T, d *demo) {
			rob, jane, alex := d.client("rob"), d.client("jane"), d.client("alex")
			if !d.decide("rob", "team", domain.ActSessionsBook, domain.Target{Client: jane, Coach: rob}).Allowed {
				t.Fatal("rob (schedule_own) cannot book his client jane")
			}
			if d.decide("rob", "team", domain.ActSessionsBook, domain.Target{Client: alex, Coach: rob}).Allowed {
				t.Fatal("rob may book alex, whom he does not coach")
			}
			if d.decide("mira", "team", domain.ActInvoicesIssue, domain.Target{Client: jane}).Allowed {
				t.Fatal("mira lacks invoice_own but may invoice")
			}
			if d.decide("john", "team", domain.ActSessionsBook, domain.Target{Client: jane, Coach: d.client("john")}).Allowed {
				t.Fatal("john has no coaching permissions but may book")
			}
		}},
		{"R16", "administrative permissions act organisation-wide", func(t *testing.T, d *demo) {
			if !d.decide("adam", "team", domain.ActSessionsBook, domain.Target{Client: d.client("alex"), Coach: d.client("mira")}).Allowed {
				t.Fatal("adam (schedule_all) cannot book for mira")
			}
			if !d.decide("adam", "team", domain.ActInvoicesIssue, domain.Target{Client: d.client("casey")}).Allowed {
				t.Fatal("adam (invoice_all) cannot invoice casey")
			}
		}},
		{"R17", "administrative permissions need manage_admins to grant", func(t *testing.T, d *demo) {
			_, err := d.svc.ChangePerms(d.as("adam", "team"), "rob", true, []string{"schedule_all"})
			wantKind(t, err, domain.KindDenied)
			_, err = d.svc.ChangePerms(d.as("olivia", "team"), "mira", true, []string{"manage_admins"})
			must(t, err)
			v, err := d.svc.ShowPerms(d.as("olivia", "team"), "mira")
			must(t, err)
			if !v.Effective.Has(domain.PermManageCoaches) {
				t.Fatal("manage_admins does not imply manage_coaches")
			}
			_, err = d.svc.ChangePerms(d.as("olivia", "team"), "mira", false, []string{"manage_coaches"})
			wantKind(t, err, domain.KindConflict)
			_, err = d.svc.ChangePerms(d.as("mira", "team"), "rob", true, []string{"invoice_all"})
			must(t, err)
		}},
		{"R17", "view_all_clients is view access and coach_all_clients coaching access to every client", func(t *testing.T, d *demo) {
			alex := d.client("alex")
			if d.decide("john", "team", domain.ActNotesList, domain.Target{Client: alex}).Allowed {
				t.Fatal("john reads alex's notes unpaired")
			}
			_, err := d.svc.ChangePerms(d.as("olivia", "team"), "john", true, []string{"view_all_clients"})
			must(t, err)
			if !d.decide("john", "team", domain.ActNotesList, domain.Target{Client: alex}).Allowed ||
				d.decide("john", "team", domain.ActNotesAdd, domain.Target{Client: alex}).Allowed {
				t.Fatal("view_all_clients is not exactly view-only access")
			}
			_, err = d.svc.ChangePerms(d.as("olivia", "team"), "john", true, []string{"coach_all_clients"})
			must(t, err)
			if !d.decide("john", "team", domain.ActNotesAdd, domain.Target{Client: alex}).Allowed {
				t.Fatal("coach_all_clients does not give coaching access")
			}
		}},
		{"R18", "nobody changes the owner", func(t *testing.T, d *demo) {
			_, err := d.svc.ChangePerms(d.as("olivia", "team"), "mira", true, []string{"manage_admins"})
			must(t, err)
			_, err = d.svc.ChangePerms(d.as("mira", "team"), "olivia", false, []string{"manage_admins"})
			wantKind(t, err, domain.KindDenied)
			_, err = d.svc.ChangePerms(d.as("olivia", "team"), "olivia", false, []string{"manage_admins"})
			wantKind(t, err, domain.KindDenied)
			_, err = d.svc.SetStatus(d.as("mira", "team"), "olivia", false)
			wantKind(t, err, domain.KindDenied)
			wantKind(t, d.svc.DeletePerson(d.as("mira", "team"), "olivia", "olivia"), domain.KindDenied)
		}},
		{"R18", "only the owner sees the account's subscription", func(t *testing.T, d *demo) {
			if !d.decide("olivia", "team", domain.ActAccount, domain.Target{}).Allowed {
				t.Fatal("the owner cannot see the account")
			}
			if d.decide("adam", "team", domain.ActAccount, domain.Target{}).Allowed {
				t.Fatal("adam sees the account")
			}
			if d.decide("asa", "assistant:olivia", domain.ActAccount, domain.Target{}).Allowed {
				t.Fatal("an assistant sees the owner's account page (R43)")
			}
		}},
		{"R19", "deactivating a client is reversible; their contacts' workspace follows", func(t *testing.T, d *demo) {
			_, err := d.svc.SetStatus(d.as("adam", "team"), "alex", false)
			must(t, err)
			if ws, _ := d.svc.Workspaces(d.ids["pat"]); len(ws) != 1 {
				t.Fatalf("pat still acts for deactivated alex: %v", ws)
			}
			if _, err := d.svc.Identify("SHA256:alex"); domain.KindOf(err) != domain.KindDenied {
				t.Fatalf("deactivated alex signs in: %v", err) // R6
			}
			_, err = d.svc.SetStatus(d.as("adam", "team"), "alex", true)
			must(t, err)
			if ws, _ := d.svc.Workspaces(d.ids["pat"]); len(ws) != 2 {
				t.Fatalf("pat's workspace for alex did not come back: %v", ws)
			}
		}},
		{"R19", "deleting needs delete permission and the typed handle, and is final", func(t *testing.T, d *demo) {
			wantKind(t, d.svc.DeletePerson(d.as("adam", "team"), "casey", "casey"), domain.KindDenied)
			wantKind(t, d.svc.DeletePerson(d.as("olivia", "team"), "casey", "cassey"), domain.KindInvalid)
			must(t, d.svc.DeletePerson(d.as("olivia", "team"), "casey", "casey"))
			_, err := d.svc.ShowPerson(d.as("olivia", "team"), "casey")
			wantKind(t, err, domain.KindNotFound)
			if ws, _ := d.svc.Workspaces(d.ids["pat"]); len(ws) != 1 {
				t.Fatalf("pat still has casey's workspace: %v", ws)
			}
			entries, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{})
			must(t, err)
			if entries[0].Action != domain.ActPeopleDelete || entries[0].Target != "casey" {
				t.Fatalf("no tombstone: %+v", entries[0]) // R60
			}
		}},
		{"R20", "a client added by a coach with manage_own_clients is theirs as primary", func(t *testing.T, d *demo) {
			_, err := d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{"manage_own_clients"})
			must(t, err)
			_, err = d.svc.AddPerson(d.as("rob", "team"), domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient})
			must(t, err)
			if levels(t, d, d.as("olivia", "team"), "kim")["rob"] != domain.LevelPrimary {
				t.Fatal("rob is not kim's primary")
			}
			_, err = d.svc.AddPerson(d.as("rob", "team"), domain.NewPerson{Handle: "lee", Name: "Lee", Email: "lee@example.com", As: domain.AsClient, Primary: "mira"})
			wantKind(t, err, domain.KindDenied)
		}},
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.name, func(t *testing.T) {
			d, _ := newDemo(t)
			c.fn(t, d)
		})
	}
}

// R60: every team change appears in the audit log with actor, workspace
// and target — whether the owner acted, an admin, or an assistant for a
// practitioner (then on behalf of them).
func TestTeamChangesAreAudited(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	steps := []struct {
		who    domain.Who
		act    domain.Action
		target string
		behalf string
		do     func(w domain.Who) error
	}{
		{d.as("adam", "team"), domain.ActPairingSet, "mira → jane", "", func(w domain.Who) error {
			_, err := d.svc.SetPairing(w, domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelPrimary})
			return err
		}},
		{d.as("olivia", "team"), domain.ActPermsGrant, "john", "", func(w domain.Who) error {
			_, err := d.svc.ChangePerms(w, "john", true, []string{"schedule_own"})
			return err
		}},
		{d.as("asa", "assistant:olivia"), domain.ActPermsRevoke, "john", "olivia", func(w domain.Who) error {
			_, err := d.svc.ChangePerms(w, "john", false, []string{"schedule_own"})
			return err
		}},
		{d.as("adam", "team"), domain.ActPeopleAdd, "kim", "", func(w domain.Who) error {
			_, err := d.svc.AddPerson(w, domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "rob"})
			return err
		}},
		{d.as("adam", "team"), domain.ActPeopleDeactivate, "kim", "", func(w domain.Who) error {
			_, err := d.svc.SetStatus(w, "kim", false)
			return err
		}},
		{d.as("asa", "assistant:olivia"), domain.ActPeopleReactivate, "kim", "olivia", func(w domain.Who) error {
			_, err := d.svc.SetStatus(w, "kim", true)
			return err
		}},
		{d.as("olivia", "team"), domain.ActPeopleEdit, "john", "", func(w domain.Who) error {
			_, err := d.svc.SetTeamRole(w, "john", false)
			return err
		}},
		{d.as("olivia", "team"), domain.ActPeopleDelete, "kim", "", func(w domain.Who) error {
			return d.svc.DeletePerson(w, "kim", "kim")
		}},
	}
	for _, s := range steps {
		must(t, s.do(s.who))
		entries, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
		must(t, err)
		e := entries[0]
		actor := map[domain.ID]string{d.ids["adam"]: "adam", d.ids["olivia"]: "olivia", d.ids["asa"]: "asa"}[s.who.Person]
		if e.Action != s.act || e.ActorHandle != actor || e.Workspace != s.who.Workspace || e.Target != s.target || e.BehalfHandle != s.behalf {
			t.Errorf("%s by %s: audit entry %+v", s.act, actor, e)
		}
	}
}

// R11: a coach's own detail lists every client they are paired with, at
// the level of the pairing (view-level ones included), and no one else —
// the same pairings an admin sees for that coach.
func TestCoachsOwnDetailListsTheirPairings(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	_, err := d.svc.SetPairing(adam, domain.PairingChange{Coach: "john", Client: "alex", Level: domain.LevelView})
	must(t, err)
	want := map[string]domain.Level{}
	ps, err := d.svc.Pairings(adam, domain.PairingQuery{Coach: "john"})
	must(t, err)
	for _, p := range ps {
		want[p.Client.Handle] = p.Level
	}
	if want["alex"] != domain.LevelView {
		t.Fatalf("the view-level pairing was not made: %v", want)
	}
	me, err := d.svc.ShowPerson(d.as("john", "team"), "john")
	must(t, err)
	got := map[string]domain.Level{}
	for _, c := range me.Clients {
		got[c.Client.Handle] = c.Level
	}
	if len(got) != len(want) {
		t.Fatalf("john's own detail lists %v, the pairings are %v", got, want)
	}
	for h, l := range want {
		if got[h] != l {
			t.Errorf("john's own detail: %s at %v, paired at %v", h, got[h], l)
		}
	}
}
