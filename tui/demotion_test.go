package tui

import (
	"testing"

	"behalf/domain"
)

// R10, R60 and issue 14.3: making a coach admin-only staff says first what
// goes — every pairing, every coaching permission, the upcoming sessions
// they could no longer hold — as the domain previews it; moving the
// sessions to the clients' one primary coach makes the change, and the
// audit entry records what went.
func TestDemotionListsWhatGoes(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	adam := d.as("adam", "team")
	for _, c := range []string{"alex", "casey"} { // mira is their primary: make rob it
		_, err := d.svc.SetPairing(adam, domain.PairingChange{Coach: "rob", Client: c, Level: domain.LevelPrimary})
		mustNot(t, err)
	}
	cost, err := d.svc.PreviewRoleChange(d.as("olivia", "team"), "mira", false)
	mustNot(t, err)
	if len(cost.Pairings) != 3 || len(cost.Sessions) == 0 {
		t.Fatalf("the preview: %d pairings, %d sessions", len(cost.Pairings), len(cost.Sessions))
	}
	x := openIn(d, "olivia", "", "team", "Team")
	x.keys("down", "down", "enter")
	x.waitText("Mira Moss (mira) · permissions and role")
	x.keys("r")
	x.waitText("Make Mira Moss (mira) admin-only staff?", "Pairings (3 clients)",
		"coaching access to Alex Johnson (alex)", "coaching access to Casey Johnson (casey)", "coaching access to Jane Smith (jane)",
		"Coaching permissions (1 permission)", "schedule_own",
		"Upcoming sessions they could no longer hold (5 sessions)", cost.Sessions[0].Start.Format("Mon 2006-01-02 15:04"),
		"↓", "m: staff, sessions to Rob")
	x.keys("G", "down", "down", "down", "down", "down", "down", "down")
	x.waitText("move them to Rob Reyes, or change nothing.", "Make Mira admin-only staff?")
	x.keys("m")
	x.waitText("Mira Moss is now admin-only staff")

	if p := d.person("mira"); p.IsCoach() || len(p.Perms) != 0 {
		t.Fatalf("mira after: coach=%v perms=%v", p.IsCoach(), p.Perms)
	}
	for _, s := range cost.Sessions {
		v, err := d.svc.ShowSession(d.as("olivia", "team"), s.Session.ID)
		mustNot(t, err)
		if v.Coach.Handle != "rob" || v.Session.Status != domain.SessionScheduled {
			t.Errorf("session %s after: %s, %s", s.Session.ID, v.Coach.Handle, v.Session.Status)
		}
	}
	es, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Person: "mira", Limit: 20})
	mustNot(t, err)
	var found bool
	for _, e := range es {
		if e.Action == domain.ActPeopleEdit {
			found = true
			want := "made mira admin-only staff; pairings removed: jane coaching, alex coaching, casey coaching; coaching permissions removed: schedule_own"
			if e.Summary() != want {
				t.Errorf("the audit entry says %q, want %q", e.Summary(), want)
			}
		}
	}
	if !found {
		t.Error("no audit entry for the role change")
	}
}
