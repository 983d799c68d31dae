package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"behalf/domain"
)

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return v
}

// R40: assistants list|link|unlink, and the workspace each link is.
func TestAssistantsCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	type link struct {
		Assistant, Practitioner, Workspace string
		AdminLevel                         bool `json:"admin_level"`
	}
	links := decode[[]link](t, o.ok("mira", "assistants", "list", "--json"))
	if len(links) != 2 || links[0].Workspace != "assistant:olivia" || !links[0].AdminLevel || links[1].AdminLevel {
		t.Fatalf("assistants list: %+v", links)
	}
	ava := decode[map[string]any](t, o.ok("olivia", "people", "add", "ava", "--name", "Ava Ames", "--email", "ava@northwind.example", "--as", "assistant", "--json"))
	id, err := domain.ParseID(ava["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	o.ids["ava"] = id
	if out := o.ok("ava", "workspaces", "--json"); strings.TrimSpace(out) != "[]" { // R41: nothing of her own
		t.Fatalf("an unlinked assistant's workspaces: %s", out)
	}
	o.code(ExitDenied, "ava", "tasks", "list")
	if out := o.ok("ava", "account", "show"); !strings.Contains(out, "Ava Ames") { // R46: her account is hers
		t.Fatalf("ava's account: %s", out)
	}
	o.code(ExitDenied, "rob", "assistants", "link", "--assistant", "ava", "--practitioner", "mira")
	o.code(ExitRefused, "olivia", "assistants", "link", "--assistant", "john", "--practitioner", "mira")
	o.code(ExitUsage, "olivia", "assistants", "link", "--assistant", "ava")
	l := decode[link](t, o.ok("olivia", "assistants", "link", "--assistant", "ava", "--practitioner", "mira", "--json"))
	if l.Workspace != "assistant:mira" || l.AdminLevel {
		t.Fatalf("link: %+v", l)
	}
	o.code(ExitRefused, "olivia", "assistants", "link", "--assistant", "ava", "--practitioner", "mira")
	if out := o.ok("ava", "workspaces"); !strings.Contains(out, "assistant:mira") {
		t.Fatalf("ava's workspaces: %s", out)
	}
	// R40, R5: unlinking ends the workspace at once
	o.ok("olivia", "assistants", "unlink", "--assistant", "asa", "--practitioner", "rob")
	o.code(ExitDenied, "asa", "comments", "list", "--client", "jane", "--ws", "assistant:rob")
	if out := o.ok("asa", "workspaces", "--json"); strings.Contains(out, "assistant:rob") {
		t.Fatalf("asa still has assistant:rob: %s", out)
	}
	o.code(ExitRefused, "olivia", "assistants", "unlink", "--assistant", "asa", "--practitioner", "rob")
}

// R41, R42, R43 over the command face.
func TestAssistantAccessCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	// R43: admin-level only while managing an admin
	o.ok("asa", "people", "add", "kim", "--name", "Kim Kline", "--email", "kim@example.com", "--as", "client", "--primary", "mira", "--ws", "assistant:olivia")
	o.code(ExitDenied, "asa", "people", "add", "lee", "--name", "Lee Lane", "--email", "lee@example.com", "--as", "client", "--primary", "mira", "--ws", "assistant:rob")
	o.ok("asa", "pairing", "set", "--coach", "john", "--client", "kim", "--level", "coaching", "--ws", "assistant:olivia")
	o.code(ExitDenied, "asa", "pairing", "set", "--coach", "john", "--client", "jane", "--level", "view", "--ws", "assistant:rob")
	o.code(ExitRefused, "asa", "pairing", "set", "--coach", "john", "--client", "kim", "--level", "view", "--ws", "assistant:rob") // rob does not see kim
	// R43: never the owner's account page
	if e := o.code(ExitDenied, "asa", "account", "plan", "--ws", "assistant:olivia"); !strings.Contains(e, "assistants never see it") { // R43
		t.Fatalf("refusal should name R43: %s", e)
	}
	o.ok("olivia", "account", "plan")
	o.code(ExitDenied, "adam", "account", "plan")
	// R42: no private notes, even for an admin practitioner
	for _, ws := range []string{"assistant:olivia", "assistant:rob"} {
		type verdict struct {
			Allowed bool
			Reason  string
		}
		v := decode[verdict](t, o.ok("olivia", "explain", "--person", "asa", "--action", "notes.list", "--client", "jane", "--as", ws, "--json"))
		if v.Allowed || !strings.Contains(v.Reason, "never shown to assistants") { // R42
			t.Fatalf("notes for asa in %s: %+v", ws, v)
		}
		if find("notes", "list") != nil {
			o.code(ExitDenied, "asa", "notes", "list", "--client", "jane", "--ws", ws)
		}
	}
	// R41: nothing of their own
	o.code(ExitDenied, "asa", "comments", "list", "--client", "jane", "--ws", "team")
	o.code(ExitDenied, "asa", "tasks", "list", "--ws", "me")
	o.code(ExitUsage, "asa", "tasks", "list") // two workspaces: pick one
}

// R44, R60: what an assistant does is theirs, on behalf of the practitioner.
func TestAssistantAttributionCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	c := decode[map[string]string](t, o.ok("asa", "comments", "add", "--client", "jane", "--body", "Jane called.", "--ws", "assistant:rob", "--json"))
	if c["by"] != "Asa Ahmed for Rob Reyes" || c["author"] != "asa" || c["on_behalf_of"] != "rob" {
		t.Fatalf("comment: %v", c)
	}
	type task struct {
		ID, Assignee, By string
		AssigneeName     string `json:"assignee_name"`
		OnBehalfOf       string `json:"on_behalf_of"`
	}
	tk := decode[task](t, o.ok("asa", "tasks", "add", "--title", "Send worksheet", "--assign", "rob", "--due", "2026-12-01", "--client", "jane", "--ws", "assistant:rob", "--json"))
	if tk.AssigneeName != "Rob Reyes" || tk.By != "Asa Ahmed for Rob Reyes" || tk.OnBehalfOf != "rob" {
		t.Fatalf("task: %+v", tk)
	}
	o.ok("asa", "tasks", "done", tk.ID, "--ws", "assistant:rob")
	o.ok("asa", "messages", "send", "--client", "jane", "--body", "Your worksheet is ready.", "--ws", "assistant:rob")
	want := []string{"comments.add", "tasks.add", "tasks.done", "messages.send"}
	if find("sessions", "book") != nil { // bookings too, once the practice commands exist
		o.ok("asa", "sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2027-01-10T07:00", "--minutes", "60", "--ws", "assistant:rob")
		want = append(want, "sessions.book")
	}
	// the client sees the assistant's name as the sender
	msgs := decode[[]map[string]any](t, o.ok("jane", "messages", "list", "--json"))
	if len(msgs) != 1 || msgs[0]["sender_name"] != "Asa Ahmed" {
		t.Fatalf("jane's messages: %v", msgs)
	}
	// never staff comments
	o.code(ExitDenied, "jane", "comments", "list", "--client", "jane")
	o.code(ExitDenied, "eve", "messages", "list")
	type entry struct {
		Actor, Workspace, Action string
		OnBehalfOf               string `json:"on_behalf_of"`
	}
	log := decode[[]entry](t, o.ok("olivia", "audit", "list", "--json"))
	got := map[string]bool{}
	for _, e := range log {
		if e.Actor == "asa" {
			if e.OnBehalfOf != "rob" || e.Workspace != "assistant:rob" {
				t.Errorf("%+v", e)
			}
			got[e.Action] = true
		}
	}
	for _, a := range want {
		if !got[a] {
			t.Errorf("no audit entry by asa for %s: %v", a, got)
		}
	}
	// tasks assigned to an assistant show in their workspaces (R41)
	o.ok("mira", "tasks", "add", "--title", "Order supplies", "--assign", "asa")
	mine := decode[[]task](t, o.ok("asa", "tasks", "list", "--mine", "--ws", "assistant:olivia", "--json"))
	if len(mine) != 1 || mine[0].AssigneeName != "Asa Ahmed" {
		t.Fatalf("asa's tasks: %+v", mine)
	}
	inbox := decode[[]map[string]any](t, o.ok("asa", "inbox", "list", "--unread", "--ws", "assistant:olivia", "--json"))
	if len(inbox) != 1 || inbox[0]["event"] != "task" {
		t.Fatalf("asa's inbox: %v", inbox)
	}
	o.ok("asa", "inbox", "read", "--all", "--ws", "assistant:olivia")
	if out := o.ok("asa", "inbox", "list", "--unread", "--ws", "assistant:olivia", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("still unread: %s", out)
	}
	o.code(ExitUsage, "asa", "inbox", "read", "--ws", "assistant:olivia")
}
