package tui

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// stub is a screen for testing the root: it shows its title and what was
// typed into it, and counts refreshes.
type stub struct {
	Context
	title     string
	capturing bool
	typed     string
	refreshes int
	views     int // how many times it was drawn
}

func stubSpec(id, title string, capturing bool, avail func(Context) domain.Decision) ScreenSpec {
	return ScreenSpec{ID: id, Title: title, Available: avail, New: func(c Context) Screen {
		return &stub{Context: c, title: title, capturing: capturing}
	}}
}

func (s *stub) Init() tea.Cmd             { return nil }
func (s *stub) Title() string             { return s.title }
func (s *stub) Capturing() bool           { return s.capturing }
func (s *stub) SetSize(w, h int)          { s.Common.SetSize(w, h) }
func (s *stub) ShortHelp() []key.Binding  { return nil }
func (s *stub) FullHelp() [][]key.Binding { return nil }
func (s *stub) View() string {
	s.views++
	return "stub " + s.title + " for " + clean(s.Access().Principal.Name) + " typed:" + s.typed + "\n" +
		"refreshed " + strconv.Itoa(s.refreshes) + " at " + s.Svc.Now().Format("15:04")
}

func (s *stub) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.refreshes++
	case tea.KeyMsg:
		if msg.Type == tea.KeyEsc {
			s.capturing = false // done typing: global keys work again
			return s, nil
		}
		s.typed += msg.String()
	}
	return s, nil
}

func typeKeys(m *root, s string) {
	for _, r := range s {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// The registry offers a screen only where the domain permits it, and the
// full help says why the others are not offered (R5, R30, R31); tabs
// switch with numbers, tab and shift+tab; a capturing screen gets q, w and
// ?; a narrowed link takes its tab away at once.
func TestRegistryTabsAndCapture(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("pat")
	m.registry = Registry{domain.WSContact: {
		homeContactSpec(),
		stubSpec("payments", "Payments", false, Permitted(domain.ActPaymentsList, nil)),
		stubSpec("invoices", "Invoices", false, Permitted(domain.ActInvoicesList, nil)),
		stubSpec("notes", "Notes", false, Permitted(domain.ActNotesList, nil)),
		stubSpec("form", "Form", true, nil),
	}}
	m.Update(enterMsg{id: "contact:casey"})
	v := m.View()
	if tabs := strings.Split(v, "\n")[1]; tabs != "1 Home  2 Payments  3 Form" {
		t.Fatalf("tab bar %q", tabs)
	}
	typeKeys(m, "?")
	v = m.View()
	for _, want := range []string{"Not available here", "Invoices: your link to Casey Johnson does not include billing", "Notes: private notes are never shown to contacts"} { // R31
		if !strings.Contains(v, want) {
			t.Errorf("full help lacks %q:\n%s", want, v)
		}
	}
	typeKeys(m, "?")
	typeKeys(m, "2")
	if v := m.View(); !strings.Contains(v, "stub Payments for Casey Johnson") {
		t.Fatalf("2 should show Payments:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	typeKeys(m, "qw?1")
	if v := m.View(); !strings.Contains(v, "stub Form for Casey Johnson typed:qw?1") {
		t.Fatalf("a capturing screen should get q, w, ? and digits:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	if v := m.View(); !strings.Contains(v, "typed:qw?1shift+tab") {
		t.Fatalf("a capturing screen should get shift+tab too:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	if v := m.View(); !strings.Contains(v, "stub Payments") {
		t.Fatalf("shift+tab should go back to Payments:\n%s", v)
	}

	// adam narrows pat's link to casey: payments goes, and its tab with it.
	_, err := d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "casey", Contact: "pat", Perms: "schedule"})
	mustNot(t, err)
	m.Update(changeMsg{}) // what the change feed delivers
	v = m.View()
	if tabs := strings.Split(v, "\n")[1]; tabs != "1 Home  2 Form" {
		t.Errorf("tab bar after narrowing %q", tabs)
	}
	if !strings.Contains(v, "Your access to Casey Johnson's payments ended") || !strings.Contains(v, "Acting for Casey Johnson") {
		t.Errorf("after narrowing:\n%s", v)
	}
	// A hidden tab reloads when it is shown again, once, not at every change:
	// what it shows is read afresh before anyone sees it (R5).
	form := m.ws.tabs[1].screen.(*stub)
	m.Update(changeMsg{})
	if form.refreshes != 0 {
		t.Errorf("the hidden form was refreshed %d times, want none until shown", form.refreshes)
	}
	checkFits(t, v, 80, 24)
	typeKeys(m, "2")
	typeKeys(m, "1")
	typeKeys(m, "2")
	if form.refreshes != 1 {
		t.Errorf("the form was refreshed %d times when shown, want 1", form.refreshes)
	}

	// ctrl+c leaves even from a capturing screen.
	m.screen().(*stub).capturing = true // typing again
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if cmd == nil {
		t.Fatal("ctrl+c did nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c did not quit")
	}
	if m.Ctx.Err() == nil {
		t.Error("quitting should end the session's commands")
	}
}

// Stored text is sanitised before it reaches the terminal.
func TestHeaderSanitises(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	evil := domain.Person{Name: "Eve\x1b]52;c;aGk=\x07 \x1b[2JEvans", Handle: "eve\u202e"}
	h := renderHeader(d.model("eve").Styles, 80, headerParts{org: "North\x1b[31mwind", person: personLabel(evil), workspace: "x"})
	if strings.ContainsAny(h, "\x1b\x07\u202e") {
		t.Fatalf("header carries control text: %q", h)
	}
	if !strings.Contains(h, "Eve Evans (eve)") {
		t.Fatalf("header %q", h)
	}
}

// A screen is drawn again only when it was handed something (a key, a
// change, a size), or the minute turned: tabbing through screens and back
// draws none of them again, and what a screen shows is never older than
// what it was handed.
func TestTabsKeepTheirDrawing(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(fixedClock().UnixNano())
	d := newDemo(t, func() time.Time { return time.Unix(0, now.Load()) })
	m := d.model("pat")
	m.registry = Registry{domain.WSContact: {
		stubSpec("a", "Alpha", false, nil),
		stubSpec("b", "Beta", false, nil),
	}}
	m.Update(enterMsg{id: "contact:casey"})
	a := m.screen().(*stub)
	m.View()
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	b := m.screen().(*stub)
	for range 3 {
		m.View()
		m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
		if v := m.View(); !strings.Contains(v, "stub Alpha for Casey Johnson") {
			t.Fatalf("shift+tab should show Alpha:\n%s", v)
		}
		m.Update(tea.KeyMsg{Type: tea.KeyTab})
	}
	if v := m.View(); !strings.Contains(v, "stub Beta") {
		t.Fatalf("tab should show Beta:\n%s", v)
	}
	if a.views != 1 || b.views != 1 {
		t.Errorf("tabbing back and forth drew Alpha %d and Beta %d times, want once each", a.views, b.views)
	}

	typeKeys(m, "x") // handed to Beta
	if v := m.View(); !strings.Contains(v, "stub Beta for Casey Johnson typed:x") {
		t.Errorf("a key handed to the screen should show:\n%s", v)
	}
	m.Update(changeMsg{}) // a change: Beta reloads now, Alpha when shown
	if v := m.View(); !strings.Contains(v, "refreshed 1") {
		t.Errorf("the screen on top should show its reload:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	if v := m.View(); !strings.Contains(v, "stub Alpha") || !strings.Contains(v, "refreshed 1") {
		t.Errorf("a hidden screen should show its reload when shown:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	views := a.views
	if v := m.View(); a.views != views+1 || len(strings.Split(v, "\n")) != 30 {
		t.Errorf("a new size should draw the screen again (drawn %d times, was %d):\n%s", a.views, views, v)
	}
	now.Add(int64(time.Minute))
	if v := m.View(); !strings.Contains(v, "at 15:01") {
		t.Errorf("a screen's drawing should not outlive its minute:\n%s", v)
	}
}
