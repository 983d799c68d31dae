package demo_test

import (
	"testing"

	"behalf/domain"
)

// The generated library and courses (R21, R23): a coach's files, the team
// library, a course whose second lesson names the coach's first file,
// and every primary client enrolled and able to download that file.
func TestSeedLargeLibrary(t *testing.T) {
	t.Parallel()
	sc := tinyScale
	sc.Clients, sc.Contacts = 40, 60
	o := genOrg(t, sc, genNow)
	coach := o.as("coach001", "team")
	own, err := o.svc.ListLibrary(coach, domain.LibraryFilter{})
	must(t, err)
	if len(own) != sc.FilesPerCoach {
		t.Fatalf("coach001 lists %d files, want %d", len(own), sc.FilesPerCoach)
	}
	team, err := o.svc.ListLibrary(coach, domain.LibraryFilter{Team: true})
	must(t, err)
	if len(team) != min(sc.Coaches, 10)+1 { // and the demo's own
		t.Errorf("the team library holds %d files", len(team))
	}
	cs, _, err := o.svc.ListCourses(coach)
	must(t, err)
	var mine int
	for _, c := range cs {
		if c.Owner.Handle != "coach001" {
			continue
		}
		mine++
		if len(c.Course.Lessons) != sc.CourseLessons || len(c.Course.Lessons[1].Files) != 1 || c.Enrolled == 0 {
			t.Errorf("coach001's course: %+v, %d enrolled", c.Course, c.Enrolled)
		}
		prog, err := o.svc.CourseProgress(coach, c.Course.ID, "")
		must(t, err)
		if len(prog) != c.Enrolled {
			t.Errorf("progress lists %d of %d enrolled", len(prog), c.Enrolled)
		}
		client := o.as(prog[0].Client.Handle, "me")
		shared, err := o.svc.ListLibrary(client, domain.LibraryFilter{})
		must(t, err)
		if len(shared) != 1 || shared[0].File.ID != c.Course.Lessons[1].Files[0] {
			t.Errorf("%s's shared files: %v", prog[0].Client.Handle, shared)
		}
	}
	if mine != 1 {
		t.Errorf("coach001 owns %d courses", mine)
	}
}
