package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Assistants (R40–R43): who manages which practitioner, and with which
// privilege. The team reads the roster; linking and unlinking need
// manage_coaches, and an admin-level link needs manage_admins (R17, R43).

func init() {
	register(70, assistantsSpec, domain.WSTeam)
}

func assistantsSpec() ScreenSpec {
	return ScreenSpec{ID: "assistants", Title: "Assistants", Available: Permitted(domain.ActAssistantsList, nil), New: newAssistantsScreen}
}

type assistantsKeys struct {
	link, unlink key.Binding
}

type assistantsScreen struct {
	Context
	links     []domain.AssistantView
	rows      selCursor
	mayLink   domain.Decision
	mayUnlink domain.Decision
	pane      modalPane
	confirm   yesNoPrompt
	refused   refusalNote
	err       error
	k         assistantsKeys
}

func newAssistantsScreen(c Context) Screen {
	s := &assistantsScreen{Context: c}
	s.k = assistantsKeys{
		link:   key.NewBinding(key.WithKeys("l", "a"), key.WithHelp("l", "link")),
		unlink: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "unlink")),
	}
	s.load()
	return s
}

func (s *assistantsScreen) Init() tea.Cmd   { return nil }
func (s *assistantsScreen) Title() string   { return "Assistants" }
func (s *assistantsScreen) Capturing() bool { return s.pane != nil || s.confirm.active() }

func (s *assistantsScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	if s.pane != nil {
		s.pane.setSize(width, height)
	}
}

func (s *assistantsScreen) load() {
	s.links, s.err = s.Svc.ListAssistants(s.Who)
	s.rows.setLen(len(s.links))
	s.mayLink = s.Decide(domain.ActAssistantsLink, domain.Target{})
	s.mayUnlink = s.Decide(domain.ActAssistantsUnlink, domain.Target{})
}

func (s *assistantsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *assistantsScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if s.pane != nil {
		next, cmd := s.pane.update(k)
		s.pane = next
		if next == nil {
			s.load()
		} else {
			next.setSize(s.Width, s.Height)
		}
		return cmd
	}
	if s.confirm.active() {
		return s.confirm.update(k)
	}
	switch {
	case key.Matches(k, s.k.link):
		if !s.mayLink.Allowed {
			return s.refused.show(s.mayLink.Err())
		}
		s.pane = s.linkForm()
		s.pane.setSize(s.Width, s.Height)
	case key.Matches(k, s.k.unlink):
		if len(s.links) == 0 {
			return nil
		}
		if !s.mayUnlink.Allowed {
			return s.refused.show(s.mayUnlink.Err())
		}
		v := s.links[s.rows.sel]
		as, pr := v.Assistant.Handle, v.Practitioner.Handle
		s.confirm.ask(fmt.Sprintf("Unlink %s from %s? Their workspace for %s ends at once, with what its inbox held.",
			personLabel(v.Assistant), personLabel(v.Practitioner), firstName(v.Practitioner.Name)), func() tea.Cmd {
			if err := s.Svc.UnlinkAssistant(s.Who, as, pr); err != nil {
				return s.refused.show(err)
			}
			s.load()
			return Status("%s no longer manages %s", clean(as), clean(pr))
		})
	default:
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	}
	return nil
}

func (s *assistantsScreen) linkForm() modalPane {
	f := newPaneForm(s.Common, "Link an assistant to a practitioner")
	f.text("assistant", "Assistant", "", "assistant's handle", domain.MaxHandleLen)
	f.text("practitioner", "Practitioner", "", "team member's handle", domain.MaxHandleLen).help =
		"a team member; the assistant gets a workspace for them (R40)"
	f.note("An assistant with the admin role gets admin-level access only while managing an admin, never the owner's account page (R43).")
	f.button("save", "Link")
	who := s.Who
	return &submitPane{form: f, submit: func(f *paneForm) (modalPane, tea.Cmd, error) {
		v, err := s.Svc.LinkAssistant(who, strings.TrimSpace(f.value("assistant")), strings.TrimSpace(f.value("practitioner")))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("%s now manages %s (%s)", personLabel(v.Assistant), personLabel(v.Practitioner), assistantViewLevel(v)), nil
	}}
}

func assistantViewLevel(v domain.AssistantView) string {
	if v.AdminLevel {
		return "admin-level"
	}
	return "coaching access"
}

func (s *assistantsScreen) View() string {
	if s.pane != nil {
		return s.pane.view()
	}
	st := s.Styles
	head := []string{st.Title.Render(fmt.Sprintf("Assistants and whom they manage · %d", len(s.links)))}
	if !s.mayLink.Allowed {
		head = append(head, wrapStyled(st.Subtle, s.Width, "You can read the roster. "+reasonSentence(clean(s.mayLink.Reason))+".")...)
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := s.refused.lines(st, s.Width)
	if s.confirm.active() {
		foot = append(foot, s.confirm.view(st, s.Width)...)
	}
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no assistant manages anyone yet"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		v := s.links[i]
		level := st.Subtle.Render("coaching access: " + firstName(v.Practitioner.Name) + "'s coaching permissions (R42)")
		if v.AdminLevel {
			level = st.Accent.Render("admin-level") + st.Subtle.Render(": admin role, managing an admin (R43)")
		}
		line := personLabel(v.Assistant) + st.Subtle.Render(" manages ") + personLabel(v.Practitioner)
		return []string{selMark(st, sel) + line, "    " + level}
	})
}

func (s *assistantsScreen) ShortHelp() []key.Binding {
	switch {
	case s.pane != nil:
		return s.pane.shortHelp()
	case s.confirm.active():
		return s.confirm.help()
	}
	var b []key.Binding
	if s.mayLink.Allowed {
		b = append(b, s.k.link)
	}
	if s.mayUnlink.Allowed && len(s.links) > 0 {
		b = append(b, s.k.unlink)
	}
	return b
}

func (s *assistantsScreen) FullHelp() [][]key.Binding {
	if s.pane != nil || s.confirm.active() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown}, s.ShortHelp()}
}
