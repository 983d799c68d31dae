package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

func (d *demo) levels(client string) map[string]domain.Level {
	d.t.Helper()
	ps, err := d.svc.Pairings(d.as("olivia", "team"), domain.PairingQuery{Client: client})
	mustNot(d.t, err)
	out := map[string]domain.Level{}
	for _, p := range ps {
		out[p.Coach.Handle] = p.Level
	}
	return out
}

// R11, R10: as adam, from jane's side, p makes mira primary; rob keeps
// coaching, on screen and in the domain. Admin-only staff never appear.
func TestPairingClientSideMovesPrimary(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("adam")
	x.waitText("Adam Alvarez (adam)")
	x.tm.Send(GotoMsg{Screen: "pairing"})
	x.waitText("Pairing · choose a coach", "Rob Reyes (rob)")
	x.send("s")
	x.waitText("Pairing · choose a client", "Jane Smith (jane)")
	x.send("/", "j", "a", "n", "e", "enter")
	x.waitText("1 clients")
	x.send("enter")
	x.waitText("Pairing · by client: Jane Smith (jane)", "Mira Moss (mira)")
	for _, l := range x.lines()[2:] {
		if strings.Contains(l, "Adam Alvarez") { // R10
			t.Errorf("admin-only staff offered for pairing: %q", l)
		}
	}
	x.send("down", "p") // john, mira
	x.waitText("Saved: Mira Moss is now Jane Smith's primary coach; Rob Reyes keeps coaching")
	if l := lineWith(x.screen(), "Rob Reyes (rob)"); !strings.Contains(l, "(•) coaching") {
		t.Errorf("rob's row %q", l)
	}
	if l := lineWith(x.screen(), "Mira Moss (mira)"); !strings.Contains(l, "(•) primary") {
		t.Errorf("mira's row %q", l)
	}
	if l := d.levels("jane"); l["mira"] != domain.LevelPrimary || l["rob"] != domain.LevelCoaching {
		t.Fatalf("the domain says %v", l)
	}
	// The primary's radio cannot be switched off (seed 002).
	x.send("n")
	x.waitText("primary cannot be switched off")
	if l := d.levels("jane"); l["mira"] != domain.LevelPrimary {
		t.Fatalf("the primary was switched off: %v", l)
	}
	checkFits(t, x.final(), 80, 24)
}

// From a coach's side ← and → choose a level, saved once when the person
// settles (enter, or moving off the row): one change, one audit entry,
// however many steps (issue 14.6); primary takes its own key.
func TestPairingCoachSide(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "pairing")
	keys(m, "G", "enter") // rob, last coach in handle order
	v := m.View()
	if !strings.Contains(v, "Pairing · by coach: Rob Reyes (rob)") {
		t.Fatalf("rob's side:\n%s", v)
	}
	for client, level := range map[string]string{"Alex Johnson (alex)": "(•) none", "Casey Johnson (casey)": "(•) view-only", "Jane Smith (jane)": "(•) primary"} {
		if l := lineWith(v, client); !strings.Contains(l, level) {
			t.Errorf("%s: %q, want %s", client, l, level)
		}
	}
	before := d.pairingAudits()
	keys(m, "down", "left") // casey: view-only → coaching, not saved yet
	if v := m.View(); !strings.Contains(lineWith(v, "Casey Johnson (casey)"), "(•) coaching") || !strings.Contains(v, "Not saved yet: coaching for Casey Johnson") {
		t.Fatalf("the chosen level should show, unsaved:\n%s", v)
	}
	if l := d.levels("casey"); l["rob"] != domain.LevelView {
		t.Fatalf("a step saved at once: %v", l)
	}
	keys(m, "left")
	if !m.status.Err || !strings.Contains(m.status.Text, "press p to make Rob Reyes Casey Johnson's primary coach") {
		t.Errorf("← onto primary: status %+v", m.status)
	}
	keys(m, "right", "right", "enter") // coaching → view-only → none, then settle
	if !strings.Contains(m.status.Text, "Saved: Rob Reyes has no access to Casey Johnson") {
		t.Fatalf("status %+v", m.status)
	}
	if l := d.levels("casey"); l["rob"] != domain.LevelNone {
		t.Fatalf("after ← → → enter rob should have no access to casey: %v", l)
	}
	if n := d.pairingAudits() - before; n != 1 {
		t.Errorf("the steps wrote %d changes, want 1", n)
	}
	keys(m, "up", "left", "left", "down") // alex: none → view-only → coaching, saved on leaving the row
	if l := d.levels("alex"); l["rob"] != domain.LevelCoaching {
		t.Fatalf("leaving the row should save coaching for alex: %v", l)
	}
	keys(m, "left", "esc") // casey: esc puts it back
	if l := d.levels("casey"); l["rob"] != domain.LevelNone || m.status.Text != "Nothing changed" {
		t.Fatalf("esc should change nothing: %v, %+v", l, m.status)
	}
	keys(m, "down", "right") // jane: rob is primary
	if !m.status.Err || !strings.Contains(m.status.Text, "primary cannot be switched off") {
		t.Errorf("→ on the primary: status %+v", m.status)
	}
	// s switches to the selected client's side.
	keys(m, "s")
	if v := m.View(); !strings.Contains(v, "Pairing · by client: Jane Smith (jane)") {
		t.Errorf("s should show jane's side:\n%s", v)
	}
	checkFits(t, m.View(), 80, 24)
}

// A coach without manage_pairings sees their own silo, read-only, and the
// reason (R5: the domain refuses anyway).
func TestPairingReadOnlyCoach(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("rob")
	openTab(t, m, "pairing")
	v := m.View()
	if !strings.Contains(v, "by coach: Rob Reyes (rob) · read-only") || !strings.Contains(v, "Read-only: to change pairings you need manage_pairings") {
		t.Fatalf("rob's pairing screen:\n%s", v)
	}
	if strings.Contains(v, "Alex Johnson") {
		t.Errorf("rob sees a client outside his silo:\n%s", v)
	}
	keys(m, "c")
	if !m.status.Err || !strings.Contains(m.status.Text, "manage_pairings") {
		t.Errorf("c in read-only: status %+v", m.status)
	}
	if l := d.levels("casey"); l["rob"] != domain.LevelView {
		t.Errorf("read-only screen changed a pairing: %v", l)
	}
	keys(m, "?")
	if v := m.View(); !strings.Contains(v, "✗ change pairings: to change pairings") {
		t.Errorf("the help should say why pairings cannot change:\n%s", v)
	}
}

// The Team screen's p and the Clients screen's p open the pairing of that
// coach or client.
func TestPairingOpenedFromOtherScreens(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "clients")
	keys(m, "down", "p") // casey
	if v := m.View(); !strings.Contains(v, "Pairing · by client: Casey Johnson (casey)") {
		t.Fatalf("p from the clients list:\n%s", v)
	}
	openTab(t, m, "team")
	keys(m, "down", "down", "p") // mira
	if v := m.View(); !strings.Contains(v, "Pairing · by coach: Mira Moss (mira)") {
		t.Fatalf("p from the team list:\n%s", v)
	}
}

// R14, R50: making mira view-only for jane while she has an upcoming
// session with jane is refused by the domain; the screen names the session
// and asks what to do. n changes nothing; m moves it to jane's primary
// coach, rob, and the change goes through.
func TestPairingDemotionAsksAboutSessions(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("adam")
	x.waitText("Adam Alvarez (adam)")
	x.tm.Send(GotoMsg{Screen: "pairing"})
	x.waitText("Pairing · choose a coach")
	x.tm.Send(PairingForMsg{Client: "jane"})
	x.waitText("Pairing · by client: Jane Smith (jane)", "Mira Moss (mira)")
	x.send("down", "v") // from john to mira
	x.waitText("Mira Moss has an upcoming session with Jane Smith", "Fri 2026-11-27 14:00 (45 min)", "m: move to Rob Reyes")
	x.send("n")
	x.waitText("Nothing changed")
	if l := d.levels("jane"); l["mira"] != domain.LevelCoaching {
		t.Fatalf("the refused change went through: %v", l)
	}
	x.send("v")
	x.waitText("Mira Moss has an upcoming session with Jane Smith")
	x.send("m")
	x.waitText("Saved: Mira Moss has view-only access to Jane Smith")
	if l := d.levels("jane"); l["mira"] != domain.LevelView {
		t.Fatalf("the domain says %v", l)
	}
	l, err := d.svc.ListSessions(d.as("jane", "me"), domain.SessionFilter{From: "2026-11-27", To: "2026-11-27"})
	mustNot(t, err)
	if len(l.Sessions) != 1 || l.Sessions[0].Coach.Handle != "rob" || l.Sessions[0].Session.Status != domain.SessionScheduled {
		t.Fatalf("jane's session on the 27th: %+v", l.Sessions)
	}
	checkFits(t, x.final(), 80, 24)
}

// pairingAudits counts the pairing changes in the audit log.
func (d *demo) pairingAudits() int {
	d.t.Helper()
	es, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: domain.MaxPage})
	mustNot(d.t, err)
	n := 0
	for _, e := range es {
		if e.Action == domain.ActPairingSet {
			n++
		}
	}
	return n
}
