package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R50, R51: the client books from their agenda with one of their own
// coaches and a package credit, all chosen with the keyboard; a time in
// the past gets the domain's refusal in the form.
func TestClientBooksWithChoices(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "jane", "", "agenda")
	practicePress(m, "b")
	v := practiceView(t, m)
	practiceHas(t, v, "Book a session", "For Jane Smith (jane)", "Times are in America/New_York.",
		"‹ Rob Reyes (rob) · primary ›  1/2", "2026-11-24 10:00")
	practiceLacks(t, v, "John") // view-only: never offered (R14)
	practicePress(m, "right")
	practiceHas(t, practiceView(t, m), "‹ Mira Moss (mira) · coaching ›  2/2")
	practicePress(m, "tab", "ctrl+u", "2026-11-20T15:00", "tab", "left", "tab", "right")
	v = practiceView(t, m)
	practiceHas(t, v, "45 min", "‹ Executive 10 · 6 left · until 2027-05-02 ›")
	practicePress(m, "ctrl+s")
	practiceHas(t, practiceView(t, m), "2026-11-20 15:00 is in the past; pick a time from now on", "▸ Start")
	practicePress(m, "ctrl+u", "2026-11-24T15:00", "ctrl+s") // the refusal took the focus to the start
	if m.status.Text != "Booked: Jane Smith with Mira Moss, Tue 2026-11-24 15:00 (45 min)" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	ps, _ := d.svc.ListPackages(d.as("jane", ""), domain.PackageFilter{})
	if len(ps) != 1 || ps[0].Package.SessionsUsed != 5 {
		t.Errorf("the credit was not taken: %+v", ps)
	}
	practiceHas(t, practiceView(t, m), "Tue 2026-11-24\n▸ 15:00–15:45  with Mira Moss  scheduled")
}

// R50: the booking form books a weekly series, at the same local time
// across the March clock change.
func TestBookingFormWeeklySeries(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "jane", "", "agenda")
	practicePress(m, "b")
	practicePress(m, "tab", "ctrl+u", "2027-03-01T10:00", "tab", "tab", "tab", "right")
	practiceHas(t, practiceView(t, m), "‹ weekly, 4 times ›")

	practicePress(m, "ctrl+s")
	if m.status.Text != "Booked 4 weekly sessions: Jane Smith with Rob Reyes, Mon 2027-03-01 10:00 to Mon 2027-03-22 (60 min)" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	l, err := d.svc.ListSessions(d.as("rob", "team"), domain.SessionFilter{Client: "jane", From: "2027-03-01", To: "2027-03-31"})
	if err != nil || len(l.Sessions) != 4 {
		t.Fatalf("booked %d sessions (%v), want 4", len(l.Sessions), err)
	}
	for _, s := range l.Sessions {
		if got := s.Start.Format("Mon 15:04"); got != "Mon 10:00" {
			t.Errorf("a session of the series starts %s, want Mon 10:00 local", got)
		}
	}
}

// A contact with schedule is offered the coaches the domain accepts for
// the client: the primary first, then the coaching one, never the
// view-only john (R14); eve, who does not see packages, is offered none
// (R30).
func TestContactBookingForm(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "eve", "", "")
	practicePress(m, "n")
	v := practiceView(t, m)
	practiceHas(t, v, "Book a session", "For Jane Smith (jane)", "‹ Rob Reyes (rob) · primary ›  1/2")
	practicePress(m, "right")
	practiceHas(t, practiceView(t, m), "‹ Mira Moss (mira) · coaching ›  2/2")
	practicePress(m, "right")
	practiceLacks(t, practiceView(t, m), "John Jensen")
	practicePress(m, "tab", "tab", "tab")
	v = practiceView(t, m)
	practiceHas(t, v, "‹ no package ›")
	practiceLacks(t, v, "Executive")
	practicePress(m, "ctrl+s")
	if m.status.Text != "Booked: Jane Smith with Rob Reyes, Tue 2026-11-24 10:00 (60 min)" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	l, _ := d.svc.ListSessions(d.as("rob", "team"), domain.SessionFilter{Client: "jane", From: "2026-11-24", To: "2026-11-24"})
	if len(l.Sessions) != 1 || l.Sessions[0].Session.BookedBy != d.ids["eve"] || l.Sessions[0].Session.BookedFor != d.ids["jane"] {
		t.Fatalf("booked %+v", l.Sessions) // R44-style attribution: eve, for jane
	}
}

// R17, R50: a coach holding coach_all_clients coaches every client, so
// the booking form offers them for a client they are not paired with —
// the domain accepts them — and the booking goes through with them.
func TestBookingFormOffersCoachAllClients(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "john", true, []string{string(domain.PermCoachAllClients)})
	mustNot(t, err)
	m := practiceModel(t, d, "adam", "", "agenda") // schedule_all; alex's only coach is mira
	practicePress(m, "b", "ctrl+u", "alex", "tab")
	practiceHas(t, practiceView(t, m), "‹ Mira Moss (mira) · primary ›")
	for i := 0; i < 4 && !strings.Contains(practiceView(t, m), "John Jensen (john)"); i++ {
		practicePress(m, "right")
	}
	practiceHas(t, practiceView(t, m), "‹ John Jensen (john) · coaches every client ›")
	practicePress(m, "ctrl+s")
	if m.status.Err || !strings.HasPrefix(m.status.Text, "Booked: Alex Johnson with John Jensen") {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
}

// Every new screen and every view inside it lays out in exactly the
// terminal's lines and width, at 80×24 and after resizes.
func TestPracticeScreensFit(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	sizes := [][2]int{{80, 24}, {120, 40}, {40, 10}, {200, 60}, {57, 13}, {80, 24}}
	states := []struct {
		who, ws, screen, client string
		keys                    []string
	}{
		{"rob", "", "agenda", "", nil},
		{"rob", "", "agenda", "", []string{"enter"}},
		{"rob", "", "agenda", "", []string{"enter", "r"}},
		{"rob", "", "agenda", "", []string{"enter", "c"}},
		{"rob", "", "agenda", "", []string{"b"}},
		{"rob", "", "agenda", "", []string{"b", "ctrl+s"}},
		{"rob", "", "agenda", "", []string{"v"}},
		{"rob", "", "agenda", "", []string{"?"}},
		{"adam", "", "agenda", "", nil},
		{"eve", "", "agenda", "", []string{"b"}},
		{"jane", "", "agenda", "", []string{"enter"}},
		{"pat", "contact:alex", "agenda", "", nil},
		{"asa", "assistant:rob", "agenda", "", []string{"b"}},
		{"rob", "", "file", "", nil},
		{"rob", "", "file", "", []string{"/", "ja"}},
		{"olivia", "team", "file", "", nil},
		{"asa", "assistant:olivia", "file", "", nil},
		{"rob", "", "file", "jane", nil},
		{"rob", "", "file", "jane", []string{"enter"}},
		{"rob", "", "file", "jane", []string{"n"}},
		{"rob", "", "file", "jane", []string{"right"}},
		{"rob", "", "file", "jane", []string{"right", "n"}},
		{"rob", "", "file", "jane", []string{"right", "right"}},
		{"rob", "", "file", "jane", []string{"right", "right", "enter"}},
		{"rob", "", "file", "jane", []string{"right", "right", "enter", "x"}},
		{"rob", "", "file", "jane", []string{"right", "right", "n", "ctrl+n", "ctrl+n", "ctrl+s"}},
		{"rob", "", "file", "jane", []string{"right", "right", "right"}},
		{"rob", "", "file", "jane", []string{"left", "left", "left", "left", "left"}},
		{"rob", "", "file", "jane", []string{"left", "left", "left", "left", "left", "n", "a long line of text that goes on and on", "ctrl+s"}},
		{"rob", "", "file", "jane", []string{"left", "left", "left", "left"}},
		{"rob", "", "file", "jane", []string{"left", "left", "left"}},
		{"john", "", "file", "jane", []string{"left", "left", "left", "left"}},
		{"jane", "", "file", "", []string{"right", "right", "enter", "p"}},
		{"jane", "", "file", "", []string{"right", "right", "enter", "p", "ctrl+u", "x", "ctrl+s"}},
		{"alex", "", "file", "", []string{"left", "left", "left"}},
		{"eve", "", "file", "", nil},
		{"pat", "contact:casey", "file", "", []string{"right"}},
		{"sam", "", "file", "", nil},
	}
	for _, s := range states {
		m := practiceFile(t, d, s.who, s.ws, s.client)
		if s.screen == "agenda" {
			practiceSend(m, GotoMsg{Screen: "agenda"})
		}
		practicePress(m, s.keys...)
		for _, sz := range sizes {
			practiceSend(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := m.View()
			checkFits(t, v, sz[0], sz[1])
			if t.Failed() {
				t.Fatalf("%s %s %v at %v:\n%s", s.who, s.screen, s.keys, sz, v)
			}
		}
	}
}

// Open forms and text boxes cost nothing when idle: no cursor blink, no
// tick reaches the model, however long it waits.
func TestFormsAreQuiet(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	inBubble(t, func(ctx context.Context) tea.Model { return New(d.svc, d.sessionIn(ctx, "rob")) }, func(x *bubble) {
		x.has("Rob Reyes (rob)")
		x.idle("the first screen")
		x.send(GotoMsg{Screen: "agenda"})
		x.has("Week of Mon 2026-11-23 – Sun 2026-11-29")
		x.keys("b")
		x.has("Book a session")
		x.keys("x")
		x.idle("the booking form")
		x.keys("esc")
		x.send(GotoMsg{Screen: "file"})
		x.has("Client files")
		x.keys("down", "enter")
		x.has("Jane Smith (jane)", "Sessions · Packages")
		x.keys("left", "left", "left", "left", "left", "left") // comments, before messages, actions, metrics, worksheets and forms
		x.has("no staff comments")
		x.keys("n")
		x.has("New staff comment")
		x.keys("q?w")
		x.idle("the comment box")
		x.keys("ctrl+s")
		x.has("Comment added to Jane Smith's file", "q?w", "Rob Reyes")
	})
}

// R50: the team booking a time in the past is refused in the form, which
// then offers to record what happened; the session is recorded only once
// that is chosen, as completed, never as scheduled, and the client is not
// notified of it.
func TestBookingFormRecordsPastSessionOnlyWhenConfirmed(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "rob", "", "agenda")
	practicePress(m, "b", "ctrl+u", "jane", "tab", "tab", "ctrl+u", "2026-11-20T08:00", "ctrl+s")
	v := practiceView(t, m)
	practiceHas(t, v, "is in the past", "Took place", "no, change the time")
	if !m.screen().Capturing() {
		t.Fatal("a refused booking keeps the form open")
	}
	// saving again without choosing still refuses: nothing is recorded
	practicePress(m, "ctrl+s")
	practiceHas(t, practiceView(t, m), "is in the past")
	practicePress(m, "right", "ctrl+s") // completed
	if m.screen().Capturing() || m.status.Text != "Recorded as completed: Jane Smith with Rob Reyes, Fri 2026-11-20 08:00 (60 min)" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	l, err := d.svc.ListSessions(d.as("rob", "team"), domain.SessionFilter{Client: "jane", From: "2026-11-20", To: "2026-11-20"})
	mustNot(t, err)
	if len(l.Sessions) != 1 || l.Sessions[0].Session.Status != domain.SessionCompleted {
		t.Fatalf("the domain lists %+v", l.Sessions)
	}
	inbox, err := d.svc.Inbox(d.as("jane", "me"), domain.InboxQuery{})
	mustNot(t, err)
	for _, it := range inbox {
		if strings.Contains(it.Item.Text, "2026-11-20") {
			t.Errorf("the client was told of a recorded session: %q", it.Item.Text)
		}
	}
}
