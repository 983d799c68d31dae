package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/blobs"
	"behalf/domain"
)

// newFilesDemo is the demo on a service that keeps files, in the test's
// own folder.
func newFilesDemo(t *testing.T) *demo {
	t.Helper()
	files, err := blobs.Open(filepath.Join(t.TempDir(), "files"))
	mustNot(t, err)
	return newDemoWith(t, domain.Options{Now: fixedClock, Files: files})
}

// putFile uploads body as name into who's library, as sftp does.
func putFile(t *testing.T, d *demo, who domain.Who, name, body string) domain.FileView {
	t.Helper()
	u, err := d.svc.BeginUpload(who, domain.FolderLibrary, name)
	mustNot(t, err)
	if _, err := u.WriteAt([]byte(body), 0); err != nil {
		t.Fatal(err)
	}
	fv, err := u.Commit()
	mustNot(t, err)
	return fv
}

func practiceStatus(t *testing.T, m *root, want string) {
	t.Helper()
	if !strings.Contains(m.status.Text, want) {
		t.Fatalf("status %q, want %q", m.status.Text, want)
	}
}

// R21, R23: rob's Library lists his files with size, owner and whom they
// are shared with, and the exact scp and sftp lines of his workspace;
// he shares a file with jane, who finds it in her Files with its download
// line; what he may not do (the team library, passing files on) says
// why; deleting a shared file asks first and unshares it.
func TestLibraryScreen(t *testing.T) {
	t.Parallel()
	d := newFilesDemo(t)
	rob := d.as("rob", "team")
	putFile(t, d, rob, "Welcome pack.pdf", strings.Repeat("w", 3000))
	putFile(t, d, rob, "notes.txt", "hello")

	m := practiceModel(t, d, "rob", "", "library")
	v := practiceView(t, m)
	practiceHas(t, v, "Your library · Team library", "notes.txt  5 bytes", "owner Rob Reyes (coach) · not shared",
		"Welcome pack.pdf  2.9 KiB", "scp -P 23234 -i KEY FILE team@localhost:library/",
		"scp -P 23234 -i KEY team@localhost:library/notes.txt .", "sftp -P 23234 -i KEY team@localhost",
		"KEY is the private key you signed in with (SHA256:rob)", "v yours/team library", "s share with a client")
	practiceLacks(t, v, "t team library") // rob does not hold manage_library

	practicePress(m, "down", "s")
	practiceHas(t, practiceView(t, m), "Share Welcome pack.pdf with a client", "the handle of a client you coach")
	practicePress(m, "jane", "ctrl+s")
	practiceStatus(t, m, "Shared with jane: Welcome pack.pdf")
	practiceHas(t, practiceView(t, m), "shared with Jane Smith", "'team@localhost:library/Welcome pack.pdf'")

	practicePress(m, "t")
	practiceHas(t, practiceView(t, m), "to put files in the team library you need manage_library")
	practicePress(m, "r")
	practiceHas(t, practiceView(t, m), "pass files to another owner")

	// jane's Files: what was shared, with the line that downloads it (R23).
	j := practiceModel(t, d, "jane", "", "files")
	practicePress(j, "G") // after the demo's files from mira
	v = practiceView(t, j)
	practiceHas(t, v, "Files shared with you", "Welcome pack.pdf  2.9 KiB", "from Rob Reyes (coach) · 2026-11-23",
		"scp -P 23234 -i KEY 'me@localhost:shared/Welcome pack.pdf' .", "sftp -P 23234 -i KEY me@localhost")
	practiceLacks(t, v, "notes.txt", "Upload")

	// Deleting a shared file asks, naming whom it is shared with; no keeps it.
	practicePress(m, "x")
	practiceHas(t, practiceView(t, m), "Delete Welcome pack.pdf? It is shared with Jane Smith; deleting it unshares it.", "y: yes, delete it")
	practicePress(m, "n")
	practiceStatus(t, m, "Kept")
	practicePress(m, "n", "ctrl+u", "Welcome.pdf", "ctrl+s")
	practiceStatus(t, m, "Renamed: Welcome.pdf")
	practicePress(m, "x", "y")
	practiceStatus(t, m, "Deleted: Welcome.pdf")
	j.Update(RefreshMsg{})
	practiceLacks(t, practiceView(t, j), "Welcome.pdf", "Welcome pack.pdf")
	list, err := d.svc.ListLibrary(d.as("jane", "me"), domain.LibraryFilter{})
	mustNot(t, err)
	for _, f := range list {
		if f.File.Owner == d.ids["rob"] {
			t.Errorf("jane still has rob's %s", f.File.Name)
		}
	}

	// olivia holds manage_library: t puts her file in the team library,
	// which rob reads on v (R21).
	putFile(t, d, d.as("olivia", "team"), "Handbook.md", "# Handbook")
	o := practiceModel(t, d, "olivia", "", "library")
	practicePress(o, "down") // after the demo's team file of hers
	practicePress(o, "?")
	practiceHas(t, practiceView(t, o), "t team library in/out", "r reassign")
	practicePress(o, "?", "t")
	practiceStatus(t, o, "In the team library: Handbook.md")
	m.Update(RefreshMsg{})
	practicePress(m, "v", "down") // after the demo's team file
	v = practiceView(t, m)
	practiceHas(t, v, "Handbook.md  10 bytes  team", "owner Olivia Owens", "scp -P 23234 -i KEY team@localhost:team/Handbook.md .")
	practicePress(m, "x")
	practiceHas(t, practiceView(t, m), "only the file's owner may delete it")
}

// R23, R31: contacts have no Files and no Courses, and the help says why;
// an assistant works in its practitioner's library.
func TestLibraryAndCoursesWhereOffered(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	p := d.model("pat")
	p.Update(enterMsg{id: "contact:alex"})
	practicePress(p, "?")
	v := practiceView(t, p)
	practiceHas(t, v, "Files: library files are coaching material, never shown to contacts",
		"Courses: courses are coaching work, never shown to contacts")
	for _, tb := range p.ws.tabs {
		if tb.spec.ID == "files" || tb.spec.ID == "courses" {
			t.Errorf("a contact is offered %s", tb.spec.Title)
		}
	}
	a := practiceModel(t, d, "asa", "assistant:rob", "library")
	practiceHas(t, practiceView(t, a), "Your library", "assistant+rob@localhost:library/")
	practiceModel(t, d, "asa", "assistant:rob", "courses")

	// The demo's library and course, as make run shows them to jane.
	j := practiceModel(t, d, "jane", "", "courses")
	practiceHas(t, practiceView(t, j), "First 90 days", "1 of 3 lessons done")
	j = practiceModel(t, d, "jane", "", "files")
	practiceHas(t, practiceView(t, j), "Goal setting worksheet.txt", "Welcome pack.md", "from Mira Moss (coach)")
}

// The Library fits 80×24 and any size it is given, with long names.
func TestLibraryScreenFits(t *testing.T) {
	t.Parallel()
	d := newFilesDemo(t)
	rob := d.as("rob", "team")
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		putFile(t, d, rob, strings.Repeat(n, 80), n)
	}
	m := practiceModel(t, d, "rob", "", "library")
	practiceHas(t, practiceView(t, m), "1–")
	for _, size := range [][2]int{{40, 10}, {60, 15}, {120, 40}, {80, 24}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		practiceView(t, m)
	}
}
