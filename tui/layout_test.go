package tui

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Every demo person's every workspace lays out in exactly the terminal's
// lines and width, at 80×24 and other sizes, and at 80×24 the header keeps
// who and where whole.
func TestEveryWorkspaceFits(t *testing.T) {
	d := newDemo(t, nil)
	sizes := [][2]int{{80, 24}, {120, 40}, {40, 10}, {200, 60}, {80, 24}}
	for _, p := range []string{"olivia", "adam", "rob", "mira", "john", "asa", "jane", "alex", "casey", "eve", "pat", "sam"} {
		ws, err := d.svc.Workspaces(d.ids[p])
		mustNot(t, err)
		for i, w := range ws {
			s := d.session(p)
			if i%2 == 0 { // colours must not change the layout
				s.Renderer = lipgloss.NewRenderer(io.Discard)
				s.Renderer.SetColorProfile(termenv.ANSI256)
			}
			m := New(d.svc, s).(*root)
			m.Update(enterMsg{id: w.ID})
			if m.state != stWorkspace {
				t.Fatalf("%s could not enter %s: %q", p, w.ID, m.status.Text)
			}
			for _, sz := range sizes {
				m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				v := m.View()
				checkFits(t, v, sz[0], sz[1])
				if sz[0] < 80 {
					continue
				}
				head := ansi.Strip(strings.Split(v, "\n")[0])
				want := workspaceHeader(m.ws.ctx.Access())
				if !strings.Contains(head, want.person) || !strings.Contains(head, want.workspace) || strings.HasSuffix(head, "…") {
					t.Errorf("%s in %s at %dx%d: header %q", p, w.ID, sz[0], sz[1], head)
				}
			}
		}
	}
}

// A resize re-lays out: the wide header carries everything, the narrow
// one gives up the brand and the long summary but never the person or
// the workspace; a real program ends at 80×24 with nothing overflowing.
func TestResizeRelaysOut(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("pat")
	m.Update(enterMsg{id: "contact:alex"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	wide := m.View()
	checkFits(t, wide, 120, 40)
	if h := strings.Split(wide, "\n")[0]; h != "behalf · Northwind Coaching │ Pat Johnson (pat) │ Client: Alex Johnson [schedule, packages, payments, progress]" {
		t.Errorf("wide header %q", h)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	narrow := m.View()
	checkFits(t, narrow, 80, 24)
	if h := strings.Split(narrow, "\n")[0]; h != "behalf │ Pat Johnson (pat) │ Client: Alex Johnson [4 permissions]" {
		t.Errorf("narrow header %q", h)
	}

	x := d.open("pat")
	x.waitText("Choose a workspace")
	x.press(tea.KeyEnter)
	x.waitText("Acting for Alex Johnson")
	x.tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	x.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	v := x.final()
	checkFits(t, v, 80, 24)
	if !strings.Contains(v, "Pat Johnson (pat)") || !strings.Contains(v, "Acting for Alex Johnson") {
		t.Errorf("final view:\n%s", v)
	}
}

// A long page scrolls instead of being cut: the owner's 22 permissions.
func TestLongPageScrolls(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	v := m.View()
	checkFits(t, v, 80, 24)
	if !strings.Contains(v, "more: ↓/j") || strings.Contains(v, "Manage administrative privileges") {
		t.Fatalf("the owner's home should scroll:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'G'}})
	v = m.View()
	checkFits(t, v, 80, 24)
	if !strings.Contains(v, "Manage administrative privileges") {
		t.Fatalf("after G the last permission should show:\n%s", v)
	}
}

// 0×0 draws nothing, a tiny terminal asks for more room, and an absurd
// size is laid out as the largest we draw.
func TestDegenerateSizes(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("jane")
	m.Update(tea.WindowSizeMsg{Width: 0, Height: 0})
	if v := m.View(); v != "" {
		t.Errorf("0×0 view %q", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 20, Height: 5})
	v := m.View()
	checkFits(t, v, 20, 5)
	if !strings.Contains(v, "at least") {
		t.Errorf("tiny view %q", v)
	}
	m.Update(tea.WindowSizeMsg{Width: -3, Height: 1 << 30})
	if v := m.View(); v != "" {
		t.Errorf("negative width view %q", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 1 << 30, Height: 1 << 30})
	checkFits(t, m.View(), maxWidth, maxHeight)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	v = m.View()
	checkFits(t, v, 80, 24)
	if !strings.Contains(v, "My coach") {
		t.Errorf("back at 80×24:\n%s", v)
	}
}

// Colours come from each session's own renderer: two sessions in one
// process, one on a 256-colour terminal and one on a plain one.
func TestColoursFromSessionRenderer(t *testing.T) {
	d := newDemo(t, nil)
	plain := d.session("jane")
	colour := d.session("jane")
	colour.Renderer = lipgloss.NewRenderer(io.Discard)
	colour.Renderer.SetColorProfile(termenv.ANSI256)
	a, b := New(d.svc, colour).View(), New(d.svc, plain).View()
	if !strings.Contains(a, "\x1b[") {
		t.Error("the 256-colour session has no colour")
	}
	if strings.Contains(b, "\x1b") {
		t.Error("the plain session got escape sequences")
	}
	if ansi.Strip(a) != b {
		t.Error("colour changed the layout")
	}
}

// A full help longer than the screen scrolls instead of being cut off: at
// 80×12 every line of it can be reached.
func TestFullHelpScrolls(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("eve")
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 12})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
	full := strings.Split(m.fullHelp(), "\n")
	if w, h := m.contentSize(); len(full) <= h || w != 80 {
		t.Fatalf("the help fits (%d lines in %d): the test no longer shows scrolling; make the screen smaller", len(full), h)
	}
	last := strings.TrimSpace(full[len(full)-1])
	if strings.Contains(m.View(), last) {
		t.Fatalf("the last help line shows before scrolling:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "more below") {
		t.Fatalf("no hint that the help goes on:\n%s", m.View())
	}
	for i := 0; i < len(full); i++ {
		m.Update(tea.KeyMsg{Type: tea.KeyDown})
	}
	if v := m.View(); !strings.Contains(v, last) {
		t.Fatalf("the last help line cannot be reached:\n%s", v)
	}
	checkFits(t, m.View(), 80, 12)
}
