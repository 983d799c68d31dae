package tui

import (
	"strings"
	"testing"
)

// R40, R43: the owner unlinks asa from rob (asking first) and links her
// again; the roster says which link is admin-level.
func TestAssistantsLinkAndUnlink(t *testing.T) {
	d := newDemo(t, nil)
	x := openIn(d, "olivia", "", "assistants", "Assistants and whom they manage · 2")
	x.waitText("Asa Ahmed (asa) manages Olivia Owens (olivia)", "admin-level: admin role, managing an admin", // R43
		"Asa Ahmed (asa) manages Rob Reyes (rob)")
	x.keys("down", "x")
	x.waitText("Unlink Asa Ahmed (asa) from Rob Reyes (rob)?")
	x.keys("y")
	x.waitText("asa no longer manages rob", "Assistants and whom they manage · 1")
	ws, err := d.svc.Workspaces(d.ids["asa"])
	mustNot(t, err)
	if len(ws) != 1 {
		t.Fatalf("asa's workspaces: %+v", ws)
	}
	x.keys("l", "asa", "tab", "rob", "ctrl+s")
	x.waitText("Asa Ahmed (asa) now manages Rob Reyes (rob) (coaching access)", "Assistants and whom they manage · 2")
}

// Without manage_coaches the roster is read-only, with the reason.
func TestAssistantsReadOnly(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("adam")
	_, cmd := m.Update(GotoMsg{Screen: "assistants"})
	drain(m, cmd)
	v := m.View()
	if !strings.Contains(v, "You can read the roster. To link assistants you need manage_coaches") || strings.Contains(v, "l link") {
		t.Fatalf("adam's roster:\n%s", v)
	}
	drive(m, "x")
	if v := m.View(); !strings.Contains(v, "unlink assistants you need manage_coaches") && !strings.Contains(v, "to unlink assistants") {
		t.Fatalf("after x:\n%s", v)
	}
	checkFits(t, m.View(), 80, 24)
}
