package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

func init() { register(30, teamSpec, domain.WSTeam, domain.WSAssistant) }

// teamSpec: the team's coaches and staff (R10, R15–R18). Any team-side
// workspace may list the team; what it may see and change of each person's
// permissions is decided per person by the domain.
func teamSpec() ScreenSpec {
	return ScreenSpec{ID: "team", Title: "Team", Needs: domain.ActPeopleList, New: newTeam}
}

// teamRow is one team member and whether this workspace may see (and so
// manage) their permissions.
type teamRow struct {
	p     domain.Person
	perms domain.Decision // perms.show for this person
}

// teamScreen lists the team; enter opens one person's permission checklist
// (permissions.go).
type teamScreen struct {
	Context
	modalHost // adding someone; "invite?"
	keys      teamKeys
	people    []teamRow
	more      bool // the page was full
	err       error
	cur       selCursor
	perms     *permsView // non-nil while managing someone
	// gates for the selected row, and for adding someone
	manage, pairing, add, remove gate
	invite                       personInvite
}

type teamKeys struct {
	Manage, Pairing, Add, Invite, Delete key.Binding
}

func newTeam(c Context) Screen {
	s := &teamScreen{Context: c, keys: teamKeys{
		Manage:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "manage")),
		Pairing: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pairing")),
		Add:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add team member")),
		Invite:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite")),
		Delete:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
	}}
	s.onClose = s.load
	return s
}

func (s *teamScreen) Init() tea.Cmd {
	s.load()
	return nil
}

func (s *teamScreen) Title() string { return "Team" }

func (s *teamScreen) Capturing() bool {
	return s.modalOpen() || s.perms != nil && s.perms.capturing()
}

func (s *teamScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
	if s.perms != nil {
		s.perms.SetSize(width, height)
	}
}

// load reads the team again, keeping the cursor on the same person.
func (s *teamScreen) load() {
	keep := s.selectedHandle()
	ps, err := s.Svc.ListPeople(s.Who, domain.PeopleFilter{Capacity: "team", Limit: domain.MaxPage})
	s.err = err
	s.people = s.people[:0]
	s.more = len(ps) == domain.MaxPage
	for _, p := range ps {
		if !p.IsTeam() {
			continue
		}
		s.people = append(s.people, teamRow{p: p, perms: s.Decide(domain.ActPermsShow, domain.Target{Person: &p})})
	}
	for i, r := range s.people {
		if r.p.Handle == keep {
			s.cur.sel = i
		}
	}
	s.cur.setLen(len(s.people))
	s.decideRow()
}

func (s *teamScreen) selectedHandle() string {
	if r, ok := s.selected(); ok {
		return r.p.Handle
	}
	return ""
}

func (s *teamScreen) selected() (teamRow, bool) {
	if s.cur.sel < 0 || s.cur.sel >= len(s.people) {
		return teamRow{}, false
	}
	return s.people[s.cur.sel], true
}

// decideRow asks the domain what the selected person offers.
// Asked at every move of the selection, so all in one read.
func (s *teamScreen) decideRow() {
	asks := []domain.Ask{
		{Act: domain.ActPeopleAdd, Target: domain.Target{Capacity: domain.AsCoach}},
		{Act: domain.ActPeopleAdd, Target: domain.Target{Capacity: domain.AsStaff}},
	}
	r, ok := s.selected()
	if ok {
		asks = append(asks, domain.Ask{Act: domain.ActPeopleDelete, Target: domain.Target{Person: &r.p}})
		asks = append(asks, inviteAsks(&r.p)...)
		if r.p.IsCoach() {
			asks = append(asks, domain.Ask{Act: domain.ActPairingSet, Target: domain.Target{Coach: &r.p}})
		}
	}
	ds := s.DecideAll(asks...)
	s.add = gate{b: s.keys.Add, d: ds[0]}
	if !s.add.on() {
		s.add.d = ds[1]
	}
	if !ok {
		s.manage, s.pairing, s.remove, s.invite = gate{}, gate{}, gate{}, personInvite{}
		return
	}
	s.remove = gate{b: s.keys.Delete, d: ds[2]}
	s.invite = invitePick(s.keys.Invite, r.p, ds[3], ds[4])
	s.manage = gate{b: s.keys.Manage, d: r.perms}
	if r.p.IsCoach() {
		s.pairing = gate{b: s.keys.Pairing, d: ds[5]}
	} else {
		s.pairing = gate{b: s.keys.Pairing, d: domain.Decision{Reason: clean(r.p.Name) + " is not in the pairing pool"}} // R10
	}
}

func (s *teamScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
		if s.perms != nil {
			s.perms.load()
		}
		return s, nil
	case tea.KeyMsg:
		if s.perms != nil {
			done, cmd := s.perms.update(msg)
			if done {
				s.perms = nil
				s.load()
			}
			return s, cmd
		}
		if cmd, ok := s.handleModal(msg); ok {
			return s, cmd
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *teamScreen) key(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, s.keys.Add) {
		if !s.add.on() {
			return refuse(s.add.d.Reason)
		}
		s.openPane(teamMemberForm(s.Context))
		return nil
	}
	page := max(s.listHeight(), 1)
	if s.cur.move(msg, s.Keys, page) {
		s.decideRow()
		return nil
	}
	r, ok := s.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Manage):
		if !s.manage.on() {
			return refuse(s.manage.d.Reason)
		}
		s.perms = newPermsView(s.Context, r.p.Handle)
		s.perms.SetSize(s.Width, s.Height)
		return nil
	case key.Matches(msg, s.keys.Pairing):
		if !s.pairing.on() {
			return refuse(s.pairing.d.Reason)
		}
		return Goto("pairing", PairingForMsg{Coach: r.p.Handle})
	case key.Matches(msg, s.keys.Invite):
		return s.invite.ask(s.Context, &s.modalHost)
	case key.Matches(msg, s.keys.Delete):
		if !s.remove.on() {
			return refuse(s.remove.d.Reason)
		}
		s.openPane(deletePersonForm(s.Context, r.p, "Deleting cannot be undone: "+clean(r.p.Name)+"'s pairings, permissions and keys go; past sessions stay with their clients. Sessions still to come are moved or cancelled first, and a primary coach is replaced first.")) // R19, R11
	}
	return nil
}

// Lines above and below the rows: title, column heads; the hint.
const teamChrome = 3

func (s *teamScreen) listHeight() int { return s.Height - teamChrome + 1 - len(s.bottom()) }

func (s *teamScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	if s.perms != nil {
		return s.perms.View()
	}
	w := s.Width
	var lines []string
	title := s.Styles.Title.Render("Team") + s.Styles.Subtle.Render(" · "+domain.Plural(len(s.people), "person", "people"))
	lines = append(lines, title)
	if s.err != nil {
		lines = append(lines, s.Styles.StatusError.Render(errText(s.err)))
		return fitLines(strings.Join(lines, "\n"), w, s.Height)
	}
	nameW, roleW := teamCols(w)
	lines = append(lines, s.Styles.Label.Render("  "+cell("Name", nameW)+cell("Role", roleW)+"Permissions"))
	lo, hi := s.cur.window(s.listHeight())
	for i := lo; i < hi; i++ {
		r := s.people[i]
		role := roleShort(r.p)
		if !r.p.Active() {
			role = "deactivated" // the role shows under enter
		}
		summary := s.Styles.Subtle.Render("—") // not this workspace's to see; the hint says why
		if r.perms.Allowed {
			summary = permSummary(r.p)
		}
		name := cell(personLabel(r.p), nameW) + cell(role, roleW)
		prefix := "  "
		if i == s.cur.sel {
			prefix, name = selMark(s.Styles, true), s.Styles.Accent.Render(name)
		}
		lines = append(lines, prefix+name+summary)
	}
	bottom := s.bottom()
	for len(lines) < s.Height-len(bottom) {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	return fitLines(strings.Join(lines, "\n"), w, s.Height)
}

// bottom is the last lines: an open question, or the hint.
func (s *teamScreen) bottom() []string {
	if q := s.confirmLines(s.Styles, s.Width); len(q) > 0 {
		return q
	}
	return []string{s.hint()}
}

// hint is the last line: what enter does here, or why it does not.
func (s *teamScreen) hint() string {
	r, ok := s.selected()
	switch {
	case !ok:
		return s.Styles.Subtle.Render("Nobody on the team yet.")
	case s.more:
		return s.Styles.Subtle.Render(fmt.Sprintf("Showing the first %d team members.", domain.MaxPage))
	case !s.manage.on():
		return s.Styles.Subtle.Render(clean(r.p.Name) + ": " + clean(s.manage.d.Reason))
	}
	return s.Styles.Subtle.Render("enter: permissions and role of " + clean(r.p.Name))
}

func teamCols(w int) (name, role int) {
	name = min(max(w*2/5, 12), 30)
	role = 13
	return name, role
}

// roleShort is the role column: owner, team coach, admin-only.
func roleShort(p domain.Person) string {
	switch {
	case p.IsOwner():
		return "owner"
	case p.IsCoach():
		return "team coach"
	case p.TeamRole == domain.RoleStaff:
		return "admin-only"
	}
	return clean(string(p.TeamRole))
}

// permSummary is "2 coaching, 4 admin: schedule_own, …" for one person.
func permSummary(p domain.Person) string {
	if p.IsOwner() {
		return "every permission" // R18
	}
	eff := p.EffectivePerms()
	if len(eff) == 0 {
		return "no permissions"
	}
	admin := len(eff.Admin())
	var counts []string
	if n := len(eff) - admin; n > 0 {
		counts = append(counts, fmt.Sprintf("%d coaching", n))
	}
	if admin > 0 {
		counts = append(counts, fmt.Sprintf("%d admin", admin))
	}
	return strings.Join(counts, ", ") + ": " + clean(strings.Join(eff.Strings(), ", "))
}

func (s *teamScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	if s.perms != nil {
		return s.perms.ShortHelp()
	}
	b := []key.Binding{s.Keys.Up, s.Keys.Down}
	return append(b, allowedKeys(s.gates()...)...)
}

func (s *teamScreen) gates() []gate {
	return []gate{s.manage, s.pairing, s.invite.gate, s.add, s.remove}
}

func (s *teamScreen) FullHelp() [][]key.Binding {
	if b, ok := s.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	if s.perms != nil {
		return s.perms.FullHelp()
	}
	return [][]key.Binding{
		moveKeys(s.Keys),
		allowedKeys(s.gates()...),
		hiddenHelp(s.Width, s.gates()...),
	}
}

// --- shared by the team workspace's screens (clients, team, pairing)

// gate is one action a screen may offer: its key and the domain's decision
// about it now. Allowed gates go to the footer; refused ones are listed in
// the full help with the reason.
type gate struct {
	b key.Binding
	d domain.Decision
}

func (g gate) on() bool { return g.d.Allowed }

// allowedKeys are the bindings of the gates the domain allows.
func allowedKeys(gs ...gate) []key.Binding {
	var out []key.Binding
	for _, g := range gs {
		if g.on() && g.b.Enabled() {
			out = append(out, g.b)
		}
	}
	return out
}

// hiddenHelp lists the refused gates for the full help: "a  ✗ add client:
// <reason>". The root draws a key column of 11 cells and then the text,
// in a column beside the global keys (about 30 cells) when it fits; so the
// text wraps to what is left, its later lines indented under the first.
func hiddenHelp(width int, gs ...gate) []key.Binding {
	const keyCol, besides = 11, 31
	textW := max(width-besides-keyCol, 30)
	var out []key.Binding
	for _, g := range gs {
		if g.on() || !g.b.Enabled() || g.d.Reason == "" {
			continue
		}
		h := g.b.Help()
		text := "✗ " + h.Desc + ": " + clean(g.d.Reason)
		lines := strings.Split(ansi.Wrap(text, textW, ""), "\n")
		if len(lines) > 1 {
			// Every line of the text is padded to the widest, so the later
			// ones, indented, must be no wider than the first.
			tail := strings.Split(ansi.Wrap(strings.Join(lines[1:], " "), textW-keyCol, ""), "\n")
			for i := range tail {
				tail[i] = strings.Repeat(" ", keyCol) + tail[i]
			}
			lines = append(lines[:1], tail...)
		}
		out = append(out, key.NewBinding(key.WithKeys(g.b.Keys()...), key.WithHelp(h.Key, strings.Join(lines, "\n"))))
	}
	return out
}

// refuse shows a refusal the screen worked out itself (the domain's reason
// from Decide, or a rule of the screen) in the status line.
func refuse(reason string) tea.Cmd {
	msg := StatusMsg{Text: clean(reason), Err: true}
	return func() tea.Msg { return msg }
}

// refreshAll tells every screen of the workspace to reload after a change
// this session made: the change feed tells the people a change is about,
// and the actor is not always one of them.
func refreshAll() tea.Msg { return RefreshMsg{} }

// saved is what a successful change returns: the status line, and a reload
// of every screen of the workspace.
func saved(format string, a ...any) tea.Cmd {
	return tea.Batch(Status("Saved: "+format, a...), refreshAll)
}
