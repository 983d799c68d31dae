package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func homeContactSpec() ScreenSpec {
	return ScreenSpec{ID: "home", Title: "Home", New: newHomeContact}
}

// homeContact is an authorised contact's home for one client: whom they
// act for and exactly what this link allows (R30), what it does not — never
// private notes (R31) — and its expiry (R38). It shows only the workspace's
// own client (R32); everything comes from the checked access.
type homeContact struct {
	page
	a    *domain.Access
	todo []domain.PaperView // forms to fill in, with the forms permission (file_papers.go)
}

func newHomeContact(c Context) Screen {
	h := &homeContact{}
	h.page = newPage(c, "Home", h.load, h.body)
	return h
}

func (h *homeContact) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return h, h.handle(msg) }

func (h *homeContact) load() (err error) {
	h.a = h.Access()
	h.todo, err = loadToDo(h.Context)
	return err
}

func (h *homeContact) body(width int) string {
	client := h.a.Principal
	perms := h.a.ContactPerms()
	w := h.a.Workspace
	d := newDoc(h.Styles, width)
	d.heading("Acting for " + personLabel(client))
	d.blank()
	if w.Expires == "" {
		d.row("Expires", "never")
	} else {
		d.row("Expires", "after "+clean(w.Expires)+" (the link's last day)")
	}
	d.blank()
	d.heading("What this link lets you do")
	if len(perms) == 0 {
		d.line(h.Styles.Subtle.Render("  nothing yet: ask " + clean(client.Name) + "'s coach to set it"))
	}
	for _, in := range domain.ContactPermissions {
		if perms.Has(in.Perm) {
			d.item(h.Styles.Yes.Render("✓"), string(in.Perm)+": "+in.Description)
		}
	}
	d.blank()
	d.heading("What it does not allow")
	for _, in := range domain.ContactPermissions {
		if !perms.Has(in.Perm) {
			d.item(h.Styles.No.Render("✗"), string(in.Perm)+": "+in.Description)
		}
	}
	d.item(h.Styles.No.Render("✗"), "Private notes and coaching conversations are never visible to contacts, whatever the link says.") // R31
	todoLines(d, h.Styles, h.todo)
	return d.String()
}
