package sshserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Display-name impersonation: a name stands for someone beside what they
// did, so invisible and format characters are refused in names, adopted
// signatures and handles, with one clear line — over real SSH (R44, R46).
func TestInvisibleCharactersInNamesAreRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	jane := ts.client(t, ts.keys["jane"])
	olivia := ts.client(t, ts.keys["olivia"])
	for _, r := range []rune{
		0x200B,  // zero-width space
		0xFEFF,  // byte-order mark
		0x00AD,  // soft hyphen
		0x3164,  // Hangul filler (not Cf)
		0x115F,  // Hangul choseong filler (not Cf)
		0x2028,  // line separator
		0x2029,  // paragraph separator
		0xE0041, // tag latin capital A
		0x202E,  // right-to-left override
		0x200D,  // zero-width joiner
		0xFE0F,  // variation selector
	} {
		name := "Rob" + string(r) + "Reyes"
		for _, cmd := range []string{
			fmt.Sprintf("account set --name '%s'", name),
			fmt.Sprintf("account set --signature '%s'", name),
		} {
			_, errs, code := runOn(t, jane, cmd)
			if code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "invisible or formatting") {
				t.Errorf("%U: %q: exit %d, %q; want exit 1 and one line about invisible characters", r, cmd, code, errs)
			}
		}
		cmd := fmt.Sprintf("people add kim --name '%s' --email kim%d@example.com --as coach --ws team", name, r)
		if _, errs, code := runOn(t, olivia, cmd); code != 1 || !strings.Contains(errs, "invisible or formatting") {
			t.Errorf("%U: people add: exit %d, %q", r, code, errs)
		}
		handle := "ki" + string(r) + "m"
		cmd = fmt.Sprintf("people add '%s' --name Kim --email kim%d@example.com --as coach --ws team", handle, r)
		if _, errs, code := runOn(t, olivia, cmd); code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%U: handle: exit %d, %q", r, code, errs)
		}
	}
	// A plain name that only copies a colleague's is taken: what cannot be
	// forged is shown beside it (the role, TestRolesBesideNames).
	if _, errs, code := runOn(t, jane, "account set --name 'Rob Reyes'"); code != 0 {
		t.Fatalf("a plain name: exit %d: %s", code, errs)
	}
}

// Staff work stays internal: what the team does on a client's file —
// comments, tasks — never reaches the client's activity, while what an
// assistant did for them that is theirs to see does (R54, R44) — over SSH.
func TestClientActivityLeavesOutStaffWork(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	asa := ts.client(t, ts.keys["asa"])
	for _, cmd := range []string{
		"comments add --client jane --body 'Jane asked for a shorter report.' --ws assistant:rob",
		"tasks add --title 'Prepare the review' --client jane --ws assistant:rob --json",
		"progress add --client jane --body 'Goals agreed.' --ws assistant:rob",
	} {
		if _, errs, code := runOn(t, asa, cmd); code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errs)
		}
	}
	out, errs, code := runOn(t, asa, "tasks list --ws assistant:rob --json")
	var tasks []struct {
		ID string `json:"id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &tasks) != nil || len(tasks) == 0 {
		t.Fatalf("tasks list: exit %d: %s%s", code, out, errs)
	}
	if _, errs, code := runOn(t, asa, "tasks done "+tasks[0].ID+" --ws assistant:rob"); code != 0 {
		t.Fatalf("tasks done: exit %d: %s", code, errs)
	}
	jane := ts.client(t, ts.keys["jane"])
	out, errs, code = runOn(t, jane, "audit list --json")
	var entries []struct {
		Action string `json:"action"`
		Target string `json:"target"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &entries) != nil {
		t.Fatalf("audit list: exit %d: %s%s", code, out, errs)
	}
	sawProgress := false
	for _, e := range entries {
		noun, _, _ := strings.Cut(e.Action, ".")
		switch noun {
		case "comments", "tasks", "notes", "pairing":
			t.Errorf("jane's activity shows the team's own work: %+v", e)
		case "progress":
			sawProgress = true
		}
	}
	if !sawProgress {
		t.Errorf("jane's activity leaves out the progress update asa shared with her: %+v", entries)
	}
	text, _, _ := runOn(t, jane, "audit list")
	for _, w := range []string{"comment", "task"} {
		if strings.Contains(text, w) {
			t.Errorf("jane's activity text mentions %q:\n%s", w, text)
		}
	}
}
