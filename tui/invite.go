package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// redeemedMsg: the key is now bound to person; continue as them.
type redeemedMsg struct{ person domain.Person }

// redeemFailedMsg: the code was refused.
type redeemFailedMsg struct{ err error }

// inviteScreen is all a key that belongs to nobody may see (R2): a field
// for the invitation code (R34).
type inviteScreen struct {
	Common
	key   domain.SSHKey
	addr  string
	input textinput.Model
	err   string
	busy  bool
}

func newInviteScreen(c Common, k domain.SSHKey, addr string) *inviteScreen {
	in := newInput(c.Styles, "Code: ", "ABCD-EFGH-JKMN", 40)
	in.Width = 20
	in.Focus()
	return &inviteScreen{Common: c, key: k, addr: addr, input: in}
}

func (s *inviteScreen) Init() tea.Cmd   { return nil }
func (s *inviteScreen) Title() string   { return "Invitation" }
func (s *inviteScreen) Capturing() bool { return true } // codes contain Q and W

func (s *inviteScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

func (s *inviteScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case redeemFailedMsg:
		s.busy = false
		s.err = errText(msg.err)
		return s, nil
	case tea.KeyMsg:
		if key.Matches(msg, s.Keys.Select) {
			if s.busy {
				return s, nil
			}
			s.busy, s.err = true, ""
			return s, s.redeem(s.input.Value())
		}
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return s, cmd
}

// redeem binds the connection's verified key through the domain, which
// rate-limits attempts per key and per address (R34).
func (s *inviteScreen) redeem(code string) tea.Cmd {
	svc, k, addr := s.Svc, s.key, s.addr
	return func() tea.Msg {
		p, err := svc.Redeem(k, addr, code)
		if err != nil {
			return redeemFailedMsg{err}
		}
		return redeemedMsg{p}
	}
}

func (s *inviteScreen) View() string {
	d := newDoc(s.Styles, s.Width)
	d.heading("Welcome to behalf")
	d.blank()
	d.para("This key is not registered to anyone yet. If you were invited, type the code from your invitation to bind this key to your account.")
	d.blank()
	d.row("Your key", clean(s.key.Fingerprint))
	d.blank()
	d.line(trunc(s.input.View(), s.Width))
	if s.busy {
		d.line(s.Styles.Subtle.Render("Checking…"))
	} else if s.err != "" {
		d.indented("", 0, s.err, s.Styles.StatusError)
	}
	d.blank()
	d.indented("", 0, "Nothing else is available until the key is bound. No code? Ask the person who invited you for a new one.", s.Styles.Subtle)
	return d.String()
}

func (s *inviteScreen) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "redeem")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave")),
		s.Keys.ForceQuit,
	}
}

func (s *inviteScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
