package tui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Actions part of a client file (R23): what the client committed to,
// the open ones first — overdue, then by due day — and the done ones
// after. Coaching access assigns (n), edits (e) and reopens (o); the
// client marks an action done (d), with a note if they like. Contacts
// never have this part (R31).

type actionsKeys struct{ done, reopen, edit key.Binding }

type actionsPart struct {
	f    *clientFile
	rows []domain.ActionView
	k    actionsKeys
}

func newActionsPart(f *clientFile) *actionsPart {
	return &actionsPart{f: f, k: actionsKeys{
		done:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark done")),
		reopen: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "reopen")),
		edit:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
	}}
}

// load reads a page newest first and shows it in the order a person works
// through it: open before done, overdue first, then by due day.
func (p *actionsPart) load(before domain.ID) (bool, error) {
	got, err := p.f.Svc.ListActions(p.f.Who, domain.ActionFilter{Client: p.f.client.Handle, Before: before, Limit: filePage})
	n, err := appendPage(&p.rows, before, got, err)
	slices.SortStableFunc(p.rows, actionOrder)
	return n == filePage, err
}

func actionOrder(a, b domain.ActionView) int {
	if a.Item.Done != b.Item.Done {
		if a.Item.Done {
			return 1
		}
		return -1
	}
	if a.Item.Done {
		return b.Item.DoneAt.Compare(a.Item.DoneAt) // the latest done first
	}
	// open: with a due day before without, earliest first
	if (a.Item.Due == "") != (b.Item.Due == "") {
		if a.Item.Due == "" {
			return 1
		}
		return -1
	}
	return cmp.Or(strings.Compare(a.Item.Due, b.Item.Due), cmp.Compare(b.Item.ID, a.Item.ID))
}

// oldest is the smallest id shown: the rows are not in id order.
func (p *actionsPart) oldest() domain.ID {
	var o domain.ID
	for _, r := range p.rows {
		if o == 0 || r.Item.ID < o {
			o = r.Item.ID
		}
	}
	return o
}

func (p *actionsPart) count() int            { return len(p.rows) }
func (p *actionsPart) top(int, int) []string { return nil }
func (p *actionsPart) spaced() bool          { return true }

func (p *actionsPart) empty() string {
	if p.f.Workspace().Kind == domain.WSMe {
		return "no actions assigned to you yet"
	}
	return "no actions assigned yet"
}

func (p *actionsPart) selected() (domain.ActionView, bool) {
	if p.f.sel < len(p.rows) {
		return p.rows[p.f.sel], true
	}
	return domain.ActionView{}, false
}

func (p *actionsPart) blocks(width int) [][]string {
	st := p.f.Styles
	out := make([][]string, 0, len(p.rows))
	for _, v := range p.rows {
		a := v.Item
		box := "[ ] "
		if a.Done {
			box = "[" + st.Yes.Render("x") + "] "
		}
		head := box + clean(a.Title)
		switch {
		case a.Done:
			head += "  " + st.Yes.Render("done "+a.DoneAt.In(p.f.Access().Org.Location()).Format(domain.DateLayout))
		case v.Overdue:
			head += "  " + st.Warn.Render("due "+a.Due+" · overdue")
		case a.Due != "":
			head += "  " + st.Subtle.Render("due "+a.Due)
		}
		lines := []string{head, "    " + st.Subtle.Render("assigned by "+partyLabel(v.AssignedBy)+" on "+v.Created.Format(domain.DateLayout))}
		if a.Details != "" {
			for _, l := range storedTextLines(st, a.Details, max(width-4, 10)) {
				lines = append(lines, "    "+l)
			}
		}
		if a.Done && a.DoneNote != "" {
			for _, l := range storedTextLines(st, "“"+a.DoneNote+"”", max(width-4, 10)) {
				lines = append(lines, "    "+l)
			}
		}
		out = append(out, lines)
	}
	return out
}

func (p *actionsPart) key(k tea.KeyMsg) (tea.Cmd, bool) {
	v, ok := p.selected()
	switch {
	case !ok:
		return nil, false
	case key.Matches(k, p.k.done) && v.CanDone:
		p.f.openPane(p.doneForm(v))
	case key.Matches(k, p.k.reopen) && v.CanReopen:
		got, err := p.f.Svc.ReopenAction(p.f.Who, v.Item.ID)
		if err != nil {
			return Failed(err), true
		}
		p.f.loadTab()
		return Status("Reopened: %s", clean(got.Item.Title)), true
	case key.Matches(k, p.k.edit) && v.CanEdit:
		p.f.openPane(p.editForm(v))
	default:
		return nil, false
	}
	return nil, true
}

func (p *actionsPart) help() []key.Binding {
	v, ok := p.selected()
	if !ok {
		return nil
	}
	var b []key.Binding
	if v.CanDone {
		b = append(b, p.k.done)
	}
	if v.CanEdit {
		b = append(b, p.k.edit)
	}
	if v.CanReopen {
		b = append(b, p.k.reopen)
	}
	return b
}

func (p *actionsPart) canNew() (bool, string) { return p.f.tabs.AssignAction, "assign action" }

func (p *actionsPart) newItem() tea.Cmd {
	if !p.f.tabs.AssignAction {
		return nil
	}
	c := *p.f.client
	fm := newForm(p.f.Common, "Assign an action to "+personLabel(c))
	if a := p.f.Access(); a.Principal.ID != a.Actor.ID {
		fm.note("It is recorded as " + clean(a.Actor.Name) + " for " + clean(a.Principal.Name) + ".") // R44
	}
	actionFields(fm, domain.ActionItem{})
	fm.button("save", "Assign")
	who := p.f.Who
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		v, err := p.f.Svc.AddAction(who, domain.NewAction{Client: c.Handle, Title: fm.value("title"), Due: fm.value("due"), Details: fm.value("details")})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Assigned to %s: %s", clean(c.Name), clean(v.Item.Title)), nil
	}
	p.f.openPane(fm)
	return nil
}

// actionFields are an action's fields, filled from a (an edit) or empty.
func actionFields(fm *form, a domain.ActionItem) {
	fm.text("title", "Title", a.Title, "walk 20 minutes a day", domain.MaxLineLen)
	fm.text("due", "Due", a.Due, domain.DateHint+", optional", domain.MaxDateLen).help = "the day it is due; empty: no due day"
	fm.text("details", "Details", a.Details, "after lunch, with a friend; optional", domain.MaxTextLen)
}

func (p *actionsPart) editForm(v domain.ActionView) *form {
	fm := newForm(p.f.Common, "Change the action")
	actionFields(fm, v.Item)
	fm.button("save", "Save")
	who, id := p.f.Who, v.Item.ID
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		title, due, details := fm.value("title"), fm.value("due"), fm.value("details")
		got, err := p.f.Svc.EditAction(who, id, domain.ActionEdit{Title: &title, Due: &due, Details: &details})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Changed: %s", clean(got.Item.Title)), nil
	}
	return fm
}

func (p *actionsPart) doneForm(v domain.ActionView) *form {
	fm := newForm(p.f.Common, "Done: "+clean(v.Item.Title))
	fm.note("Your coach is told. A note is optional.")
	fm.text("note", "Note", "", "how it went", domain.MaxTextLen)
	fm.button("save", "Mark done")
	who, id := p.f.Who, v.Item.ID
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		got, err := p.f.Svc.CompleteAction(who, id, fm.value("note"))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Done: %s", clean(got.Item.Title)), nil
	}
	return fm
}
