package tui

import (
	"strings"
	"testing"
)

// R12, R14, R54: jane sees rob as My coach and mira, never john (view-only),
// and who may act for her.
func TestClientHome(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("jane")
	x.waitText("My portal", "Your coaches", "Rob Reyes (rob)", "My coach", "Mira Moss (mira)", "Who may act for you", "Eve Evans (eve)", "schedule, billing · no expiry")
	s := x.screen()
	if strings.Contains(s, "John") || strings.Contains(s, "john") { // R14
		t.Fatalf("jane's home shows her view-only coach:\n%s", s)
	}
	for _, l := range x.lines() {
		if strings.Contains(l, "Rob Reyes") && !strings.Contains(l, "My coach") {
			t.Errorf("rob is not marked My coach: %q", l)
		}
		if strings.Contains(l, "Mira Moss") && strings.Contains(l, "My coach") {
			t.Errorf("mira is marked My coach: %q", l)
		}
	}
	if h := x.header(); !strings.Contains(h, "Jane Smith (jane)") || !strings.Contains(h, "My portal") {
		t.Errorf("header %q", h)
	}
}

// R30, R31, R38: eve's home for jane says what her link allows — schedule
// and billing — and that private notes are never visible.
func TestContactHome(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("eve")
	x.waitText("Acting for Jane Smith (jane)", "What this link lets you do", "What it does not allow")
	s := x.screen()
	for _, want := range []string{"✓ schedule: Book, reschedule", "✓ billing: See and pay invoices", "✗ packages", "✗ payments", "✗ progress", "Expires      never"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q", want)
		}
	}
	if !strings.Contains(s, "Private notes and coaching conversations are never visible") { // R31
		t.Errorf("no word on private notes:\n%s", s)
	}
	if strings.Contains(s, "✓ packages") || strings.Contains(s, "✓ payments") {
		t.Errorf("eve's link shows permissions it lacks:\n%s", s)
	}
	if h := x.header(); !strings.Contains(h, "Eve Evans (eve)") || !strings.Contains(h, "Client: Jane Smith") || !strings.Contains(h, "schedule, billing") {
		t.Errorf("header %q", h)
	}
}

// R10, R15–R18: a team member's role, pool and permissions with
// descriptions, and their clients by level.
func TestTeamHome(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("adam")
	x.waitText("Adam Alvarez (adam)", "Admin-only staff, never paired", "Coaching permissions", "Administrative permissions",
		"Add and manage team clients (manage_clients)", "Decide which coaches are paired")
	if s := x.screen(); strings.Contains(s, "\nClients ") {
		t.Errorf("admin-only staff shows a client count:\n%s", s)
	}
	if h := x.header(); !strings.Contains(h, "Team [staff · 4 admin]") {
		t.Errorf("header %q", h)
	}

	x = d.open("rob")
	x.waitText("Team coach, in the pairing pool", "1 primary · 1 view-only", "Schedule own appointments (schedule_own)", "Assistants   Asa Ahmed (asa)")
	x = d.open("john")
	x.waitText("Team [coach · no permissions]", "none")
}

// R40, R42, R43: an assistant sees whom they manage and which privilege
// holds here; the header says it too.
func TestAssistantHome(t *testing.T) {
	d := newDemo(t, nil)
	for _, c := range []struct{ ws, header, why string }{
		{"assistant:olivia", "Asa for Olivia — admin-level", "Olivia is an admin and you hold the"},
		{"assistant:rob", "Asa for Rob — coaching access", "Rob is not an admin, so your admin role"},
	} {
		m := d.model("asa")
		m.Update(enterMsg{id: c.ws})
		v := m.View()
		head := strings.Split(v, "\n")[0]
		if !strings.Contains(head, "Asa Ahmed (asa)") || !strings.Contains(head, c.header) {
			t.Errorf("%s: header %q", c.ws, head)
		}
		for _, want := range []string{c.why, "You manage", "Olivia Owens (olivia)", "Rob Reyes (rob)"} {
			if !strings.Contains(v, want) {
				t.Errorf("%s: missing %q in\n%s", c.ws, want, v)
			}
		}
		if c.ws == "assistant:rob" && strings.Contains(v, "(manage_clients)") {
			t.Errorf("rob's workspace shows admin permissions:\n%s", v) // R43
		}
	}
}
