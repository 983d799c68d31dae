package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"behalf/demo"
	"behalf/domain"
	"behalf/internal/fixture"
	"behalf/internal/hostile"
)

// poisonedOrg is the demo organisation with one of everything people write
// (comments, messages, tasks, notes, progress, a package, an invoice, a
// signature, inbox and outbox entries, audit entries), whose every stored
// text then gets hostile.Payload appended straight in the file, past all
// validation.
func poisonedOrg(t *testing.T) (o *org, invoice string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "behalf.db")
	db, svc := fixture.Demo(t, path, demoKeys("laptop"), domain.Options{Now: demoNow})
	o = &org{t: t, svc: svc, ids: map[string]domain.ID{}}
	for _, p := range demo.People {
		who, err := o.svc.Identify("SHA256:" + p.Handle)
		if err != nil {
			t.Fatal(err)
		}
		o.ids[p.Handle] = who.ID
	}
	o.ok("rob", "comments", "add", "--client", "jane", "--body", "Comment by rob")
	o.ok("rob", "messages", "send", "--client", "jane", "--body", "Message to jane")
	o.ok("jane", "messages", "send", "--body", "Message from jane")
	o.ok("rob", "tasks", "add", "--title", "Task for rob", "--client", "jane")
	o.ok("rob", "notes", "add", "--client", "jane", "--body", "Private note")
	o.ok("rob", "progress", "add", "--client", "jane", "--body", "Progress update")
	o.ok("rob", "account", "set", "--signature", "Rob R., coach")
	o.ok("olivia", "packages", "define", "--name", "Gold", "--sessions", "5", "--price", "500", "--days", "90")
	var inv struct{ ID string }
	if err := json.Unmarshal([]byte(o.ok("olivia", "invoices", "issue", "--client", "jane", "--item", "Coaching session=150", "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	o.ok("eve", "invoices", "pay", inv.ID, "--amount", "1")

	db.Close()
	n, err := hostile.Poison(path)
	if err != nil || n < 50 {
		t.Fatalf("poisoned %d fields: %v", n, err)
	}
	db = fixture.Open(t, path)
	o.svc = domain.NewService(db, domain.Options{Now: demoNow})
	return o, inv.ID
}

// Terminal injection (issue 8): whatever a record holds, plain-text output
// carries no control character, escape sequence, C1 control or bidi
// override from it — nor a fragment of one — and --json carries the text
// intact with every such rune escaped.
func TestStoredTextCannotReachATerminal(t *testing.T) {
	t.Parallel()
	o, invoice := poisonedOrg(t)
	reads := []struct {
		who  string
		args string
	}{
		{"olivia", "whoami"}, {"olivia", "workspaces"},
		{"olivia", "people list"}, {"olivia", "people show jane"}, {"olivia", "people show rob"},
		{"olivia", "pairing show --client jane"}, {"olivia", "perms show --person rob"},
		{"olivia", "contacts list --client jane"}, {"olivia", "assistants list"},
		{"olivia", "sessions list --client jane"}, {"olivia", "packages catalog"}, {"olivia", "packages list --client jane"},
		{"olivia", "invoices list"}, {"olivia", "invoices show INV"}, {"olivia", "payments list"},
		{"olivia", "notes list --client jane"}, {"olivia", "progress list --client jane"},
		{"olivia", "comments list --client jane"}, {"olivia", "messages list --client jane"},
		{"olivia", "audit list"}, {"olivia", "tasks list --all"}, {"olivia", "account show"}, {"olivia", "account plan"},
		{"olivia", "explain --person rob --action sessions.book --client jane"},
		{"rob", "comments list --client jane"}, {"rob", "messages list --client jane"}, {"rob", "tasks list"},
		{"rob", "inbox list"}, {"olivia", "notifications outbox"}, {"rob", "account keys"},
		{"jane", "whoami"}, {"jane", "pairing show"}, {"jane", "contacts list"}, {"jane", "messages list"},
		{"jane", "progress list"}, {"jane", "invoices show INV"}, {"jane", "inbox list"}, {"jane", "audit list"},
		{"eve", "workspaces"}, {"eve", "invoices list"}, {"eve", "sessions list"}, {"eve", "inbox list"},
		{"asa", "workspaces"}, {"asa", "tasks list --ws assistant:rob"}, {"asa", "comments list --client jane --ws assistant:rob"},
		{"asa", "messages list --client jane --ws assistant:rob"},
	}
	shown := 0
	for _, r := range reads {
		args := strings.Fields(strings.ReplaceAll(r.args, "INV", invoice))
		out, errs, code := o.run(r.who, args...)
		if code != 0 {
			t.Errorf("%s %s: exit %d: %s", r.who, r.args, code, errs)
			continue
		}
		for name, b := range map[string]string{"stdout": out, "stderr": errs} {
			if err := hostile.CheckText([]byte(b)); err != nil {
				t.Errorf("%s %s (%s): %v", r.who, r.args, name, err)
			}
		}
		if strings.Contains(out, hostile.Visible) {
			shown++
		}
		js, errs, code := o.run(r.who, append(args, "--json")...)
		if code != 0 {
			t.Errorf("%s %s --json: exit %d: %s", r.who, r.args, code, errs)
			continue
		}
		if err := hostile.CheckJSON([]byte(js)); err != nil {
			t.Errorf("%s %s --json: %v", r.who, r.args, err)
		}
		if !json.Valid([]byte(js)) {
			t.Errorf("%s %s --json: not JSON: %q", r.who, r.args, js)
		}
	}
	if shown < len(reads)/2 {
		t.Errorf("the poisoned text showed in only %d of %d outputs: the test proves little", shown, len(reads))
	}
	// --json keeps the stored text exactly: escaped, not cut.
	var p struct{ Name string }
	js, _, _ := o.run("olivia", "people", "show", "jane", "--json")
	if err := json.Unmarshal([]byte(js), &p); err != nil || p.Name != "Jane Smith"+hostile.Payload {
		t.Errorf("--json changed the name: %q %v", p.Name, err)
	}
	if !strings.Contains(js, `\u001b]52;c;UE9XTkVE\u0007`) || !strings.Contains(js, `\u009d0;PWNT1TL\u009c\u202e`) {
		t.Errorf("--json does not escape the payload as expected: %s", js)
	}
}

// A refusal that quotes what was typed never echoes a control sequence
// back either (stderr is a terminal too).
func TestErrorsDoNotEchoControls(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	for _, args := range [][]string{
		{"people", "show", "x" + hostile.Payload},
		{"people", "add", "kim" + hostile.Payload, "--name", "Kim", "--email", "k@example.com", "--as", "client"},
		{"people", "add", "kim", "--name", "Kim" + hostile.Payload, "--email", "k@example.com", "--as", "client", "--primary", "rob"},
		{"people", "add", "kim", "--name", "Kim", "--email", "k" + hostile.Payload + "@example.com", "--as", "client", "--primary", "rob"},
		{"invoices", "issue", "--client", "jane", "--item", "Bad" + hostile.Payload + "=10"},
		{"invoices", "issue", "--client", "jane", "--item", "Bad=10" + hostile.Payload},
		{"sessions", "book", "--client", "jane", "--start", "2026-12-01T10:00" + hostile.Payload, "--minutes", "30"},
		{"notes", "add", "--client", "jane", "--body", "x" + hostile.Payload},
		{"tasks", "add", "--title", "t" + hostile.Payload},
		{"nosuch" + hostile.Payload},
		{"people", "nosuch" + hostile.Payload},
		{"people", "list", "--nosuch" + hostile.Payload},
	} {
		var out, errb bytes.Buffer
		code := Run(Env{Service: o.svc, Person: o.ids["olivia"], Stdout: &out, Stderr: &errb}, args)
		if code == 0 {
			t.Errorf("%q was accepted", args)
		}
		// (what was typed may come back changed — lower-cased, clipped —
		// so only the absence of controls is asserted, not of fragments)
		if err := hostile.CheckControls(errb.Bytes()); err != nil {
			t.Errorf("%q: stderr %v", args, err)
		}
		if strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
			t.Errorf("%q: more than one line: %q", args, errb.String())
		}
	}
}
