package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// deletePersonForm asks for the person's handle before deleting them for
// good (R19) and, when they own templates, which team member receives
// them (R21): the domain says whether they own any and who may receive
// them (TemplateHeirs), and decides again on save. The Clients and Team
// screens open it.
func deletePersonForm(c Context, p domain.Person, warning string) *form {
	f := newForm(c.Common, "Delete "+personLabel(p)+" for good?")
	f.verb, f.cancelled = "delete for good", "Nothing was deleted"
	f.note(warning).warn = true
	if owned, heirs, err := c.Svc.TemplateHeirs(c.Who, p.Handle); err == nil && owned > 0 {
		f.note(clean(p.Name) + " owns " + domain.Plural(owned, "template", "templates") + ": choose who receives them.")
		opts := make([]choiceOpt, 0, len(heirs))
		for _, h := range heirs {
			opts = append(opts, choiceOpt{personLabel(h), h.Handle})
		}
		f.choice("templates", "Templates to", opts).help = "an active team member; each template passed on is recorded"
	}
	f.note("Type the handle " + clean(p.Handle) + " to confirm:")
	f.text("handle", "Handle", "", "", domain.MaxHandleLen)
	f.fieldFor = func(name string) string {
		if name == "templates-to" {
			return "templates" // the command's flag, this form's field
		}
		return name
	}
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		typed := strings.TrimSpace(f.value("handle"))
		if typed != p.Handle { // R19: only the handle, typed, confirms
			return nil, nil, &domain.Error{Kind: domain.KindInvalid, Msg: fmt.Sprintf(
				"That is not %s's handle, so nothing was deleted. Type %s exactly, or esc to cancel.", clean(p.Name), clean(p.Handle))}
		}
		if err := c.Svc.DeletePersonPassing(c.Who, p.Handle, typed, f.value("templates")); err != nil {
			return nil, Failed(err), err
		}
		return nil, saved("deleted %s for good", personLabel(p)), nil
	}
	return f
}
