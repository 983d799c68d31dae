package domain_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	demoorg "behalf/demo"
	"behalf/domain"
)

// R3, R4: every demo person's workspaces, computed from stored state.
func TestDemoWorkspaces(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	want := map[string][]string{
		"olivia": {"team"},
		"adam":   {"team"},
		"rob":    {"team"},
		"mira":   {"team"},
		"john":   {"team"},
		"asa":    {"assistant:olivia", "assistant:rob"},
		"jane":   {"me"},
		"alex":   {"me"},
		"casey":  {"me"},
		"eve":    {"contact:jane"},
		"pat":    {"contact:alex", "contact:casey"},
		"sam":    {"contact:alex"},
	}
	for handle, ids := range want {
		ws, err := d.svc.Workspaces(d.ids[handle])
		must(t, err)
		var got []string
		for _, w := range ws {
			got = append(got, w.ID)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("%s: workspaces %v, want %v", handle, got, ids)
		}
	}
}

// R30, R32: a contact's workspace carries exactly that link's permissions.
func TestContactWorkspacePermissions(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	ws, err := d.svc.Workspaces(d.ids["pat"])
	must(t, err)
	got := map[string]string{}
	for _, w := range ws {
		got[w.ID] = strings.Join(w.Permissions, ",")
	}
	if got["contact:alex"] != "schedule,packages,payments,progress" || got["contact:casey"] != "schedule,payments" {
		t.Fatalf("pat's permissions: %v", got)
	}
}

// R43: asa is admin-level only while managing olivia (an admin), never rob.
func TestAssistantAdminLevel(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	ws, err := d.svc.Workspaces(d.ids["asa"])
	must(t, err)
	for _, w := range ws {
		switch w.ID {
		case "assistant:olivia":
			if !w.AdminLevel || !slices.Contains(w.Permissions, "manage_clients") {
				t.Errorf("assistant:olivia should be admin-level: %+v", w)
			}
		case "assistant:rob":
			if w.AdminLevel || slices.Contains(w.Permissions, "manage_clients") || !slices.Contains(w.Permissions, "schedule_own") {
				t.Errorf("assistant:rob should carry rob's coaching permissions only: %+v", w)
			}
		}
	}
}

// R4: picking a workspace by id, by bare handle, or implicitly when only one.
func TestPickWorkspace(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	a, err := d.svc.Access(d.as("eve", ""))
	must(t, err)
	if a.Workspace.ID != "contact:jane" {
		t.Fatalf("eve's only workspace: %s", a.Workspace.ID)
	}
	_, err = d.svc.Access(d.as("pat", ""))
	wantKind(t, err, domain.KindInvalid) // two workspaces: must pick
	a, err = d.svc.Access(d.as("pat", "casey"))
	must(t, err)
	if a.Workspace.ID != "contact:casey" || a.Principal.Handle != "casey" {
		t.Fatalf("bare handle: %+v", a.Workspace)
	}
	_, err = d.svc.Access(d.as("pat", "contact:jane"))
	wantKind(t, err, domain.KindDenied) // R32: not pat's client
	_, err = d.svc.Access(d.as("eve", "team"))
	wantKind(t, err, domain.KindDenied)
}

// R38: once past its expiry date a link grants nothing and leaves the selector.
func TestExpiredLinkLeavesSelector(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	_, err := d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "eve", Perms: "schedule,billing", Expires: "2026-11-30"})
	must(t, err)
	// Nov 30 is the last day; it ends at midnight New York time.
	ny, _ := time.LoadLocation("America/New_York")
	clk.t = time.Date(2026, 11, 30, 23, 59, 0, 0, ny)
	if ws, _ := d.svc.Workspaces(d.ids["eve"]); len(ws) != 1 {
		t.Fatalf("link should still be live on its last day: %v", ws)
	}
	clk.t = time.Date(2026, 12, 1, 0, 0, 0, 0, ny)
	ws, err := d.svc.Workspaces(d.ids["eve"])
	must(t, err)
	if len(ws) != 0 {
		t.Fatalf("expired link still gives %v", ws)
	}
	_, err = d.svc.Access(d.as("eve", "contact:jane"))
	wantKind(t, err, domain.KindDenied)
}

// R1: one server holds one organisation with exactly one owner; a second
// organisation, or a second owner, cannot be made.
func TestOneOrganisationOneOwner(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.Bootstrap(domain.Setup{Org: "Another Practice", OwnerName: "Oscar Other", OwnerKey: domain.SSHKey{Fingerprint: "SHA256:oscar", Line: "ssh-ed25519 oscar"}})
	wantKind(t, err, domain.KindConflict)
	wantKind(t, demoorg.Seed(d.svc, map[string]domain.SSHKey{"olivia": {Fingerprint: "SHA256:again"}}), domain.KindConflict)
	for _, as := range []domain.Capacity{domain.AsCoach, domain.AsStaff} {
		added, err := d.svc.AddPerson(d.as("olivia", "team"), domain.NewPerson{Handle: "new-" + string(as), Name: "New", Email: string(as) + "@example.com", As: as})
		must(t, err)
		if added.Person.IsOwner() {
			t.Fatalf("adding a %s made an owner", as)
		}
	}
	people, err := d.svc.ListPeople(d.as("olivia", "team"), domain.PeopleFilter{Capacity: "team", Limit: domain.MaxPage})
	must(t, err)
	owners := 0
	for _, p := range people {
		if p.IsOwner() {
			owners++
		}
	}
	org, err := d.svc.Org()
	must(t, err)
	if owners != 1 || org.Owner != d.ids["olivia"] || org.Name != "Northwind Coaching" {
		t.Fatalf("owners %d, org %+v", owners, org)
	}
}
