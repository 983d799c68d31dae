package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// keyMsg is a key as the terminal sends it: named keys by name ("enter",
// "down", "space"), anything else as typed runes.
func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// keys sends each key to the root model and runs what it returns.
func keys(m *root, ks ...string) {
	for _, k := range ks {
		_, cmd := m.Update(keyMsg(k))
		drain(m, cmd)
	}
}

// send is keys for a program under teatest.
func (x *term) send(ks ...string) {
	for _, k := range ks {
		x.tm.Send(keyMsg(k))
	}
}

// openTab makes the tab with screen id active in the root model.
func openTab(t *testing.T, m *root, id string) {
	t.Helper()
	_, cmd := m.Update(GotoMsg{Screen: id})
	drain(m, cmd)
	if m.ws == nil || m.ws.tabs[m.ws.active].spec.ID != id {
		t.Fatalf("could not open %q: %q", id, m.status.Text)
	}
}

// lineWith is the first line of view holding s, or "".
func lineWith(view, s string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func (d *demo) allowed(handle, ws string, act domain.Action, tg domain.Target) bool {
	d.t.Helper()
	dec, err := d.svc.Decide(d.as(handle, ws), act, tg)
	mustNot(d.t, err)
	return dec.Allowed
}

// R15, R20: olivia toggles rob's manage_own_clients with the keyboard, and
// what the domain allows rob follows at once; toggling back takes it away.
func TestTeamTogglePermission(t *testing.T) {
	d := newDemo(t, nil)
	addClient := domain.Target{Capacity: domain.AsClient}
	if d.allowed("rob", "team", domain.ActPeopleAdd, addClient) {
		t.Fatal("rob may add clients before the grant")
	}
	x := d.open("olivia")
	x.waitText("Olivia Owens (olivia)")
	x.tm.Send(GotoMsg{Screen: "team"})
	x.waitText("Team · 5 people", "Rob Reyes (rob)")
	x.send("G", "enter") // rob is last, in handle order
	x.waitText("Rob Reyes (rob) · permissions and role", "Role  Team coach, in the pairing pool", "[ ] Add and manage own clients")
	x.send("down", "down", "space")
	x.waitText("Saved: granted manage_own_clients to Rob Reyes", "[x] Add and manage own clients")
	if !d.allowed("rob", "team", domain.ActPeopleAdd, addClient) {
		t.Fatal("after the grant rob still may not add a client")
	}
	x.send("space")
	x.waitText("Saved: revoked manage_own_clients from Rob Reyes", "[ ] Add and manage own clients")
	if d.allowed("rob", "team", domain.ActPeopleAdd, addClient) {
		t.Fatal("after the revoke rob may still add a client")
	}
	checkFits(t, x.final(), 80, 24)
}

// R18: the owner's items are all disabled with the reason, and space
// changes nothing.
func TestTeamOwnerLocked(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "team")
	keys(m, "down", "down", "down", "enter") // adam, john, mira, olivia
	v := m.View()
	if !strings.Contains(v, "Olivia Owens (olivia) · permissions and role") {
		t.Fatalf("not olivia's permissions:\n%s", v)
	}
	const r18 = "can't change: nobody may change the account owner's permissions" // R18
	if n := strings.Count(v, r18); n < 3 {
		t.Fatalf("the owner's items should carry the R18 reason:\n%s", v)
	}
	if strings.Contains(v, "[ ]") {
		t.Errorf("the owner holds every permission:\n%s", v)
	}
	keys(m, "space")
	if !m.status.Err || !strings.Contains(m.status.Text, "") { // R18
		t.Errorf("space on an owner's item: status %+v", m.status)
	}
	keys(m, "G")
	v = m.View()
	if l := lineWith(v, "Manage administrative privileges"); !strings.Contains(l, "[x]") {
		t.Errorf("manage_admins line %q", l)
	}
	if !strings.Contains(v, r18) {
		t.Errorf("manage_admins is not locked with R18:\n%s", v)
	}
	p, err := d.svc.ShowPerms(d.as("olivia", "team"), "olivia")
	mustNot(t, err)
	if len(p.Effective) != len(domain.Permissions) {
		t.Errorf("the owner's permissions changed: %v", p.Effective)
	}
	checkFits(t, v, 80, 24)
}

// R17, R10: adam (no manage_admins, admin-only staff) sees his
// administrative items disabled for want of manage_admins and his coaching
// ones disabled because staff are not coaches; others' permissions are not
// his to open.
func TestTeamAdminWithoutManageAdmins(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("adam")
	openTab(t, m, "team")
	v := m.View()
	if l := lineWith(v, "John Jensen (john)"); !strings.Contains(l, "—") || strings.Contains(l, "coaching") {
		t.Errorf("adam sees john's permissions without manage_coaches: %q", l)
	}
	keys(m, "enter") // adam himself, first in handle order
	v = m.View()
	if !strings.Contains(v, "Adam Alvarez (adam) · permissions and role") || !strings.Contains(v, "can't change: adam is admin-only staff, so coaching permissions") {
		t.Fatalf("adam's coaching items:\n%s", v)
	}
	keys(m, "G")
	v = m.View()
	if !strings.Contains(v, "needs manage_admins") { // R17
		t.Fatalf("adam's administrative items should be locked by R17:\n%s", v)
	}
	keys(m, "up", "up", "up", "up", "up", "up") // manage_pairings, which adam holds
	keys(m, "space")
	if !m.status.Err || !strings.Contains(m.status.Text, "manage_admins") { // R17
		t.Errorf("space on an administrative item: status %+v", m.status)
	}
	if !d.allowed("adam", "team", domain.ActPairingSet, domain.Target{}) {
		t.Error("adam lost manage_pairings")
	}
	keys(m, "esc", "down", "enter") // john: not adam's to see
	if !m.status.Err || !strings.Contains(m.status.Text, "needs manage_coaches") {
		t.Errorf("opening john's permissions: status %+v", m.status)
	}
	checkFits(t, m.View(), 80, 24)
}

// R10, R17: an administrative permission grants with manage_admins, and
// manage_coaches is locked while manage_admins implies it.
func TestTeamImpliedManageCoaches(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "team")
	keys(m, "down", "down", "enter", "G", "space") // mira: grant manage_admins
	if m.status.Err || !strings.Contains(m.status.Text, "granted manage_admins to Mira Moss") {
		t.Fatalf("status %+v", m.status)
	}
	v := m.View()
	if l := lineWith(v, "Manage team coaches"); !strings.Contains(l, "[x]") {
		t.Errorf("manage_coaches should show as held: %q", l)
	}
	if !strings.Contains(v, "can't change: manage_admins implies manage_coaches") {
		t.Errorf("manage_coaches should be locked as implied:\n%s", v)
	}
	keys(m, "up", "space")
	if !m.status.Err || !strings.Contains(m.status.Text, "") { // R17
		t.Errorf("revoking an implied manage_coaches: status %+v", m.status)
	}
	if !d.allowed("mira", "team", domain.ActExplain, domain.Target{}) {
		t.Error("mira should hold manage_admins now")
	}
}

// R10: the role switch asks before a coach leaves the pool, then takes
// their pairings; back to team coach needs no question.
func TestTeamRoleSwitch(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "team")
	keys(m, "down", "enter", "r") // john
	v := m.View()
	if !strings.Contains(v, "Make John Jensen (john) admin-only staff?") || !strings.Contains(v, "view-only access to Jane Smith (jane)") || !m.screen().Capturing() {
		t.Fatalf("no question before leaving the pool:\n%s", v)
	}
	keys(m, "n")
	if john := d.person("john"); !john.IsCoach() {
		t.Fatal("n should change nothing")
	}
	keys(m, "r", "y")
	if !strings.Contains(m.status.Text, "John Jensen is now admin-only staff") {
		t.Fatalf("status %+v", m.status)
	}
	if john := d.person("john"); john.IsCoach() {
		t.Fatal("john is still a coach")
	}
	ps, err := d.svc.Pairings(d.as("olivia", "team"), domain.PairingQuery{Client: "jane"})
	mustNot(t, err)
	for _, p := range ps {
		if p.Coach.Handle == "john" {
			t.Error("john is still paired with jane")
		}
	}
	if v := m.View(); !strings.Contains(v, "can't change: john is admin-only staff, so coaching permissions") {
		t.Errorf("john's coaching items after the switch:\n%s", v)
	}
	keys(m, "r")
	if !strings.Contains(m.status.Text, "John Jensen is now a team coach") || !d.person("john").IsCoach() {
		t.Errorf("back to coach: status %+v", m.status)
	}
}

func (d *demo) person(handle string) domain.Person {
	d.t.Helper()
	p, err := d.svc.ShowPerson(d.as("olivia", "team"), handle)
	mustNot(d.t, err)
	return p.Person
}

// The Team screen reloads on a refresh: a change made elsewhere shows.
func TestTeamReloadsOnRefresh(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "team")
	if l := lineWith(m.View(), "John Jensen (john)"); !strings.Contains(l, "no permissions") {
		t.Fatalf("john before: %q", l)
	}
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "john", true, []string{"invoice_own"})
	mustNot(t, err)
	m.Update(RefreshMsg{})
	if l := lineWith(m.View(), "John Jensen (john)"); !strings.Contains(l, "1 coaching: invoice_own") {
		t.Errorf("john after a refresh: %q", l)
	}
}

// The tab bar copes with many tabs: at 80 columns the active tab always
// shows, with ‹ and › where tabs are hidden; numbers 1–9 still switch.
func TestTabBarScrolls(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	var specs []ScreenSpec
	for i := 1; i <= 13; i++ {
		specs = append(specs, stubSpec(fmt.Sprintf("s%d", i), fmt.Sprintf("Screen%d", i), false, nil))
	}
	m.registry = Registry{domain.WSTeam: specs}
	m.leave() // olivia went straight in; enter again with the stubs
	m.Update(enterMsg{id: "team"})
	bar := func() string { return strings.Split(m.View(), "\n")[1] }
	check := func(active int) {
		t.Helper()
		b := bar()
		want := fmt.Sprintf("Screen%d", active)
		if active <= 9 {
			want = fmt.Sprintf("%d Screen%d", active, active)
		}
		if !strings.Contains(b, want+" ") && !strings.HasSuffix(b, want) {
			t.Errorf("active %d not in the tab bar %q", active, b)
		}
		if w := len([]rune(b)); w > 80 {
			t.Errorf("tab bar %d cells wide: %q", w, b)
		}
		if strings.HasSuffix(b, "…") {
			t.Errorf("tab bar cut instead of scrolled: %q", b)
		}
		if (active > 1) != strings.HasPrefix(b, "‹") && active > 6 {
			t.Errorf("no ‹ with hidden tabs on the left: %q", b)
		}
	}
	b := bar()
	if !strings.HasPrefix(b, "1 Screen1  2 Screen2") || !strings.HasSuffix(b, "›") || strings.Contains(b, "‹") {
		t.Errorf("first tab bar %q", b)
	}
	check(1)
	keys(m, "9")
	check(9)
	for i := 10; i <= 13; i++ {
		keys(m, "tab")
		check(i)
	}
	if b := bar(); !strings.HasPrefix(b, "‹") || strings.Contains(b, "›") {
		t.Errorf("last tab bar %q", b)
	}
	keys(m, "3")
	check(3)
	if v := m.View(); !strings.Contains(v, "stub Screen3") {
		t.Errorf("3 should show the third screen:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 12})
	keys(m, "tab")
	if b := bar(); !strings.Contains(b, "4 Screen4") || len([]rune(b)) > 40 {
		t.Errorf("narrow tab bar %q", b)
	}
	checkFits(t, m.View(), 40, 12)
}
