package sshserver_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"behalf/cli"
	"behalf/demo"
	"behalf/domain"
)

func whoOlivia(ts *testServer) domain.Who {
	return domain.Who{Person: ts.ids["olivia"], Workspace: "team"}
}

// needCommands fails a test whose commands the cli does not define.
func needCommands(t *testing.T, names ...string) {
	t.Helper()
	have := cli.Commands()
	for _, n := range names {
		if !slices.Contains(have, n) {
			t.Fatalf("the cli does not define %q", n)
		}
	}
}

type workspaceJSON struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Subject     string   `json:"subject"`
	SubjectName string   `json:"subject_name"`
	Permissions []string `json:"permissions"`
}

type whoamiJSON struct {
	ID         string          `json:"id"`
	Handle     string          `json:"handle"`
	Name       string          `json:"name"`
	Email      string          `json:"email"`
	Capacities []string        `json:"capacities"`
	TeamRole   string          `json:"team_role"`
	Workspaces []workspaceJSON `json:"workspaces"`
}

// R2, R3: every demo person's key signs them in as themselves, with the
// workspaces the domain gives them — over real SSH.
func TestWhoamiAndWorkspacesForEveryDemoPerson(t *testing.T) {
	t.Parallel()
	needCommands(t, "whoami", "workspaces")
	ts := startServer(t)
	for _, p := range demo.People {
		t.Run(p.Handle, func(t *testing.T) {
			t.Parallel()
			want, err := ts.svc.Workspaces(ts.ids[p.Handle])
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs []string
			for _, w := range want {
				wantIDs = append(wantIDs, w.ID)
			}
			c := ts.client(t, ts.keys[p.Handle])

			out, errs, code := runOn(t, c, "whoami --json")
			if code != 0 {
				t.Fatalf("whoami: exit %d: %s", code, errs)
			}
			var me whoamiJSON
			if err := json.Unmarshal([]byte(out), &me); err != nil {
				t.Fatalf("whoami --json: %v\n%s", err, out)
			}
			if me.Handle != p.Handle || me.Name != p.Name || me.ID != ts.ids[p.Handle].String() || me.Email == "" || len(me.Capacities) == 0 {
				t.Fatalf("whoami: %+v", me)
			}
			if got := wsIDs(me.Workspaces); !slices.Equal(got, wantIDs) {
				t.Fatalf("whoami workspaces %v, want %v", got, wantIDs)
			}
			for _, w := range me.Workspaces {
				if w.Kind == "" || w.Subject == "" || w.SubjectName == "" {
					t.Fatalf("workspace %+v lacks fields", w)
				}
			}

			out, errs, code = runOn(t, c, "workspaces --json")
			if code != 0 {
				t.Fatalf("workspaces: exit %d: %s", code, errs)
			}
			var ws []workspaceJSON
			if err := json.Unmarshal([]byte(out), &ws); err != nil {
				t.Fatalf("workspaces --json: %v\n%s", err, out)
			}
			if got := wsIDs(ws); !slices.Equal(got, wantIDs) {
				t.Fatalf("workspaces %v, want %v", got, wantIDs)
			}

			out, _, code = runOn(t, c, "whoami")
			if code != 0 || !strings.Contains(out, p.Name+" ("+p.Handle+")") {
				t.Fatalf("whoami as text: exit %d: %q", code, out)
			}
		})
	}
}

func wsIDs(ws []workspaceJSON) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}

// R34: an invitation binds the key that redeems it, once, within 7 days.
func TestInvitationRedeemedOverSSH(t *testing.T) {
	t.Parallel()
	needCommands(t, "people add", "people invite", "invite redeem", "whoami")
	ts := startServer(t)
	olivia := ts.client(t, ts.keys["olivia"])
	for _, h := range []string{"kim", "lee"} {
		if _, errs, code := runOn(t, olivia, "people add "+h+" --name 'New Coach' --email "+h+"@example.com --as coach --ws team"); code != 0 {
			t.Fatalf("people add: exit %d: %s", code, errs)
		}
	}
	invite := func(h string) string {
		t.Helper()
		out, errs, code := runOn(t, olivia, "people invite "+h+" --ws team --json")
		if code != 0 {
			t.Fatalf("people invite: exit %d: %s", code, errs)
		}
		var inv struct {
			Code    string `json:"code"`
			Expires string `json:"expires"`
		}
		if err := json.Unmarshal([]byte(out), &inv); err != nil || inv.Code == "" || inv.Expires == "" {
			t.Fatalf("people invite --json: %v: %s", err, out)
		}
		return inv.Code
	}
	code1 := invite("kim")

	kim := newSigner(t)
	if _, errs, code := ts.run(t, kim, "whoami"); code != 77 {
		t.Fatalf("before redeeming: exit %d: %s", code, errs)
	}
	out, errs, code := ts.run(t, kim, "invite redeem "+code1)
	if code != 0 || !strings.Contains(out, "kim") {
		t.Fatalf("redeem: exit %d: %q %q", code, out, errs)
	}
	out, errs, code = ts.run(t, kim, "whoami --json")
	var me whoamiJSON
	if code != 0 || json.Unmarshal([]byte(out), &me) != nil || me.Handle != "kim" {
		t.Fatalf("whoami after redeeming: exit %d: %q %q", code, out, errs)
	}

	// Single use: a second key cannot redeem the same code.
	if out, errs, code := ts.run(t, newSigner(t), "invite redeem "+code1); code != 1 || out != "" {
		t.Fatalf("second redemption: exit %d: %q %q", code, out, errs)
	}

	// Valid 7 days: a code redeemed after that is refused.
	code2 := invite("lee")
	ts.clk.add(domain.InvitationTTL + time.Minute)
	_, errs, code = ts.run(t, newSigner(t), "invite redeem "+code2)
	if code != 1 || !strings.Contains(errs, "expired") {
		t.Fatalf("expired code: exit %d: %q", code, errs)
	}

	// Codes never reach the log; command names do.
	logs := ts.logs.String()
	for _, c := range []string{code1, code2} {
		if strings.Contains(logs, c) {
			t.Fatalf("the log holds an invitation code:\n%s", logs)
		}
	}
	if !strings.Contains(logs, `command="invite redeem"`) || !strings.Contains(logs, "person=kim") {
		t.Fatalf("the log does not say who ran what:\n%s", logs)
	}
}
