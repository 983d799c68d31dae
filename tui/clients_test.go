package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The list filters as the person types; typing captures every key (q
// types, it does not quit) until enter applies or esc clears.
func TestClientsFilter(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "clients")
	v := m.View()
	for _, name := range []string{"Alex Johnson", "Casey Johnson", "Jane Smith"} {
		if !strings.Contains(v, name) {
			t.Fatalf("%s missing:\n%s", name, v)
		}
	}
	if l := lineWith(v, "Jane Smith"); !strings.Contains(l, "active") || !strings.Contains(l, "Rob Reyes (rob)") {
		t.Errorf("jane's row %q", l)
	}
	keys(m, "/", "q")
	if !m.screen().Capturing() || m.Ctx.Err() != nil {
		t.Fatal("q while filtering should type, not quit")
	}
	keys(m, "backspace", "j", "a")
	v = m.View()
	if !strings.Contains(v, "Jane Smith") || strings.Contains(v, "Casey Johnson") || strings.Contains(v, "Alex Johnson") {
		t.Fatalf("filter ja:\n%s", v)
	}
	keys(m, "enter")
	if m.screen().Capturing() || !strings.Contains(m.View(), `1 shown matching "ja"`) {
		t.Fatalf("enter should apply the filter and stop typing:\n%s", m.View())
	}
	keys(m, "esc")
	if v := m.View(); !strings.Contains(v, "Casey Johnson") || !strings.Contains(v, "3 shown") {
		t.Fatalf("esc should clear the filter:\n%s", v)
	}
	keys(m, "/", "z", "z", "z")
	if v := m.View(); !strings.Contains(v, "no client matches the filter") {
		t.Errorf("no match:\n%s", v)
	}
	keys(m, "esc")
	if m.screen().Capturing() || !strings.Contains(m.View(), "3 shown") {
		t.Errorf("esc while typing should clear and leave the field:\n%s", m.View())
	}
}

// R19, R6: deactivate and reactivate from the list; the domain agrees.
func TestClientsDeactivateReactivate(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "clients")
	keys(m, "G", "d") // jane
	if !strings.Contains(m.status.Text, "Saved: deactivated Jane Smith (jane)") {
		t.Fatalf("status %+v", m.status)
	}
	if l := lineWith(m.View(), "Jane Smith"); !strings.Contains(l, "deactivated") {
		t.Errorf("jane's row %q", l)
	}
	if d.person("jane").Active() {
		t.Fatal("the domain says jane is active")
	}
	keys(m, "d")
	if m.status.Text != "" {
		t.Errorf("d on a deactivated client should do nothing: %+v", m.status)
	}
	keys(m, "r")
	if !strings.Contains(m.status.Text, "Saved: reactivated Jane Smith (jane)") || !d.person("jane").Active() {
		t.Fatalf("reactivate: status %+v", m.status)
	}
	if l := lineWith(m.View(), "Jane Smith"); !strings.Contains(l, "active") || strings.Contains(l, "deactivated") {
		t.Errorf("jane's row %q", l)
	}
}

// R19: delete asks for the handle typed; the wrong text refuses and keeps
// the client, the right one deletes for good.
func TestClientsDeleteTypedConfirmation(t *testing.T) {
	d := newDemo(t, nil)
	x := d.open("olivia")
	x.waitText("Olivia Owens (olivia)")
	x.tm.Send(GotoMsg{Screen: "clients"})
	x.waitText("Clients · 3 shown")
	x.send("down", "x") // casey
	x.waitText("Delete Casey Johnson (casey) for good?", "Type the handle casey to confirm:")
	x.send("c", "a", "s", "e", "enter")
	x.waitText("That is not Casey Johnson's handle, so nothing was deleted.")
	if _, err := d.svc.ShowPerson(d.as("olivia", "team"), "casey"); err != nil {
		t.Fatalf("casey is gone after a wrong confirmation: %v", err)
	}
	x.send("y", "enter")
	x.waitText("Saved: deleted Casey Johnson (casey) for good", "Clients · 2 shown")
	if _, err := d.svc.ShowPerson(d.as("olivia", "team"), "casey"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("casey after deletion: %v", err)
	}
	if s := x.screen(); strings.Contains(lineWith(s, "casey "), "Casey Johnson") {
		t.Errorf("casey still listed:\n%s", s)
	}
	checkFits(t, x.final(), 80, 24)
}

// esc leaves the delete question with nothing deleted.
func TestClientsDeleteCancelled(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "clients")
	keys(m, "x", "a", "l", "e", "x", "esc") // alex, typed in full, then esc
	if !strings.Contains(m.status.Text, "Nothing was deleted") || m.screen().Capturing() {
		t.Fatalf("status %+v", m.status)
	}
	if _, err := d.svc.ShowPerson(d.as("olivia", "team"), "alex"); err != nil {
		t.Fatal(err)
	}
}

// R20: a coach with manage_own_clients alone adds a client and becomes
// their primary; the form says so and offers no other coach.
func TestClientsAddOwnClientR20(t *testing.T) {
	d := newDemo(t, nil)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{"manage_own_clients"})
	mustNot(t, err)
	m := d.model("rob")
	openTab(t, m, "clients")
	keys(m, "a")
	v := m.View()
	if !strings.Contains(v, "Add a client") || !strings.Contains(v, "A client you add is paired with you as primary coach.") || strings.Contains(v, "‹") { // R20
		t.Fatalf("rob's add form:\n%s", v)
	}
	keys(m, "k", "i", "m", "tab", "K", "i", "m", " ", "L", "e", "e", "tab", "k", "i", "m", "@", "e", "x", "a", "m", "p", "l", "e", ".", "c", "o", "m", "tab", "enter")
	if !strings.Contains(m.status.Text, "Saved: added Kim Lee (kim), primary coach Rob Reyes") {
		t.Fatalf("status %+v\n%s", m.status, m.View())
	}
	if l := d.levels("kim"); l["rob"] != domain.LevelPrimary {
		t.Errorf("kim's coaches: %v", l)
	}
	if l := lineWith(m.View(), "Kim Lee"); !strings.Contains(l, "Rob Reyes (rob)") {
		t.Errorf("kim's row %q", l)
	}
}

// With manage_clients the primary coach is chosen with ←/→; a refusal
// (a taken handle) stays in the form with the domain's message.
func TestClientsAddChoosesPrimary(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("adam")
	openTab(t, m, "clients")
	keys(m, "a", "j", "a", "n", "e", "tab", "J", "o", "tab", "j", "o", "@", "x", ".", "o", "r", "g", "tab")
	if v := m.View(); !strings.Contains(v, "‹ John Jensen (john) ›") {
		t.Fatalf("the first coach should be offered:\n%s", v)
	}
	keys(m, "right", "enter") // mira
	if !m.status.Err || !strings.Contains(m.View(), "taken") {
		t.Fatalf("a taken handle: status %+v\n%s", m.status, m.View())
	}
	// The refusal took the focus to the handle.
	keys(m, "backspace", "backspace", "backspace", "backspace", "j", "o", "tab", "tab", "tab", "enter")
	if !strings.Contains(m.status.Text, "Saved: added Jo (jo), primary coach Mira Moss") {
		t.Fatalf("status %+v\n%s", m.status, m.View())
	}
	if l := d.levels("jo"); l["mira"] != domain.LevelPrimary {
		t.Errorf("jo's coaches: %v", l)
	}
}

// What the list offers follows the domain: rob may only open files, and
// the help says why the rest is not offered.
func TestClientsHiddenActionsInHelp(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("rob")
	openTab(t, m, "clients")
	foot := strings.Split(m.View(), "\n")[23]
	for _, k := range []string{"add client", "deactivate", "delete", "pairing"} {
		if strings.Contains(foot, k) {
			t.Errorf("footer offers %q: %q", k, foot)
		}
	}
	keys(m, "a")
	if !m.status.Err || !strings.Contains(m.status.Text, "manage_own_clients") {
		t.Errorf("a: status %+v", m.status)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 40}) // the whole help, without scrolling
	keys(m, "?")
	v := m.View()
	for _, want := range []string{"enter      open file", "✗ add client: to add a client you need", "✗ deactivate: to do that to Casey", "✗ delete: to do that to Casey Johnson"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	checkFits(t, v, 80, 40)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})

	m = d.model("olivia")
	openTab(t, m, "clients")
	foot = strings.Split(m.View(), "\n")[23]
	for _, k := range []string{"open file", "add client", "deactivate", "delete"} {
		if !strings.Contains(foot, k) {
			t.Errorf("olivia's footer lacks %q: %q", k, foot)
		}
	}
}

// enter opens the client's file through the root.
func TestClientsEnterOpensFile(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("olivia")
	openTab(t, m, "clients")
	keys(m, "down")
	_, cmd := m.Update(keyMsg("enter"))
	if cmd == nil {
		t.Fatal("enter did nothing")
	}
	g, ok := cmd().(GotoMsg)
	if !ok || g.Screen != "file" || g.Payload != (OpenClientMsg{Handle: "casey"}) {
		t.Fatalf("enter sent %#v", g)
	}
}

// drainSoon is drain for commands that may block (other screens' loads,
// the change feed): what does not answer quickly is left behind.
func drainSoon(m *root, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				drainSoon(m, c)
			}
		default:
			_, next := m.Update(msg)
			drainSoon(m, next)
		}
	case <-time.After(200 * time.Millisecond):
	}
}

// R14: john, jane's view-only coach, appears nowhere in jane's own portal:
// every tab, and every tab's help.
func TestClientPortalNeverShowsViewOnlyCoach(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("jane")
	drainSoon(m, m.Init())
	if m.ws == nil || m.ws.ctx.Workspace().Kind != domain.WSMe {
		t.Fatal("jane should be in her own portal")
	}
	look := func(where string) {
		t.Helper()
		v := m.View()
		for _, s := range []string{"John", "john", "Jensen"} {
			if strings.Contains(v, s) {
				t.Errorf("%s shows %q:\n%s", where, s, v) // R14
			}
		}
	}
	n := len(m.ws.tabs)
	for i := 0; i < n; i++ {
		title := m.ws.tabs[m.ws.active].spec.Title
		look(title)
		keys(m, "G") // the end of a long page
		look(title + " (end)")
		keys(m, "?")
		look(title + " help")
		keys(m, "?")
		_, cmd := m.Update(keyMsg("tab"))
		drainSoon(m, cmd)
	}
	if m.ws.active != 0 {
		t.Errorf("walked %d tabs but ended on %d", n, m.ws.active)
	}
}

// Every new screen, in each of its modes, fits the terminal exactly in
// every team-side workspace of the demo, at 80×24 and on resize.
func TestTeamScreensFit(t *testing.T) {
	d := newDemo(t, nil)
	paths := map[string][][]string{
		"clients": {{}, {"/", "j"}, {"a"}, {"a", "tab", "tab", "tab"}, {"x"}, {"G", "?"}},
		"team":    {{}, {"enter"}, {"enter", "G"}, {"down", "enter", "r"}, {"?"}, {"enter", "?"}},
		"pairing": {{}, {"/", "r"}, {"enter"}, {"s", "G", "enter"}, {"enter", "?"}},
	}
	sizes := [][2]int{{80, 24}, {40, 10}, {120, 40}, {60, 15}, {80, 24}}
	for _, c := range []struct{ who, ws string }{
		{"olivia", "team"}, {"adam", "team"}, {"rob", "team"}, {"john", "team"},
		{"asa", "assistant:olivia"}, {"asa", "assistant:rob"},
	} {
		for id, ps := range paths {
			for _, path := range ps {
				m := d.model(c.who)
				m.Update(enterMsg{id: c.ws})
				openTab(t, m, id)
				keys(m, path...)
				for _, sz := range sizes {
					m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
					v := m.View()
					checkFits(t, v, sz[0], sz[1])
					if t.Failed() {
						t.Fatalf("%s in %s, %s after %q at %dx%d:\n%s", c.who, c.ws, id, path, sz[0], sz[1], v)
					}
				}
			}
		}
	}
}

// A large organisation's clients come a page at a time: ] and [ move
// between pages, and no page holds more than clientPage rows.
func TestClientsPages(t *testing.T) {
	d := newDemo(t, nil)
	adam := domain.Who{Person: d.ids["adam"], Workspace: "team"}
	for i := 0; i < clientPage+7; i++ {
		h := fmt.Sprintf("zz%03d", i)
		if _, err := d.svc.AddPerson(adam, domain.NewPerson{Handle: h, Name: "Client " + h, Email: h + "@example.com", As: domain.AsClient, Primary: "mira"}); err != nil {
			t.Fatal(err)
		}
	}
	m := d.model("olivia")
	openTab(t, m, "clients")
	v := m.View()
	if !strings.Contains(v, "Page 1") || !strings.Contains(v, "Alex Johnson") {
		t.Fatalf("first page:\n%s", v)
	}
	if n := len(m.screen().(*clientsScreen).rows); n != clientPage {
		t.Fatalf("first page holds %d rows, want %d", n, clientPage)
	}
	keys(m, "]")
	s := m.screen().(*clientsScreen)
	if v := m.View(); !strings.Contains(v, "Page 2") || strings.Contains(v, "Alex Johnson") || len(s.rows) != 3+7 {
		t.Fatalf("second page (%d rows):\n%s", len(s.rows), v)
	}
	keys(m, "[")
	if v := m.View(); !strings.Contains(v, "Page 1") || !strings.Contains(v, "Alex Johnson") {
		t.Fatalf("back to the first page:\n%s", v)
	}
}
