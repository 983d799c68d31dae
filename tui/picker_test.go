package tui

import (
	"fmt"
	"testing"
)

// Screens past 9, which no digit opens, are one key away: 0 lists every
// screen, ↑/↓ choose, enter opens, esc closes; the list fits 80×24 and the
// footer says its keys.
func TestScreenPickerReachesEveryScreen(t *testing.T) {
	d := newDemo(t, nil)
	m := practiceModel(t, d, "olivia", "", "home")
	n := len(m.ws.tabs)
	if n <= 9 {
		t.Fatalf("the owner's workspace has %d screens: the picker matters past 9, so this test shows nothing", n)
	}
	last := m.ws.tabs[n-1].spec
	practicePress(m, "0")
	v := practiceView(t, m)
	practiceHas(t, v, "Screens", "enter open", "▸ "+" 1  Home")
	practicePress(m, "esc")
	if m.pick.open || m.ws.active != 0 {
		t.Fatalf("esc: picker open %v, screen %d", m.pick.open, m.ws.active)
	}
	practicePress(m, "0", "up") // wraps round to the last screen
	practiceHas(t, practiceView(t, m), "▸ "+fmt.Sprintf("%2s  %s", "", last.Title))
	practicePress(m, "enter")
	if m.pick.open || m.ws.tabs[m.ws.active].spec.ID != last.ID {
		t.Fatalf("enter opened %s, want %s", m.ws.tabs[m.ws.active].spec.ID, last.ID)
	}
	practiceLacks(t, practiceView(t, m), "↑/↓ choose")
}
