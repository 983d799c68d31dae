package sshserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The whole story: a coach uploads a PDF, makes it a team file,
// builds a three-lesson course with it, enrols a client; the client
// downloads it and finishes the course — and manage_library,
// manage_courses, clone_courses and reassign_ownership guard exactly what
// they say (R21). Edits after enrolment leave the client's course and
// completion history as they were (R21).
func TestCourseStory(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob := ts.mustSFTP(t, "rob", "team")
	pdf := []byte("%PDF-1.4 goals worksheet\n")
	if err := put(t, rob, "library/goals.pdf", pdf); err != nil {
		t.Fatal(err)
	}
	file := ts.libraryList(t, "rob", "--ws team")[0]["id"].(string)
	ts.runAs(t, "olivia", "perms grant --person rob manage_library manage_courses --ws team", 0)
	ts.runAs(t, "rob", "library team "+file+" --ws team", 0)

	lessons := fmt.Sprintf("# Where you are\nWrite down three goals.\nfiles: %s\n\n# Where you go\nPick one.\n\n# First step\nDo it this week.\n", file)
	out, stderr, code := runStdin(t, ts.client(t, ts.keys["rob"]), "courses add --name 'Goal setting' --json --ws team", lessons)
	if code != 0 {
		t.Fatalf("courses add: exit %d: %s", code, stderr)
	}
	var course struct {
		ID, Name, Owner string
		Team            bool
		Lessons         []struct {
			N     int
			Title string
			Files []string
		}
	}
	if err := json.Unmarshal([]byte(out), &course); err != nil {
		t.Fatal(err)
	}
	if course.Name != "Goal setting" || course.Owner != "rob" || len(course.Lessons) != 3 || course.Lessons[0].Files[0] != file || course.Lessons[2].N != 3 {
		t.Fatalf("the course: %s", out)
	}
	id := course.ID

	// manage_courses: rob holds it now; mira does not.
	ts.runAs(t, "rob", "courses team "+id+" --ws team", 0)
	mira, _, _ := ts.run(t, ts.keys["mira"], "courses list --json --ws team")
	if !strings.Contains(mira, `"Goal setting"`) {
		t.Fatalf("mira does not see the team course: %s", mira)
	}
	// clone_courses: mira lacks it; olivia (the owner, every permission) copies.
	ts.runAs(t, "mira", "courses clone "+id+" --name Mine --ws team", 77)
	ts.runAs(t, "olivia", "courses clone "+id+" --name 'Goals (copy)' --ws team", 0)
	// reassign_ownership: mira lacks it.
	ts.runAs(t, "mira", "courses reassign "+id+" --to mira --ws team", 77)
	// Enrol: a client rob coaches; not one he sees only (casey, view-only).
	ts.runAs(t, "rob", "courses enrol "+id+" --client casey --ws team", 77)
	ts.runAs(t, "rob", "courses enrol "+id+" --client jane --ws team", 0)
	ts.runAs(t, "rob", "courses enrol "+id+" --client jane --ws team", 1) // already

	// The client downloads the file and works through the lessons.
	jane := ts.mustSFTP(t, "jane", "me")
	if got, err := get(jane, "shared/goals.pdf"); err != nil || string(got) != string(pdf) {
		t.Fatalf("jane's download: %v", err)
	}
	ts.runAs(t, "jane", "courses lesson-done "+id+" --lesson 1", 0)
	// An edit after enrolment: renamed lessons and one more.
	_, stderr, code = runStdin(t, ts.client(t, ts.keys["rob"]), "courses edit "+id+" --ws team", "# Renamed\n\n# Two\n\n# Three\n\n# Four\n")
	if code != 0 {
		t.Fatalf("courses edit: %s", stderr)
	}
	show := ts.runAs(t, "jane", "courses show "+id, 0)
	if !strings.Contains(show, "[x] 1. Where you are") || strings.Contains(show, "Renamed") || strings.Contains(show, "Four") {
		t.Fatalf("the edit reached jane's course:\n%s", show)
	}
	ts.runAs(t, "jane", "courses lesson-done "+id+" --lesson 2", 0)
	ts.runAs(t, "jane", "courses lesson-done "+id+" --lesson 3", 0)
	ts.runAs(t, "jane", "courses lesson-done "+id+" --lesson 4", 1) // she received three
	prog := ts.runAs(t, "rob", "courses progress "+id+" --ws team", 0)
	if !strings.Contains(prog, "jane") || !strings.Contains(prog, "[##########] 3 of 3 lessons done") {
		t.Fatalf("rob's view of progress:\n%s", prog)
	}
	var enr []struct {
		Course, Client string
		Done           []int
	}
	if err := json.Unmarshal([]byte(ts.runAs(t, "rob", "courses progress "+id+" --json --ws team", 0)), &enr); err != nil || len(enr) != 1 || len(enr[0].Done) != 3 {
		t.Fatalf("progress JSON: %v %v", enr, err)
	}
	// A file a course uses is not deleted from under it.
	ts.runAs(t, "rob", "library delete "+file+" --confirm "+file+" --ws team", 1)
	// Contacts never see courses (R31); other clients see none of jane's.
	ts.runAs(t, "eve", "courses list", 77)
	ts.runAs(t, "casey", "courses show "+id, 1)
}
