package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Outbox screen (the owner's: it holds everyone's emails and SMS,
// newest first): each message's status (queued, sent, failed or kept
// here only), its tries, the mail server's last refusal and when it was
// sent; s filters by status. An invitation's code never shows here.

func init() {
	register(101, outboxSpec, domain.WSTeam)
}

func outboxSpec() ScreenSpec {
	return ScreenSpec{ID: "outbox", Title: "Outbox", Needs: domain.ActNotificationsOutbox, New: newOutboxScreen}
}

// outboxPage is how many messages one look reads, newest first.
const outboxPage = 200

type outboxScreen struct {
	Context
	items  []domain.OutboxItem
	status domain.MailStatus // "" for every status
	cur    selCursor
	err    error
	filter key.Binding
}

func newOutboxScreen(c Context) Screen {
	s := &outboxScreen{Context: c,
		filter: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status filter")),
	}
	s.load()
	return s
}

func (s *outboxScreen) load() {
	s.items, s.err = s.Svc.Outbox(s.Who, domain.OutboxQuery{Status: s.status, Limit: outboxPage})
	s.cur.setLen(len(s.items))
}

func (s *outboxScreen) Init() tea.Cmd             { return nil }
func (s *outboxScreen) Title() string             { return "Outbox" }
func (s *outboxScreen) Capturing() bool           { return false }
func (s *outboxScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

func (s *outboxScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		if key.Matches(msg, s.filter) {
			s.status = nextMailStatus(s.status)
			s.cur = selCursor{}
			s.load()
			return s, nil
		}
		s.cur.move(msg, s.Keys, max(s.Height/2, 1))
	}
	return s, nil
}

// nextMailStatus cycles every status, then all of them again.
func nextMailStatus(st domain.MailStatus) domain.MailStatus {
	all := append([]domain.MailStatus{""}, domain.MailStatuses...)
	for i, x := range all {
		if x == st {
			return all[(i+1)%len(all)]
		}
	}
	return ""
}

// outboxDetailLines is the room the selected message's details take.
const outboxDetailLines = 6

func (s *outboxScreen) View() string {
	st := s.Styles
	loc := s.Access().Org.Location()
	shown := "every status"
	if s.status != "" {
		shown = string(s.status) + " only"
	}
	head := []string{st.Title.Render("Outbox") + st.Subtle.Render(" · "+domain.Plural(len(s.items), "message", "messages")+" · "+shown)}
	if s.err != nil {
		return fitLines(strings.Join(append(head, st.StatusError.Render(errText(s.err))), "\n"), s.Width, s.Height)
	}
	if len(s.items) == outboxPage {
		head = append(head, st.Subtle.Render(fmt.Sprintf("The newest %d; notifications outbox --before pages further back.", outboxPage)))
	}
	toW := min(max(s.Width/4, 10), 30)
	head = append(head, st.Label.Render("  "+cell("When", 17)+cell("Channel", 8)+cell("To", toW)+cell("Status", 8)+"Event"))
	list := selList{head: head, foot: s.detail(), rowH: 1,
		empty: "Nothing here. Emails and SMS that settings turn on are recorded here as they go out."}
	return list.render(st, s.Width, s.Height, &s.cur, func(i int, sel bool) []string {
		it := s.items[i]
		status := cell(string(it.Status), 8)
		switch it.Status {
		case domain.MailFailed:
			status = st.StatusError.Render(status)
		case domain.MailQueued:
			status = st.Warn.Render(status)
		}
		return []string{selMark(st, sel) + cell(it.At.In(loc).Format(domain.WallLayout), 17) + cell(clean(string(it.Channel)), 8) +
			cell(clean(it.To), toW) + status + clean(string(it.Event))}
	})
}

// detail is the selected message's tries, last error and sent time.
func (s *outboxScreen) detail() []string {
	st := s.Styles
	if s.cur.sel < 0 || s.cur.sel >= len(s.items) {
		return nil
	}
	it := s.items[s.cur.sel]
	loc := s.Access().Org.Location()
	d := newDoc(st, s.Width)
	what := clean(it.Text)
	if it.Subject != "" {
		what = clean(it.Subject)
	}
	d.line(st.Label.Render(strings.Repeat("─", max(s.Width, 1))))
	d.row("Message", what)
	state := string(it.Status)
	switch it.Status {
	case domain.MailSent:
		state = "sent " + it.SentAt.In(loc).Format(domain.WallLayout)
	case domain.MailQueued:
		if !it.NextAt.IsZero() {
			state += ", next try " + it.NextAt.In(loc).Format(domain.WallLayout)
		}
	case domain.MailKept:
		state = "kept here only (not sent)"
	}
	d.row("Status", state+" · "+domain.Plural(it.Attempts, "failed try", "failed tries"))
	lastErr := st.Subtle.Render("none")
	if it.LastError != "" {
		lastErr = st.StatusError.Render(clean(it.LastError))
	}
	d.row("Last error", lastErr)
	lines := strings.Split(d.String(), "\n")
	return lines[:min(len(lines), outboxDetailLines)]
}

func (s *outboxScreen) ShortHelp() []key.Binding { return []key.Binding{s.filter, s.Keys.Down} }

func (s *outboxScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.filter}, moveKeys(s.Keys)}
}
