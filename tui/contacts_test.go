package tui

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	demoorg "behalf/demo"
	"behalf/domain"
)

// codePattern is an invitation code as the domain makes them.
var codePattern = regexp.MustCompile(`\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b`)

// openIn opens handle's session, enters ws if it is not the only one, and
// goes to the screen with id.
func openIn(d *demo, handle, ws, screen, waitFor string) *term {
	d.t.Helper()
	x := d.open(handle)
	if ws != "" {
		x.waitText("Choose a workspace")
		x.tm.Send(enterMsg{id: ws})
	}
	x.waitText(personLabel(domain.Person{Name: demoName(handle), Handle: handle}))
	x.tm.Send(GotoMsg{Screen: screen})
	x.waitText(waitFor)
	return x
}

func demoName(handle string) string {
	for _, p := range demoorg.People {
		if p.Handle == handle {
			return p.Name
		}
	}
	return handle
}

// paste sends s as a terminal's bracketed paste does: one message.
func (x *term) paste(s string) {
	x.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

// keys types each of ks: a key's name, or text.
func (x *term) keys(ks ...string) {
	for _, k := range ks {
		for _, msg := range keyMsgs(k) {
			x.tm.Send(msg)
		}
	}
}

// drive types each of ks into m and runs what each key returns, as a
// program would (for commands that do not block).
func drive(m *root, ks ...string) {
	for _, k := range ks {
		for _, msg := range keyMsgs(k) {
			_, cmd := m.Update(msg)
			drain(m, cmd)
		}
	}
}

// keyMsgs is the named key ("tab", "ctrl+s"…), or one message per rune of
// text.
func keyMsgs(k string) []tea.KeyMsg {
	named := map[string]tea.KeyType{
		"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "enter": tea.KeyEnter, "esc": tea.KeyEsc,
		"space": tea.KeySpace, "ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU,
		"right": tea.KeyRight, "left": tea.KeyLeft, "down": tea.KeyDown, "up": tea.KeyUp,
	}
	if t, ok := named[k]; ok {
		return []tea.KeyMsg{{Type: t}}
	}
	var out []tea.KeyMsg
	for _, r := range k {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// R34, seed 000 flow 1: adam invites a new client with two contacts in one
// form; the result shows three codes, each with its expiry, once.
func TestInviteClientWithContactsForm(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "adam", "", "contacts", "Who may act for which client")
	x.keys("i")
	x.waitText("Invite a new client with their contacts", "Contact 1")
	x.keys("Kai Kim", "tab", "kai", "tab", "kai@example.com", "tab", "mira", "tab", // client
		"tab", // invite codes: on
		"lena@example.com", "tab", "Lena Kim", "tab", "lena", "tab",
		"space", "tab", "space", "tab", "tab", "tab", "tab", // schedule, billing
		"tab",   // forms: off
		"tab",   // last day: none
		"enter", // + another contact
	)
	x.waitText("Contact 2")
	x.keys("max@example.com", "tab", "Max Kim", "tab", "max", "tab",
		"tab", "tab", "tab", "tab", "space", // progress
		"tab", "tab", "2027-06-30", "ctrl+s")
	x.waitText("Kai Kim (kai) is invited", "Codes are shown only now", "Max Kim (max)", "acts for Kai Kim: progress · until 2027-06-30")
	s := x.screen()
	codes := codePattern.FindAllString(s, -1)
	if len(codes) != 3 || codes[0] == codes[1] || codes[1] == codes[2] || codes[0] == codes[2] {
		t.Fatalf("want three different codes, got %v:\n%s", codes, s)
	}
	if n := strings.Count(s, "valid until 2026-11-30"); n != 3 {
		t.Errorf("every code says until when it is valid; %d do:\n%s", n, s) // R34
	}
	if !strings.Contains(s, "acts for Kai Kim: schedule, billing · no expiry") {
		t.Errorf("lena's link:\n%s", s)
	}
	// The domain agrees: kai has both contacts, with those permissions.
	links, err := d.svc.ListLinks(d.as("adam", "team"), "kai")
	mustNot(t, err)
	if len(links) != 2 {
		t.Fatalf("kai's links: %+v", links)
	}
	// Leaving the result drops the codes: back on the list, none shows.
	x.keys("enter")
	x.waitFor(wait, "the list without codes", func(s string) bool {
		return strings.Contains(s, "Who may act for which client · 6 links") && !codePattern.MatchString(s)
	})
}

// R35, R36, seed 000 flow 3: adam adds eve, typed as EVE@example.com, to
// casey: the form says she is found and will be linked; no duplicate is
// made and no invitation, since she signs in already.
func TestAddContactFindsByEmail(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "adam", "", "contacts", "Who may act for which client")
	x.keys("a")
	x.waitText("Add a contact to an existing client")
	x.keys("shift+tab", "ctrl+u", "casey", "tab", "EVE@example.com", "tab")
	x.waitText("found: Eve Evans (eve) — will be linked, no duplicate") // R35; "no code" below proves the invitation box was left off
	if s := x.screen(); strings.Contains(s, "Handle") {
		t.Errorf("name and handle are asked although eve exists:\n%s", s)
	}
	x.keys("tab", "space", "ctrl+s")                                                                            // billing
	x.waitText("Eve Evans (eve) can now act for Casey Johnson (casey)", "found by email: linked, no duplicate", // R35
		"no code: no invitation was asked for", "billing · no expiry")
	if codePattern.MatchString(x.screen()) {
		t.Errorf("eve was given a code although she signs in already:\n%s", x.screen()) // R36
	}
	// The domain agrees: one person with that email, now acting for casey.
	ps, err := d.svc.ListPeople(d.as("adam", "team"), domain.PeopleFilter{Search: "eve@example.com"})
	mustNot(t, err)
	if len(ps) != 1 || ps[0].Handle != "eve" {
		t.Fatalf("people with eve's email: %+v", ps)
	}
	ws, err := d.svc.Workspaces(d.ids["eve"])
	mustNot(t, err)
	if !slices.ContainsFunc(ws, func(w domain.Workspace) bool { return w.ID == "contact:casey" }) {
		t.Fatalf("eve's workspaces: %+v", ws)
	}
}

// A new email is said to be new, and a refusal keeps the form with the
// domain's reason: a person who exists by handle is not made twice.
func TestAddContactRefusalStaysInForm(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "adam", "", "contacts", "Who may act for which client")
	x.keys("a")
	x.waitText("Add a contact to an existing client")
	x.keys("new@example.com", "tab")
	x.waitText("no one here has this email: a new person will be made")
	x.keys("Nia New", "tab", "pat", "ctrl+s")
	x.waitText(`the handle "pat" is taken; choose another`, "Add a contact to an existing client")
	x.keys("esc")
	x.waitText("Nothing changed", "Who may act for which client · 4 links")
}

// R5, R33: narrowing eve's link from adam's Contacts screen (billing off)
// takes billing away in eve's open session — her home says so and, where
// the invoices screen exists, its tab goes.
func TestNarrowLinkFromScreenReachesOpenSession(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	invoicesTab := slices.ContainsFunc(screens()[domain.WSContact], func(s ScreenSpec) bool { return s.ID == "invoices" })
	eve := d.open("eve")
	eve.waitText("Acting for Jane Smith", "✓ billing")
	if invoicesTab && !strings.Contains(eve.lines()[1], "Invoices") {
		t.Fatalf("eve's tabs before: %q", eve.lines()[1])
	}

	adam := openIn(d, "adam", "", "contacts", "Who may act for which client")
	adam.keys("/", "eve", "enter")
	adam.waitText(`1 link matching "eve"`, "Eve Evans (eve) for Jane Smith (jane)")
	adam.keys("e")
	adam.waitText("Change what Eve Evans (eve) may do for Jane Smith (jane)", "can never be granted")
	adam.keys("tab", "space", "ctrl+s") // billing off
	adam.waitText("Saved: eve for jane · schedule · no expiry")

	eve.waitFor(time.Second, "billing to go", func(s string) bool {
		lines := strings.Split(s, "\n")
		if invoicesTab && strings.Contains(lines[1], "Invoices") {
			return false
		}
		return strings.Contains(s, "✗ billing") && !strings.Contains(s, "✓ billing") && strings.Contains(lines[0], "[schedule]")
	})
	l, err := d.svc.ListLinks(d.as("adam", "team"), "jane")
	mustNot(t, err)
	if len(l) != 1 || strings.Join(l[0].Link.Perms.Strings(), ",") != "schedule" {
		t.Errorf("the domain says %+v", l)
	}
}

// R33: a coach without manage_own_clients reads links but is offered no
// change, and is told why; a key for a change says the domain's reason.
func TestContactsReadOnlyForCoach(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("rob")
	_, cmd := m.Update(GotoMsg{Screen: "contacts"})
	drain(m, cmd)
	v := m.View()
	for _, want := range []string{"Eve Evans (eve) for Jane Smith (jane)", "You can read these links", "manage_own_clients as their primary coach"} { // R33
		if !strings.Contains(v, want) {
			t.Errorf("missing %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "e edit") || strings.Contains(v, "i invite") {
		t.Errorf("rob is offered changes:\n%s", v)
	}
	before := strings.Count(m.View(), "contacts needs manage_clients")
	drive(m, "e")
	if after := strings.Count(m.View(), "contacts needs manage_clients"); after != before+1 {
		t.Errorf("no reason for the refused edit:\n%s", m.View())
	}
	checkFits(t, m.View(), 80, 24)
}

// Unlinking asks first; yes ends the link (R5), and the domain agrees.
func TestUnlinkConfirms(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("adam")
	_, cmd := m.Update(GotoMsg{Screen: "contacts"})
	drain(m, cmd)
	drive(m, "x")
	if v := m.View(); !strings.Contains(v, "Unlink Eve Evans (eve) from Jane Smith (jane)?") {
		t.Fatalf("no question:\n%s", v)
	}
	drive(m, "q") // not an answer, and not quit: the question holds the keys
	drive(m, "n")
	if v := m.View(); !strings.Contains(v, "Nothing changed") || !strings.Contains(v, "4 links") {
		t.Fatalf("after no:\n%s", v)
	}
	drive(m, "xy")
	if v := m.View(); !strings.Contains(v, "Eve Evans (eve) no longer acts for Jane Smith (jane)") || !strings.Contains(v, "3 links") {
		t.Fatalf("after yes:\n%s", v)
	}
	ws, err := d.svc.Workspaces(d.ids["eve"])
	mustNot(t, err)
	if slices.ContainsFunc(ws, func(w domain.Workspace) bool { return w.ID == "contact:jane" }) {
		t.Error("eve still acts for jane")
	}
}

// Every screen of this part, in every workspace that offers it, lays out
// in exactly the terminal's lines and width at several sizes — lists,
// and the forms too.
func TestTheseScreensFit(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	ids := []string{"contacts", "proxies", "activity", "inbox", "notifications", "account", "assistants", "tasks", "audit"}
	sizes := [][2]int{{80, 24}, {40, 10}, {120, 40}, {200, 60}, {80, 24}}
	for _, p := range []string{"olivia", "adam", "rob", "asa", "jane", "eve", "pat"} {
		ws, err := d.svc.Workspaces(d.ids[p])
		mustNot(t, err)
		for _, w := range ws {
			for _, id := range ids {
				m := d.model(p)
				m.Update(enterMsg{id: w.ID})
				_, cmd := m.Update(GotoMsg{Screen: id})
				drain(m, cmd)
				if m.ws.tabs[m.ws.active].spec.ID != id {
					continue // not offered in this workspace
				}
				for _, sz := range sizes {
					m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
					checkFits(t, m.View(), sz[0], sz[1])
				}
			}
		}
	}
	// The forms, open, at 40×10 and back.
	for _, c := range []struct{ who, screen, key string }{
		{"adam", "contacts", "i"}, {"adam", "contacts", "a"}, {"adam", "contacts", "e"}, {"adam", "contacts", "l"},
		{"olivia", "account", "e"}, {"olivia", "account", "a"}, {"olivia", "account", "p"},
		{"olivia", "assistants", "l"}, {"rob", "tasks", "a"},
	} {
		m := d.model(c.who)
		_, cmd := m.Update(GotoMsg{Screen: c.screen})
		drain(m, cmd)
		drive(m, c.key)
		if !m.screen().Capturing() {
			t.Errorf("%s %s %s: the form does not capture keys", c.who, c.screen, c.key)
		}
		for _, sz := range sizes {
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, m.View(), sz[0], sz[1])
		}
	}
}

// R34, R37: the invitation assigns a package from the catalogue in the
// same step, bought by the contact added with the client.
func TestInviteClientWithPackageForm(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "adam", "", "contacts", "Who may act for which client")
	x.keys("i")
	x.waitText("Invite a new client with their contacts", "Contact 1")
	x.keys("Kai Kim", "tab", "kai", "tab", "kai@example.com", "tab", "mira", "tab", // client
		"tab", // invite codes: on
		"lena@example.com", "tab", "Lena Kim", "tab", "lena", "tab",
		"tab", "space", "tab", "tab", "tab", "tab", // billing
		"tab",                   // last day: none
		"tab",                   // + another contact
		"tab",                   // the package
		"right", "right", "tab", // the second in the catalogue
		"lena", "ctrl+s")
	x.waitText("Kai Kim (kai) is invited", "package Family 6", "bought by Lena Kim for Kai Kim", "and 1 contact added")
}
