package domain_test

import (
	"testing"

	"behalf/domain"
)

// R60: for someone who reads the whole log, --person lists what that person
// did and what concerned them, newest first, each entry once, and pages; a
// coach's own entry does not also need a "concerns" index entry of its own.
func TestAuditByOrAboutAPerson(t *testing.T) {
	d, _ := newDemo(t)
	rob, adam := d.as("rob", "team"), d.as("adam", "team")
	booked, err := d.book(rob, "jane", "rob", "2026-12-07T10:00", 60) // by rob, concerning rob
	must(t, err)
	_, err = d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{"manage_own_clients"}) // by olivia, about rob
	must(t, err)
	_, err = d.book(adam, "alex", "mira", "2026-12-08T10:00", 60) // neither
	must(t, err)

	owner := d.as("olivia", "team")
	all, err := d.svc.Audit(owner, domain.AuditFilter{Person: "rob"})
	must(t, err)
	seen := map[domain.ID]bool{}
	var byRob, aboutRob bool
	for i, e := range all {
		if seen[e.ID] {
			t.Fatalf("entry %s listed twice", e.ID)
		}
		seen[e.ID] = true
		if i > 0 && e.ID > all[i-1].ID {
			t.Fatalf("not newest first: %s after %s", e.ID, all[i-1].ID)
		}
		if e.Actor != d.ids["rob"] && e.Person != d.ids["rob"] {
			t.Errorf("entry %s (%s by %s) neither by nor about rob", e.ID, e.Action, e.ActorHandle)
		}
		byRob = byRob || e.Action == domain.ActSessionsBook && e.Target == "session "+booked.Session.ID.String()
		aboutRob = aboutRob || e.Action == domain.ActPermsGrant && e.Actor == d.ids["olivia"]
	}
	if !byRob || !aboutRob {
		t.Fatalf("by rob %v, about rob %v: %+v", byRob, aboutRob, all)
	}
	// paging: one at a time gives the same entries
	var paged []domain.AuditView
	for before := domain.ID(0); ; {
		page, err := d.svc.Audit(owner, domain.AuditFilter{Person: "rob", Before: before, Limit: 1})
		must(t, err)
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		before = page[0].ID
	}
	if len(paged) != len(all) {
		t.Fatalf("paged %d entries, listed %d", len(paged), len(all))
	}
	// rob on his own reads only what he did (R60)
	mine, err := d.svc.Audit(rob, domain.AuditFilter{Person: "rob"})
	must(t, err)
	for _, e := range mine {
		if e.Actor != d.ids["rob"] {
			t.Errorf("rob reads %s by %s", e.Action, e.ActorHandle)
		}
	}
}
