package domain_test

import (
	"fmt"
	"testing"

	"behalf/domain"
)

// The library and courses at the large organisation (demo/large_library.go):
// twenty files per coach, ten of them in the team library, one course of
// five lessons per coach with every client enrolled in their primary
// coach's. What the Library and Courses screens read when they open, and
// a course's progress in the editor.
func BenchmarkLibraryAndCourses(b *testing.B) {
	o := largeOrg(b)
	coach := o.Who(b, "coach001", "team")
	owner := o.Who(b, "olivia", "team")
	c := person(b, o, coach, "client00101")
	client := domain.Who{Person: c.ID, Workspace: "me"}
	cs, _, err := o.Svc.ListCourses(coach)
	if err != nil {
		b.Fatal(err)
	}
	var course domain.CourseView
	for _, v := range cs {
		if v.Owner.Handle == "coach001" {
			course = v
		}
	}
	if course.Course.ID == 0 {
		b.Fatal("coach001 has no course")
	}
	atLeast := func(n, want int, what string) error {
		if n < want {
			return fmt.Errorf("%d %s, want %d or more", n, what, want)
		}
		return nil
	}
	b.Run("library/coach", func(b *testing.B) {
		timed(b, func(int) error {
			l, err := o.Svc.ListLibrary(coach, domain.LibraryFilter{})
			if err == nil {
				err = atLeast(len(l), 20, "files")
			}
			return err
		})
	})
	b.Run("library/team", func(b *testing.B) {
		timed(b, func(int) error {
			l, err := o.Svc.ListLibrary(coach, domain.LibraryFilter{Team: true})
			if err == nil {
				err = atLeast(len(l), 10, "team files")
			}
			return err
		})
	})
	b.Run("files/client", func(b *testing.B) {
		timed(b, func(int) error {
			l, err := o.Svc.ListLibrary(client, domain.LibraryFilter{})
			if err == nil {
				err = atLeast(len(l), 1, "shared files")
			}
			return err
		})
	})
	for name, who := range map[string]domain.Who{"coach": coach, "owner": owner} {
		b.Run("courses/"+name, func(b *testing.B) {
			timed(b, func(int) error {
				l, _, err := o.Svc.ListCourses(who)
				if err == nil {
					err = atLeast(len(l), 10, "courses") // the coach's own is one of the ten team courses
				}
				return err
			})
		})
	}
	b.Run("progress/coach", func(b *testing.B) {
		timed(b, func(int) error {
			l, err := o.Svc.CourseProgress(coach, course.Course.ID, "")
			if err == nil {
				err = atLeast(len(l), course.Enrolled, "enrolled")
			}
			return err
		})
	})
	b.Run("courses/client", func(b *testing.B) {
		timed(b, func(int) error {
			_, es, err := o.Svc.ListCourses(client)
			if err == nil {
				err = atLeast(len(es), 1, "enrolments")
			}
			return err
		})
	})
}
