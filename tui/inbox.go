package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The inbox: the notifications of this workspace, in every workspace kind.
// What arrived for one workspace never shows in another (R32); an assistant
// reads each practitioner's in that practitioner's workspace (R45).

func init() {
	register(90, inboxSpec, domain.WSTeam, domain.WSMe, domain.WSContact, domain.WSAssistant)
}

func inboxSpec() ScreenSpec {
	return ScreenSpec{ID: "inbox", Title: "Inbox", Needs: domain.ActInboxList, New: newInboxScreen}
}

type inboxKeys struct {
	read, readAll, unreadOnly key.Binding
}

type inboxScreen struct {
	Context
	items      []domain.InboxView
	unread     int // capped by the domain (MaxUnreadCount): a cheap count for the tab
	unreadOnly bool
	rows       selCursor
	pages      idPager
	refused    refusalNote
	err        error
	k          inboxKeys
}

func newInboxScreen(c Context) Screen {
	s := &inboxScreen{Context: c, pages: newIDPager()}
	s.k = inboxKeys{
		read:       key.NewBinding(key.WithKeys("enter", "r"), key.WithHelp("r/enter", "mark read")),
		readAll:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "mark all read")),
		unreadOnly: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unread only")),
	}
	s.load()
	return s
}

func (s *inboxScreen) Init() tea.Cmd             { return nil }
func (s *inboxScreen) Capturing() bool           { return false }
func (s *inboxScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

// Title carries the unread count read at the last load: drawing the tab
// bar asks the store nothing.
func (s *inboxScreen) Title() string {
	if n := s.unreadText(); n != "" {
		return "Inbox (" + n + ")"
	}
	return "Inbox"
}

// unreadText is "3", or "99+" at the domain's cap, or "" for none.
func (s *inboxScreen) unreadText() string {
	switch {
	case s.unread >= domain.MaxUnreadCount:
		return fmt.Sprintf("%d+", domain.MaxUnreadCount-1)
	case s.unread > 0:
		return fmt.Sprintf("%d", s.unread)
	}
	return ""
}

func (s *inboxScreen) load() {
	items, err := s.Svc.Inbox(s.Who, domain.InboxQuery{Unread: s.unreadOnly, Before: s.pages.before(), Limit: idPageSize + 1})
	s.items, s.err = idPageTrim(&s.pages, items), err
	if n, err := s.Svc.UnreadCount(s.Who); err == nil {
		s.unread = n
	}
	s.rows.setLen(len(s.items))
}

func (s *inboxScreen) firstPage() {
	s.pages.reset()
	s.rows = selCursor{}
	s.load()
}

func (s *inboxScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *inboxScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	switch {
	case key.Matches(k, s.k.read):
		if len(s.items) == 0 {
			return nil
		}
		it := s.items[s.rows.sel].Item
		if it.Read {
			return Status("Already read")
		}
		if _, err := s.Svc.MarkRead(s.Who, it.ID); err != nil {
			return s.refused.show(err)
		}
		s.load()
		return nil
	case key.Matches(k, s.k.readAll):
		n, err := s.Svc.MarkRead(s.Who, 0)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		return Status("%d marked read", n)
	case key.Matches(k, s.k.unreadOnly):
		s.unreadOnly = !s.unreadOnly
		s.firstPage()
		return nil
	case turnPage(&s.pages, k, s.items, func(v domain.InboxView) domain.ID { return v.Item.ID }):
		s.rows = selCursor{}
		s.load()
		return nil
	}
	s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	return nil
}

func (s *inboxScreen) View() string {
	st := s.Styles
	title := "Inbox"
	if s.unreadOnly {
		title = "Inbox · unread only"
	}
	if n := s.unreadText(); n != "" {
		title += " · " + n + " unread"
	}
	head := []string{st.Title.Render(title)}
	if s.Workspace().Kind == domain.WSAssistant {
		head = append(head, wrapped("What reaches "+clean(s.Access().Principal.Name)+", for you and their other assistants.", 0, s.Width, st.Subtle)...) // R45
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := append(s.refused.lines(st, s.Width), st.Subtle.Render(s.pages.label()))
	loc := s.Access().Org.Location()
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  nothing here"}
	if s.unreadOnly {
		lv.empty = "  nothing unread"
	}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		v := s.items[i]
		it := v.Item
		dot, text := "  ", st.Subtle.Render(clean(it.Text))
		if !it.Read {
			dot, text = st.Accent.Render("● "), st.Value.Render(clean(it.Text))
		}
		line := selMark(st, sel) + dot + st.Subtle.Render(orgWhen(loc, it.At)+" "+notifyEventLabel(it.Event)+" ") + text
		var about []string
		if it.By != "" {
			about = append(about, "by "+clean(it.By))
		}
		if v.About != nil {
			about = append(about, "about "+personLabel(*v.About))
		}
		if v.For != nil {
			about = append(about, "for "+personLabel(*v.For))
		}
		return []string{line, "      " + st.Subtle.Render(strings.Join(about, " · "))}
	})
}

// notifyEventLabel names an event in a few words.
func notifyEventLabel(e domain.Event) string {
	switch e {
	case domain.EventSessionBooked:
		return "Session booked"
	case domain.EventSessionChanged:
		return "Session changed"
	case domain.EventInvoiceIssued:
		return "Invoice issued"
	case domain.EventInvoicePaid:
		return "Invoice paid"
	case domain.EventContactAdded:
		return "Contact added"
	case domain.EventProgressShared:
		return "Progress shared"
	case domain.KindTask:
		return "Task"
	case domain.KindMessage:
		return "Message"
	}
	return clean(string(e))
}

func (s *inboxScreen) ShortHelp() []key.Binding {
	b := []key.Binding{s.k.read}
	if s.unread > 0 {
		b = append(b, s.k.readAll)
	}
	b = append(b, s.k.unreadOnly)
	b = append(b, s.pages.help()...)
	return b
}

func (s *inboxScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.Keys.Top, s.Keys.Bottom},
		{s.k.read, s.k.readAll, s.k.unreadOnly, s.pages.keys.older, s.pages.keys.newer},
	}
}
