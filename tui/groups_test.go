package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R22: a coach runs a group from the keyboard — creates it, opens it,
// posts, books a session — and a member sees the coaches and fellow
// members by name and takes part.
func TestGroupsScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "mira", "", "groups")
	v := practiceView(t, m)
	practiceHas(t, v, "Groups you coach", "no groups here", "a new group")
	practicePress(m, "a")
	practiceHas(t, practiceView(t, m), "New group", "Handle e.g. leaders", "Members e.g. jane, alex")
	practicePress(m, "circle", "tab", "Leaders circle", "tab", "jane, rob", "ctrl+s")
	practiceHas(t, practiceView(t, m), "rob is not a client") // the refusal stays in the form, at its field
	practicePress(m, "ctrl+u", "jane, alex", "ctrl+s")
	if m.status.Text != "Created the group Leaders circle with 2 members" {
		t.Fatalf("status %q", m.status.Text)
	}
	practiceHas(t, practiceView(t, m), "Leaders circle (circle)", "2 members · coached by Mira Moss (coach)")
	practicePress(m, "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Coaches: Mira Moss (coach)", "Members: Jane Smith (member), Alex Johnson (member)",
		"Sessions", "none from 30 days ago on", "Discussion, newest first", "no posts yet", "p post", "b book session", "e change group")
	practicePress(m, "p", "Welcome to the circle.", "ctrl+s")
	if m.status.Text != "Posted in Leaders circle" {
		t.Fatalf("status %q", m.status.Text)
	}
	practiceHas(t, practiceView(t, m), "Mira Moss (coach)", "Welcome to the circle.")
	practicePress(m, "b")
	practiceHas(t, practiceView(t, m), "Book a session of Leaders circle", "Every member is booked")
	practicePress(m, "tab", "2026-12-09 16:00", "ctrl+s")
	if m.status.Text != "Booked a session of Leaders circle for 2 members" {
		t.Fatalf("status %q", m.status.Text)
	}
	practiceHas(t, practiceView(t, m), "Wed 2026-12-09 16:00–17:00  with Mira Moss", "2 members")

	// jane, a member, reads and posts; she sees alex by name, not his file.
	j := practiceModel(t, d, "jane", "", "groups")
	practiceHas(t, practiceView(t, j), "Your groups", "Leaders circle (circle)")
	practicePress(j, "enter")
	v = practiceView(t, j)
	practiceHas(t, v, "Alex Johnson (member)", "Mira Moss (coach)", "Welcome to the circle.", "p post")
	practiceLacks(t, v, "e change group", "x delete group", "b book session")
	practicePress(j, "p", "Glad to be here.", "ctrl+s")
	practiceHas(t, practiceView(t, j), "Jane Smith (member)", "Glad to be here.")

	// manage_groups alone sets the group up, but reads nothing in it (R16).
	if _, err := d.svc.ChangePerms(d.as("olivia", "team"), "adam", true, []string{"manage_groups"}); err != nil {
		t.Fatal(err)
	}
	a := practiceModel(t, d, "adam", "", "groups")
	practiceHas(t, practiceView(t, a), "Every group", "Leaders circle")
	practicePress(a, "enter")
	v = practiceView(t, a)
	practiceHas(t, v, "Members: Jane Smith (member), Alex Johnson (member)", "manage_groups sets groups up without reading them", "e change group")
	practiceLacks(t, v, "Welcome to the circle.", "p post")
	practicePress(a, "e", "tab", "casey", "ctrl+s")
	practiceHas(t, practiceView(t, a), "3 members")

	// Contacts have no Groups screen (R31).
	for _, who := range []struct{ handle, ws string }{{"eve", ""}, {"pat", "contact:alex"}} {
		c := d.model(who.handle)
		if who.ws != "" {
			c.Update(enterMsg{id: who.ws})
		}
		practiceLacks(t, practiceView(t, c), "Groups")
	}

	// x deletes the group, after a question.
	practicePress(m, "x")
	practiceHas(t, practiceView(t, m), "Delete the group Leaders circle?", "y: yes, delete it")
	practicePress(m, "y")
	if m.status.Text != "Deleted the group Leaders circle" {
		t.Fatalf("status %q", m.status.Text)
	}
	practiceHas(t, practiceView(t, m), "no groups here")
}

// The Groups screen lays out in the terminal's lines and width.
func TestGroupsScreenFits(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	if _, err := d.svc.AddGroup(d.as("mira", "team"), domain.NewGroup{Handle: "circle", Name: "A group with a rather long name for a small screen", Members: []string{"jane", "alex", "casey"}}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		if _, err := d.svc.AddPost(d.as("jane", "me"), "circle", "A post that goes on for a while so that it wraps over more than one line of a narrow terminal."); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []struct {
		who  string
		keys []string
	}{{"mira", nil}, {"mira", []string{"enter"}}, {"mira", []string{"enter", "down", "down"}}, {"mira", []string{"enter", "e"}},
		{"mira", []string{"enter", "b"}}, {"mira", []string{"enter", "x"}}, {"mira", []string{"a"}}, {"jane", []string{"enter", "p"}}} {
		m := practiceModel(t, d, s.who, "", "groups")
		practicePress(m, s.keys...)
		for _, sz := range [][2]int{{80, 24}, {40, 10}, {120, 40}, {57, 13}, {200, 60}} {
			practiceSend(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, m.View(), sz[0], sz[1])
			if t.Failed() {
				t.Fatalf("%s %v at %v:\n%s", s.who, s.keys, sz, m.View())
			}
		}
	}
}
