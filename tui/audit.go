package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The audit log (R60) in the team workspace: the whole log for a holder of
// manage_admins, one's own actions otherwise — the domain decides which,
// and the screen says which it shows.

func init() {
	register(120, auditSpec, domain.WSTeam)
}

func auditSpec() ScreenSpec {
	return ScreenSpec{ID: "audit", Title: "Audit", Needs: domain.ActAuditList, New: newAuditScreen}
}

type auditScreen struct {
	Context
	entries []domain.AuditView
	scope   domain.Decision // whole log or own entries, with the domain's reason
	rows    selCursor
	pages   idPager
	err     error
}

func newAuditScreen(c Context) Screen {
	s := &auditScreen{Context: c, pages: newIDPager()}
	s.load()
	return s
}

func (s *auditScreen) Init() tea.Cmd             { return nil }
func (s *auditScreen) Title() string             { return "Audit" }
func (s *auditScreen) Capturing() bool           { return false }
func (s *auditScreen) SetSize(width, height int) { s.Common.SetSize(width, height) }

func (s *auditScreen) load() {
	s.scope = s.Decide(domain.ActAuditList, domain.Target{})
	es, err := s.Svc.Audit(s.Who, domain.AuditFilter{Before: s.pages.before(), Limit: idPageSize + 1})
	s.entries, s.err = idPageTrim(&s.pages, es), err
	s.rows.setLen(len(s.entries))
}

func (s *auditScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		if turnPage(&s.pages, msg, s.entries, auditID) {
			s.rows = selCursor{}
			s.load()
		} else {
			s.rows.move(msg, s.Keys, max(s.Height/2-2, 1))
		}
	}
	return s, nil
}

func auditID(e domain.AuditView) domain.ID { return e.ID }

func (s *auditScreen) View() string {
	st := s.Styles
	// Which log this is (whole or own) is the domain's to say (R60).
	head := []string{st.Title.Render("Audit log")}
	head = append(head, wrapped("Newest first. "+reasonSentence(clean(s.scope.Reason))+".", 0, s.Width, st.Subtle)...) // R60
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	loc := s.Access().Org.Location()
	lv := selList{head: head, foot: []string{st.Subtle.Render(s.pages.label())}, rowH: 2, empty: "  nothing recorded yet"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		e := s.entries[i]
		line := selMark(st, sel) + st.Subtle.Render(orgWhen(loc, e.At)) + "  " + st.Accent.Render(clean(e.ActorHandle)) +
			" " + clean(e.Summary())
		return []string{line, "    " + st.Subtle.Render(clean(domain.WorkspaceWords(e.Workspace)))}
	})
}

func (s *auditScreen) ShortHelp() []key.Binding {
	var b []key.Binding
	if len(s.entries) > 0 {
		b = append(b, s.Keys.Down)
	}
	b = append(b, s.pages.help()...)
	return b
}

func (s *auditScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.Keys.Top, s.Keys.Bottom}, {s.pages.keys.older, s.pages.keys.newer}}
}
