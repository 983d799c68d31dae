package demo

import (
	"time"

	"behalf/blobs"
	"behalf/domain"
)

func init() { extras = append(extras, seedLibrary) }

// The demo's library files and course (R21, R23): mira's welcome pack
// shared with jane (whom she coaches), her goals worksheet, and olivia's
// coaching agreement in the team library; mira's three-lesson course
// "First 90 days" with the worksheet in its second lesson, jane enrolled
// (so the worksheet is shared with her too) and its first lesson done.
// The contents are small texts, stored as uploads store them. (rob's
// library stays empty for the tests that upload into it.)

var (
	demoWelcome = []byte("# Welcome to Northwind Coaching\n\nHow we work together, what to bring to a session,\n" +
		"and how to reach your coach between sessions.\n")
	demoWorksheet = []byte("Goal setting worksheet\n\n1. Where do you want to be in 90 days?\n" +
		"2. What will you see when you get there?\n3. What is the first small step?\n")
	demoAgreement = []byte("# Coaching agreement\n\nThe coach and the client agree on the goals, the sessions\n" +
		"and how they keep each other informed. Either may end the agreement in writing.\n")
)

// demoContents are every demo file's contents.
var demoContents = [][]byte{demoWelcome, demoWorksheet, demoAgreement}

// StoreContents writes the demo files' contents into files: a test that
// copies a demo organisation seeded elsewhere gives its own files folder
// what the records name.
func StoreContents(files *blobs.Store) error {
	for _, b := range demoContents {
		if _, err := domain.StoreContent(files, b); err != nil {
			return err
		}
	}
	return nil
}

func seedLibrary(w *domain.Seeder, _ domain.Org, people map[string]*domain.Person, now time.Time) error {
	id := func(h string) domain.ID { return people[h].ID }
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days).UTC() }
	file := func(name string, body []byte, owner, uploader string, at time.Time, team bool, shared ...string) (*domain.LibraryFile, error) {
		sum, err := w.Content(body)
		if err != nil {
			return nil, err
		}
		f := &domain.LibraryFile{Name: name, Size: int64(len(body)), SHA256: sum, Owner: id(owner), Uploader: id(uploader), At: at, Team: team}
		if uploader != owner {
			f.Behalf = id(owner)
		}
		for _, h := range shared {
			f.Shared = append(f.Shared, id(h))
		}
		return f, w.Put(f)
	}
	if _, err := file("Welcome pack.md", demoWelcome, "mira", "mira", ago(30), false, "jane"); err != nil {
		return err
	}
	sheet, err := file("Goal setting worksheet.txt", demoWorksheet, "mira", "mira", ago(20), false, "jane") // shared by the enrolment below
	if err != nil {
		return err
	}
	if _, err := file("Coaching agreement.md", demoAgreement, "olivia", "olivia", ago(40), true); err != nil {
		return err
	}
	lessons := []domain.Lesson{
		{N: 1, Title: "Where you stand", Text: "Write down what is going well and what is not, at work and at home.\nBring it to the next session."},
		{N: 2, Title: "Setting goals", Text: "Fill in the goal setting worksheet: one goal for the next 90 days.", Files: []domain.ID{sheet.ID}},
		{N: 3, Title: "Habits that stick", Text: "Pick one small daily habit that moves you towards your goal, and keep a tally for two weeks."},
	}
	c := domain.Course{Name: "First 90 days", Owner: id("mira"), Maker: id("mira"), Created: ago(15), Lessons: lessons}
	if err := w.Put(&c); err != nil {
		return err
	}
	return w.Put(&domain.Enrolment{Course: c.ID, Name: c.Name, Client: id("jane"), Enroller: id("mira"), At: ago(10), Lessons: lessons,
		Done: []domain.Done{{N: 1, Title: lessons[0].Title, At: ago(8)}}})
}
