package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R21, R31, R42: the booking form offers rob's session templates; the
// session keeps the agenda, shows it to rob and jane (not to eve, a
// contact), and rob's private note starts from its headings.
func TestAgendaBookedAndNotedOnScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	_, err := d.svc.AddTemplate(d.as("rob", "team"), domain.NewTemplate{Kind: "session", Name: "Check-in", Questions: "# Wins\n# Next steps\n"})
	mustNot(t, err)

	m := practiceModel(t, d, "rob", "", "agenda")
	practicePress(m, "b")
	practiceHas(t, practiceView(t, m), "Agenda", "no agenda")
	practicePress(m, "ctrl+u", "jane", "tab", "tab", "ctrl+u", "2026-11-30T07:35", "tab", "tab", "tab", "tab")
	practiceHas(t, practiceView(t, m), "the session keeps its headings as they are now")
	practicePress(m, "right", "ctrl+s")
	if m.status.Err || m.status.Text != "Booked: Jane Smith with Rob Reyes, Mon 2026-11-30 07:35 (60 min)" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	practicePress(m, "enter")
	v := practiceView(t, m)
	practiceHas(t, v, "Mon 2026-11-30, 07:35", "Agenda · Check-in", "• Wins", "• Next steps", "a note from agenda")
	practicePress(m, "a")
	practiceHas(t, practiceView(t, m), "New private note on Jane Smith (jane)", "Session 2026-11-30 07:35 — Check-in", "Wins")
	practicePress(m, "Went well.", "ctrl+s")
	if m.status.Err || m.status.Text != "Note saved on Jane Smith's file" {
		t.Fatalf("status %+v", m.status)
	}
	notes, err := d.svc.ListNotes(d.as("rob", "team"), domain.NoteFilter{Client: "jane", Limit: 1})
	mustNot(t, err)
	if len(notes) != 1 || !strings.HasPrefix(notes[0].Note.Body, "Session 2026-11-30 07:35 — Check-in\n\nWins\n\nNext steps") || !strings.Contains(notes[0].Note.Body, "Went well.") {
		t.Fatalf("the note: %+v", notes)
	}

	// jane sees the agenda and writes no note; eve, a contact, sees none.
	m = practiceModel(t, d, "jane", "", "agenda")
	practicePress(m, "l", "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Mon 2026-11-30, 07:35", "Agenda · Check-in", "• Next steps")
	practiceLacks(t, v, "note from agenda")
	m = practiceModel(t, d, "eve", "", "agenda")
	practicePress(m, "l", "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Mon 2026-11-30, 07:35")
	practiceLacks(t, v, "Agenda ·", "Wins")
}
