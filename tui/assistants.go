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
	return ScreenSpec{ID: "assistants", Title: "Assistants", Needs: domain.ActAssistantsList, New: newAssistantsScreen}
}

type assistantsKeys struct {
	link, unlink, add, invite key.Binding
}

type assistantsScreen struct {
	Context
	modalHost // the link form; "unlink?"
	links     []domain.AssistantView
	rows      selCursor
	mayLink   domain.Decision
	mayUnlink domain.Decision
	mayAdd    domain.Decision // add an assistant
	invite    personInvite    // i: the selected row's assistant
	refused   refusalNote
	err       error
	k         assistantsKeys
}

func newAssistantsScreen(c Context) Screen {
	s := &assistantsScreen{Context: c}
	s.k = assistantsKeys{
		link:   key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link")),
		unlink: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "unlink")),
		add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add assistant")),
		invite: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *assistantsScreen) Init() tea.Cmd   { return nil }
func (s *assistantsScreen) Title() string   { return "Assistants" }
func (s *assistantsScreen) Capturing() bool { return s.modalOpen() }

func (s *assistantsScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

func (s *assistantsScreen) load() {
	s.links, s.err = s.Svc.ListAssistants(s.Who)
	s.rows.setLen(len(s.links))
	s.mayLink = s.Decide(domain.ActAssistantsLink, domain.Target{})
	s.mayUnlink = s.Decide(domain.ActAssistantsUnlink, domain.Target{})
	s.mayAdd = s.Decide(domain.ActPeopleAdd, domain.Target{Capacity: domain.AsAssistant})
	s.decideRow()
}

// decideRow asks what the invite key does for the selected row's assistant.
func (s *assistantsScreen) decideRow() {
	s.invite = personInvite{}
	if s.rows.sel >= 0 && s.rows.sel < len(s.links) {
		s.invite = decideInvite(s.Context, s.k.invite, s.links[s.rows.sel].Assistant)
	}
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
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	switch {
	case key.Matches(k, s.k.add):
		if !s.mayAdd.Allowed {
			return s.refused.show(s.mayAdd.Err())
		}
		s.openPane(assistantForm(s.Context))
	case key.Matches(k, s.k.invite):
		if len(s.links) == 0 {
			return nil
		}
		return s.invite.ask(s.Context, &s.modalHost)
	case key.Matches(k, s.k.link):
		if !s.mayLink.Allowed {
			return s.refused.show(s.mayLink.Err())
		}
		s.openPane(s.linkForm())
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
			personLabel(v.Assistant), personLabel(v.Practitioner), firstName(v.Practitioner.Name)), "unlink", "", func() tea.Cmd {
			if err := s.Svc.UnlinkAssistant(s.Who, as, pr); err != nil {
				return s.refused.show(err)
			}
			s.load()
			return Status("%s no longer manages %s", clean(as), clean(pr))
		})
	default:
		if s.rows.move(k, s.Keys, max(s.Height/2-2, 1)) {
			s.decideRow()
		}
	}
	return nil
}

func (s *assistantsScreen) linkForm() modalPane {
	f := newForm(s.Common, "Link an assistant to a practitioner")
	f.text("assistant", "Assistant", "", "jdoe", domain.MaxHandleLen).help = "the assistant's handle"
	f.text("practitioner", "Practitioner", "", "jdoe", domain.MaxHandleLen).help =
		"a team member's handle; the assistant gets a workspace for them" // R40
	f.note("An assistant with the admin role gets admin-level access only while managing an admin, never the owner's account page.") // R43
	f.button("save", "Link")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		v, err := s.Svc.LinkAssistant(who, strings.TrimSpace(f.value("assistant")), strings.TrimSpace(f.value("practitioner")))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("%s now manages %s (%s)", personLabel(v.Assistant), personLabel(v.Practitioner), assistantViewLevel(v)), nil
	}
	return f
}

func assistantViewLevel(v domain.AssistantView) string {
	if v.AdminLevel {
		return "admin-level"
	}
	return "coaching access"
}

func (s *assistantsScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	head := []string{st.Title.Render(fmt.Sprintf("Assistants and whom they manage · %d", len(s.links)))}
	if !s.mayLink.Allowed {
		head = append(head, wrapped("You can read the roster. "+reasonSentence(clean(s.mayLink.Reason))+".", 0, s.Width, st.Subtle)...)
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := s.refused.lines(st, s.Width)
	foot = append(foot, s.confirmLines(st, s.Width)...)
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no assistant manages anyone yet"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		v := s.links[i]
		level := st.Subtle.Render("coaching access: " + firstName(v.Practitioner.Name) + "'s coaching permissions") // R42
		if v.AdminLevel {
			level = st.Accent.Render("admin-level") + st.Subtle.Render(": admin role, managing an admin") // R43
		}
		line := personLabel(v.Assistant) + st.Subtle.Render(" manages ") + personLabel(v.Practitioner)
		return []string{selMark(st, sel) + line, "    " + level}
	})
}

func (s *assistantsScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	var b []key.Binding
	if s.mayAdd.Allowed {
		b = append(b, s.k.add)
	}
	if s.mayLink.Allowed {
		b = append(b, s.k.link)
	}
	if s.mayUnlink.Allowed && len(s.links) > 0 {
		b = append(b, s.k.unlink)
	}
	return append(b, allowedKeys(s.invite.gate)...)
}

func (s *assistantsScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{moveKeys(s.Keys), s.ShortHelp(), hiddenHelp(s.Width, gate{s.k.add, s.mayAdd}, gate{s.k.link, s.mayLink}, gate{s.k.unlink, s.mayUnlink}, s.invite.gate)}
}
