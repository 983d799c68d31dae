package tui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Courses (R21, R23). The team's screen lists the courses the workspace
// may use — its own, the team's, every one with clone_courses or
// reassign_ownership — with their owner, team mark, lessons and enrolled
// clients. a makes one; enter opens the editor: the lessons in order
// (a adds, enter changes a title and attaches library files, b writes the
// text, x removes, alt+↑/↓ moves), the name (n), and below them every
// enrolled client's progress as a bar; e enrols a client. t makes a course
// a team course or stops (manage_courses), c copies it (clone_courses), r
// passes it on (reassign_ownership), x deletes it. Clients enrolled keep
// the course as they received it. A client's own courses are in
// courses_client.go; contacts have none (R31).

func init() {
	register(134, coursesSpec, domain.WSTeam, domain.WSAssistant)
	register(134, myCoursesSpec, domain.WSMe, domain.WSContact)
}

func coursesSpec() ScreenSpec {
	return ScreenSpec{ID: "courses", Title: "Courses", Needs: domain.ActCoursesList, New: newCoursesScreen}
}

type coursesKeys struct {
	add, open, team, clone, reassign, del                      key.Binding
	back, lessonAdd, lessonEdit, lessonText, lessonDel, up, dn key.Binding
	rename, enrol                                              key.Binding
}

type coursesScreen struct {
	Context
	modalHost
	list    []domain.CourseView
	rows    selCursor
	err     error
	refused refusalNote
	k       coursesKeys
	// open is the course in the editor, nil on the list.
	open *courseDetail
}

// courseDetail is one course in the editor and its enrolments.
type courseDetail struct {
	id       domain.ID
	cv       domain.CourseView
	progress []domain.EnrolmentView
	err      error
	lessons  selCursor
}

func newCoursesScreen(c Context) Screen {
	s := &coursesScreen{Context: c}
	s.k = coursesKeys{
		add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "new course")),
		open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		team:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "team course/stop")),
		clone:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
		reassign:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reassign")),
		del:        key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the list")),
		lessonAdd:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add lesson")),
		lessonEdit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "title and files")),
		lessonText: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "lesson text")),
		lessonDel:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove lesson")),
		up:         key.NewBinding(key.WithKeys("alt+up"), key.WithHelp("alt+↑/↓", "move lesson")),
		dn:         key.NewBinding(key.WithKeys("alt+down")),
		rename:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "rename")),
		enrol:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enrol a client")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *coursesScreen) Init() tea.Cmd   { return nil }
func (s *coursesScreen) Title() string   { return "Courses" }
func (s *coursesScreen) Capturing() bool { return s.modalOpen() }

func (s *coursesScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

// load reads the list and, when one is open, the course and its
// enrolments again.
func (s *coursesScreen) load() {
	s.list, _, s.err = s.Svc.ListCourses(s.Who)
	s.rows.setLen(len(s.list))
	if d := s.open; d != nil {
		cv, _, err := s.Svc.ShowCourse(s.Who, d.id)
		if err != nil {
			s.open = nil // gone, or out of sight now
			s.err = err
			return
		}
		d.cv = cv
		d.progress, d.err = s.Svc.CourseProgress(s.Who, d.id, "")
		d.lessons.setLen(len(cv.Course.Lessons))
	}
}

func (s *coursesScreen) selected() (domain.CourseView, bool) {
	if s.rows.sel < len(s.list) {
		return s.list[s.rows.sel], true
	}
	return domain.CourseView{}, false
}

// current is the course the keys act on: the open one, or the selected.
func (s *coursesScreen) current() (domain.CourseView, bool) {
	if s.open != nil {
		return s.open.cv, true
	}
	return s.selected()
}

func (s *coursesScreen) openCourse(id domain.ID) {
	s.open = &courseDetail{id: id}
	s.load()
}

func (s *coursesScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		if !s.modalOpen() {
			s.load()
		}
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *coursesScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	if s.open != nil {
		if cmd, done := s.detailKey(k); done {
			return cmd
		}
	} else {
		switch {
		case key.Matches(k, s.k.add):
			if d := s.Decide(domain.ActCoursesAdd, domain.Target{}); !d.Allowed {
				return s.refused.show(d.Err())
			}
			s.openPane(s.newCourseForm())
			return nil
		case key.Matches(k, s.k.open):
			if v, ok := s.selected(); ok {
				s.openCourse(v.Course.ID)
			}
			return nil
		}
	}
	v, ok := s.current()
	if !ok {
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
		return nil
	}
	c := v.Course
	switch {
	case key.Matches(k, s.k.team):
		if !v.CanTeam {
			return s.refused.show(s.Decide(domain.ActCoursesTeam, domain.Target{Course: &c}).Err())
		}
		got, err := s.Svc.TeamCourse(s.Who, c.ID, c.Team)
		if err != nil {
			return s.refused.show(err)
		}
		s.load()
		if got.Course.Team {
			return Status("A team course now: %s", clean(got.Course.Name))
		}
		return Status("No longer a team course: %s", clean(got.Course.Name))
	case key.Matches(k, s.k.clone):
		if !v.CanClone {
			return s.refused.show(s.Decide(domain.ActCoursesClone, domain.Target{Course: &c}).Err())
		}
		s.openPane(s.cloneForm(v))
	case key.Matches(k, s.k.reassign):
		if !v.CanReassign {
			return s.refused.show(s.Decide(domain.ActCoursesReassign, domain.Target{Course: &c}).Err())
		}
		s.openPane(s.reassignForm(v))
	case key.Matches(k, s.k.del) && s.open == nil:
		if !v.CanEdit {
			return s.refused.show(s.Decide(domain.ActCoursesDelete, domain.Target{Course: &c}).Err())
		}
		id, name := c.ID, clean(c.Name)
		s.confirm.ask("Delete the course "+name+"?", "delete it", "Kept", func() tea.Cmd {
			if err := s.Svc.DeleteCourse(s.Who, id); err != nil {
				return s.refused.show(err)
			}
			s.load()
			return Status("Deleted: %s; enrolled clients keep theirs", name)
		})
	default:
		if s.open != nil {
			s.open.lessons.move(k, s.Keys, max(s.Height/4, 1))
		} else {
			s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
		}
	}
	return nil
}

// detailKey handles the editor's own keys; done is false for the keys it
// shares with the list (team, copy, reassign) and the movement keys.
func (s *coursesScreen) detailKey(k tea.KeyMsg) (tea.Cmd, bool) {
	d := s.open
	c := d.cv.Course
	editKeys := []key.Binding{s.k.lessonAdd, s.k.lessonEdit, s.k.lessonText, s.k.lessonDel, s.k.up, s.k.dn, s.k.rename}
	switch {
	case key.Matches(k, s.k.back):
		s.open = nil
		s.load()
		return nil, true
	case key.Matches(k, s.k.enrol):
		if !d.cv.CanEnrol {
			return s.refused.show(s.Decide(domain.ActCoursesEnrol, domain.Target{Course: &c}).Err()), true
		}
		s.openPane(s.enrolForm(d.cv))
		return nil, true
	case key.Matches(k, editKeys...) && !d.cv.CanEdit:
		return s.refused.show(s.Decide(domain.ActCoursesEdit, domain.Target{Course: &c}).Err()), true
	case key.Matches(k, s.k.rename):
		s.openPane(s.renameForm(d.cv))
		return nil, true
	case key.Matches(k, s.k.lessonAdd):
		s.openPane(s.lessonForm(d.cv, -1))
		return nil, true
	}
	i := d.lessons.sel
	if i >= len(c.Lessons) {
		return nil, false
	}
	switch {
	case key.Matches(k, s.k.lessonEdit):
		s.openPane(s.lessonForm(d.cv, i))
	case key.Matches(k, s.k.lessonText):
		s.openPane(s.textForm(d.cv, i))
	case key.Matches(k, s.k.lessonDel):
		if len(c.Lessons) == 1 {
			return s.refused.show(&domain.Error{Kind: domain.KindInvalid, Msg: "a course needs at least one lesson"}), true
		}
		title := clean(c.Lessons[i].Title)
		s.confirm.ask("Remove lesson "+strconv.Itoa(i+1)+", "+title+"?", "remove it", "Kept", func() tea.Cmd {
			return s.saveLessons(slices.Delete(slices.Clone(c.Lessons), i, i+1), "Removed: "+title)
		})
	case key.Matches(k, s.k.up, s.k.dn):
		j := i - 1
		if key.Matches(k, s.k.dn) {
			j = i + 1
		}
		if j < 0 || j >= len(c.Lessons) {
			return nil, true
		}
		ls := slices.Clone(c.Lessons)
		ls[i], ls[j] = ls[j], ls[i]
		d.lessons.sel = j
		return s.saveLessons(ls, "Moved: "+clean(ls[j].Title)), true
	default:
		return nil, false
	}
	return nil, true
}

// saveLessons stores the open course's lessons through the domain.
func (s *coursesScreen) saveLessons(ls []domain.Lesson, said string) tea.Cmd {
	if _, err := s.Svc.EditCourse(s.Who, s.open.id, domain.CourseEdit{Lessons: ls}); err != nil {
		s.load()
		return s.refused.show(err)
	}
	s.load()
	return Status("%s", said)
}

func (s *coursesScreen) newCourseForm() modalPane {
	f := newForm(s.Common, "New course")
	f.text("name", "Name", "", "First steps", domain.MaxCourseNameLen)
	f.text("first", "First lesson", "", "Where you stand", domain.MaxLessonTitleLen).help = "its title; add lessons, text and files in the editor"
	f.button("save", "Make it")
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.AddCourse(s.Who, domain.NewCourse{Name: f.value("name"), Lessons: []domain.Lesson{{Title: f.value("first")}}})
		if err != nil {
			return nil, nil, err
		}
		s.open = &courseDetail{id: got.Course.ID}
		return nil, Status("Made: %s", clean(got.Course.Name)), nil
	}
	f.fieldFor = func(name string) string { // lessons: the one title here
		if name == "lessons" {
			return "first"
		}
		return name
	}
	return f
}

func (s *coursesScreen) renameForm(v domain.CourseView) modalPane {
	f := newForm(s.Common, "Rename "+clean(v.Course.Name))
	f.note("Enrolled clients keep the name they received.")
	f.text("name", "Name", v.Course.Name, "First steps", domain.MaxCourseNameLen)
	f.button("save", "Rename")
	id := v.Course.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		n := f.value("name")
		got, err := s.Svc.EditCourse(s.Who, id, domain.CourseEdit{Name: &n})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Renamed: %s", clean(got.Course.Name)), nil
	}
	return f
}

// usableFiles are the files a lesson may name: the workspace's own
// library, then the team library's other files.
func (s *coursesScreen) usableFiles() ([]domain.FileView, error) {
	own, err := s.Svc.ListLibrary(s.Who, domain.LibraryFilter{})
	if err != nil {
		return nil, err
	}
	team, err := s.Svc.ListLibrary(s.Who, domain.LibraryFilter{Team: true})
	for _, f := range team {
		if !slices.ContainsFunc(own, func(o domain.FileView) bool { return o.File.ID == f.File.ID }) {
			own = append(own, f)
		}
	}
	return own, err
}

// lessonForm changes lesson i's title and attached files (i < 0 adds a
// lesson at the end).
func (s *coursesScreen) lessonForm(v domain.CourseView, i int) modalPane {
	var l domain.Lesson
	title := "Add a lesson to " + clean(v.Course.Name)
	if i >= 0 {
		l = v.Course.Lessons[i]
		title = "Lesson " + strconv.Itoa(i+1) + " of " + clean(v.Course.Name)
	}
	f := newForm(s.Common, title)
	f.text("title", "Title", l.Title, "Where you stand", domain.MaxLessonTitleLen)
	files, err := s.usableFiles()
	f.heading("Files (space attaches; at most " + strconv.Itoa(domain.MaxLessonFiles) + ")")
	if err != nil {
		f.note(errText(err)).warn = true
	}
	if len(files) == 0 {
		f.note("Your library and the team library are empty: upload with scp, see the Library screen.")
	}
	for _, fv := range files {
		where := "yours"
		if fv.File.Owner != s.Access().Principal.ID {
			where = "team library, " + partyLabel(fv.Owner)
		}
		f.check("f"+fv.File.ID.String(), fv.File.Name, where+" · "+domain.Bytes(fv.File.Size), slices.Contains(l.Files, fv.File.ID))
	}
	f.note("Enrolling a client shares the attached files with them.")
	f.button("save", "Save")
	ls := slices.Clone(v.Course.Lessons)
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		next := domain.Lesson{Title: f.value("title"), Text: l.Text, Template: l.Template}
		for _, fl := range f.fields {
			if fl.kind == checkField && fl.on {
				id, err := domain.ParseID(strings.TrimPrefix(fl.id, "f"))
				if err == nil {
					next.Files = append(next.Files, id)
				}
			}
		}
		n := ls
		if i < 0 {
			n = append(n, next)
		} else {
			n = slices.Clone(ls)
			n[i] = next
		}
		if _, err := s.Svc.EditCourse(s.Who, v.Course.ID, domain.CourseEdit{Lessons: n}); err != nil {
			return nil, nil, err
		}
		if i < 0 && s.open != nil {
			s.open.lessons.sel = len(n) - 1
		}
		return nil, Status("Saved: %s", clean(next.Title)), nil
	}
	f.fieldFor = func(name string) string {
		if name == "lessons" {
			return "title"
		}
		return name
	}
	return f
}

// textForm writes lesson i's text, several lines, in a text box.
func (s *coursesScreen) textForm(v domain.CourseView, i int) modalPane {
	ls := slices.Clone(v.Course.Lessons)
	l := ls[i]
	t := newTextComposer(s.Common, "Lesson "+strconv.Itoa(i+1)+": "+clean(l.Title), "What the client reads in this lesson. ctrl+s saves.", func(body string) (string, error) {
		ls[i].Text = body
		if _, err := s.Svc.EditCourse(s.Who, v.Course.ID, domain.CourseEdit{Lessons: ls}); err != nil {
			return "", err
		}
		return "Saved the text of " + clean(l.Title), nil
	})
	t.ta.SetValue(l.Text)
	return t
}

func (s *coursesScreen) cloneForm(v domain.CourseView) modalPane {
	f := newForm(s.Common, "Copy "+clean(v.Course.Name))
	f.note("The copy is yours; its lessons name the same library files.")
	f.text("name", "Name", "Copy of "+v.Course.Name, "First steps", domain.MaxCourseNameLen)
	f.button("save", "Copy")
	id := v.Course.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.CloneCourse(s.Who, id, f.value("name"))
		if err != nil {
			return nil, nil, err
		}
		s.open = &courseDetail{id: got.Course.ID}
		return nil, Status("Copied: %s", clean(got.Course.Name)), nil
	}
	return f
}

func (s *coursesScreen) reassignForm(v domain.CourseView) modalPane {
	f := newForm(s.Common, "Pass "+clean(v.Course.Name)+" to another team member")
	f.note("Its owner now is " + partyLabel(v.Owner) + "; enrolled clients keep their course.")
	f.text("to", "To", "", "mira", domain.MaxHandleLen).help = "a team member's handle"
	f.button("save", "Reassign")
	id := v.Course.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.ReassignCourse(s.Who, id, strings.TrimSpace(f.value("to")))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("%s now owns %s", partyLabel(got.Owner), clean(got.Course.Name)), nil
	}
	return f
}

func (s *coursesScreen) enrolForm(v domain.CourseView) modalPane {
	f := newForm(s.Common, "Enrol a client in "+clean(v.Course.Name))
	f.note("They receive the course as it is now, and its files are shared with them.")
	f.text("client", "Client", "", "jane", domain.MaxHandleLen).help = "the handle of a client you coach"
	f.button("save", "Enrol")
	id := v.Course.ID
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		got, err := s.Svc.EnrolClient(s.Who, id, strings.TrimSpace(f.value("client")))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Enrolled %s in %s", clean(got.Client.Name), clean(got.Enrolment.Name)), nil
	}
	return f
}

func (s *coursesScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	if s.open != nil {
		return s.detailView()
	}
	st := s.Styles
	head := []string{st.Title.Render("Courses") + st.Subtle.Render(" · yours and the team's")}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := append(s.refused.lines(st, s.Width), s.confirmLines(st, s.Width)...)
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no courses yet: a makes one"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		v := s.list[i]
		line := selMark(st, sel) + clean(v.Course.Name) + "  " + teamMark(st, v.Course.Team)
		about := "owner " + partyLabel(v.Owner) + " · " + domain.Plural(len(v.Course.Lessons), "lesson", "lessons") + " · " + enrolledWords(v)
		return []string{trunc(line, s.Width), "    " + st.Subtle.Render(trunc(about, max(s.Width-4, 10)))}
	})
}

func teamMark(st *Styles, team bool) string {
	if team {
		return st.Yes.Render("team")
	}
	return st.Subtle.Render("personal")
}

func enrolledWords(v domain.CourseView) string {
	if v.Enrolled == 0 {
		return "nobody enrolled"
	}
	w := domain.Plural(v.Enrolled, "client", "clients") + " enrolled"
	if v.Unfinished < v.Enrolled {
		w += ", " + strconv.Itoa(v.Enrolled-v.Unfinished) + " finished"
	}
	return w
}

// detailView is the open course: its lessons (the selected one's text
// under them), then each enrolled client's progress as a bar.
func (s *coursesScreen) detailView() string {
	st := s.Styles
	d := s.open
	c := d.cv.Course
	head := []string{
		trunc(st.Title.Render(clean(c.Name))+"  "+teamMark(st, c.Team), s.Width),
		st.Subtle.Render(trunc("owner "+partyLabel(d.cv.Owner)+" · "+domain.Plural(len(c.Lessons), "lesson", "lessons")+" · "+enrolledWords(d.cv), s.Width)),
		"",
	}
	if !d.cv.CanEdit {
		head = append(head, st.Warn.Render(trunc("Another coach's course: you read it here; only its owner changes it.", s.Width)))
	}
	// The selected lesson's text, at most four lines of it.
	var text []string
	if i := d.lessons.sel; i < len(c.Lessons) && c.Lessons[i].Text != "" {
		text = append(text, "")
		for _, para := range strings.Split(c.Lessons[i].Text, "\n") {
			text = append(text, wrapped(clean(para), 4, s.Width, st.Value)...)
		}
		if len(text) > 5 {
			text = append(text[:5], "    "+st.Subtle.Render("…"))
		}
	}
	// Enrolments: as many as leave room for five lessons.
	enrol := []string{"", st.Title.Render("Enrolled clients")}
	if d.err != nil {
		enrol = append(enrol, st.StatusError.Render(trunc(errText(d.err), s.Width)))
	}
	if len(d.progress) == 0 {
		enrol = append(enrol, st.Subtle.Render("  nobody yet: e enrols a client you coach"))
	}
	foot := append(s.refused.lines(st, s.Width), s.confirmLines(st, s.Width)...)
	room := s.Height - len(head) - len(text) - len(enrol) - len(foot) - min(len(c.Lessons), 5)
	shown := min(len(d.progress), max(room, 1))
	for _, e := range d.progress[:shown] {
		enrol = append(enrol, progressLine(st, e, s.Width))
	}
	if shown < len(d.progress) {
		enrol = append(enrol, st.Scroll.Render("  and "+domain.Plural(len(d.progress)-shown, "more client", "more clients")+" (courses progress shows all)"))
	}
	return listThenBody(st, s.Width, s.Height, head, &d.lessons, func(i int, sel bool) string {
		l := c.Lessons[i]
		line := selMark(st, sel) + strconv.Itoa(l.N) + ". " + clean(l.Title)
		var names []string
		for _, id := range l.Files {
			if f, ok := d.cv.Files[id]; ok {
				names = append(names, clean(f.Name))
			}
		}
		if len(names) > 0 {
			line += st.Subtle.Render(" · " + strings.Join(names, ", "))
		}
		if name, ok := d.cv.Templates[l.Template]; ok {
			line += st.Subtle.Render(" · worksheet " + clean(name))
		}
		return trunc(line, s.Width)
	}, append(text, enrol...), foot)
}

// listThenBody lays a screen out in exactly height lines: head, as many
// one-line rows as fit (with a line saying where the view is when not all
// do), body right under them, and foot at the bottom. The caller keeps
// body short enough to leave the rows a few lines.
func listThenBody(st *Styles, width, height int, head []string, rc *selCursor, row func(i int, sel bool) string, body, foot []string) string {
	lines := slices.Clone(head)
	room := height - len(head) - len(body) - len(foot)
	if rc.n > 0 {
		visible := max(room, 1)
		if rc.n > visible {
			visible = max(room-1, 1)
		}
		from, to := rc.window(visible)
		for i := from; i < to; i++ {
			lines = append(lines, row(i, i == rc.sel))
		}
		if from > 0 || to < rc.n {
			lines = append(lines, st.Scroll.Render(strconv.Itoa(from+1)+"–"+strconv.Itoa(to)+" of "+strconv.Itoa(rc.n)+" · ↑/↓"))
		}
	}
	lines = append(lines, body...)
	for len(lines) < height-len(foot) {
		lines = append(lines, "")
	}
	lines = append(lines, foot...)
	return fitLines(strings.Join(lines, "\n"), width, height)
}

// progressBar is done of total lessons as a bar of about cells cells (the
// packages' bar, scaled up for short courses); a finished course is
// drawn all done.
func progressBar(st *Styles, done, total, cells int) string {
	if total <= 0 || cells <= 0 {
		return ""
	}
	k := max(min(cells, barMaxCells)/total, 1)
	if done >= total {
		return st.Yes.Render(strings.Repeat(barFull, min(total*k, min(cells, barMaxCells))))
	}
	return usageBar(st, done*k, total*k, cells)
}

// progressLine is one client's place in a course: name, bar, words.
func progressLine(st *Styles, e domain.EnrolmentView, width int) string {
	total := len(e.Enrolment.Lessons)
	words := strconv.Itoa(e.Enrolment.Finished()) + " of " + domain.Plural(total, "lesson", "lessons") + " done"
	name := cell(clean(e.Client.Name), 20)
	cells := min(max(width-2-20-len(words)-2, 5), 20)
	return trunc("  "+name+progressBar(st, e.Enrolment.Finished(), total, cells)+"  "+st.Value.Render(words), width)
}

func (s *coursesScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	if d := s.open; d != nil {
		b := []key.Binding{s.k.back}
		if d.cv.CanEdit {
			b = append(b, s.k.lessonAdd, s.k.lessonEdit, s.k.lessonText, s.k.up)
		}
		if d.cv.CanEnrol {
			b = append(b, s.k.enrol)
		}
		return b
	}
	b := []key.Binding{s.k.add}
	if v, ok := s.selected(); ok {
		b = append(b, s.k.open)
		if v.CanTeam {
			b = append(b, s.k.team)
		}
		if v.CanClone {
			b = append(b, s.k.clone)
		}
		if v.CanReassign {
			b = append(b, s.k.reassign)
		}
		if v.CanEdit {
			b = append(b, s.k.del)
		}
	}
	return b
}

func (s *coursesScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	moves := moveKeys(s.Keys)
	if s.open != nil {
		return [][]key.Binding{moves, {s.k.back, s.k.lessonAdd, s.k.lessonEdit, s.k.lessonText, s.k.lessonDel, s.k.up, s.k.dn},
			{s.k.rename, s.k.enrol, s.k.team, s.k.clone, s.k.reassign}}
	}
	return [][]key.Binding{moves, {s.k.add, s.k.open, s.k.team, s.k.clone, s.k.reassign, s.k.del}}
}
