package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R54: jane sees who may act for her — eve, with schedule and billing and
// what those allow — and that private notes are never a contact's (R31).
func TestWhoActsForMe(t *testing.T) {
	d := newDemo(t, nil)
	x := openIn(d, "jane", "", "proxies", "Who may act for you")
	x.waitText("Eve Evans (eve)  can act for you now", "no expiry",
		"✓ schedule: Book, reschedule", "✓ billing: See and pay invoices", "✗ not packages, payments, progress",
		"No contact ever sees your coaches' private notes")
	if s := x.screen(); strings.Contains(s, "Pat") || strings.Contains(s, "Sam") {
		t.Errorf("jane sees other clients' contacts:\n%s", x.screen()) // R32
	}
}

// R54, R44: pat books a session for alex; alex's Activity shows it, by
// pat, on alex's behalf, newest first.
func TestActivityShowsWhatContactsDid(t *testing.T) {
	d := newDemo(t, nil)
	ses, err := d.svc.BookSession(d.as("pat", "contact:alex"), domain.Booking{Start: "2026-12-03T08:15", Minutes: 45})
	mustNot(t, err)
	x := openIn(d, "alex", "", "activity", "What was done on your behalf")
	x.waitText("pat booked session "+ses.Session.ID.String()+" with mira at 2026-12-03 08:15", "as a contact of alex, on your behalf", "page 1")
	// jane's activity does not show alex's booking (R32).
	m := d.model("jane")
	m.Update(GotoMsg{Screen: "activity"})
	if v := m.View(); strings.Contains(v, "session "+ses.Session.ID.String()) {
		t.Errorf("jane sees alex's booking:\n%s", v)
	}
}

// R54: what assistants do for a client shows in the client's activity too,
// attributed to the assistant on behalf of the practitioner (R44) — but
// not the team's own work on her file: staff comments and tasks stay
// internal.
func TestActivityShowsAssistants(t *testing.T) {
	d := newDemo(t, nil)
	asa := d.as("asa", "assistant:rob")
	pv, err := d.svc.AddProgress(asa, "jane", "Drafted the quarter's goals with Rob.")
	mustNot(t, err)
	task, err := d.svc.AddTask(asa, domain.NewTask{Title: "Prepare Jane's review", Client: "jane"})
	mustNot(t, err)
	_, err = d.svc.CompleteTask(asa, task.ID)
	mustNot(t, err)
	cm, err := d.svc.AddComment(asa, "jane", "Jane asked for a shorter report.")
	mustNot(t, err)
	m := d.model("jane")
	_, cmd := m.Update(GotoMsg{Screen: "activity"})
	drain(m, cmd)
	v := m.View()
	if !strings.Contains(v, "asa wrote progress "+pv.Progress.ID.String()) || !strings.Contains(v, "as rob's assistant") {
		t.Errorf("jane's activity:\n%s", v)
	}
	for _, staff := range []string{"tasks.", "task " + task.ID.String(), "comments.", "comment " + cm.ID.String()} {
		if strings.Contains(v, staff) {
			t.Errorf("jane's activity shows the team's own work (%q):\n%s", staff, v)
		}
	}
}
