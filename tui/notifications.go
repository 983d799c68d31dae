package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Notification settings: events × channels. In an assistant's workspace
// they are the practitioner's, shared with every assistant of theirs, and
// SMS is out of an assistant's reach (R45) — the domain says so, and the
// screen shows the column locked with the domain's reason.

func init() {
	register(100, notificationsSpec, domain.WSTeam, domain.WSAssistant)
}

func notificationsSpec() ScreenSpec {
	return ScreenSpec{ID: "notifications", Title: "Notifications", Needs: domain.ActNotificationsShow, New: newNotificationsScreen}
}

type notificationsKeys struct {
	toggle, left, right key.Binding
}

type notificationsScreen struct {
	Context
	settings []domain.NotificationSetting
	// locked is, per channel, why this workspace may not change it (R45).
	locked   map[domain.Channel]string
	row, col int
	refused  refusalNote
	err      error
	k        notificationsKeys
}

func newNotificationsScreen(c Context) Screen {
	s := &notificationsScreen{Context: c}
	s.k = notificationsKeys{
		toggle: key.NewBinding(key.WithKeys(" ", "enter", "x"), key.WithHelp("space/x", "turn on/off")),
		left:   key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "channel")),
		right:  key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "next channel")),
	}
	s.load()
	return s
}

func (s *notificationsScreen) Init() tea.Cmd             { return nil }
func (s *notificationsScreen) Title() string             { return "Notifications" }
func (s *notificationsScreen) Capturing() bool           { return false }
func (s *notificationsScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

func (s *notificationsScreen) load() {
	s.settings, s.err = s.Svc.NotificationSettings(s.Who)
	s.locked = map[domain.Channel]string{}
	for _, ch := range domain.Channels {
		if d := s.Decide(domain.ActNotificationsSet, domain.Target{Channel: string(ch)}); !d.Allowed {
			s.locked[ch] = clean(d.Reason)
		}
	}
	if s.locked[domain.Channels[s.col]] != "" {
		s.moveCol(1)
	}
}

func (s *notificationsScreen) on(e domain.Event, ch domain.Channel) bool {
	for _, st := range s.settings {
		if st.Event == e && st.Channel == ch {
			return st.On
		}
	}
	return false
}

// moveCol moves to the next channel this workspace may change.
func (s *notificationsScreen) moveCol(step int) {
	for c := s.col + step; c >= 0 && c < len(domain.Channels); c += step {
		if s.locked[domain.Channels[c]] == "" {
			s.col = c
			return
		}
	}
}

func (s *notificationsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		s.refused.clear()
		switch {
		case key.Matches(msg, s.k.toggle):
			return s, s.toggle()
		case key.Matches(msg, s.k.left):
			s.moveCol(-1)
		case key.Matches(msg, s.k.right):
			s.moveCol(1)
		case key.Matches(msg, s.Keys.Up):
			s.row = max(s.row-1, 0)
		case key.Matches(msg, s.Keys.Down):
			s.row = min(s.row+1, len(domain.Events)-1)
		case key.Matches(msg, s.Keys.Top):
			s.row = 0
		case key.Matches(msg, s.Keys.Bottom):
			s.row = len(domain.Events) - 1
		}
	}
	return s, nil
}

func (s *notificationsScreen) toggle() tea.Cmd {
	e, ch := domain.Events[s.row], domain.Channels[s.col]
	if why := s.locked[ch]; why != "" {
		return s.refused.show(&domain.Error{Kind: domain.KindDenied, Msg: why})
	}
	got, err := s.Svc.SetNotification(s.Who, e, ch, !s.on(e, ch))
	if err != nil {
		return s.refused.show(err)
	}
	s.load()
	whose := ""
	if s.Workspace().Kind == domain.WSAssistant {
		whose = " for " + clean(s.Access().Principal.Name) + " and their assistants"
	}
	return Status("%s by %s: %s%s", notifyEventLabel(got.Event), got.Channel, notifyOnOff(got.On), whose)
}

func notifyOnOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

const notifyEventCol = 20

func (s *notificationsScreen) View() string {
	st := s.Styles
	d := newDoc(st, s.Width)
	a := s.Access()
	if s.Workspace().Kind == domain.WSAssistant {
		pr := clean(a.Principal.Name)
		d.heading(pr + "'s notification settings")
		d.indented("", 0, "These are "+pr+"'s settings, shared with every assistant of "+firstName(a.Principal.Name)+
			"'s: what you change here changes for "+firstName(a.Principal.Name)+" and them too.", st.Subtle) // R45
	} else {
		d.heading("Your notification settings")
		d.indented("", 0, "Which events reach you, and how. The portal copy lands in your inbox (and your assistants'); email and SMS are recorded in the owner's outbox.", st.Subtle)
	}
	if s.err != nil {
		d.line(st.StatusError.Render(errText(s.err)))
	}
	d.blank()
	head := "  " + st.Label.Render(fmt.Sprintf("%-*s", notifyEventCol, "Event"))
	for _, ch := range domain.Channels {
		name := fmt.Sprintf("%-8s", ch)
		if s.locked[ch] != "" {
			head += st.Subtle.Render(fmt.Sprintf("%-8s", string(ch)+" ✗"))
		} else {
			head += st.Label.Render(name)
		}
	}
	d.line(head)
	for r, e := range domain.Events {
		line := selMark(st, r == s.row) + fmt.Sprintf("%-*s", notifyEventCol, notifyEventLabel(e))
		for c, ch := range domain.Channels {
			box := "[ ]"
			if s.on(e, ch) {
				box = "[x]"
			}
			switch {
			case s.locked[ch] != "":
				box = st.Subtle.Render(box)
			case r == s.row && c == s.col:
				box = st.Accent.Reverse(true).Render(box)
			case s.on(e, ch):
				box = "[" + st.Yes.Render("x") + "]"
			}
			line += box + strings.Repeat(" ", 5)
		}
		d.line(line)
	}
	for _, ch := range domain.Channels {
		if why := s.locked[ch]; why != "" {
			d.blank()
			d.indented("", 0, strings.ToUpper(string(ch))+" cannot be changed here: "+why+".", st.Warn)
		}
	}
	for _, l := range s.refused.lines(st, s.Width) {
		d.line(l)
	}
	return fitLines(d.String(), s.Width, s.Height)
}

func (s *notificationsScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.k.toggle, s.k.left, s.Keys.Down}
}

func (s *notificationsScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.Keys.Up, s.Keys.Down, s.Keys.Top, s.Keys.Bottom, s.k.left, s.k.right, s.k.toggle}}
}
