package sshserver_test

import (
	"encoding/json"
	"fmt"
	"regexp"
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

type inboxItemJSON struct {
	ID     string `json:"id"`
	Event  string `json:"event"`
	Text   string `json:"text"`
	By     string `json:"by"`
	ByRole string `json:"by_role"`
	Client string `json:"client"`
}

func inboxOf(t *testing.T, ts *testServer, handle, ws string) []inboxItemJSON {
	t.Helper()
	out, errs, code := ts.run(t, ts.keys[handle], "inbox list --limit 500 --json --ws "+ws)
	var items []inboxItemJSON
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil {
		t.Fatalf("%s inbox list --ws %s: exit %d: %s%s", handle, ws, code, out, errs)
	}
	return items
}

func countEvent(items []inboxItemJSON, event, client string) int {
	n := 0
	for _, it := range items {
		if it.Event == event && it.Client == client {
			n++
		}
	}
	return n
}

// R12, R45: the primary coach is the default recipient of what concerns
// the client — an invoice someone else issued, a contact added, a progress
// update another coach shared, the client sharing one with contacts — and
// so are the primary's assistants, through the primary's settings.
func TestPrimaryCoachHearsOfEverythingAboutTheClient(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	steps := []struct {
		who, cmd, event string
	}{
		{"adam", "invoices issue --client jane --item 'Workbook=40' --ws team", "invoice_issued"},
		{"olivia", "contacts link --client jane --contact kim --email kim@example.com --name Kim --perm schedule --notify --ws team", "contact_added"},
		{"mira", "progress add --client jane --body 'Pacing drills done.' --ws team", "progress_shared"},
	}
	for _, s := range steps {
		before, beforeAsa := countEvent(inboxOf(t, ts, "rob", "team"), s.event, "jane"), countEvent(inboxOf(t, ts, "asa", "assistant:rob"), s.event, "jane")
		if _, errs, code := ts.run(t, ts.keys[s.who], s.cmd); code != 0 {
			t.Fatalf("%s: %s: exit %d: %s", s.who, s.cmd, code, errs)
		}
		if n := countEvent(inboxOf(t, ts, "rob", "team"), s.event, "jane"); n != before+1 {
			t.Errorf("after %s %q, rob (jane's primary) has %d %s items about jane, want %d", s.who, s.cmd, n, s.event, before+1)
		}
		if n := countEvent(inboxOf(t, ts, "asa", "assistant:rob"), s.event, "jane"); n != beforeAsa+1 {
			t.Errorf("after %s %q, asa (rob's assistant) has %d %s items about jane, want %d", s.who, s.cmd, n, s.event, beforeAsa+1)
		}
	}
	// jane shares mira's update with her contacts: no contact of hers reads
	// progress, and her primary still hears of it.
	out, _, _ := ts.run(t, ts.keys["jane"], "progress list --json")
	var ps []struct {
		ID       string `json:"id"`
		Approved bool   `json:"approved_for_contacts"`
	}
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) == 0 {
		t.Fatalf("progress list: %v: %s", err, out)
	}
	before := countEvent(inboxOf(t, ts, "rob", "team"), "progress_shared", "jane")
	if _, errs, code := ts.run(t, ts.keys["jane"], "progress approve "+ps[0].ID); code != 0 {
		t.Fatalf("progress approve: exit %d: %s", code, errs)
	}
	if n := countEvent(inboxOf(t, ts, "rob", "team"), "progress_shared", "jane"); n != before+1 {
		t.Errorf("rob was not told that jane shared an update with her contacts: %d items, want %d", n, before+1)
	}
	// Settings still decide: with the portal off, the primary is not told.
	if _, errs, code := ts.run(t, ts.keys["rob"], "notifications set --event invoice_issued --channel portal --off --ws team"); code != 0 {
		t.Fatalf("notifications set: exit %d: %s", code, errs)
	}
	before = countEvent(inboxOf(t, ts, "rob", "team"), "invoice_issued", "jane")
	if _, errs, code := ts.run(t, ts.keys["adam"], "invoices issue --client jane --item 'Report=40' --ws team"); code != 0 {
		t.Fatalf("invoices issue: exit %d: %s", code, errs)
	}
	if n := countEvent(inboxOf(t, ts, "rob", "team"), "invoice_issued", "jane"); n != before {
		t.Errorf("rob turned invoice_issued off in the portal and was told anyway")
	}
}

// mustNotMeet fails if text names anyone matching one of the patterns.
func mustNotMeet(t *testing.T, where, text string, who ...*regexp.Regexp) {
	t.Helper()
	for _, re := range who {
		if m := re.FindString(text); m != "" {
			t.Errorf("%s meets %q:\n%s", where, m, text)
		}
	}
}

// walkClientSide runs, as handle in ws, every command that lists or shows
// something of jane's — each list, each detail, the inbox, the activity,
// and the refusals — in text and JSON, and requires that none of it names
// anyone matching who. It returns the JSON of the progress list.
func walkClientSide(t *testing.T, ts *testServer, handle, ws string, who ...*regexp.Regexp) string {
	t.Helper()
	c := ts.client(t, ts.keys[handle])
	run := func(cmd string) (string, int) {
		out, errs, code := runOn(t, c, cmd+" --ws "+ws)
		mustNotMeet(t, handle+" in "+ws+": "+cmd, out+errs, who...)
		return out, code
	}
	ids := func(out string) []string {
		var rows []struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal([]byte(out), &rows)
		var ids []string
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		return ids
	}
	var progress string
	for _, cmd := range []string{"whoami", "workspaces", "people show jane", "pairing show", "contacts list", "packages list",
		"payments list", "messages list", "notifications show", "inbox list --limit 500", "audit list --limit 500",
		"sessions list --from 2026-10-01 --to 2027-01-31", "invoices list", "progress list"} {
		run(cmd)
		out, _ := run(cmd + " --json")
		switch {
		case strings.HasPrefix(cmd, "sessions"):
			for _, id := range ids(out) {
				run("sessions show " + id)
				run("sessions show " + id + " --json")
			}
		case strings.HasPrefix(cmd, "invoices"):
			for _, id := range ids(out) {
				run("invoices show " + id)
				run("invoices show " + id + " --json")
			}
		case strings.HasPrefix(cmd, "progress"):
			progress = out
		}
	}
	return progress
}

// R14: a client, and her contacts, never meet the name of a coach who is
// view-only for her — in any list, detail, inbox item, activity line or
// refusal — over real SSH: not john, view-only from the start, for what he
// made while he coached her and for what he does with organisation-wide
// permissions; and not rob, once he is demoted, for everything he and his
// assistant made before. Where such a person did something, the
// organisation stands in.
func TestClientNeverMeetsAViewOnlyCoach(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	do := func(handle, cmd string) string {
		t.Helper()
		out, errs, code := ts.run(t, ts.keys[handle], cmd)
		if code != 0 {
			t.Fatalf("%s: %s: exit %d: %s", handle, cmd, code, errs)
		}
		return out
	}
	john := []*regexp.Regexp{regexp.MustCompile(`(?i)\bjohn\b|jensen`)}
	rob := []*regexp.Regexp{regexp.MustCompile(`(?i)\brob\b|reyes`)}

	// john coaches jane for a while: a progress update and a message.
	do("olivia", "pairing set --coach john --client jane --level coaching --ws team")
	do("john", "progress add --client jane --body 'Agreed the next steps.' --ws team")
	do("john", "messages send --client jane --body 'Looking forward to Tuesday.' --ws team")
	do("olivia", "pairing set --coach john --client jane --level view --ws team")
	// view-only now, with organisation-wide permissions: he issues an
	// invoice and books a session with rob for her.
	do("olivia", "perms grant --person john invoice_all schedule_all --ws team")
	do("john", "invoices issue --client jane --item 'Workshop=120' --ws team")
	do("john", "sessions book --client jane --coach rob --start 2026-12-08T09:00 --minutes 60 --ws team")
	// eve books with rob too; asa writes for rob; rob writes to jane.
	do("eve", "sessions book --coach rob --start 2026-12-09T09:00 --minutes 60 --ws contact:jane")
	do("asa", "progress add --client jane --body 'Report template shared.' --ws assistant:rob")
	do("rob", "messages send --client jane --body 'Notes from today attached.' --ws team")

	progress := walkClientSide(t, ts, "jane", "me", john...)
	walkClientSide(t, ts, "eve", "contact:jane", john...)
	var ps []struct {
		Author     string `json:"author"`
		AuthorName string `json:"author_name"`
		AuthorRole string `json:"author_role"`
		Body       string `json:"body"`
	}
	if err := json.Unmarshal([]byte(progress), &ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Body == "Agreed the next steps." && (p.Author != "" || p.AuthorName != "Northwind Coaching" || p.AuthorRole != "organisation") {
			t.Errorf("john's update reads as %+v; want the organisation", p)
		}
		if p.Body == "Report template shared." && p.AuthorName != "Asa Ahmed" {
			t.Errorf("asa's update for rob, who coaches jane, reads as %+v", p)
		}
	}

	// rob stops coaching jane: mira takes over as primary, his upcoming
	// sessions with her are cancelled, and he is made view-only.
	do("olivia", "pairing set --coach mira --client jane --level primary --ws team")
	out := do("olivia", "sessions list --client jane --from 2026-11-23 --to 2027-01-31 --json")
	var ss []struct {
		ID, Coach, Status string
	}
	if err := json.Unmarshal([]byte(out), &ss); err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Coach == "rob" && s.Status == "scheduled" {
			do("olivia", "sessions cancel "+s.ID+" --ws team")
		}
	}
	do("olivia", "pairing set --coach rob --client jane --level view --ws team")
	progress = walkClientSide(t, ts, "jane", "me", append(john, rob...)...)
	walkClientSide(t, ts, "eve", "contact:jane", append(john, rob...)...)
	if !strings.Contains(progress, `"author_name":"Northwind Coaching"`) || strings.Contains(progress, "Asa") {
		t.Errorf("jane's progress updates after rob became view-only:\n%s", progress)
	}
	// The team still sees who did what.
	if out := do("olivia", "progress list --client jane"); !strings.Contains(out, "John Jensen (coach)") || !strings.Contains(out, "Asa Ahmed (assistant) for Rob Reyes (coach)") {
		t.Errorf("the team's progress list:\n%s", out)
	}
}

// Display-name impersonation: jane renames herself "Rob Reyes" and writes
// to the team; wherever a name stands for a sender or author beside the
// team, the role shows what a name cannot forge — in the team's inbox and
// conversation, in text and JSON (R44, R46).
func TestRolesBesideNames(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	jane := ts.client(t, ts.keys["jane"])
	for _, cmd := range []string{"account set --name 'Rob Reyes'", "messages send --body 'Please call me back.'"} {
		if _, errs, code := runOn(t, jane, cmd); code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errs)
		}
	}
	rob := ts.client(t, ts.keys["rob"])
	if _, errs, code := runOn(t, rob, "messages send --client jane --body 'Will do.' --ws team"); code != 0 {
		t.Fatalf("rob's reply: exit %d: %s", code, errs)
	}
	items := inboxOf(t, ts, "rob", "team")
	if len(items) == 0 || items[0].Text != "New message from Rob Reyes (client)." || items[0].By != "Rob Reyes (client)" || items[0].ByRole != "client" {
		t.Errorf("rob's inbox: %+v", items)
	}
	out, _, _ := runOn(t, rob, "inbox list --ws team")
	if !strings.Contains(out, "New message from Rob Reyes (client).") {
		t.Errorf("rob's inbox text:\n%s", out)
	}
	out, _, _ = runOn(t, rob, "messages list --client jane --ws team")
	if !strings.Contains(out, "from Rob Reyes (client)") || !strings.Contains(out, "from Rob Reyes (coach)") {
		t.Errorf("the team's view of the conversation:\n%s", out)
	}
	out, _, _ = runOn(t, rob, "messages list --client jane --ws team --json")
	var ms []struct {
		Sender     string `json:"sender"`
		SenderRole string `json:"sender_role"`
	}
	if err := json.Unmarshal([]byte(out), &ms); err != nil || len(ms) != 2 {
		t.Fatalf("messages list --json: %v\n%s", err, out)
	}
	var roles []string
	for _, m := range ms {
		roles = append(roles, m.Sender+"/"+m.SenderRole)
	}
	if strings.Join(roles, " ") != "rob/coach jane/client" {
		t.Errorf("senders and roles: %v\n%s", roles, out)
	}
	// jane herself reads her coach's reply as from her coach.
	out, _, _ = runOn(t, jane, "messages list")
	if !strings.Contains(out, "from Rob Reyes (coach)") || !strings.Contains(out, "from Rob Reyes (client)") {
		t.Errorf("jane's conversation:\n%s", out)
	}
}
