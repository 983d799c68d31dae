package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
)

// org is the demo organisation in a real bbolt file, driven through Run.
type org struct {
	t   *testing.T
	svc *domain.Service
	ids map[string]domain.ID
}

func newOrg(t *testing.T) *org {
	t.Helper()
	db, svc := fixture.Demo(t, filepath.Join(t.TempDir(), "behalf.db"), demoKeys(""), domain.Options{Now: demoNow})
	o := &org{t: t, svc: svc, ids: map[string]domain.ID{}}
	for _, p := range demo.People {
		who, err := svc.Identify("SHA256:" + p.Handle)
		if err != nil {
			t.Fatal(err)
		}
		o.ids[p.Handle] = who.ID
	}
	// Every test ends with the store's and the domain's checks.
	t.Cleanup(func() {
		if err := consistency.Check(db, svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	return o
}

// demoNow is the moment the cli's tests run at.
func demoNow() time.Time { return time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) }

// demoKeys are the demo people's stand-in keys (comment: their comment).
func demoKeys(comment string) map[string]domain.SSHKey {
	keys := map[string]domain.SSHKey{}
	for _, p := range demo.People {
		keys[p.Handle] = domain.SSHKey{Fingerprint: "SHA256:" + p.Handle, Line: "ssh-ed25519 x", Comment: comment}
	}
	return keys
}

// run runs a command line as handle ("" for an unknown key).
func (o *org) run(handle string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	env := Env{Service: o.svc, Person: o.ids[handle], Key: domain.SSHKey{Fingerprint: "SHA256:new-" + handle, Line: "ssh-ed25519 y"}, Addr: "127.0.0.1:1", Stdout: &out, Stderr: &errb}
	code = Run(env, args)
	return out.String(), errb.String(), code
}

func (o *org) ok(handle string, args ...string) string {
	o.t.Helper()
	out, errs, code := o.run(handle, args...)
	if code != 0 {
		o.t.Fatalf("%s %v: exit %d: %s", handle, args, code, errs)
	}
	return out
}

func (o *org) code(want int, handle string, args ...string) string {
	o.t.Helper()
	_, errs, code := o.run(handle, args...)
	if code != want {
		o.t.Fatalf("%s %v: exit %d, want %d (%s)", handle, args, code, want, errs)
	}
	if want != 0 && (strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "error: ")) {
		o.t.Fatalf("%s %v: want one error line, got %q", handle, args, errs)
	}
	return errs
}

func TestWhoamiJSON(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	var v struct {
		Handle     string   `json:"handle"`
		Capacities []string `json:"capacities"`
		TeamRole   string   `json:"team_role"`
		Workspaces []struct {
			ID, Kind, Subject string
			Permissions       []string
		} `json:"workspaces"`
	}
	if err := json.Unmarshal([]byte(o.ok("pat", "whoami", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Handle != "pat" || len(v.Workspaces) != 2 || v.Workspaces[1].ID != "contact:casey" || v.TeamRole != "" {
		t.Fatalf("whoami pat: %+v", v)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	if e := o.code(ExitUsage, "olivia", "frobnicate"); !strings.Contains(e, "help") {
		t.Errorf("unknown command should point at help: %s", e)
	}
	if e := o.code(ExitUsage, "olivia", "people", "show", "jane", "--colour", "red"); !strings.Contains(e, "usage: people show H") {
		t.Errorf("unknown flag should print usage: %s", e)
	}
	o.code(ExitUsage, "olivia", "people")
	o.code(ExitUsage, "olivia", "people", "add", "kim", "--name", "Kim")
	o.code(ExitUsage, "olivia", "people", "show")
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	e := o.code(ExitRefused, "olivia", "people", "add", "Kim!", "--name", "Kim Kline", "--email", "kim@example.com", "--as", "coach", "--ws", "team")
	if !strings.Contains(e, "handle") {
		t.Errorf("bad handle: %s", e)
	}
	o.code(ExitRefused, "olivia", "people", "add", "kim", "--name", "Kim Kline", "--email", "not-an-email", "--as", "coach", "--ws", "team")
	o.code(ExitRefused, "olivia", "people", "add", "kim", "--name", strings.Repeat("K", 81), "--email", "kim@example.com", "--as", "coach", "--ws", "team")
	o.code(ExitRefused, "olivia", "people", "add", "kim", "--name", "Kim\x1b]52;c;AAAA\x07", "--email", "kim@example.com", "--as", "coach", "--ws", "team")
	// nothing half-written
	o.code(ExitRefused, "olivia", "people", "show", "kim", "--ws", "team")
}

// R2: an unknown key may only redeem an invitation.
func TestUnknownKeyOnlyRedeems(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	for _, args := range [][]string{{"whoami"}, {"workspaces"}, {"help"}, {"people", "list"}} {
		o.code(ExitDenied, "", args...)
	}
	o.code(ExitRefused, "", "invite", "redeem", "AAAA-BBBB-CCCC")
}

func TestInviteAndRedeem(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.ok("olivia", "people", "add", "kim", "--name", "Kim Kline", "--email", "Kim@Example.com", "--as", "coach", "--ws", "team")
	var inv struct{ Code string }
	if err := json.Unmarshal([]byte(o.ok("olivia", "people", "invite", "kim", "--json", "--ws", "team")), &inv); err != nil {
		t.Fatal(err)
	}
	out := o.ok("", "invite", "redeem", inv.Code)
	if !strings.Contains(out, "kim") {
		t.Fatalf("redeem: %s", out)
	}
	o.code(ExitRefused, "", "invite", "redeem", inv.Code) // R34 single use
}

func TestPeopleAddNeedsPermission(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.code(ExitDenied, "john", "people", "add", "kim", "--name", "Kim", "--email", "kim@example.com", "--as", "client", "--primary", "john")
	o.code(ExitDenied, "eve", "people", "list")
	o.ok("adam", "people", "add", "kim", "--name", "Kim", "--email", "kim@example.com", "--as", "client", "--primary", "mira")
	o.code(ExitRefused, "adam", "people", "add", "lee", "--name", "Lee", "--email", "lee@example.com", "--as", "client") // R11: needs a primary
}

// contacts list pages: --limit bounds a page, --after continues it.
func TestContactsListPages(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	var first []struct{ Client, Contact, Cursor string }
	if err := json.Unmarshal([]byte(o.ok("adam", "contacts", "list", "--limit", "2", "--json")), &first); err != nil || len(first) != 2 {
		t.Fatalf("first page: %v %v", first, err)
	}
	var second []struct{ Client, Contact string }
	if err := json.Unmarshal([]byte(o.ok("adam", "contacts", "list", "--limit", "2", "--after", first[1].Cursor, "--json")), &second); err != nil {
		t.Fatal(err)
	}
	if len(second) != 2 || second[0].Client+"/"+second[0].Contact == first[1].Client+"/"+first[1].Contact {
		t.Fatalf("second page: %v", second)
	}
	_, errs, _ := o.run("adam", "contacts", "list", "--limit", "3")
	if !strings.Contains(errs, "more links follow: --after") {
		t.Fatalf("no hint of the next page: %q", errs)
	}
	o.code(ExitRefused, "adam", "contacts", "list", "--after", "x/y")
}

// When the server itself fails (here: its database is gone), a command
// exits 70, not 1: a script tells a broken server from "not found". The
// person reads one line that says so, without the cause.
func TestInternalErrorExits70(t *testing.T) {
	t.Parallel()
	db, svc := fixture.Demo(t, filepath.Join(t.TempDir(), "behalf.db"), demoKeys(""), domain.Options{Now: demoNow})
	olivia, err := svc.Identify("SHA256:olivia")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"whoami"}, {"people", "list", "--ws", "team"}, {"people", "show", "nobody", "--ws", "team"}} {
		var out, errb bytes.Buffer
		code := Run(Env{Service: svc, Person: olivia.ID, Stdout: &out, Stderr: &errb}, args)
		if code != ExitInternal || out.Len() != 0 || errb.String() != "error: something went wrong inside behalf; the problem is logged — try again, or tell the organisation's admin\n" {
			t.Errorf("%v: exit %d: %q %q", args, code, out.String(), errb.String())
		}
	}
}
