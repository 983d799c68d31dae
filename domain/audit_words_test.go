package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R60: an audit entry says in words what changed — which permission, which
// level, for whom — and where, without action or workspace ids.
func TestAuditEntriesInWords(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia, adam := d.as("olivia", "team"), d.as("adam", "team")
	_, err := d.svc.ChangePerms(olivia, "mira", true, []string{"invoice_own", "manage_own_clients"})
	must(t, err)
	_, err = d.svc.SetPairing(adam, domain.PairingChange{Coach: "john", Client: "alex", Level: domain.LevelView})
	must(t, err)
	_, err = d.svc.SetPairing(adam, domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelPrimary})
	must(t, err)
	_, err = d.svc.SetLink(adam, domain.LinkChange{Client: "jane", Contact: "eve", Perms: "schedule", Expires: "2027-01-31"})
	must(t, err)
	_, err = d.svc.AddTask(d.as("asa", "assistant:rob"), domain.NewTask{Title: "Call Jane"})
	must(t, err)
	es, err := d.svc.Audit(olivia, domain.AuditFilter{Limit: 5})
	must(t, err)
	var got []string
	for _, e := range es {
		got = append(got, e.ActorHandle+" "+e.Summary()+" ("+domain.WorkspaceWords(e.Workspace)+")")
	}
	want := []string{
		"asa added task 1, assigned to asa (as rob's assistant)",
		"adam changed eve's link to jane: schedule, last day 2027-01-31 (in the team)",
		"adam changed mira's access to jane from coaching to primary; rob is no longer primary and keeps coaching access (in the team)",
		"adam changed john's access to alex from none to view-only (in the team)",
		"olivia granted invoice_own and manage_own_clients to mira (in the team)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit in words:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// One helper counts things for people: "1 coach", "2 coaches".
func TestPlural(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0 coaches", 1: "1 coach", 2: "2 coaches"} {
		if got := domain.Plural(n, "coach", "coaches"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
