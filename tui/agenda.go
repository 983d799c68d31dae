package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func init() {
	register(20, agendaSpec, domain.WSTeam, domain.WSAssistant, domain.WSMe, domain.WSContact)
}

// agendaSpec: the agenda is offered where the workspace may list sessions
// (R50): the team and assistants, the client, a contact with `schedule`.
func agendaSpec() ScreenSpec {
	return ScreenSpec{ID: "agenda", Title: "Agenda", Needs: domain.ActSessionsList, New: newAgenda}
}

// agendaLimit bounds one agenda page; a week with more sessions than this
// says so and the day view shows the rest.
const agendaLimit = 200

// agendaKeys are the agenda's and the session detail's bindings, per screen.
type agendaKeys struct {
	Prev, Next, Move, Today, View, Open, Book, File, Back key.Binding
	Reschedule, Cancel, Complete, NoShow                  key.Binding
	Note                                                  key.Binding // a private note from the session's agenda
}

// agendaKeyMap is the keys every screen of its kind shares, made once: no screen
// changes them (one that shows a binding with other help changes a copy
// of it).
var agendaKeyMap = newAgendaKeys()

func newAgendaKeys() agendaKeys {
	return agendaKeys{
		Prev:       key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "earlier")),
		Next:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "later")),
		Move:       key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "move")),
		Today:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "today")),
		View:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "day/week")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Book:       key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "book")),
		File:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "client file")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Reschedule: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reschedule")),
		Cancel:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cancel session")),
		Complete:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark completed")),
		NoShow:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "mark no-show")),
		Note:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "note from agenda")),
	}
}

// agenda is a calendar-like list of sessions by day, for one day or one
// week (Monday to Sunday) in the organisation's zone. What it lists is
// what the domain lets this workspace see: a view-only coach's sessions
// never reach a client or their contacts (R14).
type agenda struct {
	Context
	modalHost // the booking form
	keys      *agendaKeys
	week      bool
	day       time.Time // the day shown (or a day of the week shown), as a UTC date
	list      domain.SessionList
	err       error
	sel       int       // index into list.Sessions
	want      domain.ID // select this session at the next reload
	offset    int       // first body line shown
	canBook   bool
	detail    *sessionDetail
	overdue   []domain.ActionView // of the clients the coach coaches (overdue.go)
}

func newAgenda(c Context) Screen {
	a := &agenda{Context: c, keys: &agendaKeyMap, week: true}
	a.day = a.today()
	a.onClose = a.reload
	return a
}

func (a *agenda) Init() tea.Cmd {
	a.reload()
	return nil
}

func (a *agenda) Title() string { return "Agenda" }

func (a *agenda) Capturing() bool {
	return a.modalOpen() || (a.detail != nil && a.detail.capturing())
}

func (a *agenda) SetSize(width, height int) {
	a.Common.SetSize(width, height)
	a.sizeModal(width, height)
	if a.detail != nil {
		a.detail.SetSize(width, height)
	}
}

// today is the organisation's current date, as a UTC date.
func (a *agenda) today() time.Time { return civilDate(a.Svc.Now().In(a.Access().Org.Location())) }

// civilDate is t's calendar date as midnight UTC: dates step by days
// without daylight-saving surprises.
func civilDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// span is the first and last day shown.
func (a *agenda) span() (time.Time, time.Time) {
	if !a.week {
		return a.day, a.day
	}
	from := a.day.AddDate(0, 0, -((int(a.day.Weekday()) + 6) % 7)) // Monday
	return from, from.AddDate(0, 0, 6)
}

// show moves to the day (or week) of v and selects it at the next reload.
func (a *agenda) show(v domain.SessionView) {
	a.day = civilDate(v.Start)
	a.want = v.Session.ID
}

func (a *agenda) reload() {
	from, to := a.span()
	keep := a.want
	a.want = 0
	if s, ok := a.selected(); ok && keep == 0 {
		keep = s.Session.ID
	}
	a.list, a.err = a.Svc.ListSessions(a.Who, domain.SessionFilter{
		From: from.Format(domain.DateLayout), To: to.Format(domain.DateLayout), Limit: agendaLimit})
	a.sel = firstUpcoming(a.list.Sessions, a.Svc.Now())
	for i, s := range a.list.Sessions {
		if s.Session.ID == keep {
			a.sel = i
		}
	}
	a.canBook = Permitted(domain.ActSessionsBook, nil)(a.Context).Allowed
	if a.err == nil {
		a.overdue, a.err = a.Svc.CoachOverdue(a.Who, overdueLimit)
	}
}

func (a *agenda) selected() (domain.SessionView, bool) {
	if a.sel < 0 || a.sel >= len(a.list.Sessions) {
		return domain.SessionView{}, false
	}
	return a.list.Sessions[a.sel], true
}

func (a *agenda) moveTo(day time.Time) {
	a.day, a.sel, a.offset = day, 0, 0
	a.list = domain.SessionList{} // nothing of the old window to keep selected
	a.reload()
}

func (a *agenda) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(RefreshMsg); ok {
		a.reload()
		if a.detail != nil {
			a.detail.reload()
		}
		return a, nil
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return a, nil
	}
	if cmd, ok := a.handleModal(k); ok {
		return a, cmd
	}
	if a.detail != nil {
		closed, cmd := a.detail.Update(k)
		if closed {
			a.detail = nil
			a.reload()
		}
		return a, cmd
	}
	step := 1
	if a.week {
		step = 7
	}
	switch {
	case key.Matches(k, a.Keys.Up):
		a.sel = max(a.sel-1, 0)
	case key.Matches(k, a.Keys.Down):
		a.sel = min(a.sel+1, max(len(a.list.Sessions)-1, 0))
	case key.Matches(k, a.keys.Prev):
		a.moveTo(a.day.AddDate(0, 0, -step))
	case key.Matches(k, a.keys.Next):
		a.moveTo(a.day.AddDate(0, 0, step))
	case key.Matches(k, a.keys.Today):
		a.moveTo(a.today())
	case key.Matches(k, a.keys.View):
		a.week = !a.week
		if s, ok := a.selected(); ok && !a.week {
			a.day = civilDate(s.Start) // the day of the selected session
		}
		a.reload()
	case key.Matches(k, a.keys.Open):
		if s, ok := a.selected(); ok {
			a.detail = newSessionDetail(a.Context, a.keys, s)
			a.detail.SetSize(a.Width, a.Height)
		}
	case key.Matches(k, a.keys.Book) && a.canBook:
		return a, a.openBooking()
	case key.Matches(k, a.keys.File) && a.Access().Teamish():
		if s, ok := a.selected(); ok {
			return a, Goto("file", OpenClientMsg{Handle: s.Client.Handle})
		}
	}
	return a, nil
}

func (a *agenda) openBooking() tea.Cmd {
	day := a.day
	if s, ok := a.selected(); ok && !a.week {
		day = civilDate(s.Start)
	}
	if a.Access().Teamish() {
		client := ""
		if s, ok := a.selected(); ok {
			client = s.Client.Handle
		}
		a.openPane(bookingForm(a.Context, client, false, day, a.show))
	} else {
		a.openPane(bookingForm(a.Context, a.Access().Principal.Handle, true, day, a.show))
	}
	return nil
}

func (a *agenda) View() string {
	if a.Width <= 0 || a.Height <= 0 {
		return ""
	}
	if v, ok := a.modalView(); ok {
		return v
	}
	if a.detail != nil {
		return a.detail.View()
	}
	st := a.Styles
	from, to := a.span()
	today := a.today()
	var title string
	if a.week {
		title = weekHeading(from, to)
	} else {
		title = a.day.Format("Monday " + domain.DateLayout)
		if a.day.Equal(today) {
			title += " · today"
		}
	}
	info := "times in " + a.Access().Org.Location().String()
	if a.err == nil {
		info += " · " + domain.Plural(len(a.list.Sessions), "session", "sessions")
	}
	if a.list.More {
		info += " · more than shown: use the day view"
	}
	head := []string{st.Title.Render(trunc(title, a.Width)), st.Subtle.Render(trunc(info, a.Width)), ""}
	if l := overdueLine(st, a.overdue, true, a.Width); l != "" {
		head = append(head[:2], l, "")
	}
	var body []string
	at := 0
	if a.err != nil {
		body = wrapped(errText(a.err), 0, a.Width, st.StatusError)
	} else {
		i := 0
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			heading := st.Accent.Render(d.Format(dayLayout))
			if d.Equal(today) {
				heading += st.Accent.Render(" · today")
			}
			n := 0
			for i+n < len(a.list.Sessions) && civilDate(a.list.Sessions[i+n].Start).Equal(d) {
				n++
			}
			if n == 0 {
				heading += st.Subtle.Render("  no sessions")
			}
			body = append(body, heading)
			for ; n > 0; n, i = n-1, i+1 {
				if i == a.sel {
					at = len(body)
				}
				body = append(body, a.sessionLine(a.list.Sessions[i], i == a.sel))
			}
		}
		if len(a.list.Sessions) == 0 && !a.week {
			body = append(body, "", st.Subtle.Render("Nothing booked. ←/→ moves, v shows the week."))
		}
	}
	room := max(a.Height-len(head), 0)
	body = scrollBody(st, body, at, room, &a.offset)
	lines := append(head, body...)
	for i, l := range lines {
		lines[i] = trunc(l, a.Width)
	}
	if len(lines) > a.Height {
		lines = lines[:a.Height]
	}
	return strings.Join(lines, "\n")
}

// sessionLine is one session in the agenda: time, who, status.
func (a *agenda) sessionLine(s domain.SessionView, selected bool) string {
	st := a.Styles
	when := s.Start.Format("15:04") + "–" + s.End.Format("15:04")
	var who string
	switch {
	case s.GroupName != "": // the team's agenda shows a group session once (R22)
		who = "group " + clean(s.GroupName) + " with " + clean(s.Coach.Name)
	case a.Access().Teamish():
		who = clean(s.Client.Name) + " with " + clean(s.Coach.Name)
	default:
		who = "with " + clean(s.Coach.Name)
	}
	line := when + "  " + who
	if selected {
		return st.Accent.Render(cursorGlyph+" "+line) + "  " + sessionStatusText(st, s.Session.Status)
	}
	return "  " + line + "  " + sessionStatusText(st, s.Session.Status)
}

// sessionStatusText is a session's status, marked by its colour.
func sessionStatusText(st *Styles, s domain.SessionStatus) string {
	switch s {
	case domain.SessionCompleted:
		return st.Yes.Render("completed")
	case domain.SessionCancelled:
		return st.Subtle.Render("cancelled")
	case domain.SessionNoShow:
		return st.Warn.Render("no-show")
	}
	return st.Value.Render(clean(string(s)))
}

func (a *agenda) ShortHelp() []key.Binding {
	if b, ok := a.modalHelp(); ok {
		return b
	}
	if a.detail != nil {
		return a.detail.ShortHelp()
	}
	b := []key.Binding{a.keys.Open}
	if a.canBook {
		b = append(b, a.keys.Book)
	}
	return append(b, a.keys.Move, a.keys.View, a.keys.Today, a.Keys.Down)
}

func (a *agenda) FullHelp() [][]key.Binding {
	if b, ok := a.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	if a.detail != nil {
		return a.detail.FullHelp()
	}
	g := []key.Binding{a.Keys.Up, a.Keys.Down, a.keys.Open, a.keys.Prev, a.keys.Next, a.keys.View, a.keys.Today}
	if a.canBook {
		g = append(g, a.keys.Book)
	}
	if a.Access().Teamish() {
		g = append(g, a.keys.File)
	}
	return [][]key.Binding{g}
}

// --- one session, with the actions this workspace may take on it

// sessionDetail shows one session and offers what the domain says this
// workspace may do with it now: reschedule and cancel (CanChange), mark
// completed or no-show (CanMark). The agenda and the client file use it.
type sessionDetail struct {
	Context
	modalHost // the reschedule form; "cancel this session?"
	keys      *agendaKeys
	v         domain.SessionView
	err       error
	noteOK    bool // mayNote, decided when the session was loaded
}

func newSessionDetail(c Context, keys *agendaKeys, v domain.SessionView) *sessionDetail {
	d := &sessionDetail{Context: c, keys: keys, v: v}
	d.onClose = d.reload
	d.noteOK = d.decideNote()
	return d
}

func (d *sessionDetail) capturing() bool { return d.modalOpen() }

func (d *sessionDetail) SetSize(width, height int) {
	d.Common.SetSize(width, height)
	d.sizeModal(width, height)
}

func (d *sessionDetail) reload() {
	v, err := d.Svc.ShowSession(d.Who, d.v.Session.ID)
	if err != nil {
		d.err = err
		return
	}
	d.v, d.err = v, nil
	d.noteOK = d.decideNote()
}

// Update handles a key; closed says the person left the detail.
func (d *sessionDetail) Update(msg tea.Msg) (closed bool, cmd tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, nil
	}
	if cmd, ok := d.handleModal(k); ok {
		return false, cmd
	}
	v := d.v
	switch {
	case key.Matches(k, d.keys.Back):
		return true, nil
	case key.Matches(k, d.keys.Reschedule) && v.CanChange && d.err == nil:
		d.openPane(rescheduleForm(d.Context, v))
	case key.Matches(k, d.keys.Cancel) && v.CanChange && d.err == nil:
		d.confirm.ask("Cancel this session? "+d.creditNote(), "cancel it", "The session stays booked", d.cancel)
	case (key.Matches(k, d.keys.Complete) || key.Matches(k, d.keys.NoShow)) && v.CanMark && d.err == nil:
		noShow := key.Matches(k, d.keys.NoShow)
		nv, err := d.Svc.CompleteSession(d.Who, v.Session.ID, noShow)
		if err != nil {
			return false, Failed(err)
		}
		d.v = nv
		return false, Status("Marked %s: %s", nv.Session.Status, sessionSummary(nv))
	case key.Matches(k, d.keys.File) && d.Access().Teamish():
		return false, Goto("file", OpenClientMsg{Handle: v.Client.Handle})
	case key.Matches(k, d.keys.Note) && d.mayNote():
		return false, d.noteFromAgenda()
	}
	return false, nil
}

// mayNote: the session has an agenda and this workspace writes the
// client's private notes (R31, R42).
func (d *sessionDetail) mayNote() bool { return d.err == nil && d.noteOK }

func (d *sessionDetail) decideNote() bool {
	c := d.v.Client
	return d.v.Session.Agenda != nil && d.Decide(domain.ActNotesAdd, domain.Target{Client: &c}).Allowed
}

// noteFromAgenda opens a private note on the client that starts from the
// session's agenda headings, to write under each.
func (d *sessionDetail) noteFromAgenda() tea.Cmd {
	start, err := d.Svc.AgendaNoteStart(d.Who, d.v.Session.ID)
	if err != nil {
		return Failed(err)
	}
	c := start.Client
	comp := newTextComposer(d.Common, "New private note on "+personLabel(c),
		"It starts from the session's agenda; write under each heading. Only coaches paired with the client read it.", // R31, R42
		func(body string) (string, error) {
			_, err := d.Svc.AddNote(d.Who, c.Handle, body)
			return "Note saved on " + clean(c.Name) + "'s file", err
		})
	comp.ta.SetValue(start.Text + "\n")
	d.openPane(comp)
	return nil
}

// cancel cancels the session, once the person said yes.
func (d *sessionDetail) cancel() tea.Cmd {
	v, err := d.Svc.CancelSession(d.Who, d.v.Session.ID)
	if err != nil {
		return Failed(err)
	}
	d.v = v
	msg := "Cancelled: " + sessionSummary(v)
	if v.Session.CreditReturned {
		msg += "; the package credit is returned"
	}
	return Status("%s", msg)
}

// firstUpcoming is the index of the first session not over by now (the
// last one if all are), so a list opens where the person is in time.
func firstUpcoming(ss []domain.SessionView, now time.Time) int {
	for i, s := range ss {
		if s.End.After(now) {
			return i
		}
	}
	return max(len(ss)-1, 0)
}

// sessionSummary is "Jane Smith with Rob Reyes, Wed 25 Nov 10:00 (60 min)".
func sessionSummary(v domain.SessionView) string {
	return fmt.Sprintf("%s with %s, %s (%d min)", clean(v.Client.Name), clean(v.Coach.Name), v.Start.Format(dayTimeLayout), v.Session.Minutes)
}

func (d *sessionDetail) View() string {
	if v, ok := d.modalView(); ok {
		return v
	}
	st := d.Styles
	v := d.v
	doc := newDoc(st, d.Width)
	doc.heading(fmt.Sprintf("Session %s · %s", v.Session.ID, v.Session.Status))
	if d.err != nil {
		doc.blank()
		doc.indented("", 0, errText(d.err), st.StatusError)
		doc.blank()
		doc.line(st.Subtle.Render("esc: back"))
		return fitLines(doc.String(), d.Width, d.Height)
	}
	doc.blank()
	doc.row("Client", personLabel(v.Client))
	doc.row("Coach", personLabel(v.Coach))
	doc.row("When", fmt.Sprintf("%s, %s–%s (%d min)", v.Start.Format(dayLayout), v.Start.Format("15:04"), v.End.Format("15:04 MST"), v.Session.Minutes))
	doc.row("Status", sessionStatusText(st, v.Session.Status))
	if v.PackageName != "" {
		credit := clean(v.PackageName)
		if v.Session.CreditReturned {
			credit += " (credit returned)"
		}
		doc.row("Package", credit)
	}
	if a := v.Session.Agenda; a != nil {
		doc.blank()
		doc.line(st.Label.Render("Agenda · " + trunc(clean(a.Name), max(d.Width-9, 1))))
		for _, h := range a.Headings {
			doc.item("•", clean(h))
		}
	}
	doc.blank()
	switch {
	case d.confirm.active():
		for _, l := range d.confirmLines(st, d.Width) {
			doc.line(l)
		}
	case v.Session.Status != domain.SessionScheduled && d.mayNote():
		doc.line(st.Subtle.Render("This session is " + string(v.Session.Status) + ". You may: a note from agenda"))
	case v.Session.Status != domain.SessionScheduled:
		doc.line(st.Subtle.Render("This session is " + string(v.Session.Status) + "; nothing more to do."))
	default:
		var can []string
		if v.CanChange {
			can = append(can, "r reschedule", "c cancel")
		}
		if v.CanMark {
			can = append(can, "m completed", "n no-show")
		}
		if d.mayNote() {
			can = append(can, "a note from agenda")
		}
		if len(can) > 0 {
			doc.line(st.Subtle.Render("You may: " + strings.Join(can, " · ")))
		} else {
			doc.indented("", 0, d.whyNot(), st.Subtle)
		}
	}
	return fitLines(doc.String(), d.Width, d.Height)
}

// creditNote says what cancelling does to a package credit (R51).
func (d *sessionDetail) creditNote() string {
	if d.v.Session.Package == 0 {
		return ""
	}
	if d.v.Session.CancelReturnsCredit(d.Svc.Now()) {
		return "The package credit is returned."
	}
	return "The package credit is kept: it is 24 hours or less ahead."
}

// whyNot explains a scheduled session this workspace cannot change.
func (d *sessionDetail) whyNot() string {
	c, k := d.v.Client, d.v.Coach
	dec := d.Decide(domain.ActSessionsCancel, domain.Target{Client: &c, Coach: &k})
	if !dec.Allowed {
		return "Read-only here: " + clean(dec.Reason) + "."
	}
	if !d.v.Start.After(d.Svc.Now()) {
		return "It has started; only the coach or someone with schedule_all marks it."
	}
	return "Nothing to change here."
}

func (d *sessionDetail) ShortHelp() []key.Binding {
	if b, ok := d.modalHelp(); ok {
		return b
	}
	var b []key.Binding
	if d.err == nil && d.v.CanChange {
		b = append(b, d.keys.Reschedule, d.keys.Cancel)
	}
	if d.err == nil && d.v.CanMark {
		b = append(b, d.keys.Complete, d.keys.NoShow)
	}
	if d.mayNote() {
		b = append(b, d.keys.Note)
	}
	if d.Access().Teamish() {
		b = append(b, d.keys.File)
	}
	return append(b, d.keys.Back)
}

func (d *sessionDetail) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp()}
}

// weekHeading is how every week is headed, in one form whatever the months
// and years it spans: "Week of Mon 23 Nov – Sun 29 Nov 2026" (from
// Monday to Sunday, both days).
func weekHeading(from, to time.Time) string {
	return "Week of " + from.Format(dayLayout) + " – " + to.Format(dayLayout)
}
