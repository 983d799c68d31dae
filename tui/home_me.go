package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func homeMeSpec() ScreenSpec {
	return ScreenSpec{ID: "home", Title: "Home", New: newHomeMe}
}

// homeMe is a client's own portal home: their coaches (never view-only
// ones, R14), the primary marked "My coach" (R12), and who may act for
// them with which permissions and until when (R54).
type homeMe struct {
	page
	d domain.PersonDetail
}

func newHomeMe(c Context) Screen {
	h := &homeMe{}
	h.page = newPage(c, "Home", h.load, h.body)
	return h
}

func (h *homeMe) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return h, h.handle(msg) }

func (h *homeMe) load() (err error) {
	h.d, err = h.Svc.ShowPerson(h.Who, h.Access().Actor.Handle)
	return err
}

func (h *homeMe) body(width int) string {
	d := newDoc(h.Styles, width)
	d.heading(personLabel(h.d.Person))
	d.blank()
	d.heading("Your coaches")
	n := 0
	for _, c := range h.d.Coaches { // the domain leaves out view-only coaches (R14)
		if c.Level == domain.LevelPrimary {
			d.item("★", personLabel(c.Coach)+"  "+h.Styles.Accent.Render("My coach"))
		} else {
			d.item("•", personLabel(c.Coach)+"  "+h.Styles.Subtle.Render("coaching"))
		}
		n++
	}
	if n == 0 {
		d.line(h.Styles.Subtle.Render("  no coach yet"))
	}
	d.blank()
	d.heading("Who may act for you")
	if len(h.d.Contacts) == 0 {
		d.line(h.Styles.Subtle.Render("  nobody: no contact is linked to you"))
	}
	for _, l := range h.d.Contacts {
		d.item("•", personLabel(l.Contact))
		d.note(linkText(l))
	}
	d.blank()
	d.indented("", 0, "Contacts never see your coaches' private notes or your coaching conversations.", h.Styles.Subtle) // R31
	return d.String()
}

// linkText is "schedule, billing · no expiry" for one contact link.
func linkText(l domain.LinkView) string {
	perms := "no permissions"
	if len(l.Link.Perms) > 0 {
		perms = clean(strings.Join(l.Link.Perms.Strings(), ", "))
	}
	switch {
	case l.Link.Expires == "":
		return perms + " · no expiry"
	case !l.Live:
		return perms + " · expired after " + clean(l.Link.Expires)
	}
	return perms + " · until " + clean(l.Link.Expires)
}
