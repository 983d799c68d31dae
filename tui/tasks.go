package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Tasks: to-dos the team gives each other, assistants included. A task an
// assistant makes names them and the practitioner they acted for:
// "Asa Ahmed for Rob Reyes" (R44).

func init() {
	register(80, tasksSpec, domain.WSTeam, domain.WSAssistant)
}

func tasksSpec() ScreenSpec {
	return ScreenSpec{ID: "tasks", Title: "Tasks", Needs: domain.ActTasksList, New: newTasksScreen}
}

// taskListScope is which tasks the list shows.
type taskListScope int

const (
	tasksYours taskListScope = iota // the domain's default: yours and the practitioner's
	tasksMine                       // assigned to the one signed in
	tasksAll                        // the whole team's (manage_coaches)
)

type tasksKeys struct {
	add, done, scope, open key.Binding
}

type tasksScreen struct {
	Context
	modalHost // the add form
	tasks     []domain.TaskView
	scope     taskListScope
	openOnly  bool
	mayAll    domain.Decision
	rows      selCursor
	pages     idPager
	refused   refusalNote
	err       error
	k         tasksKeys
}

func newTasksScreen(c Context) Screen {
	s := &tasksScreen{Context: c, openOnly: true, pages: newIDPager()}
	s.k = tasksKeys{
		add:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add task")),
		done:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark done")),
		scope: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "whose tasks")),
		open:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open/all")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *tasksScreen) Init() tea.Cmd   { return nil }
func (s *tasksScreen) Title() string   { return "Tasks" }
func (s *tasksScreen) Capturing() bool { return s.modalOpen() }

func (s *tasksScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

func (s *tasksScreen) load() {
	s.mayAll = s.Decide(domain.ActTasksAll, domain.Target{})
	if s.scope == tasksAll && !s.mayAll.Allowed {
		s.scope = tasksYours
	}
	q := domain.TaskQuery{Mine: s.scope == tasksMine, All: s.scope == tasksAll, Open: s.openOnly, Before: s.pages.before(), Limit: idPageSize + 1}
	ts, err := s.Svc.Tasks(s.Who, q)
	s.tasks, s.err = idPageTrim(&s.pages, ts), err
	s.rows.setLen(len(s.tasks))
}

func (s *tasksScreen) firstPage() {
	s.pages.reset()
	s.rows = selCursor{}
	s.load()
}

func (s *tasksScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *tasksScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	switch {
	case key.Matches(k, s.k.add):
		s.openPane(s.addForm())
	case key.Matches(k, s.k.done):
		if len(s.tasks) == 0 {
			return nil
		}
		t := s.tasks[s.rows.sel]
		if t.Done {
			return Status("Already done")
		}
		got, err := s.Svc.CompleteTask(s.Who, t.ID)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		return Status("Done: %s", clean(got.Title))
	case key.Matches(k, s.k.scope):
		s.scope++
		if s.scope == tasksAll && !s.mayAll.Allowed || s.scope > tasksAll {
			s.scope = tasksYours
		}
		s.firstPage()
	case key.Matches(k, s.k.open):
		s.openOnly = !s.openOnly
		s.firstPage()
	case turnPage(&s.pages, k, s.tasks, func(t domain.TaskView) domain.ID { return t.ID }):
		s.rows = selCursor{}
		s.load()
	default:
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	}
	return nil
}

func (s *tasksScreen) addForm() modalPane {
	a := s.Access()
	f := newForm(s.Common, "Add a task")
	if s.Workspace().Kind == domain.WSAssistant {
		f.note("It is recorded as " + clean(a.Actor.Name) + " for " + clean(a.Principal.Name) + ".") // R44
	}
	f.text("title", "Title", "", "Send the session notes", domain.MaxLineLen)
	f.text("assign", "Assign to", "", "jdoe", domain.MaxHandleLen).help =
		"a team member's or an assistant's handle; empty: " + personLabel(a.Actor)
	f.text("due", "Due", "", "2026-03-14", domain.MaxDateLen).help = "a day as " + domain.DateHint + "; empty: no due day"
	f.text("client", "Client", "", "jane", domain.MaxHandleLen).help =
		"a client's handle, if the task is about one: it needs access to their file"
	f.button("save", "Add task")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		t, err := s.Svc.AddTask(who, domain.NewTask{
			Title: f.value("title"), Assign: strings.TrimSpace(f.value("assign")),
			Due: strings.TrimSpace(f.value("due")), Client: strings.TrimSpace(f.value("client")),
		})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Task added for %s", clean(t.AssigneeName)), nil
	}
	return f
}

func (s *tasksScreen) scopeText() string {
	switch s.scope {
	case tasksMine:
		return "Assigned to you"
	case tasksAll:
		return "Everyone's tasks"
	}
	if s.Workspace().Kind == domain.WSAssistant {
		return "Yours and " + firstName(s.Access().Principal.Name) + "'s"
	}
	return "Yours: assigned to you or made by you"
}

func (s *tasksScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	title := s.scopeText()
	if s.openOnly {
		title += " · open"
	} else {
		title += " · open and done"
	}
	head := []string{st.Title.Render(title)}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := append(s.refused.lines(st, s.Width), st.Subtle.Render(s.pages.label()))
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no tasks here"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		t := s.tasks[i]
		box := "[ ] "
		if t.Done {
			box = "[" + st.Yes.Render("x") + "] "
		}
		line := selMark(st, sel) + box + clean(t.Title)
		if t.Due != "" {
			due := "due " + clean(t.Due)
			if t.Overdue {
				line += "  " + st.Warn.Render(due+" · overdue")
			} else {
				line += "  " + st.Subtle.Render(due)
			}
		}
		about := []string{"to " + clean(t.AssigneeName)}
		if t.ClientHandle != "" {
			about = append(about, "about "+clean(t.ClientHandle))
		}
		about = append(about, "by "+clean(t.By))
		if t.Done && t.DoneBy != "" {
			about = append(about, fmt.Sprintf("done by %s", clean(t.DoneBy)))
		}
		return []string{line, "      " + st.Subtle.Render(strings.Join(about, " · "))}
	})
}

func (s *tasksScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	b := []key.Binding{s.k.add}
	if len(s.tasks) > 0 {
		b = append(b, s.k.done)
	}
	b = append(b, s.k.scope, s.k.open)
	b = append(b, s.pages.help()...)
	return b
}

func (s *tasksScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{
		{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown},
		{s.k.add, s.k.done, s.k.scope, s.k.open, s.pages.keys.older, s.pages.keys.newer},
	}
}
