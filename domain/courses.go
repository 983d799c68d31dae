package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Courses (R21, R23): an ordered list of lessons — a title, text, library
// files and optionally a worksheet template — owned by one team member.
// manage_courses makes one's own a team course or stops; clone_courses
// copies any course the holder can see (files by reference, the copy the
// cloner's); reassign_ownership passes one on. A coach enrols a client
// they coach: the client receives the course as it is then (R21: edits
// later change nothing of it, nor of what they finished), and its files
// are shared with them. No contact sees a course (R23, R31).

const (
	colCourses    Collection = "courses"
	colEnrolments Collection = "enrolments"
)

const (
	ActCoursesList       Action = "courses.list"
	ActCoursesShow       Action = "courses.show"
	ActCoursesAdd        Action = "courses.add"
	ActCoursesEdit       Action = "courses.edit"
	ActCoursesDelete     Action = "courses.delete"
	ActCoursesTeam       Action = "courses.team"
	ActCoursesClone      Action = "courses.clone"
	ActCoursesReassign   Action = "courses.reassign"
	ActCoursesEnrol      Action = "courses.enrol"
	ActCoursesProgress   Action = "courses.progress"
	ActCoursesLessonDone Action = "courses.lesson-done"
)

// Limits on a course.
const (
	MaxLessons        = 50
	MaxLessonFiles    = 10
	MaxCourseNameLen  = 80
	MaxLessonTitleLen = 120
)

// Lesson is one step of a course; N counts from 1 in order.
type Lesson struct {
	N        int    `json:"n"`
	Title    string `json:"title"`
	Text     string `json:"text,omitempty"`
	Files    []ID   `json:"files,omitempty"`
	Template ID     `json:"template,omitempty"` // a worksheet template
}

// Course is one course's record.
type Course struct {
	ID      ID        `json:"id"`
	Name    string    `json:"name"`
	Owner   ID        `json:"owner"`
	Team    bool      `json:"team,omitempty"`
	Maker   ID        `json:"maker"`
	Created time.Time `json:"created"`
	Lessons []Lesson  `json:"lessons"`
}

// Enrolment is a client's place in a course: the lessons as they were
// when the client was enrolled (R21), and what they finished.
type Enrolment struct {
	ID       ID        `json:"id"`
	Course   ID        `json:"course"`
	Name     string    `json:"name"` // the course's name when enrolled
	Client   ID        `json:"client"`
	Enroller ID        `json:"enroller"`
	At       time.Time `json:"at"`
	Lessons  []Lesson  `json:"lessons"`
	Done     []Done    `json:"done,omitempty"`
}

// Done is one lesson finished, with its title as it read then.
type Done struct {
	N     int       `json:"n"`
	Title string    `json:"title"`
	At    time.Time `json:"at"`
}

// Finished is how many lessons are done.
func (e Enrolment) Finished() int { return len(e.Done) }

// IsDone reports whether lesson n is done.
func (e Enrolment) IsDone(n int) bool {
	return slices.ContainsFunc(e.Done, func(d Done) bool { return d.N == n })
}

func courseIndexes(c *Course) []Index {
	idx := []Index{{Name: "owner", Key: pairKey(c.Owner, c.ID)}}
	if c.Team {
		idx = append(idx, Index{Name: "team", Key: c.ID.Key()})
	}
	for _, f := range courseFiles(c.Lessons) {
		idx = append(idx, Index{Name: "file", Key: pairKey(f, c.ID)})
	}
	return idx
}

func courseFiles(ls []Lesson) []ID {
	var out []ID
	for _, l := range ls {
		for _, f := range l.Files {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

func enrolmentIndexes(e *Enrolment) []Index {
	idx := []Index{
		{Name: "pair", Key: pairKey(e.Course, e.Client), Unique: true},
		{Name: "client", Key: pairKey(e.Client, e.ID)},
	}
	if e.Finished() < len(e.Lessons) {
		// the clients still working through a course, counted from the
		// index alone where a course is listed
		idx = append(idx, Index{Name: "open", Key: pairKey(e.Course, e.Client)})
	}
	return idx
}

func noCourse(id ID) error { return notFoundf("no course %s", id) }

// --- rules

func courseTeamOnly(j judge, what string) (bool, Decision) {
	switch j.a.Workspace.Kind {
	case WSContact:
		return false, deny("courses are coaching work, never shown to contacts") // R23, R31
	case WSMe:
		return false, deny("%s is for the team; your portal shows the courses you are enrolled in", what)
	}
	return true, Decision{}
}

// ruleCoursesSee: reading a course — one's own, the team's; the client's
// enrolments are theirs (checked by the use case); reassign_ownership and
// clone_courses see every course.
func ruleCoursesSee(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("courses are coaching work, never shown to contacts") // R23, R31
	case WSMe:
		return allow("you see the courses you are enrolled in")
	}
	c := t.Course
	switch {
	case c == nil:
		return allow("the team lists its courses")
	case c.Owner == j.a.Principal.ID:
		return allow("it is %s course", j.possessive())
	case c.Team:
		return allow("it is a team course")
	case j.a.Has(PermReassignOwnership):
		return allow("%s hold reassign_ownership", j.whose())
	case j.a.Has(PermCloneCourses):
		return allow("%s hold clone_courses", j.whose())
	}
	return deny("it is another coach's course and not a team course")
}

func ruleCoursesAdd(j judge, _ Target) Decision {
	if ok, d := courseTeamOnly(j, "designing courses"); !ok {
		return d
	}
	return allow("courses are made in %s name", j.possessive())
}

func ruleCoursesOwn(what string) rule {
	return func(j judge, t Target) Decision {
		if ok, d := courseTeamOnly(j, what+" courses"); !ok {
			return d
		}
		if t.Course != nil && t.Course.Owner != j.a.Principal.ID {
			return deny("only the course's owner may %s it", what)
		}
		return allow("it is %s course", j.possessive())
	}
}

func ruleCoursesTeam(j judge, t Target) Decision {
	if ok, d := courseTeamOnly(j, "team courses"); !ok {
		return d
	}
	if !j.a.Has(PermManageCourses) {
		return deny("to make team courses you need manage_courses; %s do not hold it", j.whose())
	}
	if t.Course != nil && t.Course.Owner != j.a.Principal.ID {
		return deny("manage_courses shares one's own courses; this one is another coach's")
	}
	return allow("%s hold manage_courses", j.whose())
}

// ruleCoursesEnrol: a course one may use (own or team), for a client one
// coaches (R13).
func ruleCoursesEnrol(j judge, t Target) Decision {
	if ok, d := courseTeamOnly(j, "enrolling clients"); !ok {
		return d
	}
	if c := t.Course; c != nil && c.Owner != j.a.Principal.ID && !c.Team {
		return deny("clients are enrolled in one's own courses or team courses")
	}
	return ruleCoachLevel(LevelCoaching, "enrol clients")(j, t)
}

// ruleCoursesLessonDone: the client marks their own lessons done.
func ruleCoursesLessonDone(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("courses are coaching work, never shown to contacts") // R23, R31
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("it is your own course")
	}
	return deny("the client marks their lessons done, in their own portal")
}

// --- views

// CourseView is a course as this workspace sees it.
type CourseView struct {
	Course Course
	Owner  Party
	// Files are the lessons' files by id, as far as this workspace sees them.
	Files map[ID]LibraryFile
	// Templates are the lessons' worksheet templates' names by id.
	Templates            map[ID]string
	CanEdit, CanTeam     bool
	CanClone, CanEnrol   bool
	CanReassign          bool
	Enrolled, Unfinished int // clients enrolled, and those not finished
}

// EnrolmentView is one client's place in a course.
type EnrolmentView struct {
	Enrolment Enrolment
	Client    Person
	At        time.Time // in the organisation's zone
	Files     map[ID]LibraryFile
}

func (o *op) courseView(v *practiceView, c Course) (CourseView, error) {
	cv := CourseView{Course: c, Owner: v.party(c.Owner, 0, o.clientSight()), Files: map[ID]LibraryFile{}, Templates: map[ID]string{}}
	if err := o.lessonRefs(c.Lessons, cv.Files, cv.Templates); err != nil {
		return cv, err
	}
	t := Target{Course: &c}
	cv.CanEdit = o.allowed(ActCoursesEdit, t)
	cv.CanTeam = o.allowed(ActCoursesTeam, t)
	cv.CanClone = o.allowed(ActCoursesClone, t)
	cv.CanEnrol = o.allowed(ActCoursesEnrol, t)
	cv.CanReassign = o.allowed(ActCoursesReassign, t)
	// Counted from the indexes, never reading an enrolment: a course of a
	// large practice has thousands.
	count := func(index string, n *int) error {
		return o.tx.Scan(colEnrolments, Query{Index: index, Prefix: c.ID.Key() + "/"}, func(string, ID) (bool, error) {
			*n++
			return true, nil
		})
	}
	if err := count("pair", &cv.Enrolled); err != nil {
		return cv, err
	}
	return cv, count("open", &cv.Unfinished)
}

// lessonRefs loads the files and templates lessons name (a file since
// deleted is left out).
func (o *op) lessonRefs(ls []Lesson, files map[ID]LibraryFile, templates map[ID]string) error {
	for _, l := range ls {
		for _, id := range l.Files {
			f, err := get[LibraryFile](o.tx, colLibrary, id)
			if KindOf(err) == KindNotFound {
				continue
			}
			if err != nil {
				return err
			}
			files[id] = f
		}
		if l.Template != 0 {
			t, err := get[Template](o.tx, colTemplates, l.Template)
			if err == nil {
				templates[l.Template] = t.Name
			} else if KindOf(err) != KindNotFound {
				return err
			}
		}
	}
	return nil
}

// loadCourse loads a course in sight of this (team) workspace.
func (o *op) loadCourse(id ID) (Course, error) {
	if !o.a.Teamish() {
		return Course{}, o.authorize(ActCoursesAdd, Target{}) // the same answer whether or not it exists
	}
	c, err := get[Course](o.tx, colCourses, id)
	if KindOf(err) == KindNotFound {
		return c, noCourse(id)
	}
	if err != nil {
		return c, err
	}
	if !o.allowed(ActCoursesShow, Target{Course: &c}) {
		return c, noCourse(id)
	}
	return c, nil
}

// --- reading

// ListCourses lists the team's courses (one's own, the team's, and for
// clone_courses or reassign_ownership every one), or a client's
// enrolments in me.
func (s *Service) ListCourses(who Who) ([]CourseView, []EnrolmentView, error) {
	var cs []CourseView
	var es []EnrolmentView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActCoursesList, Target{}); err != nil {
			return err
		}
		v := o.newViewer()
		if !o.a.Teamish() {
			var err error
			es, err = o.enrolmentsOf(o.a.Principal, v)
			return err
		}
		return each(o.tx, colCourses, Query{}, func(c Course) (bool, error) {
			if !o.allowed(ActCoursesShow, Target{Course: &c}) {
				return true, nil
			}
			cv, err := o.courseView(v, c)
			cs = append(cs, cv)
			return err == nil, err
		})
	})
	return cs, es, err
}

func (o *op) enrolmentsOf(client Person, v *practiceView) ([]EnrolmentView, error) {
	var out []EnrolmentView
	err := each(o.tx, colEnrolments, Query{Index: "client", Prefix: client.ID.Key() + "/"}, func(e Enrolment) (bool, error) {
		ev, err := o.enrolmentView(v, e)
		out = append(out, ev)
		return err == nil, err
	})
	return out, err
}

func (o *op) enrolmentView(v *practiceView, e Enrolment) (EnrolmentView, error) {
	ev := EnrolmentView{Enrolment: e, Client: v.person(e.Client), At: e.At.In(v.loc), Files: map[ID]LibraryFile{}}
	err := o.lessonRefs(e.Lessons, ev.Files, map[ID]string{})
	return ev, err
}

// ShowCourse is one course (team), or in me the client's enrolment in it.
func (s *Service) ShowCourse(who Who, id ID) (CourseView, *EnrolmentView, error) {
	var out CourseView
	var enr *EnrolmentView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActCoursesShow, Target{}); err != nil {
			return err
		}
		v := o.newViewer()
		if !o.a.Teamish() {
			e, err := o.ownEnrolment(id)
			if err != nil {
				return err
			}
			ev, err := o.enrolmentView(v, e)
			enr = &ev
			out = CourseView{Course: Course{ID: e.Course, Name: e.Name, Lessons: e.Lessons}, Files: ev.Files, Templates: map[ID]string{}}
			return err
		}
		c, err := o.loadCourse(id)
		if err != nil {
			return err
		}
		out, err = o.courseView(v, c)
		return err
	})
	return out, enr, err
}

// ownEnrolment is the me workspace's enrolment in course id.
func (o *op) ownEnrolment(id ID) (Enrolment, error) {
	eid, err := o.tx.Lookup(colEnrolments, "pair", pairKey(id, o.a.Principal.ID))
	if KindOf(err) == KindNotFound {
		return Enrolment{}, notFoundf("you are not enrolled in a course %s", id)
	}
	if err != nil {
		return Enrolment{}, err
	}
	return get[Enrolment](o.tx, colEnrolments, eid)
}

// CourseProgress is each enrolled client's place in a course (team, with
// view access to the client), or in me the client's own.
func (s *Service) CourseProgress(who Who, id ID, client string) ([]EnrolmentView, error) {
	var out []EnrolmentView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		if !o.a.Teamish() {
			if err := o.authorize(ActCoursesLessonDone, Target{Client: &o.a.Principal}); err != nil {
				return err
			}
			e, err := o.ownEnrolment(id)
			if err != nil {
				return err
			}
			ev, err := o.enrolmentView(v, e)
			out = append(out, ev)
			return err
		}
		c, err := o.loadCourse(id)
		if err != nil {
			return err
		}
		var only *Person
		if client != "" {
			p, err := o.client(client)
			if err != nil {
				return inField("client", err)
			}
			only = &p
		}
		return each(o.tx, colEnrolments, Query{Index: "pair", Prefix: c.ID.Key() + "/"}, func(e Enrolment) (bool, error) {
			if only != nil && e.Client != only.ID {
				return true, nil
			}
			p := v.person(e.Client)
			if !o.allowed(ActCoursesProgress, Target{Client: &p}) {
				return true, nil // R5: only clients this workspace sees
			}
			ev, err := o.enrolmentView(v, e)
			out = append(out, ev)
			return err == nil, err
		})
	})
	return out, err
}

// --- writing

// NewCourse is what `courses add` and the course editor collect.
type NewCourse struct {
	Name    string
	Lessons []Lesson // N is set from the order
}

// cleanCourse validates a course's name and lessons, and that every file
// and template is one this workspace may use.
func (o *op) cleanCourse(in NewCourse) (string, []Lesson, error) {
	name, err := cleanNameLine("the course's name", in.Name, false)
	if err != nil {
		return "", nil, inField("name", err)
	}
	if len(in.Lessons) == 0 {
		return "", nil, inField("lessons", invalidf("a course needs at least one lesson"))
	}
	if len(in.Lessons) > MaxLessons {
		return "", nil, inField("lessons", invalidf("a course has at most %d lessons", MaxLessons))
	}
	out := make([]Lesson, len(in.Lessons))
	for i, l := range in.Lessons {
		field := fmt.Sprintf("lesson %d", i+1)
		title, err := cleanLine(field+"'s title", l.Title, MaxLessonTitleLen, true)
		if err != nil {
			return "", nil, inField("lessons", err)
		}
		text := ""
		if strings.TrimSpace(l.Text) != "" {
			if text, err = cleanText(field+"'s text", l.Text, MaxTextLen); err != nil {
				return "", nil, inField("lessons", err)
			}
		}
		if len(l.Files) > MaxLessonFiles {
			return "", nil, inField("lessons", invalidf("%s has more than %d files", field, MaxLessonFiles))
		}
		var files []ID
		for _, id := range l.Files {
			f, err := o.libraryFile(id)
			if err != nil {
				return "", nil, inField("lessons", err)
			}
			if f.Owner != o.a.Principal.ID && !f.Team {
				return "", nil, inField("lessons", deniedf("%s: file %s is another coach's and not in the team library", field, id))
			}
			if !slices.Contains(files, id) {
				files = append(files, id)
			}
		}
		if l.Template != 0 {
			t, err := o.loadTemplateFor(l.Template, ActTemplatesShow)
			if err != nil {
				return "", nil, inField("lessons", err)
			}
			if t.Kind != KindWorksheet {
				return "", nil, inField("lessons", invalidf("%s: template %s is not a worksheet", field, t.ID))
			}
		}
		out[i] = Lesson{N: i + 1, Title: title, Text: text, Files: files, Template: l.Template}
	}
	return name, out, nil
}

func (o *op) saveCourse(c *Course) error {
	if err := newID(o.tx, colCourses, &c.ID); err != nil {
		return err
	}
	return o.tx.Put(colCourses, c.ID, c, courseIndexes(c)...)
}

func (o *op) courseOut(c Course) (CourseView, error) { return o.courseView(o.newViewer(), c) }

// AddCourse makes a course owned by the workspace's principal.
func (s *Service) AddCourse(who Who, in NewCourse) (CourseView, error) {
	var out CourseView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActCoursesAdd, Target{}); err != nil {
			return err
		}
		name, lessons, err := o.cleanCourse(in)
		if err != nil {
			return err
		}
		c := Course{Name: name, Owner: o.a.Principal.ID, Maker: o.a.Actor.ID, Created: o.now, Lessons: lessons}
		if err := o.saveCourse(&c); err != nil {
			return err
		}
		o.changed(c.Owner)
		if out, err = o.courseOut(c); err != nil {
			return err
		}
		return o.audit(ActCoursesAdd, record{Target: "course " + c.ID.String(), Detail: fmt.Sprintf("made %s with %s", name, libPlural(len(lessons), "lesson", "lessons"))})
	})
	return out, err
}

// CourseEdit changes a course; nil fields stay. Enrolled clients keep the
// lessons they received and what they finished (R21).
type CourseEdit struct {
	Name    *string
	Lessons []Lesson // nil: unchanged
}

// EditCourse changes one's own course.
func (s *Service) EditCourse(who Who, id ID, in CourseEdit) (CourseView, error) {
	return s.changeCourse(who, id, ActCoursesEdit, func(o *op, c *Course) (string, error) {
		next := NewCourse{Name: c.Name, Lessons: c.Lessons}
		if in.Name != nil {
			next.Name = *in.Name
		}
		if in.Lessons != nil {
			next.Lessons = in.Lessons
		}
		name, lessons, err := o.cleanCourse(next)
		if err != nil {
			return "", err
		}
		c.Name, c.Lessons = name, lessons
		return "edited " + name, nil
	})
}

// changeCourse is the shape of a change to one course.
func (s *Service) changeCourse(who Who, id ID, act Action, change func(o *op, c *Course) (string, error)) (CourseView, error) {
	var out CourseView
	err := s.write(who, func(o *op) error {
		c, err := o.loadCourse(id)
		if err != nil {
			return err
		}
		if err := o.authorize(act, Target{Course: &c}); err != nil {
			return err
		}
		from := c.Owner
		detail, err := change(o, &c)
		if err != nil {
			return err
		}
		if err := o.tx.Put(colCourses, c.ID, &c, courseIndexes(&c)...); err != nil {
			return err
		}
		o.changed(from, c.Owner)
		if c.Team {
			o.touchTeam()
		}
		if out, err = o.courseOut(c); err != nil {
			return err
		}
		return o.audit(act, record{Target: "course " + c.ID.String(), Detail: detail})
	})
	return out, err
}

// TeamCourse makes one's own course a team course, or stops (off).
func (s *Service) TeamCourse(who Who, id ID, off bool) (CourseView, error) {
	return s.changeCourse(who, id, ActCoursesTeam, func(o *op, c *Course) (string, error) {
		if c.Team == !off {
			if off {
				return "", conflictf("%s is not a team course", c.Name)
			}
			return "", conflictf("%s is already a team course", c.Name)
		}
		c.Team = !off
		o.touchTeam()
		if off {
			return "stopped sharing " + c.Name + " with the team", nil
		}
		return "made " + c.Name + " a team course", nil
	})
}

// ReassignCourse passes a course to another team member.
func (s *Service) ReassignCourse(who Who, id ID, to string) (CourseView, error) {
	return s.changeCourse(who, id, ActCoursesReassign, func(o *op, c *Course) (string, error) {
		p, err := o.person(to)
		if err != nil {
			return "", inField("to", err)
		}
		if !p.IsTeam() || !p.Active() {
			return "", inField("to", invalidf("%s is not an active team member; courses belong to the team", p.Handle))
		}
		if p.ID == c.Owner {
			return "", conflictf("%s already owns %s", p.Name, c.Name)
		}
		c.Owner = p.ID
		return "passed " + c.Name + " to " + p.Handle, nil
	})
}

// CloneCourse copies a course the workspace sees into its principal's own
// (clone_courses); the lessons' files are shared by reference.
func (s *Service) CloneCourse(who Who, id ID, name string) (CourseView, error) {
	var out CourseView
	err := s.write(who, func(o *op) error {
		src, err := o.loadCourse(id)
		if err != nil {
			return err
		}
		if err := o.authorize(ActCoursesClone, Target{Course: &src}); err != nil {
			return err
		}
		n, err := cleanNameLine("the course's name", name, false)
		if err != nil {
			return inField("name", err)
		}
		c := Course{Name: n, Owner: o.a.Principal.ID, Maker: o.a.Actor.ID, Created: o.now, Lessons: slices.Clone(src.Lessons)}
		if err := o.saveCourse(&c); err != nil {
			return err
		}
		o.changed(c.Owner)
		if out, err = o.courseOut(c); err != nil {
			return err
		}
		return o.audit(ActCoursesClone, record{Target: "course " + c.ID.String(), Detail: fmt.Sprintf("copied course %s (%s) as %s", src.ID, src.Name, n)})
	})
	return out, err
}

// DeleteCourse deletes one's own course; enrolled clients keep theirs (R21).
func (s *Service) DeleteCourse(who Who, id ID) error {
	return s.write(who, func(o *op) error {
		c, err := o.loadCourse(id)
		if err != nil {
			return err
		}
		if err := o.authorize(ActCoursesDelete, Target{Course: &c}); err != nil {
			return err
		}
		if err := o.tx.Delete(colCourses, c.ID); err != nil {
			return err
		}
		o.changed(c.Owner)
		if c.Team {
			o.touchTeam()
		}
		return o.audit(ActCoursesDelete, record{Target: "course " + c.ID.String(), Detail: "deleted " + c.Name})
	})
}

// EnrolClient enrols a client the workspace coaches in a course: the
// client receives its lessons as they are now, and its files are shared
// with them.
func (s *Service) EnrolClient(who Who, id ID, client string) (EnrolmentView, error) {
	var out EnrolmentView
	err := s.write(who, func(o *op) error {
		c, err := o.loadCourse(id)
		if err != nil {
			return err
		}
		cl, err := o.client(client)
		if err != nil {
			return inField("client", err)
		}
		if err := o.authorize(ActCoursesEnrol, Target{Course: &c, Client: &cl}); err != nil {
			return err
		}
		if !cl.Active() {
			return conflictf("%s is deactivated", cl.Name)
		}
		if _, err := o.tx.Lookup(colEnrolments, "pair", pairKey(c.ID, cl.ID)); err == nil {
			return conflictf("%s is already enrolled in %s", cl.Name, c.Name)
		} else if KindOf(err) != KindNotFound {
			return err
		}
		for _, fid := range courseFiles(c.Lessons) {
			f, err := get[LibraryFile](o.tx, colLibrary, fid)
			if KindOf(err) == KindNotFound || f.SharedWith(cl.ID) {
				continue
			}
			if err != nil {
				return err
			}
			f.Shared = append(f.Shared, cl.ID)
			if err := o.uniqueNames(f); err != nil {
				return err
			}
			if err := o.tx.Put(colLibrary, f.ID, &f, libraryIndexes(&f)...); err != nil {
				return err
			}
		}
		e := Enrolment{Course: c.ID, Name: c.Name, Client: cl.ID, Enroller: o.a.Actor.ID, At: o.now, Lessons: slices.Clone(c.Lessons)}
		if err := newID(o.tx, colEnrolments, &e.ID); err != nil {
			return err
		}
		if err := o.tx.Put(colEnrolments, e.ID, &e, enrolmentIndexes(&e)...); err != nil {
			return err
		}
		o.changed(cl.ID, c.Owner)
		if out, err = o.enrolmentView(o.newViewer(), e); err != nil {
			return err
		}
		return o.audit(ActCoursesEnrol, record{Target: "course " + c.ID.String(), Client: cl.ID, Person: cl.ID, Detail: "enrolled " + cl.Handle + " in " + c.Name})
	})
	return out, err
}

// LessonDone marks lesson n of the client's own course done.
func (s *Service) LessonDone(who Who, id ID, n int) (EnrolmentView, error) {
	var out EnrolmentView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActCoursesLessonDone, Target{Client: &o.a.Principal}); err != nil {
			return err
		}
		e, err := o.ownEnrolment(id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(e.Lessons, func(l Lesson) bool { return l.N == n })
		if i < 0 {
			return inField("lesson", invalidf("the course has lessons 1 to %d", len(e.Lessons)))
		}
		if e.IsDone(n) {
			return conflictf("lesson %d is already done", n)
		}
		e.Done = append(e.Done, Done{N: n, Title: e.Lessons[i].Title, At: o.now})
		if err := o.tx.Put(colEnrolments, e.ID, &e, enrolmentIndexes(&e)...); err != nil {
			return err
		}
		o.changed(e.Client, e.Enroller)
		if c, err := get[Course](o.tx, colCourses, e.Course); err == nil {
			o.changed(c.Owner)
		}
		if out, err = o.enrolmentView(o.newViewer(), e); err != nil {
			return err
		}
		return o.audit(ActCoursesLessonDone, record{Target: "course " + e.Course.String(), Client: e.Client, Detail: "finished lesson " + strconv.Itoa(n) + " of " + e.Name})
	})
	return out, err
}

// --- cascades and checks

func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		owned := false
		if err := o.tx.Scan(colCourses, Query{Index: "owner", Prefix: p.ID.Key() + "/"}, func(string, ID) (bool, error) {
			owned = true
			return false, nil
		}); err != nil {
			return err
		}
		if owned {
			return conflictf("%s owns courses; pass them on first (courses reassign ID --to H) or delete them", p.Name)
		}
		var ids []ID
		if err := o.tx.Scan(colEnrolments, Query{Index: "client", Prefix: p.ID.Key() + "/"}, func(_ string, id ID) (bool, error) {
			ids = append(ids, id)
			return true, nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			if err := o.tx.Delete(colEnrolments, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// usedByCourses names a course whose lessons use file id, if any.
func (o *op) usedByCourses(id ID) (string, error) {
	name := ""
	err := each(o.tx, colCourses, Query{Index: "file", Prefix: id.Key() + "/"}, func(c Course) (bool, error) {
		name = c.Name
		return false, nil
	})
	return name, err
}

func verifyCourses(v *verification) error {
	return each(v.tx, colCourses, Query{}, func(c Course) (bool, error) {
		if p, ok := v.people[c.Owner]; !ok || !p.IsTeam() {
			v.add("course %s: its owner %s is not a team member", c.ID, c.Owner)
		}
		verifyLessons(v, "course "+c.ID.String(), c.Lessons)
		return true, nil
	})
}

func verifyLessons(v *verification, what string, ls []Lesson) {
	if len(ls) == 0 {
		v.add("%s has no lessons", what)
	}
	for i, l := range ls {
		if l.N != i+1 || strings.TrimSpace(l.Title) == "" {
			v.add("%s: lesson %d is out of order or has no title", what, i+1)
		}
	}
}

func verifyEnrolments(v *verification) error {
	return each(v.tx, colEnrolments, Query{}, func(e Enrolment) (bool, error) {
		if !v.isClient(e.Client) {
			v.add("enrolment %s: %s is not a client", e.ID, e.Client)
		}
		verifyLessons(v, "enrolment "+e.ID.String(), e.Lessons)
		for _, d := range e.Done {
			if d.N < 1 || d.N > len(e.Lessons) {
				v.add("enrolment %s: lesson %d is done but the course has %d", e.ID, d.N, len(e.Lessons))
			}
		}
		return true, nil
	})
}

// ParseLessons reads lessons written as text, the form `courses add` takes
// on stdin and the course editor shows: each lesson starts with a line
// "# Title"; the lines after it are its text, except "files: 3, 4" (library
// file ids) and "template: 7" (a worksheet template's id).
func ParseLessons(text string) ([]Lesson, error) {
	var out []Lesson
	var body []string
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].Text = strings.TrimSpace(strings.Join(body, "\n"))
		}
		body = nil
	}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if t, ok := strings.CutPrefix(trimmed, "#"); ok {
			flush()
			out = append(out, Lesson{N: len(out) + 1, Title: strings.TrimSpace(t)})
			continue
		}
		if len(out) == 0 {
			if trimmed != "" {
				return nil, inField("lessons", invalidf("line %d: a lesson starts with a line \"# Title\"", i+1))
			}
			continue
		}
		l := &out[len(out)-1]
		if v, ok := cutKey(trimmed, "files:"); ok {
			for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
				id, err := ParseID(f)
				if err != nil {
					return nil, inField("lessons", invalidf("line %d: %q is not a file id", i+1, clip(f, 20)))
				}
				l.Files = append(l.Files, id)
			}
			continue
		}
		if v, ok := cutKey(trimmed, "template:"); ok {
			id, err := ParseID(strings.TrimSpace(v))
			if err != nil {
				return nil, inField("lessons", invalidf("line %d: %q is not a template id", i+1, clip(v, 20)))
			}
			l.Template = id
			continue
		}
		body = append(body, line)
	}
	flush()
	return out, nil
}

func cutKey(line, key string) (string, bool) {
	if len(line) >= len(key) && strings.EqualFold(line[:len(key)], key) {
		return strings.TrimSpace(line[len(key):]), true
	}
	return "", false
}

// LessonsText writes lessons in the form ParseLessons reads.
func LessonsText(ls []Lesson) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("# " + l.Title + "\n")
		if l.Text != "" {
			b.WriteString(l.Text + "\n")
		}
		if len(l.Files) > 0 {
			ids := make([]string, len(l.Files))
			for j, f := range l.Files {
				ids[j] = f.String()
			}
			b.WriteString("files: " + strings.Join(ids, ", ") + "\n")
		}
		if l.Template != 0 {
			b.WriteString("template: " + l.Template.String() + "\n")
		}
	}
	return b.String()
}
