package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func init() { register(40, pairingSpec, domain.WSTeam, domain.WSAssistant) }

func pairingSpec() ScreenSpec {
	return ScreenSpec{ID: "pairing", Title: "Pairing", Available: pairingAvailable, New: newPairing}
}

// pairingAvailable: with manage_pairings every pairing can be changed; a
// team coach without it still sees their own silo, read-only.
func pairingAvailable(c Context) domain.Decision {
	d := c.Decide(domain.ActPairingSet, domain.Target{})
	if d.Allowed {
		return d
	}
	if pr := c.Access().Principal; pr.IsCoach() {
		if own := c.Decide(domain.ActPairingShow, domain.Target{Coach: &pr}); own.Allowed {
			return own
		}
	}
	return d
}

// PairingForMsg asks the pairing screen to show one coach's clients or one
// client's coaches (the seed's "Pairing" button on a coach or a client).
type PairingForMsg struct{ Coach, Client string }

type pairSide int

const (
	byCoach  pairSide = iota // a coach's clients
	byClient                 // a client's coaches
)

// pairingScreen sets who coaches whom, and at what level (R10–R14), from a
// coach's side or a client's. Every change saves at once.
type pairingScreen struct {
	Context
	keys   pairingKeys
	manage domain.Decision // pairing.set: may this workspace change pairings
	side   pairSide
	subj   domain.Person // the coach or client shown
	rows   []domain.PairingView
	cur    selCursor
	err    error

	// choosing the coach or client
	picking bool
	cands   []domain.Person
	more    bool
	pcur    selCursor
	filter  filterBox

	// strand, while set, asks what to do with the upcoming sessions a
	// refused change would leave with a coach who could not hold them.
	strand *strandPrompt

	// pend is a level chosen with ←/→ and not saved yet: it is written
	// once, when the person settles — enter, or leaving the row — so
	// stepping across levels makes one change, not one per step.
	pend *pendingLevel
}

// pendingLevel is the level ←/→ chose for the row of other (a handle).
type pendingLevel struct {
	other string
	lvl   domain.Level
}

// strandPrompt is that question: cancel the sessions, move them to the
// client's primary coach, or leave everything as it is.
type strandPrompt struct {
	r        domain.PairingView
	lvl      domain.Level
	sessions []domain.SessionView
	moveTo   domain.Person // the client's primary; zero when there is none to take them
	keys     struct{ cancel, move, no key.Binding }
}

type pairingKeys struct {
	Left, Right, Primary, Coaching, View, None, Side, Choose, Pick, Back key.Binding
}

func newPairing(c Context) Screen {
	s := &pairingScreen{Context: c, filter: newFilterBox(c.Styles, 60), keys: pairingKeys{
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→/h/l", "choose level")),
		Right:    key.NewBinding(key.WithKeys("right", "l")), // helped with Left
		Primary:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "make primary")),
		Coaching: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "coaching")),
		View:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "view-only")),
		None:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "none")),
		Side:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "switch side")),
		Choose:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "choose another")),
		Pick:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}}
	return s
}

func (s *pairingScreen) Init() tea.Cmd {
	s.manage = s.Decide(domain.ActPairingSet, domain.Target{})
	if s.manage.Allowed {
		s.picking = true
		s.loadCands()
	} else {
		s.subj = s.Access().Principal // read-only: the coach's own silo
		s.loadRows()
	}
	return nil
}

func (s *pairingScreen) Title() string   { return "Pairing" }
func (s *pairingScreen) Capturing() bool { return s.picking && s.filter.typing || s.strand != nil }

func (s *pairingScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

// loadCands lists the coaches or clients to choose from, narrowed by the
// filter. Admin-only staff are never offered (R10).
func (s *pairingScreen) loadCands() {
	capacity, limit := "team", domain.MaxPage
	if s.side == byClient {
		capacity, limit = "client", clientPage
	}
	keep := ""
	if s.pcur.sel < len(s.cands) {
		keep = s.cands[s.pcur.sel].Handle
	}
	ps, err := s.Svc.ListPeople(s.Who, domain.PeopleFilter{Capacity: capacity, Search: s.filter.value(), Limit: limit})
	s.err = err
	s.more = len(ps) == limit
	s.cands = s.cands[:0]
	for _, p := range ps {
		if s.side == byCoach && !p.IsCoach() {
			continue
		}
		if s.side == byClient && !p.Client {
			continue
		}
		s.cands = append(s.cands, p)
	}
	for i, p := range s.cands {
		if p.Handle == keep {
			s.pcur.sel = i
		}
	}
	s.pcur.setLen(len(s.cands))
}

// loadRows reads the subject's pairings: every pool coach for a client,
// every client this workspace sees for a coach (level none included, so
// each row is a full radio choice), in handle order so a change never
// moves a row.
func (s *pairingScreen) loadRows() {
	keep := ""
	if r, ok := s.selected(); ok {
		keep = s.other(r).Handle
	}
	q := domain.PairingQuery{Coach: s.subj.Handle, WithNone: s.manage.Allowed}
	if s.side == byClient {
		q = domain.PairingQuery{Client: s.subj.Handle, WithNone: true}
	}
	ps, err := s.Svc.Pairings(s.Who, q)
	s.err = err
	s.rows = s.rows[:0]
	for _, p := range ps {
		if !p.Coach.IsCoach() {
			continue // R10: admin-only staff are never paired
		}
		s.rows = append(s.rows, p)
	}
	slices.SortFunc(s.rows, func(a, b domain.PairingView) int { return strings.Compare(s.other(a).Handle, s.other(b).Handle) })
	if len(s.rows) > 0 {
		if s.side == byCoach {
			s.subj = s.rows[0].Coach
		} else {
			s.subj = s.rows[0].Client
		}
	}
	for i, r := range s.rows {
		if s.other(r).Handle == keep {
			s.cur.sel = i
		}
	}
	s.cur.setLen(len(s.rows))
}

// other is the row's person: the client on a coach's side, the coach on a
// client's.
func (s *pairingScreen) other(r domain.PairingView) domain.Person {
	if s.side == byCoach {
		return r.Client
	}
	return r.Coach
}

func (s *pairingScreen) selected() (domain.PairingView, bool) {
	if s.picking || s.cur.sel < 0 || s.cur.sel >= len(s.rows) {
		return domain.PairingView{}, false
	}
	return s.rows[s.cur.sel], true
}

func (s *pairingScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.manage = s.Decide(domain.ActPairingSet, domain.Target{})
		if !s.manage.Allowed && (s.picking || s.side != byCoach || s.subj.ID != s.Access().Principal.ID) {
			// manage_pairings went away: back to the own silo, read-only
			s.picking, s.side, s.subj = false, byCoach, s.Access().Principal
			s.rows, s.cur = nil, selCursor{}
		}
		if s.picking {
			s.loadCands()
		} else {
			s.loadRows()
		}
	case PairingForMsg:
		return s, s.open(msg)
	case tea.KeyMsg:
		if s.strand != nil {
			return s, s.strandKey(msg)
		}
		if s.picking {
			return s, s.pickKey(msg)
		}
		return s, s.editKey(msg)
	}
	return s, nil
}

// open shows one coach's or client's pairings.
func (s *pairingScreen) open(m PairingForMsg) tea.Cmd {
	side, h := byCoach, m.Coach
	if m.Client != "" {
		side, h = byClient, m.Client
	}
	if !s.manage.Allowed && (side != byCoach || h != s.Access().Principal.Handle) {
		return refuse(s.manage.Reason)
	}
	s.side, s.picking = side, false
	s.subj = domain.Person{Handle: h, Name: h}
	s.rows, s.cur = nil, selCursor{}
	s.loadRows()
	return nil
}

func (s *pairingScreen) pickKey(msg tea.KeyMsg) tea.Cmd {
	if s.filter.typing {
		if s.filter.update(msg) {
			s.loadCands()
		}
		return nil
	}
	if s.pcur.move(msg, s.Keys, max(s.listHeight(), 1)) {
		return nil
	}
	switch {
	case key.Matches(msg, s.Keys.Filter):
		s.filter.start()
	case key.Matches(msg, s.keys.Side):
		s.switchPicker()
	case key.Matches(msg, s.keys.Back):
		if s.filter.clear() {
			s.loadCands()
		} else if s.subj.Handle != "" {
			s.picking = false
			s.loadRows()
		}
	case key.Matches(msg, s.keys.Pick):
		if s.pcur.sel < len(s.cands) {
			p := s.cands[s.pcur.sel]
			s.subj, s.picking = p, false
			s.rows, s.cur = nil, selCursor{}
			s.loadRows()
		}
	}
	return nil
}

func (s *pairingScreen) switchPicker() {
	s.side = 1 - s.side
	s.filter.clear()
	s.pcur = selCursor{}
	s.subj = domain.Person{}
	s.loadCands()
}

func (s *pairingScreen) editKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Left, s.keys.Right):
		return s.step(key.Matches(msg, s.keys.Left))
	case s.pend != nil && key.Matches(msg, s.keys.Pick):
		return s.settle()
	case s.pend != nil && key.Matches(msg, s.keys.Back):
		s.pend = nil
		return Status("Nothing changed")
	}
	// Any other key settles the level chosen first: leaving the row,
	// switching side, or choosing another level outright.
	var settled tea.Cmd
	if s.pend != nil {
		if key.Matches(msg, s.keys.Primary, s.keys.Coaching, s.keys.View, s.keys.None) {
			s.pend = nil // the key says the level itself
		} else if settled = s.settle(); s.strand != nil {
			return settled // the domain asks about sessions first
		}
	}
	return tea.Batch(settled, s.editKeyNow(msg))
}

// step moves the selected row's chosen level one place: left towards
// primary, right towards none, without saving (see pend).
func (s *pairingScreen) step(left bool) tea.Cmd {
	r, ok := s.selected()
	if !ok {
		return nil
	}
	if !s.manage.Allowed {
		return refuse(s.manage.Reason)
	}
	lvl := r.Level
	if s.pend != nil && s.pend.other == s.other(r).Handle {
		lvl = s.pend.lvl
	}
	switch {
	case left && lvl == domain.LevelCoaching:
		// Making someone primary moves the role away from another
		// coach: it takes its own key, never a stray arrow.
		return refuse(fmt.Sprintf("press p to make %s %s's primary coach", clean(r.Coach.Name), clean(r.Client.Name)))
	case left && lvl == domain.LevelPrimary, !left && lvl == domain.LevelNone:
		return nil
	case !left && lvl == domain.LevelPrimary:
		return s.set(r, domain.LevelCoaching) // the domain says why not (R11)
	case left:
		lvl++
	default:
		lvl--
	}
	s.pend = &pendingLevel{other: s.other(r).Handle, lvl: lvl}
	if lvl == r.Level {
		s.pend = nil
	}
	return nil
}

// settle saves the level chosen with ←/→, if any.
func (s *pairingScreen) settle() tea.Cmd {
	p := s.pend
	s.pend = nil
	if p == nil {
		return nil
	}
	for _, r := range s.rows {
		if s.other(r).Handle == p.other {
			return s.set(r, p.lvl)
		}
	}
	return nil
}

func (s *pairingScreen) editKeyNow(msg tea.KeyMsg) tea.Cmd {
	if s.cur.move(msg, s.Keys, max(s.listHeight(), 1)) {
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Side):
		if !s.manage.Allowed {
			return refuse(s.manage.Reason)
		}
		r, ok := s.selected()
		if !ok {
			s.picking = true
			s.switchPicker()
			return nil
		}
		o := s.other(r)
		s.side = 1 - s.side
		s.subj, s.rows, s.cur = o, nil, selCursor{}
		s.loadRows()
		return nil
	case key.Matches(msg, s.keys.Back) && !s.manage.Allowed:
		return nil // the own silo is all there is
	case key.Matches(msg, s.keys.Choose, s.keys.Back):
		if !s.manage.Allowed {
			return refuse(s.manage.Reason)
		}
		s.picking = true
		s.loadCands()
		if key.Matches(msg, s.keys.Choose) {
			s.filter.start()
		}
		return nil
	}
	r, ok := s.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Primary):
		if r.Level == domain.LevelPrimary {
			return refuse(fmt.Sprintf("%s is already %s's primary coach; to change it, press p on the coach who should take over", clean(r.Coach.Name), clean(r.Client.Name)))
		}
		return s.set(r, domain.LevelPrimary)
	case key.Matches(msg, s.keys.Coaching):
		return s.set(r, domain.LevelCoaching)
	case key.Matches(msg, s.keys.View):
		return s.set(r, domain.LevelView)
	case key.Matches(msg, s.keys.None):
		return s.set(r, domain.LevelNone)
	}
	return nil
}

// set saves one level at once; the domain refuses to switch the primary's
// radio off (R11, seed 002: "you have to click change underneath the
// primary coach"), and the row's hint says which key moves it.
func (s *pairingScreen) set(r domain.PairingView, lvl domain.Level) tea.Cmd {
	if !s.manage.Allowed {
		return refuse(s.manage.Reason)
	}
	if r.Level == lvl {
		return nil
	}
	return s.save(r, lvl, domain.SessionsPlan{})
}

// save asks the domain for the change. When it refuses because the coach
// has upcoming sessions with the client they could no longer hold, the
// screen asks what to do with them and asks the domain again with that.
func (s *pairingScreen) save(r domain.PairingView, lvl domain.Level, plan domain.SessionsPlan) tea.Cmd {
	res, err := s.Svc.SetPairing(s.Who, domain.PairingChange{Coach: r.Coach.Handle, Client: r.Client.Handle, Level: lvl, Sessions: plan})
	if left, ok := domain.SessionsLeft(err); ok && plan.Do == domain.SessionsRefuse {
		s.strand = s.newStrand(r, lvl, left)
		return nil
	}
	if err != nil {
		return Failed(err)
	}
	s.loadRows()
	return saved("%s", pairingText(res))
}

func (s *pairingScreen) newStrand(r domain.PairingView, lvl domain.Level, left []domain.SessionView) *strandPrompt {
	p := &strandPrompt{r: r, lvl: lvl, sessions: left}
	if ps, err := s.Svc.Pairings(s.Who, domain.PairingQuery{Client: r.Client.Handle}); err == nil {
		for _, x := range ps {
			if x.Level == domain.LevelPrimary && x.Coach.ID != r.Coach.ID {
				p.moveTo = x.Coach
			}
		}
	}
	p.keys.cancel = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cancel them"))
	p.keys.move = key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "move them"))
	p.keys.no = key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "change nothing"))
	return p
}

func (s *pairingScreen) strandKey(msg tea.KeyMsg) tea.Cmd {
	p := s.strand
	switch {
	case key.Matches(msg, p.keys.cancel):
		s.strand = nil
		return s.save(p.r, p.lvl, domain.SessionsPlan{Do: domain.SessionsCancel})
	case key.Matches(msg, p.keys.move) && p.moveTo.ID != 0:
		s.strand = nil
		return s.save(p.r, p.lvl, domain.SessionsPlan{Do: domain.SessionsMove, To: p.moveTo.Handle})
	case key.Matches(msg, p.keys.no):
		s.strand = nil
		return Status("Nothing changed")
	}
	return nil
}

// strandLines is the question, under the rows.
func (s *pairingScreen) strandLines() []string {
	p, st, w := s.strand, s.Styles, s.Width
	what, them := "an upcoming session", "it"
	if n := len(p.sessions); n > 1 {
		what, them = fmt.Sprintf("%d upcoming sessions", n), "them"
	}
	q := fmt.Sprintf("%s has %s with %s and could not hold %s with %s access:", clean(p.r.Coach.Name), what, clean(p.r.Client.Name), them, levelText(p.lvl))
	lines := wrapped(q, 0, w, st.Warn)
	for i, v := range p.sessions {
		if i == 3 {
			lines = append(lines, st.Subtle.Render(fmt.Sprintf("  and %d more", len(p.sessions)-i)))
			break
		}
		lines = append(lines, trunc(fmt.Sprintf("  %s (%d min)", v.Start.Format(dayTimeLayout), v.Session.Minutes), w))
	}
	keys := st.Accent.Render("c") + st.Subtle.Render(": cancel (credits back, all told) · ")
	if p.moveTo.ID != 0 {
		keys += st.Accent.Render("m") + st.Subtle.Render(": move to "+clean(p.moveTo.Name)+" · ")
	}
	keys += st.Accent.Render("n") + st.Subtle.Render(": change nothing")
	return append(lines, trunc(keys, w))
}

// pairingText says what a change did, the moved primary included.
func pairingText(res domain.PairingResult) string {
	coach, client := clean(res.Coach.Name), clean(res.Client.Name)
	switch res.To {
	case domain.LevelPrimary:
		t := fmt.Sprintf("%s is now %s's primary coach", coach, client)
		if res.Demoted != nil {
			t += fmt.Sprintf("; %s keeps coaching", clean(res.Demoted.Name))
		}
		return t
	case domain.LevelNone:
		return fmt.Sprintf("%s has no access to %s", coach, client)
	}
	return fmt.Sprintf("%s has %s access to %s", coach, levelText(res.To), client)
}

// Lines around the rows: title and column line above, hint below.
const pairingChrome = 3

func (s *pairingScreen) listHeight() int {
	h := s.Height - pairingChrome
	if s.picking && s.filter.shown() {
		h--
	}
	if s.strand != nil && !s.picking {
		h -= len(s.strandLines()) - 1 // the question takes the hint's line and more
	}
	return h
}

func (s *pairingScreen) View() string {
	var lines []string
	if s.picking {
		lines = s.pickerView()
	} else {
		lines = s.rowsView()
	}
	return fitLines(strings.Join(lines, "\n"), s.Width, s.Height)
}

func (s *pairingScreen) sideWord() (this, that string) {
	if s.side == byCoach {
		return "coach", "client"
	}
	return "client", "coach"
}

func (s *pairingScreen) pickerView() []string {
	st, w := s.Styles, s.Width
	this, that := s.sideWord()
	lines := []string{st.Title.Render("Pairing") + st.Subtle.Render(" · choose a "+this+"  (s: by "+that+" instead)")}
	if s.filter.shown() {
		lines = append(lines, s.filter.view(st, w))
	}
	if s.err != nil {
		return append(lines, st.StatusError.Render(errText(s.err)))
	}
	plural := map[string]string{"coach": "coaches", "client": "clients"}[this]
	lines = append(lines, st.Label.Render(fmt.Sprintf("  %d %s", len(s.cands), plural)))
	lo, hi := s.pcur.window(s.listHeight())
	for i := lo; i < hi; i++ {
		p := s.cands[i]
		label := personLabel(p)
		if !p.Active() {
			label += st.Subtle.Render(" · deactivated")
		}
		if i == s.pcur.sel {
			lines = append(lines, st.Accent.Render(cursorGlyph+" "+personLabel(p))+strings.TrimPrefix(label, personLabel(p)))
		} else {
			lines = append(lines, "  "+label)
		}
	}
	if len(s.cands) == 0 {
		lines = append(lines, st.Subtle.Render("  nobody matches"))
	}
	for len(lines) < s.Height-1 {
		lines = append(lines, "")
	}
	hint := "enter: show their pairings"
	if s.more {
		hint = "Showing the first matches: / narrows"
	}
	return append(lines, st.Subtle.Render(hint))
}

// radioWidth is the width of the four radios with labels, and without.
const (
	radioWide    = 50 // "(•) primary  ( ) coaching  ( ) view-only  ( ) none"
	radioCompact = 15 // "(•) ( ) ( ) ( )"
)

func (s *pairingScreen) rowsView() []string {
	st, w := s.Styles, s.Width
	this, that := s.sideWord()
	title := st.Title.Render("Pairing · by "+this+": ") + st.Accent.Render(personLabel(s.subj))
	if !s.manage.Allowed {
		title += st.Subtle.Render(" · read-only")
	} else {
		title += st.Subtle.Render("  (s: by " + that + ")")
	}
	lines := []string{title}
	if s.err != nil {
		return append(lines, st.StatusError.Render(errText(s.err)))
	}
	wide := w >= 2+24+radioWide
	radio := radioCompact
	if wide {
		radio = radioWide
	}
	nameW := max(w-2-radio, 8)
	head := "  " + cell(strings.ToUpper(that[:1])+that[1:], nameW)
	if !wide {
		head += " P   C   V   N"
	}
	lines = append(lines, st.Label.Render(head))
	lo, hi := s.cur.window(s.listHeight())
	for i := lo; i < hi; i++ {
		r := s.rows[i]
		o := s.other(r)
		label := personLabel(o)
		if !o.Active() {
			label += " · deactivated"
		}
		name := cell(label, nameW)
		mark := "  "
		if i == s.cur.sel {
			mark, name = selMark(st, true), st.Accent.Render(name)
		}
		lvl := r.Level
		if s.pend != nil && s.pend.other == o.Handle {
			lvl = s.pend.lvl
		}
		lines = append(lines, mark+name+s.radios(lvl, wide))
	}
	if len(s.rows) == 0 {
		none := "  no " + that + "s"
		if s.side == byCoach {
			none = "  no clients paired"
		}
		lines = append(lines, st.Subtle.Render(none))
	}
	foot := []string{s.rowsHint()}
	if s.strand != nil {
		foot = s.strandLines()
	}
	for len(lines) < s.Height-len(foot) {
		lines = append(lines, "")
	}
	return append(lines, foot...)
}

func (s *pairingScreen) radios(l domain.Level, wide bool) string {
	var parts []string
	// the radio choices, left to right
	for _, x := range []domain.Level{domain.LevelPrimary, domain.LevelCoaching, domain.LevelView, domain.LevelNone} {
		r := "( )"
		if x == l {
			r = s.Styles.Accent.Render("(•)")
		}
		if wide {
			r += " " + levelText(x)
		}
		parts = append(parts, r)
	}
	if wide {
		return strings.Join(parts, "  ")
	}
	return strings.Join(parts, " ")
}

// rowsHint is the last line: read-only and why, or what the selected row
// allows (the primary says it cannot be switched off).
func (s *pairingScreen) rowsHint() string {
	st := s.Styles
	if !s.manage.Allowed {
		return st.Subtle.Render("Read-only: " + clean(s.manage.Reason))
	}
	r, ok := s.selected()
	if !ok {
		return ""
	}
	if p := s.pend; p != nil {
		return st.Warn.Render("Not saved yet: " + levelText(p.lvl) + " for " + clean(s.other(r).Name) + " · enter or moving on saves it, esc puts it back")
	}
	if r.Level == domain.LevelPrimary {
		if s.side == byCoach {
			return st.Warn.Render("Primary cannot be switched off; change it from the client's side: s, then p") // R11
		}
		return st.Warn.Render("Primary cannot be switched off: press p on another coach to change it") // R11
	}
	if s.side == byClient && r.Level == domain.LevelView {
		return st.Subtle.Render("View-only coaches are invisible to the client") // R14
	}
	return st.Subtle.Render("←/→ choose the level, saved on enter or moving on; c v n save it at once; p makes primary")
}

func (s *pairingScreen) ShortHelp() []key.Binding {
	if p := s.strand; p != nil {
		b := []key.Binding{p.keys.cancel}
		if p.moveTo.ID != 0 {
			b = append(b, p.keys.move)
		}
		return append(b, p.keys.no)
	}
	if s.picking {
		if s.filter.typing {
			return s.filter.typingHelp()
		}
		b := []key.Binding{s.Keys.Up, s.Keys.Down, s.keys.Pick, s.Keys.Filter, s.keys.Side}
		if s.filter.applied() {
			b = append(b, filterClearKey)
		}
		return b
	}
	if s.pend != nil {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save the level")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "put it back")),
			s.keys.Left,
		}
	}
	b := []key.Binding{s.Keys.Up, s.Keys.Down}
	if s.manage.Allowed {
		b = append(b, s.keys.Left, s.keys.Primary, s.keys.Side, s.keys.Choose)
	}
	return b
}

func (s *pairingScreen) FullHelp() [][]key.Binding {
	move := []key.Binding{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.Keys.Top, s.Keys.Bottom}
	if s.picking {
		if s.filter.typing {
			return [][]key.Binding{s.filter.typingHelp()}
		}
		return [][]key.Binding{move, {s.keys.Pick, s.Keys.Filter, s.keys.Side, s.keys.Back}}
	}
	edit := []gate{
		{s.keys.Left, s.manage}, {s.keys.Right, s.manage}, {s.keys.Primary, s.manage},
		{s.keys.Coaching, s.manage}, {s.keys.View, s.manage}, {s.keys.None, s.manage},
		{s.keys.Side, s.manage}, {s.keys.Choose, s.manage},
	}
	// Refused, every edit key answers with the same reason: one line says it.
	var ks []string
	for _, g := range edit {
		ks = append(ks, g.b.Keys()...)
	}
	all := key.NewBinding(key.WithKeys(ks...), key.WithHelp("←/→/h/l p c v n s /", "change pairings"))
	return [][]key.Binding{move, allowedKeys(edit...), hiddenHelp(s.Width, gate{all, s.manage})}
}
