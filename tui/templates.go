package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Templates (R21): the workspace's own templates and the team's — every
// one with reassign_ownership. a makes one, enter opens it in the editor
// (its owner edits: one line a question, added, removed and moved with
// keys), s shares it with the team or stops (manage_templates), r passes
// it to another team member (reassign_ownership), x deletes it. Clients
// and contacts have no Templates screen.

func init() {
	register(130, templatesSpec, domain.WSTeam, domain.WSAssistant)
}

func templatesSpec() ScreenSpec {
	return ScreenSpec{ID: "templates", Title: "Templates", Needs: domain.ActTemplatesList, New: newTemplatesScreen}
}

type templatesKeys struct {
	add, open, share, reassign, del key.Binding
}

type templatesScreen struct {
	Context
	modalHost
	list    []domain.TemplateView
	rows    selCursor
	err     error
	refused refusalNote
	k       templatesKeys
}

func newTemplatesScreen(c Context) Screen {
	s := &templatesScreen{Context: c}
	s.k = templatesKeys{
		add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "new template")),
		open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		share:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "share/unshare")),
		reassign: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reassign")),
		del:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *templatesScreen) Init() tea.Cmd   { return nil }
func (s *templatesScreen) Title() string   { return "Templates" }
func (s *templatesScreen) Capturing() bool { return s.modalOpen() }

func (s *templatesScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

func (s *templatesScreen) load() {
	s.list, s.err = s.Svc.ListTemplates(s.Who, domain.TemplateFilter{})
	s.rows.setLen(len(s.list))
}

func (s *templatesScreen) selected() (domain.TemplateView, bool) {
	if s.rows.sel < len(s.list) {
		return s.list[s.rows.sel], true
	}
	return domain.TemplateView{}, false
}

func (s *templatesScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		if !s.modalOpen() {
			s.load()
		}
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *templatesScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	v, ok := s.selected()
	switch {
	case key.Matches(k, s.k.add):
		s.openPane(s.editor(nil))
	case !ok:
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	case key.Matches(k, s.k.open):
		s.openPane(s.editor(&v))
	case key.Matches(k, s.k.share):
		got, err := s.Svc.ShareTemplate(s.Who, v.Template.ID, !v.Template.Team)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		if got.Template.Team {
			return Status("Shared with the team: %s", clean(got.Template.Name))
		}
		return Status("No longer shared: %s", clean(got.Template.Name))
	case key.Matches(k, s.k.reassign):
		if !v.CanReassign {
			return s.refused.show(s.Decide(domain.ActTemplatesReassign, domain.Target{Template: &v.Template}).Err())
		}
		s.openPane(s.reassignForm(v))
	case key.Matches(k, s.k.del):
		if !v.CanEdit {
			return s.refused.show(s.Decide(domain.ActTemplatesDelete, domain.Target{Template: &v.Template}).Err())
		}
		id, name := v.Template.ID, v.Template.Name
		s.confirm.ask("Delete the template "+clean(name)+"?", "what clients received stays as it is", "Kept", func() tea.Cmd {
			if _, err := s.Svc.DeleteTemplate(s.Who, id); err != nil {
				return Failed(err)
			}
			s.load()
			return Status("Deleted: %s", clean(name))
		})
	default:
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	}
	return nil
}

func (s *templatesScreen) reassignForm(v domain.TemplateView) modalPane {
	f := newForm(s.Common, "Pass "+clean(v.Template.Name)+" to another team member")
	f.note("Its owner now is " + partyLabel(v.Owner) + "; they no longer edit it once it is passed on.")
	f.text("to", "To", "", "mira", domain.MaxHandleLen).help = "a team member's handle"
	f.button("save", "Reassign")
	who, id := s.Who, v.Template.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.ReassignTemplate(who, id, strings.TrimSpace(f.value("to")))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("%s now owns %s", partyLabel(got.Owner), clean(got.Template.Name)), nil
	}
	return f
}

// editor is a template as one line a question ("text*: Your goal?",
// "choice: Pick | a | b", "# Heading"): ctrl+n adds a line after the one
// in focus, ctrl+d removes it, alt+↑/alt+↓ move it. A template this
// workspace may not edit opens read-only. nil makes a new one.
func (s *templatesScreen) editor(v *domain.TemplateView) modalPane {
	title := "New template"
	editable := true
	if v != nil {
		title = string(v.Template.Kind) + " template: " + clean(v.Template.Name)
		editable = v.CanEdit
	}
	f := newForm(s.Common, title)
	if v == nil {
		f.choice("kind", "Kind", []choiceOpt{{"worksheet", "worksheet"}, {"form", "form"}, {"session agenda", "session"}})
	} else {
		shared := "not shared"
		if v.Template.Team {
			shared = "a team template"
		}
		f.note("Owner " + partyLabel(v.Owner) + " · " + shared + " · version " + strconv.Itoa(v.Template.Version))
	}
	if !editable {
		for i, q := range v.Template.Questions {
			f.note(strconv.Itoa(i+1) + ". " + clean(domain.QuestionLine(q)))
		}
		f.cancelled = "Closed"
		f.submit = func(*form) (modalPane, tea.Cmd, error) { return nil, nil, nil }
		return f
	}
	name := ""
	if v != nil {
		name = v.Template.Name
	}
	f.text("name", "Name", name, "Weekly review", domain.MaxNameLen)
	f.note("One question a line: text, long, choice, multi, scale, date (forms also signature, office, witness) — as in “choice*: How was it? | good | hard” (* required) or “# Heading”. ctrl+n adds a line, ctrl+d removes one, alt+↑/↓ moves it.")
	next := 0
	addLine := func(at int, text string) {
		next++
		f.insertAt(at, func() {
			f.text("l"+strconv.Itoa(next), "Line", text, "text: What is your goal?", domain.MaxLineLen+40)
		})
	}
	if v != nil {
		for _, q := range v.Template.Questions {
			addLine(len(f.fields), domain.QuestionLine(q))
		}
	} else {
		addLine(len(f.fields), "")
	}
	f.button("save", "Save")
	isLine := func(fl *formField) bool { return fl != nil && fl.kind == textField && strings.HasPrefix(fl.id, "l") }
	f.actions = append(f.actions,
		formAction{key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "add line")), func(f *form) {
			at := len(f.fields) - 1 // before Save
			if fl := f.focused(); isLine(fl) {
				at = f.indexOf(fl) + 1
			}
			addLine(at, "")
			f.setFocus(at)
		}},
		formAction{key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "remove line")), func(f *form) {
			if fl := f.focused(); isLine(fl) {
				i := f.indexOf(fl)
				f.removeFields(i, i+1)
			}
		}},
		formAction{key.NewBinding(key.WithKeys("alt+up"), key.WithHelp("alt+↑/↓", "move line")), func(f *form) { moveLine(f, -1, isLine) }},
		formAction{key.NewBinding(key.WithKeys("alt+down")), func(f *form) { moveLine(f, 1, isLine) }},
	)
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		var lines []string
		for _, fl := range f.fields {
			if isLine(fl) {
				lines = append(lines, fl.value())
			}
		}
		text := strings.Join(lines, "\n")
		if v == nil {
			got, err := s.Svc.AddTemplate(who, domain.NewTemplate{Kind: f.value("kind"), Name: f.value("name"), Questions: text})
			if err != nil {
				return nil, nil, err
			}
			return nil, Status("Made: %s", clean(got.Template.Name)), nil
		}
		n := f.value("name")
		got, err := s.Svc.EditTemplate(who, v.Template.ID, domain.TemplateEdit{Name: &n, Questions: &text})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved: %s, version %d", clean(got.Template.Name), got.Template.Version), nil
	}
	return f
}

// moveLine swaps the focused line with its neighbour step away.
func moveLine(f *form, step int, isLine func(*formField) bool) {
	fl := f.focused()
	if !isLine(fl) {
		return
	}
	i := f.indexOf(fl)
	j := i + step
	if j < 0 || j >= len(f.fields) || !isLine(f.fields[j]) {
		return
	}
	f.fields[i], f.fields[j] = f.fields[j], f.fields[i]
	f.setFocus(j)
}

func (s *templatesScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	head := []string{st.Title.Render("Templates · yours and the team's")}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := append(s.refused.lines(st, s.Width), s.confirmLines(st, s.Width)...)
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no templates yet: a makes one"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		v := s.list[i]
		t := v.Template
		shared := "own"
		if t.Team {
			shared = st.Yes.Render("team")
		}
		line := selMark(st, sel) + clean(t.Name) + "  " + st.Subtle.Render(string(t.Kind)) + "  " + shared
		about := "owner " + partyLabel(v.Owner) + " · " + domain.Plural(len(t.Questions), "line", "lines") + " · version " + strconv.Itoa(t.Version)
		return []string{trunc(line, s.Width), "    " + st.Subtle.Render(trunc(about, max(s.Width-4, 10)))}
	})
}

func (s *templatesScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	b := []key.Binding{s.k.add}
	if v, ok := s.selected(); ok {
		b = append(b, s.k.open)
		if v.CanShare {
			b = append(b, s.k.share)
		}
		if v.CanReassign {
			b = append(b, s.k.reassign)
		}
		if v.CanEdit {
			b = append(b, s.k.del)
		}
	}
	return b
}

func (s *templatesScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.Keys.Top, s.Keys.Bottom}, {s.k.add, s.k.open, s.k.share, s.k.reassign, s.k.del}}
}
