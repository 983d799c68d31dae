package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// R31, R42, R53: private notes only for paired coaches and
// view_all_clients; progress shared with the client and, once approved,
// with contacts holding `progress`.
func TestNotesAndProgressCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	// R31: every contact is denied, whatever the link; another client is out of sight
	for _, c := range []struct{ who, ws, client string }{
		{"eve", "contact:jane", "jane"}, {"pat", "contact:alex", "alex"}, {"pat", "contact:casey", "casey"}, {"sam", "contact:alex", "alex"},
		{"pat", "contact:alex", "jane"},
	} {
		want := ExitDenied
		if "contact:"+c.client != c.ws {
			want = ExitRefused
		}
		o.code(want, c.who, "notes", "list", "--ws", c.ws, "--client", c.client)
		o.code(ExitDenied, c.who, "notes", "list", "--ws", c.ws)
		o.code(want, c.who, "notes", "add", "--ws", c.ws, "--client", c.client, "--body", "hi")
	}
	// R42: asa for either practitioner; the client themself
	o.code(ExitDenied, "asa", "notes", "list", "--ws", "assistant:olivia", "--client", "jane")
	o.code(ExitDenied, "asa", "notes", "list", "--ws", "assistant:rob", "--client", "jane")
	o.code(ExitDenied, "asa", "notes", "add", "--ws", "assistant:rob", "--client", "jane", "--body", "x")
	o.code(ExitDenied, "jane", "notes", "list")
	o.code(ExitDenied, "john", "notes", "add", "--client", "jane", "--body", "view-only writes nothing") // R14
	o.code(ExitRefused, "rob", "notes", "list")                                                          // which client?
	var n struct{ ID, Client, Author, Body string }
	if err := json.Unmarshal([]byte(o.ok("rob", "notes", "add", "--client", "jane", "--body", "Line one.\nLine two.", "--json")), &n); err != nil {
		t.Fatal(err)
	}
	if n.Author != "rob" || n.Client != "jane" || n.Body != "Line one.\nLine two." {
		t.Fatalf("note %+v", n)
	}
	if out := o.ok("john", "notes", "list", "--client", "jane"); !strings.Contains(out, "    Line two.") {
		t.Errorf("notes text: %s", out)
	}
	o.code(ExitRefused, "rob", "notes", "add", "--client", "jane", "--body", "bell\x07")
	o.code(ExitRefused, "rob", "notes", "add", "--client", "jane", "--body", strings.Repeat("x", 4001))

	// progress (R53)
	var p struct {
		ID       string `json:"id"`
		Author   string `json:"author"`
		Behalf   string `json:"on_behalf_of"`
		Approved bool   `json:"approved_for_contacts"`
	}
	if err := json.Unmarshal([]byte(o.ok("asa", "progress", "add", "--ws", "assistant:rob", "--client", "jane", "--body", "Goals reviewed.", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if p.Author != "asa" || p.Behalf != "rob" || p.Approved {
		t.Fatalf("progress by asa %+v", p)
	}
	o.code(ExitDenied, "john", "progress", "add", "--client", "jane", "--body", "x")
	if err := json.Unmarshal([]byte(o.ok("mira", "progress", "add", "--client", "alex", "--body", "Fractions mastered.", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	count := func(who string, args ...string) int {
		var ps []struct {
			Approved bool `json:"approved_for_contacts"`
		}
		if err := json.Unmarshal([]byte(o.ok(who, append([]string{"progress", "list", "--json"}, args...)...)), &ps); err != nil {
			t.Fatal(err)
		}
		for _, x := range ps {
			if !x.Approved && who == "sam" {
				t.Fatal("sam sees an unapproved update")
			}
		}
		return len(ps)
	}
	if count("sam") != 2 || count("alex") != 4 {
		t.Fatalf("sam %d, alex %d", count("sam"), count("alex"))
	}
	o.code(ExitDenied, "mira", "progress", "approve", p.ID)
	o.code(ExitDenied, "pat", "progress", "approve", p.ID, "--ws", "contact:alex")
	o.code(ExitRefused, "jane", "progress", "approve", p.ID) // alex's update: out of her sight
	o.ok("alex", "progress", "approve", p.ID)
	if count("sam") != 3 || count("pat", "--ws", "contact:alex") != 3 {
		t.Fatal("approval did not reach the contacts")
	}
	o.ok("alex", "progress", "approve", p.ID, "--off")
	if count("sam") != 2 {
		t.Fatal("withdrawal did not reach sam")
	}
	o.code(ExitRefused, "alex", "progress", "approve", "999")
}

// R60: every practice change appears in the audit with actor,
// on_behalf_of, workspace, action and target.
func TestPracticeChangesAudited(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.ok("asa", "sessions", "book", "--ws", "assistant:rob", "--client", "jane", "--start", "2026-12-07T10:00", "--minutes", "60")
	o.ok("eve", "invoices", "pay", "3", "--amount", "5")
	o.ok("alex", "progress", "approve", "5")
	o.ok("rob", "notes", "add", "--client", "jane", "--body", "private")
	o.ok("adam", "packages", "assign", "--client", "alex", "--package", "2", "--bought-by", "pat")
	o.ok("adam", "invoices", "issue", "--client", "casey", "--item", "x=1")
	o.ok("pat", "sessions", "cancel", "10", "--ws", "contact:alex")
	var es []struct {
		Actor, Workspace, Action, Target string
		Behalf                           string `json:"on_behalf_of"`
	}
	if err := json.Unmarshal([]byte(o.ok("olivia", "audit", "list", "--json", "--limit", "7")), &es); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"pat contact:alex sessions.cancel session 10 alex",
		"adam team invoices.issue invoice 8 ",
		"adam team packages.assign package 4 ",
		"rob team notes.add note 5 on jane ",
		"alex me progress.approve progress 5 ",
		"eve contact:jane invoices.pay invoice 3 jane",
		"asa assistant:rob sessions.book session 15 rob",
	}
	for i, e := range es {
		if got := strings.Join([]string{e.Actor, e.Workspace, e.Action, e.Target, e.Behalf}, " "); got != want[i] {
			t.Errorf("audit %d: %q, want %q", i, got, want[i])
		}
	}
	// and jane reads what was done on her behalf (R54)
	if out := o.ok("jane", "audit", "list"); !strings.Contains(out, "eve  paid on invoice 3") {
		t.Errorf("jane's audit: %s", out)
	}
}
