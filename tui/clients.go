package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func init() { register(10, clientsSpec, domain.WSTeam, domain.WSAssistant) }

// clientPage bounds one read of a client list: a large organisation is
// narrowed with the filter, never read whole.
const clientPage = 50

func clientsSpec() ScreenSpec {
	return ScreenSpec{ID: "clients", Title: "Clients", Needs: domain.ActPeopleList, New: newClients}
}

// clientRow is one client with their primary coach (R12), "" where this
// workspace may not see the pairing.
type clientRow struct {
	p       domain.Person
	primary string
}

// clientsScreen is the team's client list: filter, add (R20), deactivate
// and reactivate (R19), delete with the handle typed (R19), open the file.
// What it offers follows the domain's decisions for the selected client.
type clientsScreen struct {
	Context
	modalHost // the add and delete forms
	keys      clientKeys
	rows      []clientRow
	more      bool     // there are clients after this page
	after     string   // the page starts after this handle ("" for the first)
	prevs     []string // where the earlier pages started, for going back
	err       error
	cur       selCursor
	filter    filterBox

	add, open, deactivate, reactivate, remove, pairing gate
	invite                                             personInvite // i: invitation or recovery code for the selected client
}

type clientKeys struct {
	Open, Add, Deactivate, Reactivate, Delete, Pairing, Invite key.Binding
	NextPage, PrevPage                                         key.Binding
}

func newClients(c Context) Screen {
	s := &clientsScreen{Context: c, filter: newFilterBox(c.Styles, 60), keys: clientKeys{
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open file")),
		Add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add client")),
		Deactivate: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "deactivate")),
		Reactivate: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reactivate")),
		Delete:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		Pairing:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pairing")),
		Invite:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite")),
		NextPage:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next page")),
		PrevPage:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous page")),
	}}
	s.onClose = s.load
	return s
}

func (s *clientsScreen) Init() tea.Cmd {
	s.load()
	return nil
}

func (s *clientsScreen) Title() string { return "Clients" }

func (s *clientsScreen) Capturing() bool { return s.filter.typing || s.modalOpen() }

func (s *clientsScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

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
			s.cur.sel = i
		}
	}
	s.cur.setLen(len(s.rows))
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
	if s.cur.sel < 0 || s.cur.sel >= len(s.rows) {
		return clientRow{}, false
	}
	return s.rows[s.cur.sel], true
}

func (s *clientsScreen) selectedHandle() string {
	if r, ok := s.selected(); ok {
		return r.p.Handle
	}
	return ""
}

// decide asks the domain what the workspace may do now, to the selected
// client: the keys it offers, and the reasons for the ones it does not.
// Asked at every move of the selection, so all in one read.
func (s *clientsScreen) decide() {
	add := domain.Ask{Act: domain.ActPeopleAdd, Target: domain.Target{Capacity: domain.AsClient}}
	r, ok := s.selected()
	if !ok {
		s.add = gate{s.keys.Add, s.DecideAll(add)[0]}
		s.open, s.deactivate, s.reactivate, s.remove, s.pairing = gate{}, gate{}, gate{}, gate{}, gate{}
		s.invite = personInvite{}
		return
	}
	p := r.p
	status := domain.ActPeopleDeactivate
	if !p.Active() {
		status = domain.ActPeopleReactivate
	}
	ds := s.DecideAll(append([]domain.Ask{add,
		{Act: status, Target: domain.Target{Person: &p}},
		{Act: domain.ActPeopleDelete, Target: domain.Target{Person: &p}},
		{Act: domain.ActPairingSet, Target: domain.Target{Client: &p}},
	}, inviteAsks(&p)...)...)
	s.add = gate{s.keys.Add, ds[0]}
	s.open = gate{s.keys.Open, domain.Decision{Allowed: true}} // the file decides what it shows
	s.deactivate, s.reactivate = gate{}, gate{}
	if p.Active() {
		s.deactivate = gate{s.keys.Deactivate, ds[1]}
	} else {
		s.reactivate = gate{s.keys.Reactivate, ds[1]}
	}
	s.remove = gate{s.keys.Delete, ds[2]}
	s.pairing = gate{s.keys.Pairing, ds[3]}
	s.invite = invitePick(s.keys.Invite, p, ds[4], ds[5])
}

func (s *clientsScreen) gates() []gate {
	return []gate{s.open, s.add, s.deactivate, s.reactivate, s.remove, s.pairing, s.invite.gate}
}

func (s *clientsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
		if f, ok := s.pane.(*form); ok {
			f.refresh()
		}
	case tea.KeyMsg:
		if cmd, ok := s.handleModal(msg); ok {
			return s, cmd
		}
		return s, s.listKey(msg)
	}
	return s, nil
}

func (s *clientsScreen) listKey(msg tea.KeyMsg) tea.Cmd {
	if s.filter.typing {
		if s.filter.update(msg) {
			s.cur, s.after, s.prevs = selCursor{}, "", nil
			s.loadKeeping("")
		}
		return nil
	}
	if s.cur.move(msg, s.Keys, max(s.listHeight(), 1)) {
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
			s.cur = selCursor{}
			s.loadKeeping("")
		}
		return nil
	case key.Matches(msg, s.keys.PrevPage):
		if n := len(s.prevs); n > 0 {
			s.after, s.prevs = s.prevs[n-1], s.prevs[:n-1]
			s.cur = selCursor{}
			s.loadKeeping("")
		}
		return nil
	case key.Matches(msg, s.keys.Add):
		if !s.add.on() {
			return refuse(s.add.d.Reason)
		}
		s.openPane(s.addForm())
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
	case key.Matches(msg, s.keys.Invite):
		return s.invite.ask(s.Context, &s.modalHost)
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
		s.openPane(s.deleteForm(p))
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

// Lines around the rows: title, column heads above; the hint below.
const clientsChrome = 3

func (s *clientsScreen) listHeight() int {
	h := s.Height - clientsChrome + 1 - len(s.bottom())
	if s.filter.shown() {
		h--
	}
	return h
}

func (s *clientsScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st, w := s.Styles, s.Width
	count := fmt.Sprintf(" · %d shown", len(s.rows))
	if f := s.filter.value(); f != "" {
		count += fmt.Sprintf(" matching %q", clean(f))
	}
	lines := []string{st.Title.Render("Clients") + st.Subtle.Render(count)}
	if s.filter.shown() {
		lines = append(lines, s.filter.view(st, w))
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
	lo, hi := s.cur.window(s.listHeight())
	for i := lo; i < hi; i++ {
		r := s.rows[i]
		status := string(r.p.Status)
		statusSt := st.Value
		if !r.p.Active() {
			statusSt = st.Warn
		}
		left := cell(clean(r.p.Handle), handleW) + cell(clean(r.p.Name), nameW)
		mark := "  "
		if i == s.cur.sel {
			mark, left = selMark(st, true), st.Accent.Render(left)
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
	bottom := s.bottom()
	for len(lines) < s.Height-len(bottom) {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	return fitLines(strings.Join(lines, "\n"), w, s.Height)
}

// bottom is the last lines: an open question, or the hint.
func (s *clientsScreen) bottom() []string {
	if q := s.confirmLines(s.Styles, s.Width); len(q) > 0 {
		return q
	}
	return []string{s.hint()}
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
	if b, ok := s.modalHelp(); ok {
		return b
	}
	if s.filter.typing {
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
		b = append(b, filterClearKey)
	}
	return b
}

func (s *clientsScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() || s.filter.typing {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{
		append(moveKeys(s.Keys), s.Keys.Filter, s.keys.NextPage, s.keys.PrevPage),
		allowedKeys(s.gates()...),
		hiddenHelp(s.Width, s.gates()...),
	}
}

// addForm adds a client: handle, name, email and the primary coach (R11).
// A coach adding with manage_own_clients alone becomes the primary
// themself (R20): the form says so and offers no choice.
func (s *clientsScreen) addForm() *form {
	own := false // set by the domain's answer: the adder becomes primary (R20)
	f := newForm(s.Common, "Add a client")
	f.verb, f.cancelled = "add client", "Nothing was added"
	f.text("handle", "Handle", "", "jdoe", domain.MaxHandleLen)
	f.text("name", "Name", "", "Jane Doe", domain.MaxNameLen)
	f.text("email", "Email", "", "jane@example.com", domain.MaxEmailLen)
	primary := f.choice("primary", "Primary coach", nil)
	f.note(`Every client has exactly one primary coach: their "My coach".`) // R11, R12
	names := map[string]string{}                                            // the coaches' names, for the status line
	// reload lists who can be primary: active pool coaches (R10, R11).
	f.reload = func(f *form) {
		pr := s.Access().Principal
		names[pr.Handle] = pr.Name
		ps, fixed, err := s.Svc.NewClientPrimaries(s.Who)
		if err != nil {
			f.err = errText(err)
		}
		if own = fixed; own {
			primary.setChoices([]choiceOpt{{personLabel(pr), pr.Handle}})
			primary.locked = "A client you add is paired with you as primary coach." // R20
			if pr.ID != s.Access().Actor.ID {                                        // an assistant adds for the practitioner
				primary.locked = "A client added here is paired with " + clean(pr.Name) + " as primary coach." // R20
			}
			return
		}
		var opts []choiceOpt
		for _, p := range ps {
			opts = append(opts, choiceOpt{personLabel(p), p.Handle})
			names[p.Handle] = p.Name
		}
		first := primary.choices == nil
		primary.setChoices(opts)
		if first {
			primary.choose(pr.Handle) // the coach adding, if they coach
		}
		primary.note, primary.warn = "", len(opts) == 0
		if len(opts) == 0 {
			primary.note = "no active team coach to be primary"
		}
	}
	f.refresh()
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		in := domain.NewPerson{Handle: f.value("handle"), Name: f.value("name"), Email: f.value("email"), As: domain.AsClient}
		if !own { // with manage_own_clients alone the domain pairs the adder (R20)
			in.Primary = f.value("primary")
		}
		res, err := s.Svc.AddPerson(s.Who, in)
		if err != nil {
			return nil, Failed(err), err
		}
		s.loadKeeping(res.Person.Handle)
		return nil, saved("added %s, primary coach %s", personLabel(res.Person), clean(names[f.value("primary")])), nil
	}
	return f
}

// deleteForm asks for the client's handle before deleting for good (R19).
func (s *clientsScreen) deleteForm(p domain.Person) *form {
	return deletePersonForm(s.Context, p, "Deleting cannot be undone: it removes "+clean(p.Name)+"'s sessions, packages, invoices, notes and contact links. To keep their data, deactivate instead (d).") // R19
}
