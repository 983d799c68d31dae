package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

// fileTabsLine is the client file's inner tab bar as shown.
func fileTabsLine(t *testing.T, m *root) string {
	t.Helper()
	return strings.TrimSpace(strings.Split(practiceView(t, m), "\n")[3])
}

// practiceFile is handle's client file in ws, opened on client for the
// team (as the Clients screen does), or the workspace's own client.
func practiceFile(t *testing.T, d *demo, handle, ws, client string) *root {
	t.Helper()
	m := practiceModel(t, d, handle, ws, "file")
	if client != "" {
		practiceSend(m, GotoMsg{Screen: "file", Payload: OpenClientMsg{Handle: client}})
	}
	return m
}

// R30, R31, R42, R53: each part of the file is there only where the domain
// permits it; notes never for the client, contacts or assistants.
func TestFileTabsPerWorkspace(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	for _, c := range []struct {
		who, ws, client, tabs string
	}{
		{"rob", "", "jane", "Sessions · Packages · Invoices · Payments · Notes · Progress · Comments ›"},                 // Messages past the edge
		{"john", "", "jane", "Sessions · Packages · Invoices · Payments · Notes · Progress · Comments ›"},                // view-only reads (R14)
		{"asa", "assistant:rob", "jane", "Sessions · Packages · Invoices · Payments · Progress · Comments · Messages ›"}, // R42; Actions, Metrics past the edge
		{"jane", "", "", "Sessions · Packages · Invoices · Payments · Progress · Messages · Actions ›"},                  // R31: no notes
		{"eve", "", "", "Sessions · Invoices"},              // schedule, billing
		{"pat", "contact:casey", "", "Sessions · Payments"}, // schedule, payments
		{"pat", "contact:alex", "", "Sessions · Packages · Payments · Progress"},
		{"sam", "", "", "Progress"},
	} {
		m := practiceFile(t, d, c.who, c.ws, c.client)
		if got := fileTabsLine(t, m); got != c.tabs {
			t.Errorf("%s in %s: tabs %q, want %q", c.who, m.currentID(), got, c.tabs)
		}
		// Walking every part never shows a notes tab where it is not offered.
		for range 8 {
			practicePress(m, "right")
			v := practiceView(t, m)
			if !strings.Contains(c.tabs, "Notes") && strings.Contains(v, "Notes") {
				t.Errorf("%s sees notes:\n%s", c.who, v)
			}
		}
	}
}

// eve (contact:jane with schedule and billing) sees sessions and invoices,
// and neither packages nor notes, whatever she presses.
func TestContactEveFile(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "eve", "", "")
	v := practiceView(t, m)
	practiceHas(t, v, "Jane Smith (jane)", "Wed 2026-11-25 10:00–11:00  with Rob Reyes  scheduled")
	practiceLacks(t, v, "Executive 10", "read-only") // the package a credit came from is not hers to see (R30)
	practicePress(m, "right")
	v = practiceView(t, m)
	practiceHas(t, v, "#3", "295.50 USD", "open", "balance 195.50", "#1", "2500.00 USD", "paid")
	practiceLacks(t, v, "Notes", "Packages", "Executive 10 package")
	practicePress(m, "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Invoice 3 · open", "Extra session (60 min)", "250.00", "Workshop materials", "45.50", "Balance", "195.50 USD", "p pay")
	practiceLacks(t, v, "Payments (") // eve has no `payments`: no payment history (R52)
}

// pat in contact:casey (schedule, payments) sees sessions and payments,
// and no invoices, packages, progress or notes.
func TestContactPatCaseyFile(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "pat", "contact:casey", "")
	practiceHas(t, practiceView(t, m), "Casey Johnson (casey)", "Wed 2026-11-25 15:00–15:45  with Mira Moss  scheduled")
	practicePress(m, "right")
	v := practiceView(t, m)
	practiceHas(t, v, "450.00 USD  invoice 6  by Casey Johnson (client)")
	for _, not := range []string{"Invoices", "Packages", "Progress", "Notes", "Starter 3"} {
		practiceLacks(t, v, not)
	}
	practicePress(m, "right")
	practiceHas(t, practiceView(t, m), "with Mira Moss") // back to sessions: only two parts
}

// R14: john, view-only on jane, reads her file and changes nothing: no key
// adds a note, books or issues, and pressing them does nothing.
func TestViewOnlyFileIsReadOnly(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "john", "", "jane")
	v := practiceView(t, m)
	practiceHas(t, v, "Jane Smith (jane)  read-only")
	for range 7 {
		foot := strings.Split(practiceView(t, m), "\n")[23]
		for _, item := range strings.Split(foot, " • ") {
			for _, k := range []string{"n ", "b ", "p ", "i ", "a "} {
				if strings.HasPrefix(item, k) {
					t.Errorf("john's footer offers %q: %q", item, foot)
				}
			}
		}
		practicePress(m, "n", "b", "i")
		if m.screen().Capturing() {
			t.Fatalf("john opened a form:\n%s", practiceView(t, m))
		}
		practicePress(m, "right")
	}
	practicePress(m, "left", "left", "left") // notes
	v = practiceView(t, m)
	practiceHas(t, v, "Jane wants to delegate more to her two directors.")

	// rob, her primary coach, may add one: the key is there.
	m = practiceFile(t, d, "rob", "", "jane")
	practicePress(m, "right", "right", "right", "right")
	practiceHas(t, strings.Split(practiceView(t, m), "\n")[23], "n add note")
}

// R31, R53: a note written in the textarea is saved through the domain;
// while typing, q, w, ? and digits are text, not commands.
func TestAddNoteWithTextarea(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "rob", "", "jane")
	practicePress(m, "right", "right", "right", "right", "n")
	if !m.screen().Capturing() {
		t.Fatal("the note box should capture keys")
	}
	v := practiceView(t, m)
	practiceHas(t, v, "New private note on Jane Smith (jane)", "never the client, their contacts or assistants", "ctrl+s save")
	practicePress(m, "Quarterly review? w 1", "enter", "second line", "esc")
	if m.screen().Capturing() || m.state != stWorkspace {
		t.Fatal("esc cancels the note")
	}
	notes, _ := d.svc.ListNotes(d.as("rob", "team"), domain.NoteFilter{Client: "jane"})
	if len(notes) != 2 {
		t.Fatalf("a cancelled note was saved: %d notes", len(notes))
	}
	practicePress(m, "n", "Quarterly review? w 1", "enter", "second line", "ctrl+s")
	if m.status.Text != "Note saved on Jane Smith's file" {
		t.Errorf("status %+v", m.status)
	}
	notes, _ = d.svc.ListNotes(d.as("rob", "team"), domain.NoteFilter{Client: "jane"})
	if len(notes) != 3 || notes[0].Note.Body != "Quarterly review? w 1\nsecond line" || notes[0].Author.Handle != "rob" {
		t.Fatalf("notes %+v", notes)
	}
	practiceHas(t, practiceView(t, m), "▸ Mon 2026-11-23 · Rob Reyes (coach)\n  Quarterly review? w 1\n  second line")

	// An empty note is refused by the domain, inside the box.
	practicePress(m, "n", "ctrl+s")
	if !m.screen().Capturing() {
		t.Fatal("a refused note keeps the box open")
	}
	practiceHas(t, practiceView(t, m), "the note is required")
}

// R53: alex approves an update with the keyboard, and sam (contact of alex
// with progress) then sees it; before, he does not.
func TestProgressApprovalReachesContact(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	const update = "Talked about worries around changing schools"
	practiceLacks(t, practiceView(t, practiceFile(t, d, "sam", "", "")), update)

	m := practiceFile(t, d, "alex", "", "")
	practicePress(m, "left", "left", "left", "left", "left", "left") // progress is before messages, actions and metrics, the last parts
	v := practiceView(t, m)
	practiceHas(t, v, update, "only you see this", "a share with contacts")
	practicePress(m, "a")
	if !strings.HasPrefix(m.status.Text, "Shared with your contacts") {
		t.Errorf("status %+v", m.status)
	}
	practiceHas(t, practiceView(t, m), "✓ your contacts see this\n  Talked about")
	ps, err := d.svc.ListProgress(d.as("sam", ""), domain.ProgressFilter{})
	mustNot(t, err)
	if len(ps) != 3 || !strings.HasPrefix(ps[0].Progress.Body, update) {
		t.Fatalf("sam's progress %+v", ps)
	}
	v = practiceView(t, practiceFile(t, d, "sam", "", ""))
	practiceHas(t, v, "Alex Johnson (alex)  read-only", update)
	practiceLacks(t, v, "only you see this", "a share")

	// and withdrawn again, it leaves sam's file
	practicePress(m, "a")
	if !strings.HasPrefix(m.status.Text, "Withdrawn") {
		t.Errorf("status %+v", m.status)
	}
	practiceLacks(t, practiceView(t, practiceFile(t, d, "sam", "", "")), update)
}

// R51: the packages part draws usage as a bar with used/total, remaining
// and expiry; a used-up package is marked.
func TestPackagesUsageBar(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "jane", "", "")
	practicePress(m, "right")
	v := practiceView(t, m)
	practiceHas(t, v, "Executive 10  usable", "████░░░░░░  4/10 used · 6 left · expires Sun 2027-05-02")

	// casey's Starter 3 has one credit left; adam books it away.
	_, err := d.svc.BookSession(d.as("adam", "team"), domain.Booking{Client: "casey", Coach: "mira", Start: "2026-12-01T09:00", Minutes: 45, Package: 3})
	mustNot(t, err)
	m = practiceFile(t, d, "adam", "", "casey")
	practicePress(m, "right")
	practiceHas(t, practiceView(t, m), "Starter 3  used up", "███  3/3 used · 0 left")
}

// The Clients screen opens a file with OpenClientMsg; esc goes back to the
// picker, whose filter asks the domain.
func TestFilePickerAndOpenClient(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "adam", "", "file")
	v := practiceView(t, m)
	practiceHas(t, v, "Client files", "Alex Johnson (alex)", "Casey Johnson (casey)", "Jane Smith (jane)")
	practicePress(m, "/")
	if !m.screen().Capturing() {
		t.Fatal("the filter should capture keys")
	}
	practicePress(m, "cas", "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Filter: cas", "Casey Johnson (casey)")
	practiceLacks(t, v, "Jane Smith")
	practicePress(m, "enter")
	// adam's manage_clients and invoice_all open all but progress, which
	// needs a pairing, and notes, which only paired coaches read (R31).
	practiceHas(t, practiceView(t, m), "Casey Johnson (casey)\nSessions · Packages · Invoices · Payments · Comments")
	practicePress(m, "esc")
	practiceHas(t, practiceView(t, m), "Client files")

	practiceSend(m, GotoMsg{Screen: "file", Payload: OpenClientMsg{Handle: "jane"}})
	practiceHas(t, practiceView(t, m), "Jane Smith (jane)\nSessions")
	practiceSend(m, GotoMsg{Screen: "file", Payload: OpenClientMsg{Handle: "rob"}})
	if !strings.Contains(m.status.Text, "is not a client") {
		t.Errorf("status %+v", m.status)
	}

	// rob sees only his silo (R15): no alex.
	m = practiceModel(t, d, "rob", "", "file")
	v = practiceView(t, m)
	practiceHas(t, v, "Casey Johnson (casey)", "Jane Smith (jane)")
	practiceLacks(t, v, "Alex Johnson")
}

// The file reloads on a change: a session booked elsewhere appears.
func TestFileReloadsOnRefresh(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "jane", "", "")
	practiceLacks(t, practiceView(t, m), "Tue 2026-12-08")
	_, err := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-12-08T09:00", Minutes: 30})
	mustNot(t, err)
	practiceSend(m, RefreshMsg{})
	practiceHas(t, practiceView(t, m), "Tue 2026-12-08 09:00–09:30  with Rob Reyes  scheduled")
}
