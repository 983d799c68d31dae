package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"behalf/domain"
)

// developerWords is what a command's text output must not say: a rule id,
// "seed", a workspace id or an action id (they stay in --json).
var developerWords = regexp.MustCompile(`\(R[0-9]|\bR[0-9]{1,2}\b|(?i:\bseed)|\b(?:assistant|contact):[a-z0-9]|\b(?:people|pairing|perms|contacts|assistants|sessions|packages|invoices|payments|notes|progress|comments|messages|tasks|inbox|notifications|audit|account|actions|metrics|groups|library|courses|templates|worksheets|forms|terms|branding)\.(?:list|show|add|invite|deactivate|reactivate|delete|edit|set|grant|revoke|link|unlink|book|reschedule|cancel|complete|catalog|assign|reassign|define|issue|pay|void|approve|send|done|read|outbox|plan|keys|key-add|key-remove|reopen|record|post|posts|withdraw|share|use|answer|submit|sign|print|2fa|2fa-reset|accept|acceptances)\b`)

// wsIDs are workspace ids alone: whoami and workspaces name them, and an
// error that asks for --ws lists them, since a person types them there.
var wsIDs = regexp.MustCompile(`\b(?:assistant|contact):[a-z0-9-]+`)

// firstID is the id of the first item a --json list prints.
func (o *org) firstID(handle string, args ...string) string {
	o.t.Helper()
	var items []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(o.ok(handle, append(args, "--json")...)), &items); err != nil || len(items) == 0 {
		o.t.Fatalf("%s %v: no items (%v)", handle, args, err)
	}
	return items[0].ID
}

// Every command's text output — and its refusals — is in words for people
// (issue 14.6): run each command of the registry as the people who use
// it, after a day's work that leaves something of every kind behind.
func TestWordsInEveryCommand(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	session := o.firstID("adam", "sessions", "list", "--client", "jane", "--ws", "team")
	invoice := o.firstID("adam", "invoices", "list", "--client", "jane", "--ws", "team")
	pkg := o.firstID("adam", "packages", "list", "--client", "alex", "--ws", "team")
	progress := o.firstID("jane", "progress", "list")
	// Templates come on standard input, which these runs do not give: one
	// of each kind is made here (templates.go).
	wt, err := o.svc.AddTemplate(domain.Who{Person: o.ids["rob"], Workspace: "team"}, domain.NewTemplate{Kind: "worksheet", Name: "Review", Questions: "text*: What went well?"})
	if err != nil {
		t.Fatal(err)
	}
	ft, err := o.svc.AddTemplate(domain.Who{Person: o.ids["mira"], Workspace: "team"}, domain.NewTemplate{Kind: "form", Name: "Consent", Questions: "text: Name\nsignature*: I agree\nwitness: Witness"})
	if err != nil {
		t.Fatal(err)
	}
	wid, fid := wt.Template.ID.String(), ft.Template.ID.String()
	runs := [][]string{
		{"olivia", "whoami"}, {"pat", "workspaces"},
		{"olivia", "account", "show"}, {"mira", "account", "set", "--signature", "Mira M."}, {"olivia", "account", "keys"},
		{"olivia", "account", "key-add", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl laptop"},
		{"olivia", "account", "key-remove", "SHA256:nothing"}, {"olivia", "account", "plan", "--ws", "team"},
		{"asa", "account", "plan", "--ws", "assistant:olivia"},
		{"mira", "account", "2fa", "enable"}, {"mira", "account", "2fa", "status"}, {"mira", "account", "2fa", "confirm", "000000"},
		{"jane", "terms", "show"}, {"jane", "terms", "accept"}, {"adam", "terms", "set", "--ws", "team"}, {"olivia", "terms", "set", "--ws", "team"},
		{"olivia", "terms", "acceptances", "--ws", "team"},
		{"jane", "branding", "show"}, {"olivia", "branding", "set", "--accent", "#808080", "--ws", "team"},
		{"olivia", "branding", "set", "--name", "Northwind", "--accent", "#1d4ed8", "--banner", "Welcome back", "--ws", "team"},
		{"adam", "people", "2fa-reset", "mira", "--ws", "team"}, {"olivia", "people", "2fa-reset", "mira", "--ws", "team"},
		{"adam", "assistants", "list", "--ws", "team"},
		{"olivia", "assistants", "link", "--assistant", "asa", "--practitioner", "mira", "--ws", "team"},
		{"olivia", "assistants", "unlink", "--assistant", "asa", "--practitioner", "mira", "--ws", "team"},
		{"olivia", "backup", "--ws", "team", "--help"}, {"adam", "backup", "--ws", "team"},
		{"rob", "comments", "add", "--client", "jane", "--body", "Prefers mornings.", "--ws", "team"},
		{"rob", "comments", "list", "--client", "jane", "--ws", "team"}, {"john", "comments", "add", "--client", "jane", "--body", "x", "--ws", "team"},
		{"adam", "contacts", "list", "--ws", "team"},
		{"adam", "contacts", "link", "--client", "casey", "--contact", "sam", "--perm", "progress", "--expires", "2027-01-31", "--ws", "team"},
		{"adam", "contacts", "set", "--client", "casey", "--contact", "sam", "--perm", "progress,schedule", "--ws", "team"},
		{"adam", "contacts", "unlink", "--client", "casey", "--contact", "sam", "--ws", "team"},
		{"rob", "contacts", "link", "--client", "alex", "--contact", "sam", "--ws", "team"},
		{"olivia", "explain", "--person", "pat", "--action", "packages.list", "--client", "casey", "--ws", "team"},
		{"olivia", "explain", "--person", "asa", "--action", "notes.list", "--client", "jane", "--ws", "team"},
		{"jane", "inbox", "list"}, {"jane", "inbox", "read", "--all"},
		{"nobody", "invite", "redeem", "ABCDEFGHJKLM"},
		{"adam", "invoices", "list", "--ws", "team"}, {"eve", "invoices", "show", invoice},
		{"adam", "invoices", "issue", "--client", "alex", "--item", "Session=150", "--ws", "team"},
		{"eve", "invoices", "pay", invoice, "--amount", "1"}, {"pat", "invoices", "list", "--ws", "contact:casey"},
		{"adam", "invoices", "void", invoice, "--ws", "team"},
		{"rob", "messages", "send", "--client", "jane", "--body", "Tuesday at 10?", "--ws", "team"},
		{"asa", "messages", "send", "--client", "jane", "--body", "Rob asked me to confirm.", "--ws", "assistant:rob"},
		{"jane", "messages", "list"}, {"rob", "messages", "list", "--client", "jane", "--ws", "team"},
		{"eve", "messages", "list"}, {"john", "messages", "send", "--client", "jane", "--body", "x", "--ws", "team"},
		{"rob", "notes", "add", "--client", "jane", "--body", "Good session.", "--ws", "team"},
		{"rob", "notes", "list", "--client", "jane", "--ws", "team"}, {"asa", "notes", "list", "--client", "jane", "--ws", "assistant:rob"},
		{"eve", "notes", "list"},
		{"asa", "notifications", "show", "--ws", "assistant:rob"}, {"rob", "notifications", "set", "--event", "session_booked", "--channel", "email", "--off", "--ws", "team"},
		{"asa", "notifications", "set", "--event", "session_booked", "--channel", "sms", "--on", "--ws", "assistant:rob"},
		{"olivia", "notifications", "outbox", "--ws", "team"}, {"olivia", "notifications", "outbox", "--status", "sent", "--ws", "team"},
		{"rob", "notifications", "reminders", "--ws", "team"}, {"olivia", "notifications", "reminders", "--hours", "12", "--ws", "team"},
		{"rob", "notifications", "reminders", "--hours", "2", "--ws", "team"}, {"olivia", "people", "invite", "kim", "--resend", "--ws", "team"},
		{"olivia", "emails", "list", "--ws", "team"}, {"olivia", "emails", "show", "invitation", "--ws", "team"},
		{"olivia", "emails", "set", "session_reminder", "--subject", "{{nope}}", "--ws", "team"}, {"olivia", "emails", "reset", "invitation", "--ws", "team"},
		{"olivia", "emails", "preview", "invitation", "--ws", "team"}, {"rob", "emails", "list", "--ws", "team"},
		{"adam", "packages", "catalog", "--ws", "team"}, {"olivia", "packages", "define", "--name", "Trial", "--sessions", "1", "--price", "50", "--days", "30", "--ws", "team"},
		{"pat", "packages", "list", "--ws", "contact:alex"}, {"pat", "packages", "list", "--ws", "contact:casey"},
		{"adam", "packages", "assign", "--client", "casey", "--package", "1", "--ws", "team"},
		{"adam", "packages", "reassign", pkg, "--client", "casey", "--ws", "team"},
		{"adam", "pairing", "show", "--client", "jane", "--ws", "team"}, {"jane", "pairing", "show"},
		{"adam", "pairing", "set", "--coach", "john", "--client", "alex", "--level", "coaching", "--ws", "team"},
		{"adam", "pairing", "set", "--coach", "rob", "--client", "jane", "--level", "none", "--ws", "team"},
		{"pat", "payments", "list", "--ws", "contact:alex"},
		{"adam", "people", "list", "--ws", "team"}, {"adam", "people", "show", "pat", "--ws", "team"},
		{"adam", "people", "add", "kim", "--name", "Kim Kline", "--email", "kim@example.com", "--as", "client", "--primary", "mira", "--invite", "--ws", "team"},
		{"adam", "people", "add", "lee", "--name", "Lee Lane", "--email", "pat@example.com", "--as", "contact", "--ws", "team"},
		{"adam", "people", "invite", "kim", "--ws", "team"}, {"olivia", "people", "recover", "jane", "--ws", "team"},
		{"adam", "people", "invite", "jane", "--ws", "team"},
		{"adam", "people", "deactivate", "kim", "--ws", "team"}, {"adam", "people", "reactivate", "kim", "--ws", "team"},
		{"olivia", "people", "delete", "kim", "--confirm", "kim", "--ws", "team"},
		{"olivia", "perms", "show", "--person", "rob", "--ws", "team"},
		{"olivia", "perms", "grant", "invoice_own", "--person", "mira", "--ws", "team"},
		{"olivia", "perms", "revoke", "invoice_own", "--person", "mira", "--ws", "team"},
		{"olivia", "perms", "role", "staff", "--person", "olivia", "--ws", "team"},
		{"olivia", "perms", "grant", "manage_admins", "--person", "olivia", "--ws", "team"},
		{"mira", "progress", "add", "--client", "alex", "--body", "Reading well.", "--ws", "team"},
		{"sam", "progress", "list"}, {"jane", "progress", "approve", progress},
		{"adam", "sessions", "list", "--ws", "team"}, {"pat", "sessions", "list", "--ws", "contact:alex"},
		{"adam", "sessions", "show", session, "--ws", "team"},
		{"pat", "sessions", "book", "--coach", "mira", "--start", "2026-12-09 11:00", "--minutes", "45", "--ws", "contact:alex"},
		{"pat", "sessions", "book", "--coach", "mira", "--start", "2026-12-09T11:00", "--minutes", "45", "--ws", "contact:alex"},
		{"adam", "sessions", "reschedule", session, "--start", "2026-12-10 15:00", "--ws", "team"},
		{"adam", "sessions", "cancel", session, "--ws", "team"}, {"adam", "sessions", "complete", session, "--ws", "team"},
		{"asa", "tasks", "add", "--title", "Call Jane", "--client", "jane", "--due", "2026-12-01", "--ws", "assistant:rob"},
		{"rob", "tasks", "list", "--ws", "team"}, {"rob", "tasks", "done", "1", "--ws", "team"},
		{"asa", "actions", "add", "--client", "jane", "--title", "Walk daily", "--due", "2026-12-01", "--ws", "assistant:rob"},
		{"jane", "actions", "list"}, {"rob", "actions", "list", "--client", "jane", "--ws", "team"},
		{"john", "actions", "add", "--client", "jane", "--title", "x", "--ws", "team"}, {"eve", "actions", "list"},
		{"rob", "actions", "edit", "1", "--due", "2026-12-02", "--ws", "team"},
		{"jane", "actions", "done", "1", "--note", "Done twice."}, {"jane", "actions", "reopen", "1"},
		{"asa", "metrics", "define", "--client", "jane", "--name", "Sleep", "--unit", "hours", "--target", "8", "--ws", "assistant:rob"},
		{"jane", "metrics", "record", "1", "--value", "7.25", "--on", "2026-11-20"}, {"rob", "metrics", "record", "1", "--value", "7.5", "--ws", "team"},
		{"jane", "metrics", "list"}, {"rob", "metrics", "show", "1", "--ws", "team"}, {"jane", "metrics", "record", "1", "--value", "lots"},
		{"mira", "groups", "add", "leaders", "--name", "Leaders' circle", "--member", "jane", "--member", "alex", "--ws", "team"},
		{"mira", "sessions", "book", "--group", "leaders", "--start", "2026-12-09 16:00", "--minutes", "60", "--ws", "team"},
		{"mira", "groups", "show", "leaders", "--ws", "team"}, {"jane", "groups", "list"}, {"jane", "groups", "show", "leaders"},
		{"jane", "groups", "post", "leaders", "--body", "Hello, all."}, {"mira", "groups", "posts", "leaders", "--ws", "team"},
		{"adam", "groups", "posts", "leaders", "--ws", "team"}, {"eve", "groups", "list"},
		{"mira", "groups", "edit", "leaders", "--add-member", "casey", "--add-coach", "rob", "--ws", "team"},
		{"jane", "sessions", "withdraw", session}, {"rob", "groups", "list", "--ws", "team"},
		{"olivia", "groups", "delete", "leaders", "--confirm", "leaders", "--ws", "team"},
		{"rob", "library", "list", "--ws", "team"}, {"rob", "library", "list", "--team", "--ws", "team"}, {"jane", "library", "list"}, {"eve", "library", "list"},
		{"rob", "library", "show", "1", "--ws", "team"}, {"rob", "library", "rename", "1", "--name", "x.pdf", "--ws", "team"},
		{"rob", "library", "share", "1", "--client", "jane", "--ws", "team"}, {"rob", "library", "team", "1", "--ws", "team"},
		{"olivia", "library", "reassign", "1", "--to", "mira", "--ws", "team"}, {"rob", "library", "delete", "1", "--ws", "team"},
		{"rob", "courses", "list", "--ws", "team"}, {"jane", "courses", "list"}, {"eve", "courses", "list"}, {"rob", "courses", "show", "1", "--ws", "team"},
		{"rob", "courses", "add", "--name", "Goals", "--ws", "team"}, {"rob", "courses", "edit", "1", "--name", "Goals", "--ws", "team"},
		{"rob", "courses", "team", "1", "--ws", "team"}, {"olivia", "courses", "clone", "1", "--name", "Copy", "--ws", "team"},
		{"olivia", "courses", "reassign", "1", "--to", "mira", "--ws", "team"}, {"rob", "courses", "enrol", "1", "--client", "jane", "--ws", "team"},
		{"rob", "courses", "progress", "1", "--ws", "team"}, {"jane", "courses", "lesson-done", "1", "--lesson", "1"},
		{"rob", "courses", "delete", "1", "--ws", "team"},
		{"olivia", "audit", "list", "--ws", "team"}, {"jane", "audit", "list"}, {"alex", "audit", "list"},
		{"pat", "sessions", "list"}, // no --ws with two workspaces: the error lists them
		// templates, worksheets, forms
		{"rob", "templates", "list", "--ws", "team"}, {"rob", "templates", "show", wid, "--ws", "team"},
		{"rob", "templates", "add", "--kind", "worksheet", "--name", "Empty", "--ws", "team"},
		{"rob", "templates", "edit", wid, "--name", "Weekly review", "--ws", "team"},
		{"rob", "templates", "share", wid, "--ws", "team"}, {"olivia", "templates", "share", fid, "--ws", "team"},
		{"olivia", "templates", "reassign", fid, "--to", "mira", "--ws", "team"},
		{"rob", "worksheets", "assign", "--client", "jane", "--template", wid, "--due", "2026-12-01", "--ws", "team"},
		{"jane", "worksheets", "list"}, {"eve", "worksheets", "list"},
		{"jane", "worksheets", "answer", "1", "--question", "1", "--value", "Slept"}, {"jane", "worksheets", "answer", "1", "--question", "9", "--value", "x"},
		{"jane", "worksheets", "submit", "1"}, {"rob", "worksheets", "show", "1", "--ws", "team"},
		{"asa", "forms", "send", "--client", "jane", "--template", fid, "--message", "For your file", "--ws", "assistant:rob"},
		{"mira", "forms", "send", "--client", "alex", "--template", fid, "--ws", "team"},
		{"jane", "forms", "list"}, {"jane", "forms", "show", "1"}, {"jane", "forms", "answer", "1", "--question", "1", "--value", "Jane"},
		{"jane", "forms", "sign", "1", "--question", "2"}, {"jane", "forms", "submit", "1"}, {"pat", "forms", "list", "--ws", "contact:alex"},
		{"adam", "forms", "print", "1", "--ws", "team"},
		{"rob", "templates", "delete", wid, "--ws", "team"},
		// purchases, subscriptions and the owner's account (R55, R56)
		{"eve", "packages", "buy", "--package", "3"}, {"pat", "packages", "buy", "--package", "3", "--ws", "contact:alex"},
		{"jane", "packages", "buy", "--package", "4"}, {"eve", "subscriptions", "list"}, {"adam", "subscriptions", "list", "--ws", "team"},
		{"eve", "subscriptions", "pause", "1"}, {"jane", "subscriptions", "resume", "1"}, {"jane", "subscriptions", "renew", "1", "--off"},
		{"jane", "subscriptions", "cancel", "1"}, {"eve", "packages", "cancel", "999"},
		{"olivia", "account", "payment-method", "--set", "4242 4242 4242 4242", "--ws", "team"},
		{"olivia", "account", "payment-method", "--set", "Visa 4242 12/30", "--ws", "team"},
		{"olivia", "account", "plan", "--seats", "1", "--ws", "team"},
		{"olivia", "account", "cancel", "--confirm", "Northwind Coaching", "--ws", "team"},
		{"jane", "sessions", "cancel", session}, {"olivia", "account", "reopen", "--ws", "team"},
	}
	ran := map[string]bool{}
	for _, r := range runs {
		who, args := r[0], r[1:]
		if who == "nobody" {
			who = ""
		}
		stdout, stderr, code := o.run(who, args...)
		name := args[0]
		if cmd := find(args[0], ""); cmd == nil && len(args) > 1 {
			name += " " + args[1]
		}
		ran[name] = true
		if code == ExitUsage && !strings.Contains(stderr, "--ws") {
			t.Errorf("%s %v: usage error: %s", r[0], args, stderr)
		}
		for _, out := range []struct{ what, text string }{{"output", stdout}, {"error", stderr}} {
			text := out.text
			if name == "whoami" || name == "workspaces" || strings.Contains(text, "pick one with --ws") {
				text = wsIDs.ReplaceAllString(text, "")
			}
			for _, w := range developerWords.FindAllString(text, -1) {
				t.Errorf("%s %v: the %s says %q:\n%s", r[0], args, out.what, w, out.text)
			}
		}
	}
	for _, name := range Commands() {
		if !ran[name] {
			t.Errorf("the walk never runs %s", name)
		}
	}
	// help and every noun's --help: workspace ids are what --ws takes
	// there, and explain's --action may name an action id as typed.
	helps := []string{o.ok("adam", "help")}
	for _, n := range nouns() {
		helps = append(helps, o.ok("adam", n, "--help"))
	}
	for _, h := range helps {
		h = strings.ReplaceAll(wsIDs.ReplaceAllString(h, ""), "(or sessions.book)", "")
		for _, w := range developerWords.FindAllString(h, -1) {
			t.Errorf("help says %q", w)
		}
	}
}
