package sshserver_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// The assistant rules (R40–R46), command side, over a real SSH connection.
func TestAssistantRulesOverSSH(t *testing.T) {
	ts := startServer(t)
	asa := ts.client(t, ts.keys["asa"])
	rob := ts.client(t, ts.keys["rob"])
	olivia := ts.client(t, ts.keys["olivia"])

	cases := []struct {
		rule string
		name string
		fn   func(t *testing.T)
	}{
		{"R40", "each managed practitioner is a workspace", func(t *testing.T) {
			out, _, code := runOn(t, asa, "workspaces --json")
			var ws []struct{ ID string }
			if code != 0 || json.Unmarshal([]byte(out), &ws) != nil || len(ws) != 2 || ws[0].ID != "assistant:olivia" || ws[1].ID != "assistant:rob" {
				t.Fatalf("asa's workspaces: %s", out)
			}
		}},
		{"R41", "an assistant has no calendar, clients or notes of their own", func(t *testing.T) {
			for _, ws := range []string{"team", "me"} {
				if _, _, code := runOn(t, asa, "sessions list --ws "+ws); code != 77 {
					t.Fatalf("asa in %s: exit %d", ws, code)
				}
			}
		}},
		{"R42", "private notes are never shown to an assistant, even for an admin", func(t *testing.T) {
			for _, ws := range []string{"assistant:olivia", "assistant:rob"} {
				if _, _, code := runOn(t, asa, "notes list --client jane --ws "+ws); code != 77 {
					t.Fatalf("notes in %s: exit %d", ws, code)
				}
			}
			if _, _, code := runOn(t, rob, "notes list --client jane --ws team"); code != 0 {
				t.Fatalf("rob cannot read his client's notes: %d", code)
			}
		}},
		{"R43", "admin-level only while managing an admin", func(t *testing.T) {
			cmd := "pairing set --coach john --client casey --level coaching --ws "
			if _, errs, code := runOn(t, asa, cmd+"assistant:rob"); code != 77 {
				t.Fatalf("asa as rob set a pairing: %d %s", code, errs)
			}
			if _, errs, code := runOn(t, asa, cmd+"assistant:olivia"); code != 0 {
				t.Fatalf("asa as olivia could not set a pairing: %d %s", code, errs)
			}
			if _, _, code := runOn(t, asa, "account plan --ws assistant:olivia"); code != 77 {
				t.Fatal("asa sees the owner's account page") // R18, R43
			}
		}},
		{"R44", "what an assistant does is theirs, on behalf of the practitioner", func(t *testing.T) {
			if _, errs, code := runOn(t, asa, "sessions book --client jane --coach rob --start 2027-01-20T10:00 --minutes 45 --ws assistant:rob"); code != 0 {
				t.Fatalf("asa could not book for rob: %s", errs)
			}
			if _, errs, code := runOn(t, asa, "comments add --client jane --body 'Called to confirm' --ws assistant:rob"); code != 0 {
				t.Fatalf("comment: %s", errs)
			}
			if _, errs, code := runOn(t, asa, "tasks add --title 'Send the agenda' --ws assistant:rob"); code != 0 {
				t.Fatalf("task: %s", errs)
			}
			out, _, _ := runOn(t, olivia, "audit list --limit 3 --json --ws team")
			var entries []struct {
				Actor, Workspace, Action string
				OnBehalfOf               string `json:"on_behalf_of"`
			}
			if err := json.Unmarshal([]byte(out), &entries); err != nil || len(entries) != 3 {
				t.Fatalf("audit: %s", out)
			}
			for _, e := range entries {
				if e.Actor != "asa" || e.OnBehalfOf != "rob" || e.Workspace != "assistant:rob" {
					t.Errorf("not attributed to asa for rob: %+v", e)
				}
			}
			if entries[2].Action != "sessions.book" {
				t.Errorf("oldest of the three should be the booking: %+v", entries[2])
			}
		}},
		{"R45", "notification settings are the practitioner's; assistants cannot turn SMS on", func(t *testing.T) {
			if _, _, code := runOn(t, asa, "notifications set --event session_booked --channel sms --on --ws assistant:rob"); code != 77 {
				t.Fatal("asa turned SMS on")
			}
			if _, errs, code := runOn(t, asa, "notifications set --event invoice_paid --channel email --off --ws assistant:rob"); code != 0 {
				t.Fatalf("asa could not edit rob's email setting: %s", errs)
			}
			out, _, _ := runOn(t, rob, "notifications show --json --ws team")
			if !strings.Contains(out, `{"event":"invoice_paid","channel":"email","on":false}`) {
				t.Fatalf("rob does not see the setting asa changed: %s", out)
			}
			if _, errs, code := runOn(t, rob, "notifications set --event session_booked --channel sms --on --ws team"); code != 0 {
				t.Fatalf("rob cannot turn his own SMS on: %s", errs)
			}
		}},
		{"R46", "own account; the key in use and the last key stay", func(t *testing.T) {
			if _, errs, code := runOn(t, asa, "account set --signature 'Asa Ahmed, assistant'"); code != 0 {
				t.Fatalf("signature: %s", errs)
			}
			out, _, _ := runOn(t, asa, "account keys --json")
			var keys []struct {
				Fingerprint string
				InUse       bool `json:"in_use"`
			}
			if err := json.Unmarshal([]byte(out), &keys); err != nil || len(keys) != 1 || !keys[0].InUse {
				t.Fatalf("keys: %s", out)
			}
			if _, errs, code := runOn(t, asa, "account key-remove "+keys[0].Fingerprint); code != 1 {
				t.Fatalf("removing the key in use: %d %s", code, errs)
			}
			if _, _, code := runOn(t, asa, "whoami"); code != 0 {
				t.Fatal("asa was locked out")
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.name, c.fn)
	}
}
