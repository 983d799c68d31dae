package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// R2, R34: a key that belongs to nobody sees only the invitation screen;
// a wrong code is refused with the domain's message; the right one binds
// the key and the person continues with their own workspaces.
func TestInvitationRedeems(t *testing.T) {
	d := newDemo(t, nil)
	// pat signed in before: only the owner's recovery code binds a new key.
	inv, err := d.svc.RecoverAccount(d.as("olivia", "team"), "pat")
	mustNot(t, err)

	x := d.open("")
	x.waitText("Invitation", "Welcome to behalf", "Code:")
	s := x.screen()
	if strings.Contains(s, "Northwind") || strings.Contains(s, "Choose a workspace") {
		t.Fatalf("an unknown key sees more than the invitation:\n%s", s) // R2
	}
	// q and w are letters of codes: they type, they do not quit or switch.
	x.typ("qw")
	x.waitText("Code: qw")
	x.press(tea.KeyEnter)
	x.waitText("that invitation code is not valid")
	x.press(tea.KeyCtrlU)
	x.typ(strings.ToLower(inv.Code))
	x.press(tea.KeyEnter)
	x.waitText("Welcome, Pat Johnson", "Choose a workspace", "Client: Alex Johnson", "Client: Casey Johnson")
	if h := x.header(); !strings.Contains(h, "Pat Johnson (pat)") {
		t.Errorf("header after redeeming %q", h)
	}
	// The key now signs pat in.
	p, err := d.svc.Identify(testKey("new-").Fingerprint)
	mustNot(t, err)
	if p.Handle != "pat" {
		t.Errorf("the key belongs to %s", p.Handle)
	}
}

// esc leaves the invitation screen.
func TestInvitationLeave(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("")
	x.waitText("Code:")
	x.press(tea.KeyEsc)
	x.finished()
}
