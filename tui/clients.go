package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func init() { register(10, clientsSpec, domain.WSTeam, domain.WSAssistant) }

// clientPage bounds one read of a client list: a large organisation is
// narrowed with the filter, never read whole.
const clientPage = 50

func clientsSpec() ScreenSpec {
	return ScreenSpec{ID: "clients", Title: "Clients", Available: Permitted(domain.ActPeopleList, nil), New: newClients}
}

// clientRow is one client with their primary coach (R12), "" where this
// workspace may not see the pairing.
type clientRow struct {
	p       domain.Person
	primary string
}

type clientsMode int

const (
	clientsList clientsMode = iota
	clientsAdd
	clientsDelete
)

// clientsScreen is the team's client list: filter, add (R20), deactivate
// and reactivate (R19), delete with the handle typed (R19), open the file.
// What it offers follows the domain's decisions for the selected client.
type clientsScreen struct {
	Context
	keys   clientKeys
	rows   []clientRow
	more   bool     // there are clients after this page
	after  string   // the page starts after this handle ("" for the first)
	prevs  []string // where the earlier pages started, for going back
	err    error
	cur    rowCursor
	filter filterBox
	mode   clientsMode
	form   *clientForm
	del    *deleteBox

	add, open, deactivate, reactivate, remove, pairing gate
}

type clientKeys struct {
	Open, Add, Deactivate, Reactivate, Delete, Pairing key.Binding
	NextPage, PrevPage                                 key.Binding
}

func newClients(c Context) Screen {
	return &clientsScreen{Context: c, filter: newFilterBox(c.Common), keys: clientKeys{
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open file")),
		Add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add client")),
		Deactivate: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "deactivate")),
		Reactivate: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reactivate")),
		Delete:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		Pairing:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pairing")),
		NextPage:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next page")),
		PrevPage:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous page")),
	}}
}

func (s *clientsScreen) Init() tea.Cmd {
	s.load()
	return nil
}

func (s *clientsScreen) Title() string { return "Clients" }

func (s *clientsScreen) Capturing() bool { return s.filter.typing || s.mode != clientsList }

func (s *clientsScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

// load reads the clients matching the filter (one bounded page), keeping
// the cursor on the same client.
func (s *clientsScreen) load() {
	s.loadKeeping(s.selectedHandle())
}

func (s *clientsScreen) loadKeeping(keep string) {
	// One more than a page tells whether another page follows.
	ps, err := s.Svc.ListPeople(s.Who, domain.PeopleFilter{Capacity: "client", Search: s.filter.value(), After: s.after, Limit: clientPage + 1})
	s.err = err
	s.more = len(ps) > clientPage
	ps = ps[:min(len(ps), clientPage)]
	s.rows = s.rows[:0]
	handles := make([]string, 0, len(ps))
	for _, p := range ps {
		handles = append(handles, p.Handle)
	}
	pairs, _ := s.Svc.PairingsOf(s.Who, handles) // one read for the page, not one per row
	for _, p := range ps {
		if !p.Client {
			continue
		}
		s.rows = append(s.rows, clientRow{p: p, primary: primaryLabel(pairs[p.Handle])})
	}
	for i, r := range s.rows {
		if r.p.Handle == keep {
			s.cur.at = i
		}
	}
	s.cur.clamp(len(s.rows))
	s.decide()
}

// primaryLabel is the client's primary coach among their pairings as this
// workspace may see them.
func primaryLabel(ps []domain.PairingView) string {
	for _, p := range ps {
		if p.Level == domain.LevelPrimary {
			return personLabel(p.Coach)
		}
	}
	return ""
}

func (s *clientsScreen) selected() (clientRow, bool) {
	if s.cur.at < 0 || s.cur.at >= len(s.rows) {
		return clientRow{}, false
	}
	return s.rows[s.cur.at], true
}

func (s *clientsScreen) selectedHandle() string {
	if r, ok := s.selected(); ok {
		return r.p.Handle
	}
	return ""
}

// decide asks the domain what the workspace may do now, to the selected
// client: the keys it offers, and the reasons for the ones it does not.
func (s *clientsScreen) decide() {
	s.add = gate{s.keys.Add, s.Decide(domain.ActPeopleAdd, domain.Target{Capacity: domain.AsClient})}
	r, ok := s.selected()
	if !ok {
		s.open, s.deactivate, s.reactivate, s.remove, s.pairing = gate{}, gate{}, gate{}, gate{}, gate{}
		return
	}
	p := r.p
	s.open = gate{s.keys.Open, domain.Decision{Allowed: true}} // the file decides what it shows
	s.deactivate, s.reactivate = gate{}, gate{}
	if p.Active() {
		s.deactivate = gate{s.keys.Deactivate, s.Decide(domain.ActPeopleDeactivate, domain.Target{Person: &p})}
	} else {
		s.reactivate = gate{s.keys.Reactivate, s.Decide(domain.ActPeopleReactivate, domain.Target{Person: &p})}
	}
	s.remove = gate{s.keys.Delete, s.Decide(domain.ActPeopleDelete, domain.Target{Person: &p})}
	s.pairing = gate{s.keys.Pairing, s.Decide(domain.ActPairingSet, domain.Target{Client: &p})}
}

func (s *clientsScreen) gates() []gate {
	return []gate{s.open, s.add, s.deactivate, s.reactivate, s.remove, s.pairing}
}

func (s *clientsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
		if s.form != nil {
			s.form.loadCoaches()
		}
	case tea.KeyMsg:
		switch s.mode {
		case clientsAdd:
			return s, s.formKey(msg)
		case clientsDelete:
			return s, s.deleteKey(msg)
		}
		return s, s.listKey(msg)
	}
	return s, nil
}

func (s *clientsScreen) listKey(msg tea.KeyMsg) tea.Cmd {
	if s.filter.typing {
		if s.filter.update(msg) {
			s.cur, s.after, s.prevs = rowCursor{}, "", nil
			s.loadKeeping("")
		}
		return nil
	}
	if s.cur.handle(s.Keys, msg, len(s.rows), max(s.listHeight(), 1)) {
		s.decide()
		return nil
	}
	switch {
	case key.Matches(msg, s.Keys.Filter):
		s.filter.start()
		return nil
	case key.Matches(msg, s.Keys.Back):
		if s.filter.clear() {
			s.after, s.prevs = "", nil
			s.load()
		}
		return nil
	case key.Matches(msg, s.keys.NextPage):
		if s.more && len(s.rows) > 0 {
			s.prevs = append(s.prevs, s.after)
			s.after = s.rows[len(s.rows)-1].p.Handle
			s.cur = rowCursor{}
			s.loadKeeping("")
		}
		return nil
	case key.Matches(msg, s.keys.PrevPage):
		if n := len(s.prevs); n > 0 {
			s.after, s.prevs = s.prevs[n-1], s.prevs[:n-1]
			s.cur = rowCursor{}
			s.loadKeeping("")
		}
		return nil
	case key.Matches(msg, s.keys.Add):
		if !s.add.on() {
			return refuse(s.add.d.Reason)
		}
		s.form = newClientForm(s.Context)
		s.mode = clientsAdd
		return nil
	}
	r, ok := s.selected()
	if !ok {
		return nil
	}
	p := r.p
	switch {
	case key.Matches(msg, s.keys.Open):
		return Goto("file", OpenClientMsg{Handle: p.Handle})
	case key.Matches(msg, s.keys.Pairing):
		if !s.pairing.on() {
			return refuse(s.pairing.d.Reason)
		}
		return Goto("pairing", PairingForMsg{Client: p.Handle})
	case key.Matches(msg, s.keys.Deactivate) && p.Active():
		if !s.deactivate.on() {
			return refuse(s.deactivate.d.Reason)
		}
		return s.setStatus(p, false)
	case key.Matches(msg, s.keys.Reactivate) && !p.Active():
		if !s.reactivate.on() {
			return refuse(s.reactivate.d.Reason)
		}
		return s.setStatus(p, true)
	case key.Matches(msg, s.keys.Delete):
		if !s.remove.on() {
			return refuse(s.remove.d.Reason)
		}
		s.del = newDeleteBox(s.Common, p)
		s.mode = clientsDelete
	}
	return nil
}

func (s *clientsScreen) setStatus(p domain.Person, active bool) tea.Cmd {
	if _, err := s.Svc.SetStatus(s.Who, p.Handle, active); err != nil {
		return Failed(err)
	}
	s.load()
	if active {
		return saved("reactivated %s", personLabel(p))
	}
	return saved("deactivated %s; their data stays, r reactivates", personLabel(p))
}

func (s *clientsScreen) formKey(msg tea.KeyMsg) tea.Cmd {
	done, added, cmd := s.form.update(msg)
	if !done {
		return cmd
	}
	s.mode, s.form = clientsList, nil
	if added != "" {
		s.loadKeeping(added)
	}
	return cmd
}

func (s *clientsScreen) deleteKey(msg tea.KeyMsg) tea.Cmd {
	b := s.del
	switch msg.Type {
	case tea.KeyEsc:
		s.mode, s.del = clientsList, nil
		return Status("Nothing was deleted")
	case tea.KeyEnter:
		typed := strings.TrimSpace(b.in.Value())
		if typed != b.p.Handle { // R19: only the handle, typed, confirms
			b.err = fmt.Sprintf("That is not %s's handle, so nothing was deleted. Type %s exactly, or esc to cancel.", clean(b.p.Name), clean(b.p.Handle))
			return nil
		}
		if err := s.Svc.DeletePerson(s.Who, b.p.Handle, typed); err != nil {
			b.err = errText(err)
			return Failed(err)
		}
		s.mode, s.del = clientsList, nil
		s.load()
		return saved("deleted %s for good", personLabel(b.p))
	}
	b.err = ""
	b.in, _ = b.in.Update(msg)
	return nil
}

// Lines around the rows: title, column heads above; the hint below.
const clientsChrome = 3

func (s *clientsScreen) listHeight() int {
	h := s.Height - clientsChrome
	if s.filter.typing || s.filter.applied() {
		h--
	}
	return h
}

func (s *clientsScreen) View() string {
	switch s.mode {
	case clientsAdd:
		return s.form.view(s.Width, s.Height)
	case clientsDelete:
		return s.del.view(s.Styles, s.Width, s.Height)
	}
	st, w := s.Styles, s.Width
	count := fmt.Sprintf(" · %d shown", len(s.rows))
	if f := s.filter.value(); f != "" {
		count += fmt.Sprintf(" matching %q", clean(f))
	}
	lines := []string{st.Title.Render("Clients") + st.Subtle.Render(count)}
	if s.filter.typing || s.filter.applied() {
		lines = append(lines, s.filter.view(w))
	}
	if s.err != nil {
		lines = append(lines, st.StatusError.Render(errText(s.err)))
		return fitLines(strings.Join(lines, "\n"), w, s.Height)
	}
	handleW, nameW, statusW, primaryW := clientCols(w)
	head := "  " + cell("Handle", handleW) + cell("Name", nameW) + cell("Status", statusW)
	if primaryW > 0 {
		head += "Primary coach"
	}
	lines = append(lines, st.Label.Render(head))
	lo, hi := s.cur.window(len(s.rows), s.listHeight())
	for i := lo; i < hi; i++ {
		r := s.rows[i]
		status := string(r.p.Status)
		statusSt := st.Value
		if !r.p.Active() {
			statusSt = st.Warn
		}
		left := cell(clean(r.p.Handle), handleW) + cell(clean(r.p.Name), nameW)
		mark := "  "
		if i == s.cur.at {
			mark, left = st.Accent.Render("›")+" ", st.Accent.Render(left)
		}
		line := mark + left + statusSt.Render(cell(status, statusW))
		if primaryW > 0 {
			primary := r.primary
			if primary == "" {
				primary = st.Subtle.Render("—")
			}
			line += primary
		}
		lines = append(lines, line)
	}
	if len(s.rows) == 0 {
		none := "  no clients yet"
		if s.filter.value() != "" {
			none = "  no client matches the filter"
		}
		lines = append(lines, st.Subtle.Render(none))
	}
	for len(lines) < s.Height-1 {
		lines = append(lines, "")
	}
	lines = append(lines, s.hint())
	return fitLines(strings.Join(lines, "\n"), w, s.Height)
}

func (s *clientsScreen) hint() string {
	st := s.Styles
	if s.more || len(s.prevs) > 0 {
		return st.Subtle.Render(fmt.Sprintf("Page %d, %d clients a page: ] next, [ previous, / narrows", len(s.prevs)+1, clientPage))
	}
	if r, ok := s.selected(); ok && !r.p.Active() {
		return st.Subtle.Render(clean(r.p.Name) + " is deactivated: they cannot sign in, their data stays")
	}
	return ""
}

func clientCols(w int) (handle, name, status, primary int) {
	handle, status = 14, 13
	rest := w - 2 - handle - status
	if w < 64 {
		return handle, max(rest, 4), status, 0
	}
	name = rest * 9 / 20
	return handle, name, status, rest - name
}

func (s *clientsScreen) ShortHelp() []key.Binding {
	switch {
	case s.mode == clientsAdd:
		return s.form.help()
	case s.mode == clientsDelete:
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "delete for good")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	case s.filter.typing:
		return s.filter.typingHelp()
	}
	b := allowedKeys(s.gates()...)
	b = append(b, s.Keys.Filter)
	if s.more {
		b = append(b, s.keys.NextPage)
	}
	if len(s.prevs) > 0 {
		b = append(b, s.keys.PrevPage)
	}
	if s.filter.applied() {
		b = append(b, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")))
	}
	return b
}

func (s *clientsScreen) FullHelp() [][]key.Binding {
	if s.mode != clientsList || s.filter.typing {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{
		{s.Keys.Up, s.Keys.Down, s.Keys.Filter, s.keys.NextPage, s.keys.PrevPage},
		allowedKeys(s.gates()...),
		hiddenHelp(s.Width, s.gates()...),
	}
}

// clientForm adds a client: handle, name, email and the primary coach
// (R11). A coach adding with manage_own_clients alone becomes the primary
// themself (R20): the form says so and offers no choice.
type clientForm struct {
	Context
	fields  []textinput.Model // handle, name, email
	coaches []domain.Person   // the pool, for the primary
	coach   int
	own     bool // R20
	focus   int  // len(fields) is the primary coach
	err     string
}

func newClientForm(c Context) *clientForm {
	f := &clientForm{Context: c, own: !c.Access().Has(domain.PermManageClients)}
	for _, in := range []struct {
		prompt, placeholder string
		limit               int
	}{{"", "jdoe", 32}, {"", "Jane Doe", 80}, {"", "jane@example.com", 120}} {
		f.fields = append(f.fields, newField(c.Common, in.prompt, in.placeholder, in.limit))
	}
	f.fields[0].Focus()
	f.loadCoaches()
	return f
}

// loadCoaches lists who can be primary: active pool coaches (R10, R11).
func (f *clientForm) loadCoaches() {
	pr := f.Access().Principal
	if f.own {
		f.coaches = []domain.Person{pr}
		f.coach = 0
		return
	}
	keep := ""
	if f.coach < len(f.coaches) {
		keep = f.coaches[f.coach].Handle
	} else if pr.IsCoach() {
		keep = pr.Handle
	}
	ps, err := f.Svc.ListPeople(f.Who, domain.PeopleFilter{Capacity: "team", Status: domain.StatusActive, Limit: domain.MaxPage})
	if err != nil {
		f.err = errText(err)
	}
	f.coaches = f.coaches[:0]
	for _, p := range ps {
		if p.IsCoach() {
			f.coaches = append(f.coaches, p)
		}
	}
	f.coach = 0
	for i, p := range f.coaches {
		if p.Handle == keep {
			f.coach = i
		}
	}
}

func (f *clientForm) focusOn(i int) {
	n := len(f.fields) + 1
	f.focus = (i + n) % n
	for k := range f.fields {
		if k == f.focus {
			f.fields[k].Focus()
		} else {
			f.fields[k].Blur()
		}
	}
}

// update handles a key; done reports the form closed, added the new
// client's handle when one was added.
func (f *clientForm) update(msg tea.KeyMsg) (done bool, added string, cmd tea.Cmd) {
	onCoach := f.focus == len(f.fields)
	switch {
	case msg.Type == tea.KeyEsc:
		return true, "", Status("Nothing was added")
	case msg.Type == tea.KeyTab || msg.Type == tea.KeyDown:
		f.focusOn(f.focus + 1)
		return false, "", nil
	case msg.Type == tea.KeyShiftTab || msg.Type == tea.KeyUp:
		f.focusOn(f.focus - 1)
		return false, "", nil
	case msg.Type == tea.KeyEnter && !onCoach:
		f.focusOn(f.focus + 1)
		return false, "", nil
	case msg.Type == tea.KeyEnter:
		return f.submit()
	case onCoach:
		if n := len(f.coaches); n > 0 && !f.own {
			switch msg.Type {
			case tea.KeyLeft:
				f.coach = (f.coach + n - 1) % n
			case tea.KeyRight:
				f.coach = (f.coach + 1) % n
			}
		}
		return false, "", nil
	}
	f.err = ""
	f.fields[f.focus], _ = f.fields[f.focus].Update(msg)
	return false, "", nil
}

func (f *clientForm) submit() (bool, string, tea.Cmd) {
	in := domain.NewPerson{
		Handle: f.fields[0].Value(), Name: f.fields[1].Value(), Email: f.fields[2].Value(), As: domain.AsClient,
	}
	var coach domain.Person
	if f.coach < len(f.coaches) {
		coach = f.coaches[f.coach]
	}
	if !f.own { // with manage_own_clients alone the domain pairs the adder (R20)
		in.Primary = coach.Handle
	}
	res, err := f.Svc.AddPerson(f.Who, in)
	if err != nil {
		f.err = errText(err)
		return false, "", Failed(err)
	}
	p := res.Person
	return true, p.Handle, saved("added %s, primary coach %s", personLabel(p), clean(coach.Name))
}

func (f *clientForm) view(width, height int) string {
	st := f.Styles
	const labelW = 15
	lines := []string{st.Title.Render("Add a client"), ""}
	for i, label := range []string{"Handle", "Name", "Email"} {
		l := st.Label.Render(cell(label, labelW))
		if i == f.focus {
			l = st.Accent.Render(cell(label, labelW))
		}
		f.fields[i].Width = max(width-labelW-2, 1)
		lines = append(lines, trunc(l+f.fields[i].View(), width))
	}
	l := st.Label.Render(cell("Primary coach", labelW))
	if f.focus == len(f.fields) {
		l = st.Accent.Render(cell("Primary coach", labelW))
	}
	switch {
	case f.own:
		pr := f.coaches[0]
		note := "A client you add is paired with you as primary coach (R20)."
		if pr.ID != f.Access().Actor.ID { // an assistant adds for the practitioner
			note = "A client added here is paired with " + clean(pr.Name) + " as primary coach (R20)."
		}
		lines = append(lines, l+personLabel(pr))
		lines = append(lines, wrapped(note, labelW, width, st.Subtle)...)
	case len(f.coaches) == 0:
		lines = append(lines, l+st.Warn.Render("no active team coach to be primary"))
	default:
		choice := "‹ " + personLabel(f.coaches[f.coach]) + " ›"
		if f.focus == len(f.fields) {
			choice = st.Accent.Render(choice) + st.Subtle.Render("  ←/→ to choose")
		}
		lines = append(lines, l+choice)
	}
	lines = append(lines, "")
	if f.err != "" {
		lines = append(lines, wrapped(f.err, 0, width, st.StatusError)...)
	} else {
		lines = append(lines, st.Subtle.Render("Every client has exactly one primary coach: their \"My coach\" (R11, R12)."))
	}
	return fitLines(strings.Join(lines, "\n"), width, height)
}

func (f *clientForm) help() []key.Binding {
	enter := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))
	if f.focus == len(f.fields) {
		enter.SetHelp("enter", "add client")
	}
	return []key.Binding{
		enter,
		key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/↓", "next field")),
		key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab/↑", "previous")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// deleteBox asks for the client's handle before deleting for good (R19).
type deleteBox struct {
	p   domain.Person
	in  textinput.Model
	err string
}

func newDeleteBox(c Common, p domain.Person) *deleteBox {
	in := newField(c, "> ", "the handle", 64)
	in.Focus()
	return &deleteBox{p: p, in: in}
}

func (b *deleteBox) view(st *Styles, width, height int) string {
	who := personLabel(b.p)
	lines := []string{st.Title.Render("Delete " + who + " for good?"), ""}
	lines = append(lines, wrapped("Deleting cannot be undone: it removes "+clean(b.p.Name)+"'s sessions, packages, invoices, notes and contact links (R19). To keep their data, deactivate instead (d).", 0, width, st.Warn)...)
	lines = append(lines, "", st.Value.Render("Type the handle "+clean(b.p.Handle)+" to confirm:"))
	b.in.Width = max(width-4, 1)
	lines = append(lines, trunc(b.in.View(), width))
	if b.err != "" {
		lines = append(lines, "")
		lines = append(lines, wrapped(b.err, 0, width, st.StatusError)...)
	}
	return fitLines(strings.Join(lines, "\n"), width, height)
}
