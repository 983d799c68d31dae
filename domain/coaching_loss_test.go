package domain_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// sessionOn is the one session of client on day (as the team sees it).
func (d *demo) sessionOn(client, day string) domain.SessionView {
	d.t.Helper()
	l, err := d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{Client: client, From: day, To: day})
	must(d.t, err)
	if len(l.Sessions) != 1 {
		d.t.Fatalf("%s has %d sessions on %s", client, len(l.Sessions), day)
	}
	return l.Sessions[0]
}

func (d *demo) inboxText(handle, ws string) string {
	d.t.Helper()
	items, err := d.svc.Inbox(d.as(handle, ws), domain.InboxQuery{})
	must(d.t, err)
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.Item.Text + "\n")
	}
	return b.String()
}

// R14, R50: lowering a coach to view-only while they have an upcoming
// session with the client is refused, naming it, and changes nothing; the
// preview lists the same session without changing anything; told to
// cancel, the change goes through in one transaction, the session is
// cancelled, and the client and their schedule contact are told without
// the name of a coach they can no longer see.
func TestDemotionWithSessionsRefusedPreviewedCancelled(t *testing.T) {
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	ses := d.sessionOn("jane", "2026-11-27") // mira's, 14:00
	change := domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelView}
	before := d.snapshot()
	_, err := d.svc.SetPairing(adam, change)
	left, ok := domain.SessionsLeft(err)
	wantKind(t, err, domain.KindConflict)
	if !ok || len(left) != 1 || left[0].Session.ID != ses.Session.ID || !strings.Contains(err.Error(), "jane 2026-11-27 14:00 EST") {
		t.Fatalf("refusal %v names %+v", err, left)
	}
	preview, err := d.svc.SessionsAtStake(adam, domain.CoachChange{Pairing: &change})
	must(t, err)
	if len(preview) != 1 || preview[0].Session.ID != ses.Session.ID {
		t.Fatalf("preview %+v", preview)
	}
	if !bytes.Equal(before, d.snapshot()) {
		t.Fatal("a refusal or a preview changed the database")
	}
	change.Sessions = domain.SessionsPlan{Do: domain.SessionsCancel}
	_, err = d.svc.SetPairing(adam, change)
	must(t, err)
	if got := d.sessionOn("jane", "2026-11-27"); got.Session.Status != domain.SessionCancelled {
		t.Fatalf("the session is %s", got.Session.Status)
	}
	for _, who := range [][2]string{{"jane", "me"}, {"eve", "contact:jane"}} {
		text := d.inboxText(who[0], who[1])
		if !strings.Contains(text, "Session cancelled: Jane Smith, 2026-11-27 14:00 EST") || strings.Contains(text, "Mira") {
			t.Errorf("%s's inbox:\n%s", who[0], text)
		}
	}
}

// R51: sessions cancelled because their coach can no longer hold them
// return their credits even within 24 hours of the start — the practice
// cancelled, not the client.
func TestStrandedCreditsReturnedWithin24Hours(t *testing.T) {
	d, clk := newDemo(t)
	olivia := d.as("olivia", "team")
	_, err := d.svc.SetPairing(olivia, domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelPrimary})
	must(t, err)                                            // rob keeps coaching
	clk.t = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC) // half an hour before rob's session at 10:00 EST
	used := func() int {
		ps, err := d.svc.ListPackages(olivia, domain.PackageFilter{Client: "jane"})
		must(t, err)
		return ps[0].Package.SessionsUsed
	}
	n := used()
	_, err = d.svc.SetPairing(olivia, domain.PairingChange{Coach: "rob", Client: "jane", Level: domain.LevelNone,
		Sessions: domain.SessionsPlan{Do: domain.SessionsCancel}})
	must(t, err)
	for _, day := range []string{"2026-11-25", "2026-12-02"} { // both of rob's, on the package
		if s := d.sessionOn("jane", day); s.Session.Status != domain.SessionCancelled || !s.Session.CreditReturned {
			t.Errorf("%s: %+v", day, s.Session)
		}
	}
	if got := used(); got != n-2 {
		t.Fatalf("package used %d, want %d", got, n-2)
	}
}

// R50: moving the sessions checks the new coach: one who cannot hold them
// (view-only) or is busy then is refused, and nothing changes; a free
// coaching coach takes them over.
func TestStrandedSessionsMoved(t *testing.T) {
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	change := domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelNone}
	// olivia (coach_all_clients) is busy with alex at the same time
	_, err := d.svc.BookSession(olivia, domain.Booking{Client: "alex", Coach: "olivia", Start: "2026-11-27T14:30", Minutes: 30})
	must(t, err)
	before := d.snapshot()
	for to, kind := range map[string]domain.Kind{"john": domain.KindConflict, "olivia": domain.KindConflict, "mira": domain.KindInvalid, "nosuch": domain.KindNotFound} {
		change.Sessions = domain.SessionsPlan{Do: domain.SessionsMove, To: to}
		_, err := d.svc.SetPairing(olivia, change)
		wantKind(t, err, kind)
	}
	if !bytes.Equal(before, d.snapshot()) {
		t.Fatal("a refused move changed the database")
	}
	change.Sessions = domain.SessionsPlan{Do: domain.SessionsMove, To: "rob"}
	_, err = d.svc.SetPairing(olivia, change)
	must(t, err)
	if s := d.sessionOn("jane", "2026-11-27"); s.Coach.Handle != "rob" || s.Session.Status != domain.SessionScheduled {
		t.Fatalf("the session: %+v with %s", s.Session, s.Coach.Handle)
	}
	if !strings.Contains(d.inboxText("jane", "me"), "Session moved to Rob Reyes: Jane Smith, 2026-11-27 14:00 EST") {
		t.Errorf("jane was not told: %s", d.inboxText("jane", "me"))
	}
}

// Every other path that takes coaching access away follows the same rule:
// making the coach admin-only staff, deactivating or deleting them, and
// revoking coach_all_clients; each is refused with the session named, and
// previewed, and goes through with a plan.
func TestEveryDemotionPathSettlesSessions(t *testing.T) {
	for _, path := range []string{"staff", "deactivate", "delete", "revoke"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			d, _ := newDemo(t)
			olivia := d.as("olivia", "team")
			_, err := d.svc.AddPerson(olivia, domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsCoach})
			must(t, err)
			client := "alex"
			if path == "revoke" {
				// kim coaches casey only through coach_all_clients
				_, err = d.svc.ChangePerms(olivia, "kim", true, []string{"coach_all_clients"})
				client = "casey"
			} else {
				_, err = d.svc.SetPairing(olivia, domain.PairingChange{Coach: "kim", Client: client, Level: domain.LevelCoaching})
			}
			must(t, err)
			s, err := d.svc.BookSession(olivia, domain.Booking{Client: client, Coach: "kim", Start: "2026-12-10T10:00", Minutes: 60})
			must(t, err)
			run := func(plan domain.SessionsPlan) error {
				switch path {
				case "staff":
					_, err = d.svc.SetTeamRole(olivia, "kim", false, plan)
				case "deactivate":
					_, err = d.svc.SetStatus(olivia, "kim", false, plan)
				case "delete":
					err = d.svc.DeletePerson(olivia, "kim", "kim", plan)
				case "revoke":
					_, err = d.svc.ChangePerms(olivia, "kim", false, []string{"coach_all_clients"}, plan)
				}
				return err
			}
			before := d.snapshot()
			if left, ok := domain.SessionsLeft(run(domain.SessionsPlan{})); !ok || len(left) != 1 || left[0].Session.ID != s.Session.ID {
				t.Fatalf("refusal names %+v", left)
			}
			c := domain.CoachChange{Person: "kim", Staff: path == "staff", Deactivate: path == "deactivate", Delete: path == "delete"}
			if path == "revoke" {
				c.Revoke = []string{"coach_all_clients"}
			}
			preview, err := d.svc.SessionsAtStake(olivia, c)
			must(t, err)
			if len(preview) != 1 || preview[0].Session.ID != s.Session.ID {
				t.Fatalf("preview %+v", preview)
			}
			if !bytes.Equal(before, d.snapshot()) {
				t.Fatal("a refusal or a preview changed the database")
			}
			must(t, run(domain.SessionsPlan{Do: domain.SessionsMove, To: "mira"}))
			if got := d.sessionOn(client, "2026-12-10"); got.Coach.Handle != "mira" || got.Session.Status != domain.SessionScheduled {
				t.Fatalf("the session after %s: %+v with %s", path, got.Session, got.Coach.Handle)
			}
		})
	}
}
