package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// burst is what Bubble Tea v1 hands over when runes arrive in one read.
func burst(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// selectedLine is the line of view the cursor glyph marks.
func selectedLine(view string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "▸") {
			return l
		}
	}
	return ""
}

// Runes that arrive together are each a key: "5jjjj" opens the team (5)
// and moves four rows; "2a" opens the clients and the add form; text typed
// into a field arrives whole; a bracketed paste outside a field does
// nothing, as any paste there would.
func TestRuneBurstIsEachKey(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("olivia")
	m.Update(burst("5jjjj"))
	if v := m.View(); !strings.Contains(v, "Team · 5 people") || !strings.Contains(selectedLine(v), "Rob Reyes") {
		t.Fatalf("5jjjj: want the team with Rob selected:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kkkk"), Paste: true})
	if v := m.View(); !strings.Contains(selectedLine(v), "Rob Reyes") {
		t.Fatalf("a paste outside a field moved the cursor:\n%s", v)
	}
	m.Update(burst("2a"))
	if v := m.View(); !strings.Contains(v, "Add a client") {
		t.Fatalf("2a: want the add-client form:\n%s", v)
	}
	m.Update(burst("jdoe q?w"))
	if v := m.View(); !strings.Contains(v, "jdoe q?w") || !strings.Contains(v, "Add a client") {
		t.Fatalf("text typed into a field: want it whole, the form still open:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.Update(burst("jq"))
	if m.Ctx.Err() == nil {
		t.Fatal("q in a burst should quit")
	}
}
