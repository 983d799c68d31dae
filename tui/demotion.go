package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// demotion asks before a team coach is made admin-only staff (R10), and
// says exactly what goes: every pairing, every coaching permission, and
// the upcoming sessions they could no longer hold — as the domain's
// preview (PreviewRoleChange) lists them, the same list the command's
// --preview prints and the audit entry records. With sessions at stake
// the person chooses: cancel them, move them to a coach who can take
// them all, or change nothing.
type demotion struct {
	Context
	cost   domain.RoleChange
	moveTo domain.Person // who could take every session over; zero if nobody
	top    int
	keys   struct{ yes, cancel, move, no key.Binding }
}

func newDemotion(c Context, cost domain.RoleChange) *demotion {
	d := &demotion{Context: c, cost: cost}
	d.keys.yes = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "make them staff"))
	d.keys.cancel = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "staff, sessions cancelled"))
	d.keys.move = key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "staff, sessions moved"))
	d.keys.no = key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "change nothing"))
	if len(cost.Sessions) > 0 {
		d.moveTo = d.oneTaker()
		d.keys.move.SetHelp("m", "staff, sessions to "+firstName(d.moveTo.Name))
	}
	return d
}

// oneTaker is the coach who could take over every session at stake: the
// primary coach all their clients share, if they share one.
func (d *demotion) oneTaker() domain.Person {
	var taker domain.Person
	for _, s := range d.cost.Sessions {
		ps, err := d.Svc.Pairings(d.Who, domain.PairingQuery{Client: s.Client.Handle})
		if err != nil {
			return domain.Person{}
		}
		var primary domain.Person
		for _, p := range ps {
			if p.Level == domain.LevelPrimary {
				primary = p.Coach
			}
		}
		switch {
		case primary.ID == 0 || primary.ID == d.cost.Person.ID:
			return domain.Person{}
		case taker.ID == 0:
			taker = primary
		case taker.ID != primary.ID:
			return domain.Person{}
		}
	}
	return taker
}

// update handles a key: plan is what the person chose (ok), or nothing
// was chosen yet; done is true when the question closes either way.
func (d *demotion) update(k tea.KeyMsg) (plan domain.SessionsPlan, ok, done bool) {
	stake := len(d.cost.Sessions) > 0
	switch {
	case key.Matches(k, d.keys.no):
		return plan, false, true
	case !stake && key.Matches(k, d.keys.yes):
		return plan, true, true
	case stake && key.Matches(k, d.keys.cancel):
		return domain.SessionsPlan{Do: domain.SessionsCancel}, true, true
	case stake && d.moveTo.ID != 0 && key.Matches(k, d.keys.move):
		return domain.SessionsPlan{Do: domain.SessionsMove, To: d.moveTo.Handle}, true, true
	case key.Matches(k, d.Keys.Down):
		d.top++
	case key.Matches(k, d.Keys.Up):
		d.top--
	}
	return plan, false, false
}

func (d *demotion) lines() []string {
	st, w := d.Styles, d.Width
	c := d.cost
	name := clean(c.Person.Name)
	out := []string{st.Title.Render("Make " + personLabel(c.Person) + " admin-only staff?")}
	out = append(out, wrapped(name+" leaves the pairing pool. This goes, and is written to the audit log so it can be put back by hand:", 0, w, st.Warn)...)
	out = append(out, "", st.Label.Render("Pairings"+count(len(c.Pairings), "client", "clients")))
	if len(c.Pairings) == 0 {
		out = append(out, st.Subtle.Render("  none"))
	}
	for _, p := range c.Pairings {
		out = append(out, trunc("  • "+levelText(p.Level)+" access to "+personLabel(p.Client), w))
	}
	out = append(out, "", st.Label.Render("Coaching permissions"+count(len(c.Perms), "permission", "permissions")))
	if len(c.Perms) == 0 {
		out = append(out, st.Subtle.Render("  none"))
	}
	for _, perm := range c.Perms {
		title := string(perm)
		for _, in := range domain.Permissions {
			if in.Perm == perm {
				title = in.Title + st.Subtle.Render(" · "+string(perm))
			}
		}
		out = append(out, trunc("  • "+title, w))
	}
	if len(c.Sessions) > 0 {
		out = append(out, "", st.Label.Render("Upcoming sessions they could no longer hold"+count(len(c.Sessions), "session", "sessions")))
		for _, s := range c.Sessions {
			out = append(out, trunc(fmt.Sprintf("  • %s with %s (%d min)", s.Start.Format("Mon 2006-01-02 15:04"), personLabel(s.Client), s.Session.Minutes), w))
		}
		out = append(out, wrapped("They cannot stay booked with "+name+": cancel them (credits back, everyone told)"+d.moveText()+", or change nothing.", 0, w, st.Warn)...)
	}
	if len(c.Sessions) > 0 || len(c.Pairings) > 0 {
		out = append(out, "", st.Title.Render("Make "+firstName(c.Person.Name)+" admin-only staff?"))
	}
	return out
}

func (d *demotion) moveText() string {
	if d.moveTo.ID == 0 {
		return ""
	}
	return ", move them to " + clean(d.moveTo.Name)
}

// answer is the last line: the keys of the question.
func (d *demotion) answer() string {
	st := d.Styles
	k := func(b key.Binding) string {
		return st.Accent.Render(b.Help().Key) + st.Subtle.Render(": "+b.Help().Desc)
	}
	var parts []string
	if len(d.cost.Sessions) == 0 {
		parts = append(parts, k(d.keys.yes))
	} else {
		parts = append(parts, k(d.keys.cancel))
		if d.moveTo.ID != 0 {
			parts = append(parts, k(d.keys.move))
		}
	}
	parts = append(parts, k(d.keys.no))
	return trunc(strings.Join(parts, st.Subtle.Render(" · ")), d.Width)
}

func (d *demotion) view() string {
	body := d.lines()
	room := max(d.Height-1, 1)
	if len(body) > room {
		room = max(room-1, 1) // a line says there is more
	}
	d.top = min(max(d.top, 0), max(len(body)-room, 0))
	end := min(d.top+room, len(body))
	shown := append([]string(nil), body[d.top:end]...)
	for len(shown) < room {
		shown = append(shown, "")
	}
	switch {
	case end < len(body):
		shown = append(shown, d.Styles.Scroll.Render("↓ "+domain.Plural(len(body)-end, "more line", "more lines")+": ↓/j"))
	case d.top > 0:
		shown = append(shown, d.Styles.Scroll.Render("↑ more above: ↑/k"))
	}
	return fitLines(strings.Join(append(shown, d.answer()), "\n"), d.Width, d.Height)
}

func (d *demotion) help() []key.Binding {
	if len(d.cost.Sessions) == 0 {
		return []key.Binding{d.keys.yes, d.keys.no}
	}
	b := []key.Binding{d.keys.cancel}
	if d.moveTo.ID != 0 {
		b = append(b, d.keys.move)
	}
	return append(b, d.keys.no)
}

// count is " (3 clients)" after a heading, nothing for none.
func count(n int, one, many string) string {
	if n == 0 {
		return ""
	}
	return " (" + domain.Plural(n, one, many) + ")"
}
