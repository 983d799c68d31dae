package sshserver_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

type actionOut struct {
	ID             string  `json:"id"`
	Client         string  `json:"client"`
	Title          string  `json:"title"`
	Details        string  `json:"details"`
	Due            *string `json:"due"`
	Status         string  `json:"status"`
	Overdue        bool    `json:"overdue"`
	DoneNote       string  `json:"done_note"`
	AssignedBy     string  `json:"assigned_by"`
	AssignedByName string  `json:"assigned_by_name"`
	AssignedByRole string  `json:"assigned_by_role"`
	For            string  `json:"for"`
}

// runJSON runs cmd, wants exit 0, and decodes its --json output into v.
func runJSON(t *testing.T, out, errs string, code int, cmd string, v any) {
	t.Helper()
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", cmd, code, errs)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%s: %v in %q", cmd, err, out)
	}
}

// wantRefusal: exit code, one line on stderr containing want, nothing on stdout.
func wantRefusal(t *testing.T, cmd, out, errs string, code, wantCode int, want string) {
	t.Helper()
	if code != wantCode || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, want) || out != "" {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", cmd, code, out, errs, wantCode, want)
	}
}

// R13, R14, R17, R23, R31, R44: who assigns, reads, does and reopens a
// client's actions — over real SSH.
func TestActionsRules(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob, mira, john, jane, eve, asa := ts.client(t, ts.keys["rob"]), ts.client(t, ts.keys["mira"]), ts.client(t, ts.keys["john"]),
		ts.client(t, ts.keys["jane"]), ts.client(t, ts.keys["eve"]), ts.client(t, ts.keys["asa"])

	// rob is jane's primary: he assigns (R13).
	var a actionOut
	cmd := "actions add --client jane --title 'Walk 20 minutes a day' --due 2026-11-30 --details 'After lunch.' --ws team --json"
	out, errs, code := runOn(t, rob, cmd)
	runJSON(t, out, errs, code, cmd, &a)
	if a.Status != "open" || a.Due == nil || *a.Due != "2026-11-30" || a.AssignedBy != "rob" || a.AssignedByRole != "coach" || a.Details != "After lunch." {
		t.Fatalf("added %+v", a)
	}
	// An assistant assigns for the practitioner, under their own name (R42, R44).
	var b actionOut
	cmd = "actions add --client jane --title 'Read chapter 3' --ws assistant:rob --json"
	out, errs, code = runOn(t, asa, cmd)
	runJSON(t, out, errs, code, cmd, &b)
	if b.AssignedBy != "asa" || b.For != "rob" || b.AssignedByRole != "assistant" {
		t.Fatalf("assistant's action %+v", b)
	}

	// john is view-only for jane: he reads but cannot assign (R14).
	if _, errs, code := runOn(t, john, "actions list --client jane --ws team"); code != 0 {
		t.Errorf("view-only john reads jane's actions: exit %d %s", code, errs)
	}
	out, errs, code = runOn(t, john, "actions add --client jane --title x --ws team")
	wantRefusal(t, "view-only add", out, errs, code, 77, "view-only")
	out, errs, code = runOn(t, john, "actions edit "+a.ID+" --title x --ws team")
	wantRefusal(t, "view-only edit", out, errs, code, 77, "view-only")
	// mira coaches jane too (coaching access): she edits.
	if _, errs, code := runOn(t, mira, "actions edit "+a.ID+" --title 'Walk 30 minutes a day' --ws team"); code != 0 {
		t.Errorf("mira edits: exit %d %s", code, errs)
	}

	// A contact never sees actions, whatever the link (R23, R31).
	for _, c := range []string{"actions list", "actions list --client jane", "actions done " + a.ID} {
		out, errs, code := runOn(t, eve, c+" --ws contact:jane")
		wantRefusal(t, c, out, errs, code, 77, "never shown to contacts")
	}

	// The client reads her own, and sees the assistant beside the practitioner (R44).
	var list []actionOut
	cmd = "actions list --json"
	out, errs, code = runOn(t, jane, cmd)
	runJSON(t, out, errs, code, cmd, &list)
	if len(list) < 2 || list[0].ID != b.ID || list[1].Title != "Walk 30 minutes a day" { // newest first, the demo's after
		t.Fatalf("jane's actions %+v", list)
	}
	text, _, _ := runOn(t, jane, "actions list")
	if !strings.Contains(text, "Asa Ahmed (assistant) for Rob Reyes (coach)") || !strings.Contains(text, "Rob Reyes (coach)") {
		t.Errorf("jane's list does not name who assigned:\n%s", text)
	}

	// The team does not mark the client's commitments done; the client does, with a note.
	out, errs, code = runOn(t, rob, "actions done "+a.ID+" --ws team")
	wantRefusal(t, "team done", out, errs, code, 77, "client marks")
	var done actionOut
	cmd = "actions done " + a.ID + " --note 'Every day but Sunday.' --json"
	out, errs, code = runOn(t, jane, cmd)
	runJSON(t, out, errs, code, cmd, &done)
	if done.Status != "done" || done.DoneNote != "Every day but Sunday." {
		t.Fatalf("done %+v", done)
	}
	out, errs, code = runOn(t, jane, "actions done "+a.ID)
	wantRefusal(t, "done twice", out, errs, code, 1, "already done")
	// rob (who assigned it, and jane's primary) is told (R12).
	inbox, _, _ := runOn(t, rob, "inbox list --ws team")
	if !strings.Contains(inbox, "Jane Smith (client) did an action: Walk 30 minutes a day.") {
		t.Errorf("rob's inbox:\n%s", inbox)
	}
	// An edit of a done action is refused; coaching access reopens it.
	out, errs, code = runOn(t, rob, "actions edit "+a.ID+" --title y --ws team")
	wantRefusal(t, "edit done", out, errs, code, 1, "reopen it")
	if _, errs, code := runOn(t, rob, "actions reopen "+a.ID+" --ws team"); code != 0 {
		t.Fatalf("reopen: exit %d %s", code, errs)
	}

	// view_all_clients reads every client's actions (R17).
	if _, err := ts.svc.ChangePerms(domain.Who{Person: ts.ids["olivia"], Workspace: "team"}, "john", true, []string{"view_all_clients"}); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runOn(t, john, "actions list --client alex --ws team"); code != 0 {
		t.Errorf("view_all_clients reads alex's actions: exit %d %s", code, errs)
	}
	out, errs, code = runOn(t, john, "actions add --client alex --title x --ws team")
	wantRefusal(t, "view_all_clients add", out, errs, code, 77, "")

	// Another client's actions are out of a client's sight: not found, nobody named.
	var alexAction actionOut
	cmd = "actions add --client alex --title 'Practise scales' --ws team --json"
	out, errs, code = runOn(t, mira, cmd)
	runJSON(t, out, errs, code, cmd, &alexAction)
	for _, c := range []string{"actions list --client alex", "actions done " + alexAction.ID, "actions reopen " + alexAction.ID} {
		out, errs, code := runOn(t, jane, c)
		if code != 1 || out != "" || strings.Contains(errs, "Alex") {
			t.Errorf("%s by jane: exit %d %q %q; want not found, naming nobody", c, code, out, errs)
		}
	}
	missing, _, _ := runOn(t, jane, "actions done 987654")
	_, errOut, _ := runOn(t, jane, "actions done "+alexAction.ID)
	_, errMissing, _ := runOn(t, jane, "actions done 987654")
	if strings.Replace(errOut, alexAction.ID, "N", 1) != strings.Replace(errMissing, "987654", "N", 1) || missing != "" {
		t.Errorf("out of sight %q and missing %q answer differently", errOut, errMissing)
	}
	// An unpaired coach: the same.
	out, errs, code = runOn(t, rob, "actions done "+alexAction.ID+" --ws team")
	wantRefusal(t, "rob on alex's action", out, errs, code, 1, "no action")
}

// Bad input is one clear line, exit 1, and nothing changes.
func TestActionsBadInput(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob := ts.client(t, ts.keys["rob"])
	before := must(t, rob, "actions list --client jane --ws team --json")
	for cmd, want := range map[string]string{
		"actions add --client jane --title '  ' --ws team":                             "the title is required",
		"actions add --client jane --title x --due 2020-01-01 --ws team":               "in the past",
		"actions add --client jane --title x --due 2040-01-01 --ws team":               "years ahead",
		"actions add --client jane --title x --due tomorrow --ws team":                 "not a date",
		"actions add --client jane --title " + strings.Repeat("x", 201) + " --ws team": "too long",
		"actions add --client nobody --title x --ws team":                              "no one has the handle",
		"actions add --client rob --title x --ws team":                                 "not a client",
		"actions list --status later --ws team":                                        "not a status",
		"actions edit 1 --ws team":                                                     "",
	} {
		out, errs, code := runOn(t, rob, cmd)
		wantRefusal(t, cmd, out, errs, code, 1, want)
	}
	if after := must(t, rob, "actions list --client jane --ws team --json"); after != before {
		t.Errorf("something changed:\n%s\n%s", before, after)
	}
}

// Overdue actions stand out: an open action whose due day has passed.
func TestActionsOverdue(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob, jane := ts.client(t, ts.keys["rob"]), ts.client(t, ts.keys["jane"])
	var a actionOut
	cmd := "actions add --client jane --title 'Send the report' --due 2026-11-24 --ws team --json"
	out, errs, code := runOn(t, rob, cmd)
	runJSON(t, out, errs, code, cmd, &a)
	if a.Overdue {
		t.Fatalf("overdue before its day: %+v", a)
	}
	ts.clk.add(3 * 24 * time.Hour)
	var list []actionOut
	cmd = "actions list --status open --json"
	out, errs, code = runOn(t, jane, cmd)
	runJSON(t, out, errs, code, cmd, &list)
	if len(list) == 0 || list[0].ID != a.ID || !list[0].Overdue {
		t.Fatalf("after the due day: %+v", list)
	}
	for _, x := range list {
		if x.Status != "open" {
			t.Errorf("--status open lists %+v", x)
		}
	}
	text, _, _ := runOn(t, jane, "actions list")
	if !strings.Contains(text, "overdue") {
		t.Errorf("the list does not say overdue:\n%s", text)
	}
}
