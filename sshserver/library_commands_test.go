package sshserver_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// libraryList runs `library list` as handle and decodes it.
func (ts *testServer) libraryList(t *testing.T, handle, args string) []map[string]any {
	t.Helper()
	out, stderr, code := ts.run(t, ts.keys[handle], "library list --json "+args)
	if code != 0 {
		t.Fatalf("%s: library list %s: exit %d: %s", handle, args, code, stderr)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("library list: %v: %s", err, out)
	}
	return list
}

func (ts *testServer) runAs(t *testing.T, handle, cmd string, want int) string {
	t.Helper()
	out, stderr, code := ts.run(t, ts.keys[handle], cmd)
	if code != want {
		t.Fatalf("%s: %s: exit %d, want %d: %s%s", handle, cmd, code, want, out, stderr)
	}
	return out + stderr
}

// The four things a library file goes through, each guarded by what the
// rules say: sharing with a coached client (R13, R23), the team library
// (manage_library, R21), passing on (reassign_ownership, R21), and a
// delete that asks first when the file is shared.
func TestLibraryCommands(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob := ts.mustSFTP(t, "rob", "team")
	data := []byte("%PDF-1.4 a coaching worksheet\n")
	if err := put(t, rob, "library/notes.pdf", data); err != nil {
		t.Fatal(err)
	}
	list := ts.libraryList(t, "rob", "--ws team")
	if len(list) != 1 {
		t.Fatalf("rob's library: %v", list)
	}
	f := list[0]
	sum := sha256.Sum256(data)
	want := map[string]any{"name": "notes.pdf", "size": float64(len(data)), "sha256": hex.EncodeToString(sum[:]), "owner": "rob", "team": false, "uploaded_by": "rob"}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("file %s = %v, want %v", k, f[k], v)
		}
	}
	for _, k := range []string{"id", "at"} {
		if _, ok := f[k]; !ok {
			t.Errorf("file JSON lacks %s: %v", k, f)
		}
	}
	id := f["id"].(string)
	show := ts.runAs(t, "rob", "library show "+id+" --ws team", 0)
	if !strings.Contains(show, "scp -P ") || !strings.Contains(show, "team@") || !strings.Contains(show, ":library/notes.pdf .") {
		t.Fatalf("library show gives no download line:\n%s", show)
	}

	// Sharing: with a client rob coaches, not with one he does not.
	ts.runAs(t, "rob", "library share "+id+" --client casey --ws team", 77) // view-only (R14)
	ts.runAs(t, "rob", "library share "+id+" --client alex --ws team", 1)   // out of his sight
	ts.runAs(t, "john", "library share "+id+" --client jane --ws team", 1)  // another coach's file: not found
	demoShared := len(ts.libraryList(t, "jane", ""))                        // the demo's files shared with her
	ts.runAs(t, "rob", "library share "+id+" --client jane --ws team", 0)
	if l := ts.libraryList(t, "jane", ""); len(l) != demoShared+1 || !slices.ContainsFunc(l, func(f map[string]any) bool { return f["name"] == "notes.pdf" }) {
		t.Fatalf("jane's shared files: %v", l)
	}
	if l := ts.libraryList(t, "casey", ""); len(l) != 0 {
		t.Fatalf("casey sees %v", l)
	}
	if l := ts.libraryList(t, "rob", "--client jane --ws team"); len(l) != demoShared+1 {
		t.Fatalf("the files rob shared with jane: %v", l)
	}

	// The team library needs manage_library, and one's own file.
	demoTeam := len(ts.libraryList(t, "john", "--team --ws team")) // the demo's team file
	ts.runAs(t, "rob", "library team "+id+" --ws team", 77)
	ts.runAs(t, "olivia", "perms grant --person rob manage_library --ws team", 0)
	ts.runAs(t, "rob", "library team "+id+" --ws team", 0)
	if l := ts.libraryList(t, "john", "--team --ws team"); len(l) != demoTeam+1 || !slices.ContainsFunc(l, func(f map[string]any) bool { return f["name"] == "notes.pdf" && f["team"] == true }) {
		t.Fatalf("john's team library: %v", l)
	}
	mira := ts.mustSFTP(t, "mira", "team")
	if got, err := get(mira, "team/notes.pdf"); err != nil || string(got) != string(data) {
		t.Fatalf("mira reads the team file: %v", err)
	}

	// Passing on needs reassign_ownership.
	ts.runAs(t, "mira", "library reassign "+id+" --to mira --ws team", 77)
	ts.runAs(t, "olivia", "library reassign "+id+" --to jane --ws team", 1) // a client owns no library
	ts.runAs(t, "olivia", "library reassign "+id+" --to mira --ws team", 0)
	if l := ts.libraryList(t, "rob", "--ws team"); len(l) != 0 {
		t.Fatalf("rob still lists %v", l)
	}
	l := ts.libraryList(t, "mira", "--ws team") // with the demo's files of hers
	if i := slices.IndexFunc(l, func(f map[string]any) bool { return f["name"] == "notes.pdf" }); i < 0 || l[i]["owner"] != "mira" || l[i]["uploaded_by"] != "rob" {
		t.Fatalf("mira's library: %v", l)
	}

	// Deleting a shared file asks first, then unshares it.
	ts.runAs(t, "rob", "library delete "+id+" --ws team", 77) // a team file, not his to delete
	asks := ts.runAs(t, "mira", "library delete "+id+" --ws team", 1)
	if !strings.Contains(asks, "shared with jane") || !strings.Contains(asks, "--confirm "+id) {
		t.Fatalf("the delete did not ask: %s", asks)
	}
	ts.runAs(t, "mira", "library delete "+id+" --confirm "+id+" --ws team", 0)
	if l := ts.libraryList(t, "jane", ""); len(l) != demoShared {
		t.Fatalf("jane still lists %v", l)
	}
	if d := ts.filesOnDisk(t); len(d) != 0 {
		t.Fatalf("the content stayed: %v", d)
	}
}
