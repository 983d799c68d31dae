package domain_test

import (
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// reminders counts the reminders in who's inbox whose text holds what.
func reminders(t *testing.T, d *demo, who domain.Who, ev domain.Event, what string) int {
	t.Helper()
	items, err := d.svc.Inbox(who, domain.InboxQuery{Limit: 200})
	must(t, err)
	n := 0
	for _, it := range items {
		if it.Item.Event == ev && strings.Contains(it.Item.Text, what) {
			n++
		}
	}
	return n
}

func runDue(t *testing.T, d *demo) (time.Time, bool) {
	t.Helper()
	next, ok, err := d.svc.RunDue()
	must(t, err)
	return next, ok
}

// A session booked days ahead is reminded once, 24 hours before, to the
// client, the coach and the contacts who schedule; nothing goes before the
// time, nothing twice, and the scheduler says when the next is due.
func TestSessionReminderOnce(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s, err := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-11-27T10:00", Minutes: 60})
	must(t, err)
	start := s.Session.Start
	what := "2026-11-27 10:00"
	clk.t = start.Add(-25 * time.Hour)
	next, ok := runDue(t, d)
	if reminders(t, d, d.as("jane", "me"), domain.EventSessionReminder, what) != 0 {
		t.Fatal("reminded 25 hours ahead")
	}
	if !ok || next.After(start.Add(-24*time.Hour)) {
		t.Errorf("next due %v (%v), want by %v", next, ok, start.Add(-24*time.Hour))
	}
	clk.t = start.Add(-24 * time.Hour)
	runDue(t, d)
	runDue(t, d)
	for _, w := range []domain.Who{d.as("jane", "me"), d.as("rob", "team"), d.as("eve", "contact:jane")} {
		if n := reminders(t, d, w, domain.EventSessionReminder, what); n != 1 {
			t.Errorf("%+v: %d reminders, want 1", w, n)
		}
	}
	// A fresh service on the same file (a restart) sends nothing again.
	again := domain.NewService(d.db, domain.Options{Now: clk.now})
	if _, _, err := again.RunDue(); err != nil {
		t.Fatal(err)
	}
	if n := reminders(t, d, d.as("jane", "me"), domain.EventSessionReminder, what); n != 1 {
		t.Errorf("after a restart: %d reminders", n)
	}
	// The email copy is written from the reminder template.
	out, err := d.svc.Outbox(d.as("olivia", "team"), domain.OutboxQuery{Limit: 500})
	must(t, err)
	found := false
	for _, it := range out {
		if it.Event == domain.EventSessionReminder && it.To == "jane@example.com" && strings.Contains(it.Body, what) {
			found = strings.Contains(it.Subject, "Reminder") && strings.Contains(it.Body, "Rob Reyes") && strings.Contains(it.Body, "(60 minutes)")
		}
	}
	if !found {
		t.Errorf("no reminder email for jane in the outbox")
	}
}

// Cancelling stops the reminder; moving a reminded session later reminds
// again before the new time; a reminder missed while the server was down
// goes late, once, unless the session has started.
func TestRemindersFollowChangesAndDowntime(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	rob := d.as("rob", "team")
	a, err := d.svc.BookSession(rob, domain.Booking{Client: "jane", Start: "2026-11-27T10:00", Minutes: 60})
	must(t, err)
	b, err := d.svc.BookSession(rob, domain.Booking{Client: "jane", Start: "2026-11-27T17:00", Minutes: 60})
	must(t, err)
	c, err := d.svc.BookSession(rob, domain.Booking{Client: "jane", Start: "2026-11-28T16:00", Minutes: 60})
	must(t, err)
	_, err = d.svc.CancelSession(rob, b.Session.ID)
	must(t, err)
	jane := d.as("jane", "me")

	// Down from before a's reminder until after it started: skipped.
	clk.t = c.Session.Start.Add(-2 * time.Hour)
	runDue(t, d)
	if !clk.t.After(a.Session.Start) {
		t.Fatal("the test's clock is wrong")
	}
	if n := reminders(t, d, jane, domain.EventSessionReminder, "2026-11-27 10:00"); n != 0 {
		t.Errorf("a session that had started was reminded %d times", n)
	}
	if n := reminders(t, d, jane, domain.EventSessionReminder, "2026-11-27 17:00"); n != 0 {
		t.Errorf("a cancelled session was reminded %d times", n)
	}
	// c's reminder time passed too, but c has not started: sent late, once.
	runDue(t, d)
	if n := reminders(t, d, jane, domain.EventSessionReminder, "2026-11-28 16:00"); n != 1 {
		t.Fatalf("the late reminder: %d", n)
	}
	// Moved well after its reminder: reminded again before the new time.
	_, err = d.svc.RescheduleSession(rob, c.Session.ID, "2026-12-02T09:00")
	must(t, err)
	runDue(t, d)
	clk.t = time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC) // 09:00 New York, the day before
	runDue(t, d)
	if n := reminders(t, d, jane, domain.EventSessionReminder, "2026-12-02 09:00"); n != 1 {
		t.Errorf("the moved session: %d reminders", n)
	}
	// Booked inside the reminder window: its booking notice is enough.
	late, err := d.svc.BookSession(rob, domain.Booking{Client: "jane", Start: "2026-12-01T20:00", Minutes: 60})
	must(t, err)
	runDue(t, d)
	if n := reminders(t, d, jane, domain.EventSessionReminder, "2026-12-01 20:00"); n != 0 {
		t.Errorf("a session booked 6 hours ahead got %d reminders (%v)", n, late.Session.Start)
	}
}

// The organisation chooses the hours (manage_branding); 0 turns session
// reminders off.
func TestReminderHoursSetting(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	_, err := d.svc.SetReminderHours(d.as("rob", "team"), 2)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.SetReminderHours(d.as("olivia", "team"), domain.MaxReminderHours+1)
	wantKind(t, err, domain.KindInvalid)
	r, err := d.svc.SetReminderHours(d.as("olivia", "team"), 2)
	must(t, err)
	if r.Hours != 2 {
		t.Fatal(r)
	}
	s, err := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-11-27T10:00", Minutes: 60})
	must(t, err)
	clk.t = s.Session.Start.Add(-3 * time.Hour)
	runDue(t, d)
	if n := reminders(t, d, d.as("jane", "me"), domain.EventSessionReminder, "2026-11-27 10:00"); n != 0 {
		t.Fatal("reminded 3 hours ahead with a 2-hour setting")
	}
	clk.t = s.Session.Start.Add(-2 * time.Hour)
	runDue(t, d)
	if n := reminders(t, d, d.as("jane", "me"), domain.EventSessionReminder, "2026-11-27 10:00"); n != 1 {
		t.Fatalf("%d reminders 2 hours ahead", n)
	}
	_, err = d.svc.SetReminderHours(d.as("olivia", "team"), 0)
	must(t, err)
	s2, err := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-11-30T10:00", Minutes: 60})
	must(t, err)
	clk.t = s2.Session.Start.Add(-time.Hour)
	runDue(t, d)
	if n := reminders(t, d, d.as("jane", "me"), domain.EventSessionReminder, "2026-11-30 10:00"); n != 0 {
		t.Errorf("reminders off, yet %d", n)
	}
}

// An open action is alerted once on its due day, from 08:00 in the
// organisation's zone; a done one is not.
func TestActionDueAlert(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	rob := d.as("rob", "team")
	_, err := d.svc.AddAction(rob, domain.NewAction{Client: "jane", Title: "Walk 20 minutes", Due: "2026-11-25"})
	must(t, err)
	done, err := d.svc.AddAction(rob, domain.NewAction{Client: "jane", Title: "Drink water", Due: "2026-11-25"})
	must(t, err)
	_, err = d.svc.CompleteAction(d.as("jane", "me"), done.Item.ID, "")
	must(t, err)
	clk.t = time.Date(2026, 11, 25, 12, 59, 0, 0, time.UTC) // 07:59 in New York
	runDue(t, d)
	if n := reminders(t, d, d.as("jane", "me"), domain.EventActionDue, "Walk 20 minutes"); n != 0 {
		t.Fatal("alerted before 08:00")
	}
	clk.t = time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)
	runDue(t, d)
	runDue(t, d)
	if n := reminders(t, d, d.as("jane", "me"), domain.EventActionDue, "Walk 20 minutes"); n != 1 {
		t.Fatalf("%d alerts", n)
	}
	if n := reminders(t, d, d.as("jane", "me"), domain.EventActionDue, "Drink water"); n != 0 {
		t.Errorf("a done action was alerted")
	}
}
