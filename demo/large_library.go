package demo

import (
	"fmt"

	"behalf/domain"
)

// The generated organisation's library and courses (R21, R23): every
// coach keeps FilesPerCoach files (a handful of contents, as the same
// handouts uploaded by many), the first ten coaches' first file in the
// team library; every coach has one course of CourseLessons lessons whose
// second lesson names the coach's first file, the first ten courses team
// courses; every client is enrolled in their primary coach's course, with
// none to all of its lessons done, and so has that file shared with them.

var largeContents = [][]byte{
	[]byte("# Session notes template\n\nWhat we talked about, what you will do, when we meet again.\n"),
	[]byte("Goal setting worksheet\n\n1. Where do you want to be?\n2. What is the first step?\n"),
	[]byte("# Reading list\n\n- The first book\n- The second book\n"),
	[]byte("Weekly review\n\nWhat went well, what got in the way, what comes next.\n"),
}

func (g *largeGen) library() error {
	sc := g.sc
	if sc.FilesPerCoach == 0 {
		return nil
	}
	// Each coach's first file is shared with the coach's primary clients,
	// who are enrolled below in the course that names it.
	sharedWith := make([][]domain.ID, len(g.coaches))
	if sc.CourseLessons > 1 {
		for i, cl := range g.clients {
			sharedWith[g.primary[i]] = append(sharedWith[g.primary[i]], cl.ID)
		}
	}
	sums := make([]string, len(largeContents))
	first := make([]domain.ID, len(g.coaches)) // each coach's first file
	err := g.batch(len(g.coaches)*sc.FilesPerCoach, func(w *domain.Seeder, i int) error {
		if sums[0] == "" {
			for j, b := range largeContents {
				sum, err := w.Content(b)
				if err != nil {
					return err
				}
				sums[j] = sum
			}
		}
		ci, n := i/sc.FilesPerCoach, i%sc.FilesPerCoach
		k := g.coaches[ci]
		c := n % len(largeContents)
		f := domain.LibraryFile{Name: fmt.Sprintf("Handout %02d (%s).md", n+1, k.Handle), Size: int64(len(largeContents[c])), SHA256: sums[c],
			Owner: k.ID, Uploader: k.ID, At: g.now.AddDate(0, 0, -200+n).UTC(), Team: n == 0 && ci < 10}
		if n == 0 {
			f.Shared = sharedWith[ci]
		}
		if err := w.Put(&f); err != nil {
			return err
		}
		if n == 0 {
			first[ci] = f.ID
		}
		return nil
	})
	if err != nil {
		return err
	}
	if sc.CourseLessons == 0 {
		return nil
	}
	courses := make([]domain.Course, len(g.coaches))
	err = g.batch(len(g.coaches), func(w *domain.Seeder, ci int) error {
		k := g.coaches[ci]
		var ls []domain.Lesson
		for n := range sc.CourseLessons {
			l := domain.Lesson{N: n + 1, Title: fmt.Sprintf("Step %d", n+1), Text: "Read this, try it for a week, and write down what you noticed."}
			if n == 1 {
				l.Files = []domain.ID{first[ci]}
			}
			ls = append(ls, l)
		}
		c := domain.Course{Name: "Getting started with " + k.Name, Owner: k.ID, Team: ci < 10, Maker: k.ID, Created: g.now.AddDate(0, 0, -180).UTC(), Lessons: ls}
		if err := w.Put(&c); err != nil {
			return err
		}
		courses[ci] = c
		return nil
	})
	if err != nil {
		return err
	}
	return g.batch(len(g.clients), func(w *domain.Seeder, i int) error {
		cl, ci := g.clients[i], g.primary[i]
		c := courses[ci]
		at := g.now.AddDate(0, 0, -90-g.rng.IntN(60)).UTC()
		e := domain.Enrolment{Course: c.ID, Name: c.Name, Client: cl.ID, Enroller: c.Owner, At: at, Lessons: c.Lessons}
		for n := range g.rng.IntN(len(c.Lessons) + 1) {
			e.Done = append(e.Done, domain.Done{N: n + 1, Title: c.Lessons[n].Title, At: at.AddDate(0, 0, 7*(n+1))})
		}
		return w.Put(&e)
	})
}
