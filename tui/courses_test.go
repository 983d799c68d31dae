package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R21, R23: rob builds a course in the editor — a name, lessons added,
// titled, moved, written, a library file attached — and enrols jane, who
// works through it in her portal; rob sees her progress as a bar. What
// rob may not do says why; olivia copies the course and passes it on.
func TestCoursesScreen(t *testing.T) {
	t.Parallel()
	d := newFilesDemo(t)
	putFile(t, d, d.as("rob", "team"), "Workbook.pdf", "pages")

	m := practiceModel(t, d, "rob", "", "courses")
	practicePress(m, "a", "First steps", "tab", "Where you stand", "ctrl+s")
	practiceStatus(t, m, "Made: First steps")
	v := practiceView(t, m)
	practiceHas(t, v, "First steps  personal", "owner Rob Reyes (coach) · 1 lesson · nobody enrolled", "▸ 1. Where you stand",
		"Enrolled clients", "nobody yet: e enrols a client you coach")

	// A second lesson with the workbook attached, then a third, moved up.
	practicePress(m, "a")
	practiceHas(t, practiceView(t, m), "Add a lesson to First steps", "Workbook.pdf", "yours · 5 bytes")
	practicePress(m, "Your goals", "tab", " ", "ctrl+s")
	practiceStatus(t, m, "Saved: Your goals")
	practicePress(m, "a", "Habits", "ctrl+s")
	practiceSend(m, tea.KeyMsg{Type: tea.KeyUp, Alt: true})
	practiceStatus(t, m, "Moved: Habits")
	v = practiceView(t, m)
	practiceHas(t, v, "1. Where you stand", "▸ 2. Habits", "3. Your goals · Workbook.pdf")
	practicePress(m, "b", "One small habit a day.", "ctrl+s")
	practiceStatus(t, m, "Saved the text of Habits")
	practiceHas(t, practiceView(t, m), "One small habit a day.")

	practicePress(m, "t")
	practiceHas(t, practiceView(t, m), "to make team courses you need manage_courses")
	practicePress(m, "e", "jane", "ctrl+s")
	practiceStatus(t, m, "Enrolled Jane Smith in First steps")
	practiceHas(t, practiceView(t, m), "Jane Smith", "0 of 3 lessons done")

	// jane works through it: the first lesson not done opens, d marks it.
	j := practiceModel(t, d, "jane", "", "courses")
	practiceHas(t, practiceView(t, j), "Your courses", "First steps", "0 of 3 lessons done")
	practicePress(j, "down", "enter", "down") // after the demo's course
	v = practiceView(t, j)
	practiceHas(t, v, "[ ] 1. Where you stand", "▸ [ ] 2. Habits", "One small habit a day.", "esc back to your courses")
	practicePress(j, "d")
	practiceStatus(t, j, "Done: Habits; 1 of 3 lessons done")
	v = practiceView(t, j)
	practiceHas(t, v, "[x] 2. Habits", "▸ [ ] 1. Where you stand")
	practicePress(j, "down", "down")
	practiceHas(t, practiceView(t, j), "Workbook.pdf · 5 bytes", "scp -P 23234 -i KEY me@localhost:shared/Workbook.pdf .")
	practicePress(j, "d")
	practicePress(j, "d")
	practiceStatus(t, j, "You finished First steps!")
	practicePress(j, "d")
	practiceHas(t, practiceView(t, j), "lesson 3 is already done")

	m.Update(RefreshMsg{})
	v = practiceView(t, m)
	practiceHas(t, v, "3 of 3 lessons done")
	if !strings.Contains(v, barFull+barFull+barFull) {
		t.Errorf("no progress bar:\n%s", v)
	}
	// rob edits after enrolment: jane keeps what she received and finished (R21).
	practicePress(m, "n", "ctrl+u", "Steps", "ctrl+s")
	practiceStatus(t, m, "Renamed: Steps")
	practicePress(m, "esc")
	practiceHas(t, practiceView(t, m), "Steps  personal", "1 client enrolled, 1 finished")
	j.Update(RefreshMsg{})
	practicePress(j, "esc")
	practiceHas(t, practiceView(t, j), "First steps", "3 of 3 lessons done")

	// olivia sees every course (reassign_ownership), copies and passes it on.
	o := practiceModel(t, d, "olivia", "", "courses")
	practicePress(o, "?")
	practiceHas(t, practiceView(t, o), "c copy", "r reassign", "t team course/stop")
	practicePress(o, "?", "G", "x") // rob's, after the demo's
	practiceHas(t, practiceView(t, o), "only the course's owner may delete it")
	practicePress(o, "c", "ctrl+s")
	practiceStatus(t, o, "Copied: Copy of Steps")
	practiceHas(t, practiceView(t, o), "Copy of Steps  personal", "owner Olivia Owens", "3. Your goals · Workbook.pdf")
	practicePress(o, "t")
	practiceStatus(t, o, "A team course now: Copy of Steps")
	practicePress(o, "esc", "r", "mira", "ctrl+s")
	practiceStatus(t, o, "Mira Moss (coach) now owns Steps")
	cs, _, err := d.svc.ListCourses(d.as("mira", "team"))
	mustNot(t, err)
	if len(cs) != 3 { // the demo's of hers, rob's passed to her, olivia's team course
		t.Errorf("mira sees %d courses, want hers and the team's", len(cs))
	}
}

// A course with many lessons and clients fits 80×24 and other sizes.
func TestCoursesScreenFits(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	rob := d.as("olivia", "team")
	var ls []domain.Lesson
	for i := range 20 {
		ls = append(ls, domain.Lesson{Title: strings.Repeat("Lesson title ", 8) + string(rune('A'+i)), Text: strings.Repeat("Some text. ", 60)})
	}
	c, err := d.svc.AddCourse(rob, domain.NewCourse{Name: strings.Repeat("Long course name ", 4), Lessons: ls})
	mustNot(t, err)
	for _, cl := range []string{"jane", "alex", "casey"} {
		_, err := d.svc.EnrolClient(rob, c.Course.ID, cl)
		mustNot(t, err)
	}
	m := practiceModel(t, d, "olivia", "", "courses")
	practicePress(m, "G", "enter", "down", "down")
	j := practiceModel(t, d, "jane", "", "courses")
	practicePress(j, "enter")
	for _, size := range [][2]int{{40, 10}, {60, 15}, {120, 40}, {80, 24}} {
		for _, x := range []*root{m, j} {
			x.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			practiceView(t, x)
		}
	}
	practiceHas(t, practiceView(t, m), "3. Lesson title", "Jane Smith", "0 of 20 lessons done")
}
