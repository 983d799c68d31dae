package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Email templates screen (manage_branding, R24): every system email,
// its subject and text with the {{placeholders}} it may use; edit (the
// domain refuses an unknown placeholder, and says which), preview with
// sample values, reset to the default. The footer is the domain's and is
// not edited here.

func init() {
	register(152, emailsSpec, domain.WSTeam)
}

func emailsSpec() ScreenSpec {
	return ScreenSpec{ID: "emails", Title: "Emails", Needs: domain.ActEmailsList, New: newEmailsScreen}
}

type emailsKeys struct {
	open, edit, preview, reset, back key.Binding
}

type emailsScreen struct {
	Context
	modalHost
	list    []domain.EmailTemplateView
	cur     selCursor
	err     error
	refused refusalNote
	// detail: one email open; preview: its sample, shown instead of the
	// template; top: the first body line shown.
	detail  bool
	preview *domain.EmailPreview
	top     int
	k       emailsKeys
}

func newEmailsScreen(c Context) Screen {
	s := &emailsScreen{Context: c, k: emailsKeys{
		open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		edit:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		preview: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview/template")),
		reset:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset to default")),
		back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}}
	s.onClose = s.load
	s.load()
	return s
}

func (s *emailsScreen) load() {
	s.list, s.err = s.Svc.EmailTemplates(s.Who)
	s.cur.setLen(len(s.list))
	if s.preview != nil {
		s.showPreview()
	}
}

func (s *emailsScreen) Init() tea.Cmd   { return nil }
func (s *emailsScreen) Title() string   { return "Emails" }
func (s *emailsScreen) Capturing() bool { return s.modalOpen() }

func (s *emailsScreen) SetSize(w, h int) {
	s.Common.SetSize(w, h)
	s.sizeModal(w, h)
}

func (s *emailsScreen) selected() (domain.EmailTemplateView, bool) {
	if s.cur.sel < 0 || s.cur.sel >= len(s.list) {
		return domain.EmailTemplateView{}, false
	}
	return s.list[s.cur.sel], true
}

func (s *emailsScreen) showPreview() {
	v, ok := s.selected()
	if !ok {
		return
	}
	p, err := s.Svc.PreviewEmail(s.Who, v.Event)
	if err != nil {
		s.preview = nil
		s.refused.show(err)
		return
	}
	s.preview = &p
}

func (s *emailsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		s.refused.clear()
		if cmd, ok := s.handleModal(msg); ok {
			return s, cmd
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *emailsScreen) key(k tea.KeyMsg) tea.Cmd {
	v, ok := s.selected()
	switch {
	case !ok:
		return nil
	case key.Matches(k, s.k.back) && s.detail:
		s.detail, s.preview, s.top = false, nil, 0
	case key.Matches(k, s.k.open) && !s.detail:
		s.detail, s.top = true, 0
	case key.Matches(k, s.k.edit):
		s.openPane(s.editor(v))
	case key.Matches(k, s.k.preview):
		s.detail, s.top = true, 0
		if s.preview != nil {
			s.preview = nil
		} else {
			s.showPreview()
		}
	case key.Matches(k, s.k.reset):
		if !v.Custom {
			return s.refused.show(&domain.Error{Kind: domain.KindConflict, Msg: "The " + v.Event + " email already uses the default."})
		}
		s.confirm.ask("Put the "+v.Event+" email back to the default? Your own subject and text go.", "reset it", "", func() tea.Cmd {
			if _, err := s.Svc.ResetEmailTemplate(s.Who, v.Event); err != nil {
				return s.refused.show(err)
			}
			s.load()
			return Status("The %s email is back to the default", v.Event)
		})
	case s.detail && key.Matches(k, s.Keys.Down):
		s.top++
	case s.detail && key.Matches(k, s.Keys.Up):
		s.top = max(s.top-1, 0)
	case s.detail && key.Matches(k, s.Keys.PageDown):
		s.top += max(s.Height/2, 1)
	case s.detail && key.Matches(k, s.Keys.PageUp):
		s.top = max(s.top-max(s.Height/2, 1), 0)
	case s.detail && key.Matches(k, s.Keys.Top):
		s.top = 0
	case s.detail && key.Matches(k, s.Keys.Bottom):
		s.top = domain.MaxEmailBody // the view stops at the last page
	case !s.detail:
		s.cur.move(k, s.Keys, max(s.Height/2, 1))
	}
	return nil
}

// editor opens the email as one text: "Subject: …", a blank line, then
// the body; the domain checks both on save.
func (s *emailsScreen) editor(v domain.EmailTemplateView) modalPane {
	hint := "The first line is the subject (Subject: …), then the text. Placeholders: " + placeholderList(v.Placeholders) +
		". A value is put in as plain text; the footer is added to every email."
	c := newTextComposer(s.Common, "The "+v.Event+" email", hint, func(text string) (string, error) {
		subject, body, err := splitEmailText(text)
		if err != nil {
			return "", err
		}
		if _, err := s.Svc.SetEmailTemplate(s.Who, v.Event, subject, body); err != nil {
			return "", err
		}
		return "Saved the " + v.Event + " email; p previews it", nil
	})
	c.limit = domain.MaxEmailSubject + domain.MaxEmailBody + 20
	c.ta.SetValue("Subject: " + v.Subject + "\n\n" + v.Body)
	return c
}

// splitEmailText reads the editor's text back: the subject line, then the
// body.
func splitEmailText(text string) (subject, body string, err error) {
	first, rest, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	subject, ok := strings.CutPrefix(strings.TrimSpace(first), "Subject:")
	if !ok {
		return "", "", &domain.Error{Kind: domain.KindInvalid, Msg: "Start with the subject line, as in Subject: Your session tomorrow"}
	}
	return strings.TrimSpace(subject), rest, nil
}

func placeholderList(ps []string) string {
	return "{{" + strings.Join(ps, "}}, {{") + "}}"
}

func (s *emailsScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	if s.err != nil {
		return fitLines(st.StatusError.Render(errText(s.err)), s.Width, s.Height)
	}
	foot := append(s.refused.lines(st, s.Width), s.confirmLines(st, s.Width)...)
	if s.detail {
		return s.detailView(foot)
	}
	d := newDoc(st, s.Width)
	d.heading("System emails")
	d.indented("", 0, "What behalf sends on the practice's behalf. enter opens one; values fill its {{placeholders}}.", st.Subtle)
	d.blank()
	d.line(st.Label.Render("  " + cell("Email", 22) + cell("Template", 10) + "Subject"))
	list := selList{head: strings.Split(d.String(), "\n"), foot: foot, rowH: 1, empty: "No system emails."}
	return list.render(st, s.Width, s.Height, &s.cur, func(i int, sel bool) []string {
		v := s.list[i]
		kind := st.Subtle.Render(cell("default", 10))
		if v.Custom {
			kind = st.Accent.Render(cell("your own", 10))
		}
		return []string{selMark(st, sel) + cell(clean(v.Event), 22) + kind + trunc(clean(v.Subject), max(s.Width-34, 1))}
	})
}

func (s *emailsScreen) detailView(foot []string) string {
	st := s.Styles
	v, _ := s.selected()
	d := newDoc(st, s.Width)
	subject, body := v.Subject, v.Body
	if s.preview != nil {
		d.heading("Preview · the " + clean(v.Event) + " email, with sample values")
		subject, body = s.preview.Subject, s.preview.Body
	} else {
		which := "the default"
		if v.Custom {
			which = "your own"
		}
		d.heading("The " + clean(v.Event) + " email · " + which)
		d.row("Placeholders", placeholderList(v.Placeholders))
	}
	d.row("Subject", clean(subject))
	d.blank()
	head := strings.Split(d.String(), "\n")
	lines := storedTextLines(st, body, max(s.Width-2, 10))
	room := max(s.Height-len(head)-len(foot)-1, 1)
	s.top = min(s.top, max(len(lines)-room, 0))
	out := head
	for _, l := range lines[s.top:min(s.top+room, len(lines))] {
		out = append(out, "  "+l)
	}
	if len(lines) > room {
		out = append(out, st.Scroll.Render(fmt.Sprintf("lines %d–%d of %d · ↑/↓ pgup/pgdn g/G", s.top+1, min(s.top+room, len(lines)), len(lines))))
	}
	for len(out) < s.Height-len(foot) {
		out = append(out, "")
	}
	return fitLines(strings.Join(append(out, foot...), "\n"), s.Width, s.Height)
}

func (s *emailsScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	if s.detail {
		return []key.Binding{s.k.edit, s.k.preview, s.k.reset, s.Keys.Down, s.Keys.Bottom, s.k.back}
	}
	return []key.Binding{s.k.open, s.k.edit, s.k.preview, s.k.reset}
}

func (s *emailsScreen) FullHelp() [][]key.Binding {
	if b, ok := s.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	return [][]key.Binding{s.ShortHelp(), moveKeys(s.Keys)}
}
