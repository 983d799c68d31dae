package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func homeTeamSpec() ScreenSpec {
	return ScreenSpec{ID: "home", Title: "Home", New: newHomeTeam}
}

// homeTeam is a team member's home: role, pairing pool, effective
// permissions (R10, R15–R18) and their clients by pairing level (R11).
type homeTeam struct {
	page
	// What the home shows of the person's detail, kept without the rest
	// (a coach's detail holds every client they are paired with).
	person     domain.Person
	clients    string // counts by pairing level
	assistants []string
}

func newHomeTeam(c Context) Screen {
	h := &homeTeam{}
	h.page = newPage(c, "Home", h.load, h.body)
	return h
}

func (h *homeTeam) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return h, h.handle(msg) }

func (h *homeTeam) load() error {
	d, err := h.Svc.ShowPerson(h.Who, h.Access().Actor.Handle)
	if err != nil {
		return err
	}
	h.person, h.clients, h.assistants = d.Person, clientCounts(d.Clients), nil
	for _, a := range d.Assistants {
		h.assistants = append(h.assistants, personLabel(a))
	}
	return nil
}

func (h *homeTeam) body(width int) string {
	p := h.person
	d := newDoc(h.Styles, width)
	d.heading(personLabel(p))
	d.blank()
	d.row("Role", roleText(p))
	if p.IsCoach() {
		d.row("Clients", h.clients)
	}
	if len(h.assistants) > 0 {
		d.row("Assistants", strings.Join(h.assistants, ", "))
	}
	d.blank()
	permSections(d, h.Access().Perms())
	return d.String()
}

func roleText(p domain.Person) string {
	switch {
	case p.IsOwner() && p.InPool:
		return "Account owner, holding every permission; in the pairing pool" // R18
	case p.IsOwner():
		return "Account owner, holding every permission; not in the pairing pool" // R18
	case p.TeamRole == domain.RoleCoach:
		return "Team coach, in the pairing pool"
	case p.TeamRole == domain.RoleStaff:
		return "Admin-only staff, never paired with clients" // R10
	}
	return clean(string(p.TeamRole))
}

// clientCounts is "1 primary · 1 view-only", counting a coach's silo.
func clientCounts(ps []domain.PairingView) string {
	n := map[domain.Level]int{}
	for _, p := range ps {
		n[p.Level]++
	}
	var parts []string
	for _, l := range []domain.Level{domain.LevelPrimary, domain.LevelCoaching, domain.LevelView} {
		if n[l] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[l], levelText(l)))
		}
	}
	if len(parts) == 0 {
		return "none paired with you yet"
	}
	return strings.Join(parts, " · ")
}

func levelText(l domain.Level) string {
	if l == domain.LevelView {
		return "view-only"
	}
	return l.String()
}

// permSections lists held permissions under Coaching and Administrative,
// each with its one-line description.
func permSections(d *doc, perms domain.PermSet) {
	for _, group := range []struct {
		title string
		admin bool
	}{{"Coaching permissions", false}, {"Administrative permissions", true}} {
		d.heading(group.title)
		n := 0
		for _, in := range domain.Permissions {
			if in.Admin != group.admin || !perms.Has(in.Perm) {
				continue
			}
			d.item(d.st.Yes.Render("✓"), in.Title+" "+d.st.Subtle.Render("("+string(in.Perm)+")"))
			d.note(in.Description)
			n++
		}
		if n == 0 {
			d.line(d.st.Subtle.Render("  none"))
		}
	}
}
