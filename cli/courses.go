package cli

import (
	"io"
	"strconv"
	"strings"
	"time"

	"behalf/domain"
)

// maxCourseText bounds the lessons read from stdin (50 lessons of 4000
// characters fit).
const maxCourseText = 1 << 20

func init() {
	byID := func(verb, summary string, run func(*call) error, flags ...flagSpec) *command {
		return &command{noun: "courses", verb: verb, args: "ID", minArgs: 1, maxArgs: 1, summary: summary, flags: flags, run: run}
	}
	register(
		&command{noun: "courses", verb: "list", maxArgs: 0, summary: "courses: the team's you may use, or in your portal the ones you are enrolled in", run: runCoursesList},
		byID("show", "a course and its lessons (in your portal: with what you finished)", runCoursesShow),
		&command{noun: "courses", verb: "add", maxArgs: 0, summary: "make a course; its lessons come on stdin: \"# Title\", text, \"files: ID, ID\", \"template: ID\"",
			flags: []flagSpec{{name: "name", arg: "N", usage: "the course's name", req: true}}, run: runCoursesAdd},
		byID("edit", "change your course: --name, and new lessons on stdin if any (enrolled clients keep theirs)", runCoursesEdit,
			flagSpec{name: "name", arg: "N", usage: "the new name"}),
		byID("delete", "delete your course (enrolled clients keep theirs)", runCoursesDelete),
		byID("team", "make your course a team course, or stop (--off; manage_courses)", runCoursesTeam,
			flagSpec{name: "off", kind: boolf, usage: "stop sharing it with the team"}),
		byID("clone", "copy a course you can see into your own (clone_courses)", runCoursesClone,
			flagSpec{name: "name", arg: "N", usage: "the copy's name", req: true}),
		byID("reassign", "pass a course to another team member (reassign_ownership)", runCoursesReassign,
			flagSpec{name: "to", arg: "H", usage: "the new owner", req: true}),
		byID("enrol", "enrol a client you coach; the course's files are shared with them", runCoursesEnrol,
			flagSpec{name: "client", arg: "H", usage: "the client", req: true}),
		byID("progress", "each enrolled client's progress (in your portal: yours)", runCoursesProgress,
			flagSpec{name: "client", arg: "H", usage: "only this client"}),
		byID("lesson-done", "mark a lesson of your course done (the client)", runCoursesLessonDone,
			flagSpec{name: "lesson", arg: "N", usage: "the lesson's number", req: true}),
	)
}

type lessonJSON struct {
	N        int      `json:"n"`
	Title    string   `json:"title"`
	Text     string   `json:"text,omitempty"`
	Files    []string `json:"files"`
	Template string   `json:"template,omitempty"`
}

type courseJSON struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Owner   string       `json:"owner"`
	Team    bool         `json:"team"`
	Lessons []lessonJSON `json:"lessons"`
}

type enrolmentJSON struct {
	Course string `json:"course"`
	Client string `json:"client"`
	Done   []int  `json:"done"`
	At     string `json:"at"`
	// Lessons is how many the client received.
	Lessons int `json:"lessons"`
}

func lessonsJSON(ls []domain.Lesson) []lessonJSON {
	out := make([]lessonJSON, 0, len(ls))
	for _, l := range ls {
		j := lessonJSON{N: l.N, Title: l.Title, Text: l.Text, Files: []string{}}
		for _, f := range l.Files {
			j.Files = append(j.Files, f.String())
		}
		if l.Template != 0 {
			j.Template = l.Template.String()
		}
		out = append(out, j)
	}
	return out
}

func courseView(v domain.CourseView) courseJSON {
	return courseJSON{ID: v.Course.ID.String(), Name: v.Course.Name, Owner: v.Owner.Handle, Team: v.Course.Team, Lessons: lessonsJSON(v.Course.Lessons)}
}

func enrolmentView(v domain.EnrolmentView) enrolmentJSON {
	j := enrolmentJSON{Course: v.Enrolment.Course.String(), Client: v.Client.Handle, Done: []int{}, At: v.At.Format(time.RFC3339), Lessons: len(v.Enrolment.Lessons)}
	for _, d := range v.Enrolment.Done {
		j.Done = append(j.Done, d.N)
	}
	return j
}

// progressWords is "2 of 3 lessons done".
func progressWords(e domain.Enrolment) string {
	return strconv.Itoa(e.Finished()) + " of " + strconv.Itoa(len(e.Lessons)) + " lessons done"
}

func runCoursesList(c *call) error {
	cs, es, err := c.env.Service.ListCourses(c.who)
	if err != nil {
		return err
	}
	a, err := c.env.Service.Access(c.who)
	if err != nil {
		return err
	}
	if !a.Teamish() {
		out := make([]enrolmentJSON, 0, len(es))
		for _, e := range es {
			out = append(out, enrolmentView(e))
		}
		return c.emit(out, func(w *textOut) {
			if len(es) == 0 {
				w.line("You are enrolled in no course.")
				return
			}
			w.row("ID", "COURSE", "PROGRESS")
			for _, e := range es {
				w.row(e.Enrolment.Course.String(), e.Enrolment.Name, progressWords(e.Enrolment))
			}
		})
	}
	out := make([]courseJSON, 0, len(cs))
	for _, v := range cs {
		out = append(out, courseView(v))
	}
	return c.emit(out, func(w *textOut) {
		if len(cs) == 0 {
			w.line("No courses.")
			return
		}
		w.row("ID", "NAME", "OWNER", "TEAM", "LESSONS", "ENROLLED")
		for _, v := range cs {
			team := "-"
			if v.Course.Team {
				team = "team"
			}
			w.row(v.Course.ID.String(), v.Course.Name, v.Owner.Label(), team, strconv.Itoa(len(v.Course.Lessons)), strconv.Itoa(v.Enrolled))
		}
	})
}

func runCoursesShow(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, e, err := c.env.Service.ShowCourse(c.who, id)
	if err != nil {
		return err
	}
	return c.emit(courseView(v), func(w *textOut) {
		w.line(v.Course.Name)
		if e != nil {
			w.line(progressWords(e.Enrolment))
		}
		for _, l := range v.Course.Lessons {
			mark := ""
			if e != nil {
				mark = "[ ] "
				if e.Enrolment.IsDone(l.N) {
					mark = "[x] "
				}
			}
			w.line("")
			w.line(mark + strconv.Itoa(l.N) + ". " + l.Title)
			if l.Text != "" {
				w.line(l.Text)
			}
			for _, f := range l.Files {
				if lf, ok := v.Files[f]; ok {
					w.line("  file " + f.String() + ": " + lf.Name)
				}
			}
			if name, ok := v.Templates[l.Template]; ok {
				w.line("  worksheet: " + name)
			}
		}
	})
}

func (c *call) lessonsIn() ([]domain.Lesson, bool, error) {
	if c.env.Stdin == nil {
		return nil, false, nil
	}
	b, err := io.ReadAll(io.LimitReader(c.env.Stdin, maxCourseText+1))
	if err != nil {
		return nil, false, err
	}
	if len(b) > maxCourseText {
		return nil, false, &domain.Error{Kind: domain.KindInvalid, Field: "lessons", Msg: "the lessons are too long: at most 1 MiB"}
	}
	if strings.TrimSpace(string(b)) == "" {
		return nil, false, nil
	}
	ls, err := domain.ParseLessons(string(b))
	return ls, true, err
}

func (c *call) emitCourse(v domain.CourseView, say string) error {
	return c.emit(courseView(v), func(w *textOut) {
		w.line(say + ": course " + v.Course.ID.String() + ", " + v.Course.Name + " (" + strconv.Itoa(len(v.Course.Lessons)) + " lessons).")
	})
}

func runCoursesAdd(c *call) error {
	ls, _, err := c.lessonsIn()
	if err != nil {
		return err
	}
	v, err := c.env.Service.AddCourse(c.who, domain.NewCourse{Name: c.rawFlag("name"), Lessons: ls})
	if err != nil {
		return err
	}
	return c.emitCourse(v, "Made")
}

func runCoursesEdit(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	var in domain.CourseEdit
	if c.set("name") {
		n := c.rawFlag("name")
		in.Name = &n
	}
	ls, given, err := c.lessonsIn()
	if err != nil {
		return err
	}
	if given {
		in.Lessons = ls
	}
	if in.Name == nil && in.Lessons == nil {
		return usagef(c.cmd, "give --name or new lessons on stdin")
	}
	v, err := c.env.Service.EditCourse(c.who, id, in)
	if err != nil {
		return err
	}
	return c.emitCourse(v, "Changed")
}

func runCoursesDelete(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	if err := c.env.Service.DeleteCourse(c.who, id); err != nil {
		return err
	}
	return c.emit(map[string]any{"id": id.String(), "deleted": true}, func(w *textOut) { w.line("Deleted course " + id.String() + ".") })
}

func runCoursesTeam(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.TeamCourse(c.who, id, c.flag("off"))
	if err != nil {
		return err
	}
	say := "A team course"
	if c.flag("off") {
		say = "No longer a team course"
	}
	return c.emitCourse(v, say)
}

func runCoursesClone(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.CloneCourse(c.who, id, c.rawFlag("name"))
	if err != nil {
		return err
	}
	return c.emitCourse(v, "Copied")
}

func runCoursesReassign(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ReassignCourse(c.who, id, c.str("to"))
	if err != nil {
		return err
	}
	return c.emitCourse(v, "Passed to "+v.Owner.Handle)
}

func runCoursesEnrol(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	e, err := c.env.Service.EnrolClient(c.who, id, c.str("client"))
	if err != nil {
		return err
	}
	return c.emit(enrolmentView(e), func(w *textOut) {
		w.line("Enrolled " + e.Client.Handle + " in " + e.Enrolment.Name + ".")
	})
}

func runCoursesProgress(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	list, err := c.env.Service.CourseProgress(c.who, id, c.str("client"))
	if err != nil {
		return err
	}
	out := make([]enrolmentJSON, 0, len(list))
	for _, e := range list {
		out = append(out, enrolmentView(e))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("Nobody is enrolled.")
			return
		}
		w.row("CLIENT", "PROGRESS", "ENROLLED")
		for _, e := range list {
			w.row(e.Client.Handle, progressBar(e.Enrolment)+" "+progressWords(e.Enrolment), e.At.Format(domain.DateLayout))
		}
	})
}

// progressBar is "[##--]", a bar of a client's progress.
func progressBar(e domain.Enrolment) string {
	const width = 10
	n := 0
	if len(e.Lessons) > 0 {
		n = e.Finished() * width / len(e.Lessons)
	}
	return "[" + strings.Repeat("#", n) + strings.Repeat("-", width-n) + "]"
}

func runCoursesLessonDone(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.str("lesson"))
	if err != nil || n < 1 {
		return usagef(c.cmd, "--lesson takes a lesson's number, 1 or more")
	}
	e, err := c.env.Service.LessonDone(c.who, id, n)
	if err != nil {
		return err
	}
	return c.emit(enrolmentView(e), func(w *textOut) {
		w.line("Done: lesson " + strconv.Itoa(n) + " of " + e.Enrolment.Name + "; " + progressWords(e.Enrolment) + ".")
	})
}
