package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// A client's Courses (R21, R23): the courses they are enrolled in, each
// with its progress as a bar; enter opens one: its lessons as the client
// received them, done or not, the selected one's text and files (with the
// command line that downloads each), and d marks it done. A contact has
// no Courses screen (R31): the help says why.

func myCoursesSpec() ScreenSpec {
	return ScreenSpec{ID: "courses", Title: "Courses", Needs: domain.ActCoursesLessonDone, New: newMyCoursesScreen}
}

type myCoursesScreen struct {
	Context
	list    []domain.EnrolmentView
	rows    selCursor
	err     error
	refused refusalNote
	open    *domain.EnrolmentView // the course being worked through
	lessons selCursor
	keys    struct{ open, back, done key.Binding }
}

func newMyCoursesScreen(c Context) Screen {
	s := &myCoursesScreen{Context: c}
	s.keys.open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	s.keys.back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to your courses"))
	s.keys.done = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark lesson done"))
	s.load()
	return s
}

func (s *myCoursesScreen) Init() tea.Cmd       { return nil }
func (s *myCoursesScreen) Title() string       { return "Courses" }
func (s *myCoursesScreen) Capturing() bool     { return false }
func (s *myCoursesScreen) SetSize(w, h int)    { s.Common.SetSize(w, h) }
func (s *myCoursesScreen) courseID() domain.ID { return s.open.Enrolment.Course }

func (s *myCoursesScreen) load() {
	_, s.list, s.err = s.Svc.ListCourses(s.Who)
	s.rows.setLen(len(s.list))
	if s.open == nil {
		return
	}
	for i := range s.list {
		if s.list[i].Enrolment.Course == s.courseID() {
			s.open = &s.list[i]
			s.lessons.setLen(len(s.open.Enrolment.Lessons))
			return
		}
	}
	s.open = nil // no longer enrolled
}

func (s *myCoursesScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *myCoursesScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if s.open == nil {
		if key.Matches(k, s.keys.open) && s.rows.sel < len(s.list) {
			s.open = &s.list[s.rows.sel]
			s.lessons = selCursor{}
			s.lessons.setLen(len(s.open.Enrolment.Lessons))
			s.lessons.sel = firstUndone(s.open.Enrolment)
			return nil
		}
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
		return nil
	}
	e := s.open.Enrolment
	switch {
	case key.Matches(k, s.keys.back):
		s.open = nil
	case key.Matches(k, s.keys.done):
		if s.lessons.sel >= len(e.Lessons) {
			return nil
		}
		l := e.Lessons[s.lessons.sel]
		got, err := s.Svc.LessonDone(s.Who, e.Course, l.N)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		if s.open != nil {
			s.lessons.sel = firstUndone(s.open.Enrolment)
		}
		g := got.Enrolment
		if g.Finished() == len(g.Lessons) {
			return Status("Done: %s. You finished %s!", clean(l.Title), clean(g.Name))
		}
		return Status("Done: %s; %d of %d lessons done", clean(l.Title), g.Finished(), len(g.Lessons))
	default:
		s.lessons.move(k, s.Keys, max(s.Height/4, 1))
	}
	return nil
}

// firstUndone is the first lesson not done yet (the last when all are).
func firstUndone(e domain.Enrolment) int {
	for i, l := range e.Lessons {
		if !e.IsDone(l.N) {
			return i
		}
	}
	return max(len(e.Lessons)-1, 0)
}

func (s *myCoursesScreen) View() string {
	st := s.Styles
	if s.open != nil {
		return s.courseView()
	}
	head := []string{st.Title.Render("Your courses")}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	lv := selList{head: head, foot: s.refused.lines(st, s.Width), rowH: 3, empty: "  you are not enrolled in a course yet"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		e := s.list[i]
		return []string{
			trunc(selMark(st, sel)+st.Value.Bold(true).Render(clean(e.Enrolment.Name)), s.Width),
			myProgressLine(st, e.Enrolment, s.Width),
		}
	})
}

// myProgressLine is the bar of a client's own progress and its words.
func myProgressLine(st *Styles, e domain.Enrolment, width int) string {
	total := len(e.Lessons)
	words := strconv.Itoa(e.Finished()) + " of " + domain.Plural(total, "lesson", "lessons") + " done"
	cells := min(max(width-4-len(words)-2, 5), 20)
	return trunc("    "+progressBar(st, e.Finished(), total, cells)+"  "+st.Value.Render(words), width)
}

// courseView is one course being worked through: its lessons, then the
// selected lesson's text and files with their download lines.
func (s *myCoursesScreen) courseView() string {
	st := s.Styles
	ev := s.open
	e := ev.Enrolment
	head := []string{
		trunc(st.Title.Render(clean(e.Name)), s.Width),
		myProgressLine(st, e, s.Width),
		"",
	}
	var body []string
	if i := s.lessons.sel; i < len(e.Lessons) {
		l := e.Lessons[i]
		body = append(body, "", st.Title.Render(trunc(strconv.Itoa(l.N)+". "+clean(l.Title), s.Width)))
		for _, para := range strings.Split(l.Text, "\n") {
			if strings.TrimSpace(para) != "" {
				body = append(body, wrapped(clean(para), 2, s.Width, st.Value)...)
			}
		}
		cmds := s.Svc.FileCommands(s.Workspace()).WithKey(keyPlaceholder)
		for _, id := range l.Files {
			f, ok := ev.Files[id]
			if !ok {
				continue
			}
			body = append(body, "  "+st.Label.Render(trunc(clean(f.Name)+" · "+domain.Bytes(f.Size), s.Width-2)))
			body = append(body, wrapped(clean(cmds.Download(domain.FolderShared+"/"+f.Name)), 4, s.Width, st.Subtle)...)
		}
		if len(l.Files) > 0 {
			body = append(body, wrapped(keyPlaceholder+" is the private key you signed in with.", 2, s.Width, st.Subtle)...)
		}
	}
	foot := s.refused.lines(st, s.Width)
	// The lessons keep at least three lines; the text gives way.
	room := s.Height - len(head) - len(foot) - min(len(e.Lessons), 3)
	if len(body) > room {
		body = append(body[:max(room-1, 0)], st.Scroll.Render("  …"))
	}
	return listThenBody(st, s.Width, s.Height, head, &s.lessons, func(i int, sel bool) string {
		l := e.Lessons[i]
		mark := "[ ] "
		if e.IsDone(l.N) {
			mark = "[" + st.Yes.Render("x") + "] "
		}
		return trunc(selMark(st, sel)+mark+strconv.Itoa(l.N)+". "+clean(l.Title), s.Width)
	}, body, foot)
}

func (s *myCoursesScreen) ShortHelp() []key.Binding {
	if s.open != nil {
		return []key.Binding{s.keys.back, s.keys.done}
	}
	if len(s.list) > 0 {
		return []key.Binding{s.keys.open}
	}
	return nil
}

func (s *myCoursesScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{moveKeys(s.Keys), {s.keys.open, s.keys.back, s.keys.done}}
}
