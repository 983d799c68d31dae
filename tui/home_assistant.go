package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

func homeAssistantSpec() ScreenSpec {
	return ScreenSpec{ID: "home", Title: "Home", New: newHomeAssistant}
}

// homeAssistant is an assistant's home in one practitioner's workspace:
// whom they manage (R40), which privilege is in effect here and why (R43),
// and the permissions they act with (R42).
type homeAssistant struct {
	page
	manages []domain.Workspace
}

func newHomeAssistant(c Context) Screen {
	h := &homeAssistant{}
	h.page = newPage(c, "Home", h.load, h.body)
	return h
}

func (h *homeAssistant) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return h, h.handle(msg) }

func (h *homeAssistant) load() error {
	all, err := h.Svc.Workspaces(h.Who.Person)
	h.manages = h.manages[:0]
	for _, w := range all {
		if w.Kind == domain.WSAssistant {
			h.manages = append(h.manages, w)
		}
	}
	return err
}

func (h *homeAssistant) body(width int) string {
	a := h.Access()
	pr, me := a.Principal, a.Actor
	d := newDoc(h.Styles, width)
	d.heading(personLabel(me) + ", assistant for " + personLabel(pr))
	d.blank()
	d.row("Access here", assistantLevel(a.Workspace)+": "+levelReason(a))
	d.blank()
	d.heading("You manage")
	for _, w := range h.manages {
		text := clean(w.SubjectName) + " (" + clean(w.Subject) + ")  " + h.Styles.Subtle.Render(assistantLevel(w))
		if w.ID == a.Workspace.ID {
			d.item(h.Styles.Accent.Render("▸"), text+"  "+h.Styles.Accent.Render("here"))
		} else {
			d.item("•", text)
		}
	}
	d.blank()
	permSections(d, a.Perms())
	d.blank()
	d.indented("", 0, "Private notes are never shown to assistants. What you do here is recorded as "+ // R42
		clean(me.Name)+" on behalf of "+clean(pr.Name)+".", h.Styles.Subtle) // R44
	return d.String()
}

// levelReason says why the assistant has the access it has here (R43).
func levelReason(a *domain.Access) string {
	pr := firstName(a.Principal.Name)
	switch {
	case a.Workspace.AdminLevel:
		return pr + " is an admin and you hold the assistant admin role; the owner's account page stays the owner's alone." // R18
	case !a.Actor.AssistantAdmin:
		return "you act with " + pr + "'s coaching permissions; you do not hold the assistant admin role." // R43
	}
	return pr + " is not an admin, so your admin role does not apply here." // R43
}
