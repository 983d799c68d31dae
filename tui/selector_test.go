package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// R4: a person with two or more workspaces sees the selector first; the
// header says who they are.
func TestSelectorForSeveralWorkspaces(t *testing.T) {
	d := newDemo(t, nil)
	for handle, want := range map[string][]string{
		"pat": {"Pat Johnson (pat)", "Client: Alex Johnson", "Client: Casey Johnson"},
		"asa": {"Asa Ahmed (asa)", "Assistant for Olivia Owens", "Assistant for Rob Reyes"},
	} {
		x := d.open(handle)
		x.waitText(append([]string{"Choose a workspace"}, want...)...)
		if h := x.header(); !strings.Contains(h, want[0]) || !strings.Contains(h, "Choose a workspace") {
			t.Errorf("%s: header %q", handle, h)
		}
		// Each workspace has a one-line description.
		if handle == "pat" {
			x.waitText("Act for Casey Johnson: schedule, payments")
		}
	}
}

// R4: with exactly one workspace, straight in.
func TestStraightInWithOneWorkspace(t *testing.T) {
	d := newDemo(t, nil)
	cases := map[string][]string{
		"eve":    {"Eve Evans (eve)", "Client: Jane Smith", "Acting for Jane Smith (jane)"},
		"olivia": {"Olivia Owens (olivia)", "Team [owner]", "Account owner"},
	}
	for handle, want := range cases {
		x := d.open(handle)
		x.waitText(want...)
		if strings.Contains(x.screen(), "Choose a workspace") {
			t.Errorf("%s saw the selector", handle)
		}
		h := x.header()
		if !strings.Contains(h, want[0]) || !strings.Contains(h, strings.Fields(want[1])[0]) {
			t.Errorf("%s: header %q lacks person or workspace", handle, h)
		}
	}
}

// R4: w returns to the selector from inside a workspace; esc goes back;
// choosing another switches, and the header follows.
func TestSwitchWorkspaceWithW(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("pat")
	x.waitText("Choose a workspace")
	x.press(tea.KeyEnter) // the first: alex
	x.waitText("Acting for Alex Johnson")
	if h := x.header(); !strings.Contains(h, "Pat Johnson (pat)") || !strings.Contains(h, "Client: Alex Johnson") {
		t.Fatalf("header %q", h)
	}
	x.typ("w")
	x.waitText("Choose a workspace", "Client: Casey Johnson")
	x.press(tea.KeyEsc) // back where we were
	x.waitText("Acting for Alex Johnson")
	x.typ("w")
	x.waitText("Choose a workspace")
	x.press(tea.KeyDown)
	x.press(tea.KeyEnter)
	x.waitText("Acting for Casey Johnson")
	if h := x.header(); !strings.Contains(h, "Pat Johnson (pat)") || !strings.Contains(h, "Client: Casey Johnson") {
		t.Fatalf("header after switching %q", h)
	}
	// R32: nothing of alex's link shows in casey's workspace.
	if s := x.screen(); strings.Contains(s, "Alex") || strings.Contains(s, "✓ packages") {
		t.Errorf("casey's workspace shows alex's link:\n%s", s)
	}
}

// The selector filters on typing "/", and q types into the filter
// instead of quitting.
func TestSelectorFiltering(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("asa")
	x.waitText("Choose a workspace", "Assistant for Olivia Owens")
	x.typ("/q")
	x.waitText("Filter: q")
	x.press(tea.KeyBackspace)
	x.typ("rob")
	x.waitFor(wait, "only rob", func(s string) bool {
		return strings.Contains(s, "Assistant for Rob Reyes") && !strings.Contains(s, "Assistant for Olivia Owens")
	})
	x.press(tea.KeyEnter) // apply the filter
	x.waitText("“rob”")
	x.press(tea.KeyEnter) // open the one left
	x.waitText("Asa for Rob — coaching access", "You manage")
	if h := x.header(); !strings.Contains(h, "Asa Ahmed (asa)") {
		t.Errorf("header %q", h)
	}
}

// q quits from the selector when not filtering.
func TestQuitFromSelector(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("pat")
	x.waitText("Choose a workspace")
	x.typ("q")
	x.finished()
}
