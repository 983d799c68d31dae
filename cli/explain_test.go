package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// A command that needs a workspace, run by someone with several and no
// --ws, is a usage error (exit 2) that names the workspaces to pick from;
// with one workspace --ws may be left out (R4).
func TestMissingWorkspaceIsUsage(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	e := o.code(ExitUsage, "pat", "sessions", "list")
	if !strings.Contains(e, "--ws") || !strings.Contains(e, "contact:alex") {
		t.Errorf("the error should say which --ws to give: %s", e)
	}
	o.code(ExitUsage, "asa", "people", "list")
	o.ok("eve", "sessions", "list") // one workspace: no --ws needed
	o.code(ExitDenied, "eve", "sessions", "list", "--ws", "team")
}

// explain, asked about a client, judges the person in the workspace that
// is about that client: pat's link to casey, not his first link (alex).
func TestExplainPicksTheClientsWorkspace(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	type verdict struct {
		Workspace string `json:"workspace"`
		Allowed   bool   `json:"allowed"`
	}
	cases := []struct {
		person, action, client, ws string
		allowed                    bool
	}{
		{"pat", "packages.list", "casey", "contact:casey", false}, // R30: casey's link has no packages
		{"pat", "packages.list", "alex", "contact:alex", true},
		{"jane", "sessions.list", "jane", "me", true},
		{"rob", "sessions.book", "jane", "team", true},
		{"asa", "notes.list", "jane", "assistant:rob", false},   // R42: never notes for an assistant
		{"asa", "sessions.list", "jane", "assistant:rob", true}, // rob is paired with jane; olivia is not
	}
	for _, c := range cases {
		var v verdict
		out := o.ok("olivia", "explain", "--person", c.person, "--action", c.action, "--client", c.client, "--ws", "team", "--json")
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if v.Workspace != c.ws || v.Allowed != c.allowed {
			t.Errorf("explain %s %s %s: %+v, want %s allowed=%v", c.person, c.action, c.client, v, c.ws, c.allowed)
		}
	}
}
