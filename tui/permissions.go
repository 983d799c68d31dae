package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// permsView is seed 002's "Manage" of one team member, inside the Team
// screen: their role (team coach or admin-only staff, R10) and the
// permission checklist, Coaching (R15) then Administrative (R16), each item
// with its one-line description. Items that cannot change for this person
// are drawn disabled with the reason; a change saves at once.
type permsView struct {
	Context
	keys   permKeys
	handle string
	v      domain.PermsView
	err    error
	items  []permItem
	cur    int
	top    int // first line of the scrolled checklist
	role   gate
	demote *demotion // before a coach leaves the pairing pool: what goes
}

// permItem is one permission as it stands for the person managed, as the
// domain says (domain.PermItem).
type permItem struct {
	info   domain.PermInfo
	held   bool   // effective: the owner's all, manage_coaches implied by manage_admins
	reason string // why it cannot change; "" when it can
}

type permKeys struct {
	Toggle, Role, Back key.Binding
}

func newPermsView(c Context, handle string) *permsView {
	v := &permsView{Context: c, handle: handle, keys: permKeys{
		Toggle: key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "grant/revoke")),
		Role:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "change role")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to team")),
	}}
	v.load()
	return v
}

func (v *permsView) capturing() bool { return v.demote != nil }

// load reads the person's permissions again, each with whether it can
// change here and why not (the domain decides).
func (v *permsView) load() {
	pv, err := v.Svc.ShowPerms(v.Who, v.handle)
	v.err = err
	v.items = v.items[:0]
	if err != nil {
		v.role = gate{}
		return
	}
	v.v = pv
	p := pv.Person
	for _, it := range pv.Items {
		v.items = append(v.items, permItem{info: it.PermInfo, held: it.Held, reason: it.Lock})
	}
	v.cur = min(max(v.cur, 0), max(len(v.items)-1, 0))
	desc := "make admin-only staff"
	if !p.IsCoach() {
		desc = "make team coach"
	}
	v.role = gate{
		b: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", desc)),
		d: v.Decide(domain.ActPeopleEdit, domain.Target{Person: &p}),
	}
	if p.IsOwner() {
		v.role.b.SetHelp("r", "change role")
	}
}

// update handles a key; done reports the person left the view.
func (v *permsView) update(msg tea.KeyMsg) (done bool, cmd tea.Cmd) {
	if v.demote != nil {
		plan, ok, done := v.demote.update(msg)
		if !done {
			return false, nil
		}
		v.demote = nil
		if !ok {
			return false, Status("Nothing changed")
		}
		return false, v.setRole(false, plan)
	}
	switch {
	case key.Matches(msg, v.keys.Back):
		return true, nil
	case key.Matches(msg, v.keys.Toggle):
		return false, v.toggle()
	case key.Matches(msg, v.keys.Role):
		if !v.role.on() {
			return false, refuse(v.role.d.Reason)
		}
		if p := v.v.Person; p.IsCoach() { // leaving the pool removes pairings: ask first (R10)
			cost, err := v.Svc.PreviewRoleChange(v.Who, p.Handle, false)
			if err != nil {
				return false, Failed(err)
			}
			v.demote = newDemotion(v.Context, cost)
			v.demote.SetSize(v.Width, v.Height)
			return false, nil
		}
		return false, v.setRole(true, domain.SessionsPlan{})
	}
	c := selCursor{n: len(v.items), sel: v.cur}
	if c.move(msg, v.Keys, v.regionHeight()/3) {
		v.cur = c.sel
	}
	return false, nil
}

func (v *permsView) toggle() tea.Cmd {
	if v.cur < 0 || v.cur >= len(v.items) {
		return nil
	}
	it := v.items[v.cur]
	if it.reason != "" {
		return refuse(it.reason)
	}
	p := v.v.Person
	if _, err := v.Svc.ChangePerms(v.Who, p.Handle, !it.held, []string{string(it.info.Perm)}); err != nil {
		return Failed(err)
	}
	v.load()
	if it.held {
		return saved("revoked %s from %s", it.info.Perm, clean(p.Name))
	}
	return saved("granted %s to %s", it.info.Perm, clean(p.Name))
}

func (v *permsView) setRole(coach bool, plan domain.SessionsPlan) tea.Cmd {
	p, err := v.Svc.SetTeamRole(v.Who, v.v.Person.Handle, coach, plan)
	if err != nil {
		return Failed(err)
	}
	v.load()
	if coach {
		return saved("%s is now a team coach, in the pairing pool", clean(p.Name))
	}
	return saved("%s is now admin-only staff, out of the pairing pool", clean(p.Name))
}

func (v *permsView) SetSize(width, height int) {
	v.Common.SetSize(width, height)
	if v.demote != nil {
		v.demote.SetSize(width, height)
	}
}

// The view: a heading and the role line, the scrolled checklist, and one
// or more lines at the bottom (the scroll hint, or the question).
func (v *permsView) bottom() []string { return []string{""} }

func (v *permsView) regionHeight() int { return max(v.Height-2-len(v.bottom()), 1) }

func (v *permsView) View() string {
	if v.demote != nil {
		return v.demote.view()
	}
	w := v.Width
	if v.err != nil {
		d := newDoc(v.Styles, w)
		d.heading("Permissions of " + clean(v.handle))
		d.blank()
		d.indented("", 0, errText(v.err), v.Styles.StatusError)
		d.blank()
		d.line(v.Styles.Subtle.Render("esc: back to the team"))
		return fitLines(d.String(), w, v.Height)
	}
	p := v.v.Person
	head := v.Styles.Title.Render(personLabel(p)) + v.Styles.Subtle.Render(" · permissions and role")
	if !p.Active() {
		head += v.Styles.Warn.Render(" · deactivated")
	}
	role := v.Styles.Label.Render("Role  ") + roleText(p)
	if v.role.on() {
		role += v.Styles.Subtle.Render("  (r: " + v.role.b.Help().Desc + ")")
	}

	body, spans := v.checklist(w)
	h := v.regionHeight()
	if v.cur < len(spans) {
		v.top = scrollTo(v.top, spans[v.cur][0], spans[v.cur][1], h)
	}
	v.top = max(min(v.top, len(body)-h), 0)
	end := min(v.top+h, len(body))
	lines := []string{head, role}
	lines = append(lines, body[v.top:end]...)
	for len(lines) < 2+h {
		lines = append(lines, "")
	}
	var hint []string
	if v.top > 0 {
		hint = append(hint, "↑ more above")
	}
	if below := len(body) - end; below > 0 {
		hint = append(hint, "↓ "+domain.Plural(below, "more line", "more lines"))
	}
	lines = append(lines, v.Styles.Scroll.Render(strings.Join(hint, " · ")))
	return fitLines(strings.Join(lines, "\n"), w, v.Height)
}

// checklist draws every item and returns, per item, its [start, end) lines
// (a group's first item includes the group's heading, so it scrolls in).
func (v *permsView) checklist(width int) ([]string, [][2]int) {
	var lines []string
	spans := make([][2]int, len(v.items))
	const indent = 4
	for i, it := range v.items {
		start := len(lines)
		if i == 0 || it.info.Admin != v.items[i-1].info.Admin {
			if i > 0 {
				lines = append(lines, "")
				start++
			}
			title := "Coaching permissions" // R15
			if it.info.Admin {
				title = "Administrative permissions" // R16
			}
			lines = append(lines, v.Styles.Title.Render(title))
		}
		box := "[ ]"
		if it.held {
			box = "[x]"
		}
		mark, boxSt, titleSt := "  ", v.Styles.Value, v.Styles.Value
		if it.reason != "" {
			boxSt, titleSt = v.Styles.Subtle, v.Styles.Subtle
		}
		if i == v.cur {
			mark = selMark(v.Styles, true)
			if it.reason == "" {
				titleSt = v.Styles.Accent
			}
		}
		lines = append(lines, mark+boxSt.Render(box)+" "+titleSt.Render(it.info.Title)+v.Styles.Subtle.Render(" · "+string(it.info.Perm)))
		lines = append(lines, wrapped(it.info.Description, indent, width, v.Styles.Subtle)...)
		if it.reason != "" {
			lines = append(lines, wrapped("can't change: "+clean(it.reason), indent, width, v.Styles.Warn)...)
		}
		spans[i] = [2]int{start, len(lines)}
	}
	return lines, spans
}

func (v *permsView) ShortHelp() []key.Binding {
	if v.demote != nil {
		return v.demote.help()
	}
	b := []key.Binding{v.Keys.Up, v.Keys.Down}
	if v.cur < len(v.items) && v.items[v.cur].reason == "" {
		b = append(b, v.keys.Toggle)
	}
	b = append(b, allowedKeys(v.role)...)
	return append(b, v.keys.Back)
}

func (v *permsView) FullHelp() [][]key.Binding {
	if v.demote != nil {
		return [][]key.Binding{v.demote.help(), {v.Keys.Up, v.Keys.Down}}
	}
	return [][]key.Binding{
		{v.Keys.Up, v.Keys.Down, v.Keys.PageUp, v.Keys.Top, v.Keys.Bottom},
		append([]key.Binding{v.keys.Toggle}, allowedKeys(v.role)...),
		{v.keys.Back},
		hiddenHelp(v.Width, v.role),
	}
}
