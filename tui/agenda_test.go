package tui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// practiceKeys are the named keys practicePress understands; any other
// string is typed rune by rune.
func practiceKey(name string) (tea.KeyMsg, bool) {
	types := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"bs": tea.KeyBackspace, "ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU,
		"ctrl+n": tea.KeyCtrlN, "ctrl+x": tea.KeyCtrlX,
	}
	t, ok := types[name]
	return tea.KeyMsg{Type: t}, ok
}

// practicePress drives the root model directly: each string is a named
// key or text to type; the commands each key returns run at once and
// their messages (a status line, a tab switch) go back in.
func practicePress(m *root, keys ...string) {
	for _, k := range keys {
		if msg, ok := practiceKey(k); ok {
			practiceSend(m, msg)
			continue
		}
		for _, r := range k {
			practiceSend(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
}

func practiceSend(m *root, msg tea.Msg) {
	_, cmd := m.Update(msg)
	practiceRun(m, cmd)
}

// practiceRun runs cmd and feeds its message back; a command that waits
// (the change feed) is left to end with the session.
func practiceRun(m *root, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch msg := msg.(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				practiceRun(m, c)
			}
		default:
			practiceSend(m, msg)
		}
	case <-time.After(100 * time.Millisecond):
	}
}

// practiceModel is handle's root model inside workspace ws ("" when the
// person goes straight in), showing the tab with screen id.
func practiceModel(t *testing.T, d *demo, handle, ws, screen string) *root {
	t.Helper()
	m := d.model(handle)
	if ws != "" {
		m.Update(enterMsg{id: ws})
	}
	if m.state != stWorkspace {
		t.Fatalf("%s is not in a workspace: %q", handle, m.status.Text)
	}
	practiceSend(m, GotoMsg{Screen: screen})
	if s := m.screen(); s == nil || m.ws.tabs[m.ws.active].spec.ID != screen {
		t.Fatalf("%s in %s has no %s screen: %q", handle, m.currentID(), screen, m.status.Text)
	}
	return m
}

// view is the root's view as plain text, checked to fit 80×24.
func practiceView(t *testing.T, m *root) string {
	t.Helper()
	v := m.View()
	checkFits(t, v, m.Width, m.Height)
	return ansi.Strip(v)
}

// practiceHas checks the screen shows each of want, as is or wrapped
// differently (runs of spaces and line breaks compared as one space).
func practiceHas(t *testing.T, v string, want ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(v), " ")
	for _, w := range want {
		if !strings.Contains(v, w) && !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("screen lacks %q:\n%s", w, v)
		}
	}
}

func practiceLacks(t *testing.T, v string, not ...string) {
	t.Helper()
	for _, w := range not {
		if strings.Contains(v, w) {
			t.Errorf("screen shows %q:\n%s", w, v)
		}
	}
}

// R50: rob's agenda opens on this week in the organisation's zone and
// shows a demo session with its time, client, coach and status; a real
// program draws it.
func TestAgendaWeekShowsDemoSession(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("rob")
	x.waitText("Rob Reyes (rob)", "Agenda")
	x.tm.Send(GotoMsg{Screen: "agenda"}) // tab numbers depend on the other screens

	x.waitText("Week of Mon 2026-11-23 – Sun 2026-11-29", "times in America/New_York", "Wed 2026-11-25",
		"10:00–11:00  Jane Smith with Rob Reyes  scheduled", "Thu 2026-11-26", "cancelled")
	x.typ("v")
	x.waitText("Wednesday 2026-11-25")
	x.typ("l")
	x.waitText("Thursday 2026-11-26", "11:00–12:00  Jane Smith with Rob Reyes  cancelled")
	x.typ("t")
	x.waitText("Monday 2026-11-23 · today", "Nothing booked")
	x.typ("vl")
	x.waitText("Week of Mon 2026-11-30 – Sun 2026-12-06", "Wed 2026-12-02", "10:00–11:00  Jane Smith with Rob Reyes")
	v := x.final()
	checkFits(t, v, 80, 24)
}

// R50: booking through the form as rob for jane makes the session the
// domain then lists; the same slot again shows the domain's own refusal
// inside the form, which stays open.
func TestBookingFormCreatesSession(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "rob", "", "agenda")
	practicePress(m, "b")
	if !m.screen().Capturing() {
		t.Fatal("the booking form should capture keys")
	}
	v := practiceView(t, m)
	practiceHas(t, v, "Book a session", "Client", "Coach", "Start", "Minutes", "Package", "ctrl+s save")
	practicePress(m, "ctrl+u", "jane", "tab")
	v = practiceView(t, m)
	practiceHas(t, v, "Rob Reyes (rob) · you") // schedule_own: rob books himself only
	practiceLacks(t, v, "Mira Moss")
	practicePress(m, "tab", "ctrl+u", "2026-11-24T10:00", "ctrl+s")
	if m.screen().Capturing() {
		t.Fatalf("the form should close after booking:\n%s", practiceView(t, m))
	}
	if m.status.Text != "Booked: Jane Smith with Rob Reyes, Tue 2026-11-24 10:00 (60 min)" || m.status.Err {
		t.Errorf("status %+v", m.status)
	}
	l, err := d.svc.ListSessions(d.as("rob", "team"), domain.SessionFilter{Client: "jane", From: "2026-11-24", To: "2026-11-24"})
	mustNot(t, err)
	if len(l.Sessions) != 1 || l.Sessions[0].Coach.Handle != "rob" || l.Sessions[0].Session.Minutes != 60 ||
		l.Sessions[0].Start.Format(domain.TimeLayout) != "2026-11-24T10:00" {
		t.Fatalf("the domain lists %+v", l.Sessions)
	}
	v = practiceView(t, m)
	practiceHas(t, v, "Tue 2026-11-24\n▸ 10:00–11:00  Jane Smith with Rob Reyes  scheduled")

	// The same slot: the domain refuses, and says why, in the form.
	_, want := d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Coach: "rob", Start: "2026-11-24T10:30", Minutes: 60})
	if domain.KindOf(want) != domain.KindConflict {
		t.Fatalf("the domain should refuse an overlap: %v", want)
	}
	practicePress(m, "b", "ctrl+u", "jane", "tab", "tab", "ctrl+u", "2026-11-24T10:30", "ctrl+s")
	if !m.screen().Capturing() {
		t.Fatal("a refused booking keeps the form open")
	}
	v = practiceView(t, m)
	practiceHas(t, v, "Book a session", "rob already has a session 2026-11-24 10:00 EST–11:00")
	if !strings.Contains(strings.Join(strings.Fields(v), " "), strings.Join(strings.Fields(want.Error()), " ")) {
		t.Errorf("the form should show the domain's message %q:\n%s", want, v)
	}
	practicePress(m, "esc")
	if m.screen().Capturing() {
		t.Fatal("esc cancels the form")
	}
	l, _ = d.svc.ListSessions(d.as("rob", "team"), domain.SessionFilter{Client: "jane", From: "2026-11-24", To: "2026-11-24"})
	if len(l.Sessions) != 1 {
		t.Errorf("the refused booking left %d sessions", len(l.Sessions))
	}
}

// R14: a view-only coach's sessions never reach the client or their
// contacts on screen; the team still sees them.
func TestAgendaHidesViewOnlyCoach(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	for _, who := range [][2]string{{"jane", ""}, {"eve", ""}} {
		v := practiceView(t, practiceModel(t, d, who[0], who[1], "agenda"))
		practiceHas(t, v, "14:00–14:45  with Mira Moss  scheduled")
	}
	// a session mira held this morning, then mira made view-only (her
	// upcoming session with jane cancelled: she could not hold it)
	_, err := d.svc.BookSession(d.as("adam", "team"), domain.Booking{Client: "jane", Coach: "mira", Start: "2026-11-23T08:00", Minutes: 60, Status: domain.SessionCompleted})
	mustNot(t, err)
	_, err = d.svc.SetPairing(d.as("adam", "team"), domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelView,
		Sessions: domain.SessionsPlan{Do: domain.SessionsCancel}})
	mustNot(t, err)
	for _, who := range []string{"jane", "eve"} {
		m := practiceModel(t, d, who, "", "agenda")
		v := practiceView(t, m)
		practiceHas(t, v, "10:00–11:00  with Rob Reyes  scheduled")
		practiceLacks(t, v, "Mira", "14:00", "08:00")
		practicePress(m, "v", "t", "l", "l", "l", "l") // Friday, as a day
		v = practiceView(t, m)
		practiceHas(t, v, "Friday 2026-11-27")
		practiceLacks(t, v, "Mira", "14:00")
		// nor in the booking form's coaches
		practicePress(m, "b")
		practiceLacks(t, practiceView(t, m), "Mira")
	}
	v := practiceView(t, practiceModel(t, d, "rob", "", "agenda"))
	practiceHas(t, v, "08:00–09:00  Jane Smith with Mira Moss  completed")
}

// R50, R51: a session's detail offers what the domain allows: eve (contact
// with schedule) reschedules and cancels an upcoming session, the credit
// going back more than 24 hours ahead; rob cannot change mira's session
// and is told why; rob marks his own started session completed.
func TestSessionDetailActions(t *testing.T) {
	t.Parallel()
	now := fixedClock()
	d := newDemo(t, func() time.Time { return now })
	m := practiceModel(t, d, "eve", "", "agenda")
	practicePress(m, "enter")
	v := practiceView(t, m)
	practiceHas(t, v, "Session 4 · scheduled", "Jane Smith (jane)", "Rob Reyes (rob)", "Wed 2026-11-25, 10:00–11:00 EST (60 min)",
		"r reschedule · c cancel")
	practiceLacks(t, v, "completed") // no marking for contacts
	practicePress(m, "r")
	practiceHas(t, practiceView(t, m), "Reschedule session 4", "2026-11-25 10:00")
	practicePress(m, "ctrl+u", "2026-11-25T12:00", "ctrl+s")
	if m.status.Err || !strings.HasPrefix(m.status.Text, "Moved: Jane Smith with Rob Reyes, Wed 2026-11-25 12:00") {
		t.Errorf("status %+v", m.status)
	}
	practiceHas(t, practiceView(t, m), "12:00–13:00")
	practicePress(m, "c")
	v = practiceView(t, m)
	practiceHas(t, v, "Cancel this session?", "y: yes, cancel it")
	practiceLacks(t, v, "credit") // eve does not see packages (R30)
	practicePress(m, "n")
	if s, _ := d.svc.ShowSession(d.as("eve", ""), 4); s.Session.Status != domain.SessionScheduled {
		t.Fatal("any key but y keeps the session")
	}
	practicePress(m, "c", "y")
	if m.status.Text != "Cancelled: Jane Smith with Rob Reyes, Wed 2026-11-25 12:00 (60 min)" {
		t.Errorf("status %+v", m.status)
	}
	s, err := d.svc.ShowSession(d.as("rob", "team"), 4)
	mustNot(t, err)
	if s.Session.Status != domain.SessionCancelled || !s.Session.CreditReturned {
		t.Errorf("the domain has %+v", s.Session)
	}
	practiceHas(t, practiceView(t, m), "nothing more to do")

	// jane sees her package: cancelling says the credit comes back (R51).
	m = practiceModel(t, d, "jane", "", "agenda")
	practicePress(m, "l", "enter", "c")
	practiceHas(t, practiceView(t, m), "Wed 2026-12-02", "Cancel this session? The package credit is returned.")

	// rob: mira's session with casey is read-only, with the domain's reason.
	m = practiceModel(t, d, "rob", "", "agenda")
	practicePress(m, "down", "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Casey Johnson (casey)", "Read-only here: schedule_own covers Rob Reyes's own appointments, not Mira Moss's.")
	practicePress(m, "c")
	practiceLacks(t, practiceView(t, m), "Cancel this session?")

	// rob books a session an hour ahead; two hours on, it has taken place
	// and he marks it.
	_, err = d.svc.BookSession(d.as("rob", "team"), domain.Booking{Client: "jane", Start: "2026-11-23T11:00", Minutes: 30})
	mustNot(t, err)
	now = now.Add(2 * time.Hour)
	m = practiceModel(t, d, "rob", "", "agenda")
	practicePress(m, "v", "t", "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Mon 2026-11-23, 11:00–11:30", "m completed · n no-show")
	practicePress(m, "m")
	if !strings.HasPrefix(m.status.Text, "Marked completed: Jane Smith with Rob Reyes") {
		t.Errorf("status %+v", m.status)
	}
	practiceHas(t, practiceView(t, m), "Session 15 · completed")
}

// R51: what the session detail says cancelling does to the package credit
// is what cancelling then does, on each side of the 24-hour line: jane
// cancels her session a minute more than, exactly, and a minute less than
// 24 hours ahead, and the hint, the status and the package agree.
func TestCancelCreditHintAgreesWithCancel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ahead   time.Duration
		returns bool
	}{{24*time.Hour + time.Minute, true}, {24 * time.Hour, false}, {24*time.Hour - time.Minute, false}} {
		t.Run(c.ahead.String(), func(t *testing.T) {
			var now atomic.Int64
			now.Store(fixedClock().UnixNano())
			d := newDemo(t, func() time.Time { return time.Unix(0, now.Load()).UTC() })
			jane := d.as("jane", "")
			ps, err := d.svc.ListPackages(jane, domain.PackageFilter{})
			mustNot(t, err)
			v, err := d.svc.BookSession(jane, domain.Booking{Start: "2026-11-24T12:00", Minutes: 30, Package: ps[0].Package.ID})
			mustNot(t, err)
			used := ps[0].Package.SessionsUsed + 1
			now.Store(v.Session.Start.Add(-c.ahead).UnixNano())

			m := practiceModel(t, d, "jane", "", "agenda")
			practicePress(m, "enter")
			practiceHas(t, practiceView(t, m), "Tue 2026-11-24, 12:00–12:30")
			practicePress(m, "c")
			hint := strings.Contains(practiceView(t, m), "The package credit is returned.")
			if !hint {
				practiceHas(t, practiceView(t, m), "The package credit is kept")
			}
			practicePress(m, "y")
			said := strings.Contains(m.status.Text, "the package credit is returned")
			after, err := d.svc.ListPackages(jane, domain.PackageFilter{})
			mustNot(t, err)
			returned := after[0].Package.SessionsUsed == used-1
			if !strings.HasPrefix(m.status.Text, "Cancelled:") || hint != said || hint != returned || hint != c.returns {
				t.Errorf("%s ahead: the hint says returned=%v, the status %q, the package went from %d to %d used; want returned=%v",
					c.ahead, hint, m.status.Text, used, after[0].Package.SessionsUsed, c.returns)
			}
		})
	}
}

// The agenda's keys are in the footer and in the full help; o opens the
// selected session's client file for the team.
func TestAgendaHelpAndOpenFile(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "rob", "", "agenda")
	v := practiceView(t, m)
	foot := strings.Split(v, "\n")[23]
	for _, k := range []string{"enter open", "b book", "←/→ move", "v day/week", "t today"} {
		if !strings.Contains(foot, k) {
			t.Errorf("footer %q lacks %q", foot, k)
		}
	}
	practicePress(m, "?")
	practiceHas(t, practiceView(t, m), "On this screen", "day/week", "earlier", "later", "client file")
	practicePress(m, "?", "o")
	v = practiceView(t, m)
	practiceHas(t, v, "Jane Smith (jane)\nSessions · Packages · Invoices · Payments · Notes · Progress · Comments")

	// A contact without schedule has no agenda at all; the help says why.
	m = d.model("sam")
	practicePress(m, "?")
	practiceHas(t, practiceView(t, m), "Agenda: your link to Alex Johnson does not include schedule")
}
