package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// The scope of every practice read command for every demo workspace
// (R5, R14, R30–R32, R42, R50–R53): 0 shown, 77 denied.
func TestPracticeScopeMatrix(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	cmds := []struct {
		name string
		args []string
	}{
		{"sessions", []string{"sessions", "list"}},
		{"packages", []string{"packages", "list"}},
		{"catalog", []string{"packages", "catalog"}},
		{"invoices", []string{"invoices", "list"}},
		{"payments", []string{"payments", "list"}},
		{"notes", []string{"notes", "list", "--client", "jane"}},
		{"progress", []string{"progress", "list"}},
	}
	// columns in the order of cmds
	want := []struct {
		who, ws string
		codes   [7]int
	}{
		{"olivia", "team", [7]int{0, 0, 0, 0, 0, 0, 0}},
		{"adam", "team", [7]int{0, 0, 0, 0, 0, 77, 0}}, // R31: no pairing, no view_all_clients
		{"rob", "team", [7]int{0, 0, 0, 0, 0, 0, 0}},
		{"mira", "team", [7]int{0, 0, 0, 0, 0, 0, 0}},
		{"john", "team", [7]int{0, 0, 0, 0, 0, 0, 0}},             // view-only on jane reads notes
		{"asa", "assistant:olivia", [7]int{0, 0, 0, 0, 0, 77, 0}}, // R42
		{"asa", "assistant:rob", [7]int{0, 0, 0, 0, 0, 77, 0}},    // R42
		{"jane", "me", [7]int{0, 0, 0, 0, 0, 77, 0}},              // R31
		{"alex", "me", [7]int{0, 0, 0, 0, 0, 1, 0}},               // R32: jane is out of sight
		{"casey", "me", [7]int{0, 0, 0, 0, 0, 1, 0}},              //
		{"eve", "contact:jane", [7]int{0, 77, 0, 0, 77, 77, 77}},  // schedule, billing
		{"pat", "contact:alex", [7]int{0, 0, 0, 77, 0, 1, 0}},     // schedule, packages, payments, progress
		{"pat", "contact:casey", [7]int{0, 77, 0, 77, 0, 1, 77}},  // schedule, payments
		{"sam", "contact:alex", [7]int{77, 77, 0, 77, 77, 1, 0}},  // progress
	}
	for _, w := range want {
		for i, c := range cmds {
			_, errs, code := o.run(w.who, append(c.args, "--ws", w.ws)...)
			if code != w.codes[i] {
				t.Errorf("%s in %s: %s exit %d, want %d (%s)", w.who, w.ws, c.name, code, w.codes[i], strings.TrimSpace(errs))
			}
		}
	}
}

type sessionOut struct {
	ID, Client, Coach, Start, End, Status, Package string
	Minutes                                        int
}

func (o *org) sessions(handle string, args ...string) []sessionOut {
	o.t.Helper()
	var out []sessionOut
	if err := json.Unmarshal([]byte(o.ok(handle, append([]string{"sessions", "list", "--json"}, args...)...)), &out); err != nil {
		o.t.Fatal(err)
	}
	return out
}

// R50: booking through the command face; JSON in the contract's shape with
// RFC 3339 times in the organisation's offset; DST gaps refused.
func TestSessionsCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	var s sessionOut
	out := o.ok("eve", "sessions", "book", "--coach", "rob", "--start", "2026-12-07T10:00", "--minutes", "60", "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Client != "jane" || s.Coach != "rob" || s.Start != "2026-12-07T10:00:00-05:00" || s.Minutes != 60 || s.Status != "scheduled" || s.ID == "" {
		t.Fatalf("booked %+v", s)
	}
	var raw map[string]any
	_ = json.Unmarshal([]byte(out), &raw)
	for _, f := range []string{"id", "client", "coach", "start", "minutes", "status"} {
		if _, ok := raw[f]; !ok {
			t.Errorf("session JSON lacks %q: %s", f, out)
		}
	}
	// overlap for the coach and for the client (R50)
	if e := o.code(ExitRefused, "adam", "sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2026-12-07T10:30", "--minutes", "30"); !strings.Contains(e, "rob already has a session") {
		t.Errorf("coach overlap: %s", e)
	}
	if e := o.code(ExitRefused, "adam", "sessions", "book", "--client", "jane", "--coach", "mira", "--start", "2026-12-07T09:30", "--minutes", "45"); !strings.Contains(e, "jane already has a session") {
		t.Errorf("client overlap: %s", e)
	}
	o.ok("adam", "sessions", "book", "--client", "jane", "--coach", "mira", "--start", "2026-12-07T11:00", "--minutes", "45")
	// DST (R50)
	if e := o.code(ExitRefused, "adam", "sessions", "book", "--client", "alex", "--coach", "mira", "--start", "2027-03-14T02:30", "--minutes", "60"); !strings.Contains(e, "does not exist") {
		t.Errorf("DST gap: %s", e)
	}
	out = o.ok("adam", "sessions", "book", "--client", "alex", "--coach", "mira", "--start", "2026-11-01T01:30", "--minutes", "30", "--status", "completed", "--json")
	if !strings.Contains(out, `"start":"2026-11-01T01:30:00-04:00"`) {
		t.Errorf("ambiguous time: %s", out)
	}
	// bad input: one line, exit 1 or 2
	o.code(ExitRefused, "adam", "sessions", "book", "--client", "alex", "--coach", "mira", "--start", "tomorrow", "--minutes", "60")
	o.code(ExitRefused, "adam", "sessions", "book", "--client", "alex", "--coach", "mira", "--start", "2026-12-07T10:00", "--minutes", "sixty")
	o.code(ExitRefused, "adam", "sessions", "book", "--client", "alex", "--coach", "mira", "--start", "2026-12-07T10:00", "--minutes", "5")
	o.code(ExitUsage, "adam", "sessions", "book", "--client", "alex", "--coach", "mira", "--minutes", "60")
	o.code(ExitRefused, "adam", "sessions", "cancel", "x1")
	o.code(ExitRefused, "adam", "sessions", "cancel", "999")
	// who (R15, R30)
	o.code(ExitDenied, "sam", "sessions", "book", "--start", "2026-12-09T10:00", "--minutes", "60")
	o.code(ExitDenied, "john", "sessions", "book", "--client", "jane", "--coach", "john", "--start", "2026-12-09T10:00", "--minutes", "60")
	o.code(ExitRefused, "pat", "sessions", "cancel", s.ID, "--ws", "contact:alex") // jane's session: out of sight
	// reschedule and cancel by the contact; list shows it in the window
	out = o.ok("eve", "sessions", "reschedule", s.ID, "--start", "2026-12-08T15:00")
	if !strings.Contains(out, "Tue 2026-12-08 15:00 EST") {
		t.Errorf("reschedule text: %s", out)
	}
	found := false
	for _, x := range o.sessions("jane", "--from", "2026-12-08", "--to", "2026-12-08") {
		found = found || x.ID == s.ID && x.Start == "2026-12-08T15:00:00-05:00"
	}
	if !found {
		t.Fatal("the rescheduled session is not listed on its day")
	}
	o.ok("eve", "sessions", "cancel", s.ID)
	o.code(ExitRefused, "eve", "sessions", "cancel", s.ID)
	o.code(ExitRefused, "jane", "sessions", "list", "--from", "2026-13-01")
	// marking: only after the start, by the team
	o.code(ExitDenied, "jane", "sessions", "complete", "1")
	o.code(ExitRefused, "rob", "sessions", "complete", "4") // upcoming
	o.code(ExitRefused, "rob", "sessions", "complete", "1") // already completed
	// a past session is recorded as what it was, never as scheduled (R50)
	if e := o.code(ExitRefused, "adam", "sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2026-11-20T08:00", "--minutes", "60"); !strings.Contains(e, "--status completed") {
		t.Errorf("past booking: %s", e)
	}
	var past sessionOut
	if err := json.Unmarshal([]byte(o.ok("adam", "sessions", "book", "--client", "jane", "--coach", "rob", "--start", "2026-11-20T08:00", "--minutes", "60", "--status", "no-show", "--json")), &past); err != nil {
		t.Fatal(err)
	}
	if past.Status != "no-show" {
		t.Errorf("recorded as %q", past.Status)
	}
	o.code(ExitRefused, "jane", "sessions", "book", "--coach", "rob", "--start", "2026-11-20T08:00", "--minutes", "60")                          // clients book ahead
	o.code(ExitRefused, "jane", "sessions", "book", "--coach", "rob", "--start", "2026-11-20T08:00", "--minutes", "60", "--status", "completed") // and record nothing
	o.code(ExitRefused, "rob", "sessions", "complete", past.ID, "--no-show")                                                                     // already recorded
}

// R51: a package credit through the command face: taken, returned more
// than 24 hours ahead.
func TestSessionsWithPackage(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	used := func() int {
		var ps []struct {
			SessionsUsed int `json:"sessions_used"`
		}
		if err := json.Unmarshal([]byte(o.ok("jane", "packages", "list", "--json")), &ps); err != nil {
			t.Fatal(err)
		}
		return ps[0].SessionsUsed
	}
	n := used()
	var s sessionOut
	if err := json.Unmarshal([]byte(o.ok("jane", "sessions", "book", "--coach", "rob", "--start", "2026-12-10T09:00", "--minutes", "60", "--package", "1", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Package != "1" || used() != n+1 {
		t.Fatalf("credit not taken: %+v used %d", s, used())
	}
	if out := o.ok("jane", "sessions", "cancel", s.ID); !strings.Contains(out, "credit returned") {
		t.Errorf("cancel text: %s", out)
	}
	if used() != n {
		t.Fatal("credit not returned")
	}
	o.code(ExitDenied, "eve", "sessions", "book", "--coach", "rob", "--start", "2026-12-10T09:00", "--minutes", "60", "--package", "1") // eve cannot see packages
	if out := o.ok("eve", "sessions", "list", "--json"); strings.Contains(out, "package") || strings.Contains(out, "Executive") {
		t.Errorf("eve (no packages on her link) sees package details on sessions: %s", out) // R30
	}
	o.code(ExitRefused, "jane", "sessions", "book", "--coach", "rob", "--start", "2026-12-10T09:00", "--minutes", "60", "--package", "2")
}

// R50: --weeks books a weekly series at the same local time across a
// daylight-saving change, all or none.
func TestSessionsBookWeeks(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	var series []sessionOut
	out := o.ok("rob", "sessions", "book", "--ws", "team", "--client", "jane", "--start", "2027-03-01T10:00", "--minutes", "60", "--weeks", "4", "--json")
	if err := json.Unmarshal([]byte(out), &series); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := []string{"2027-03-01T10:00:00-05:00", "2027-03-08T10:00:00-05:00", "2027-03-15T10:00:00-04:00", "2027-03-22T10:00:00-04:00"}
	if len(series) != len(want) {
		t.Fatalf("booked %d sessions, want %d: %s", len(series), len(want), out)
	}
	for i, s := range series {
		if s.Start != want[i] || s.Client != "jane" || s.Coach != "rob" || s.Status != "scheduled" {
			t.Errorf("session %d: %+v, want start %s", i, s, want[i])
		}
	}
	before := len(o.sessions("rob", "--ws", "team", "--from", "2027-01-01", "--to", "2027-06-30"))
	// Four weeks from 8 February reach 1 March, which is taken at 10:30:
	// nothing of the series is booked.
	_, errs, code := o.run("rob", "sessions", "book", "--ws", "team", "--client", "jane", "--start", "2027-02-08T10:30", "--minutes", "30", "--weeks", "4")
	if code != 1 || !strings.Contains(errs, "already has a session") {
		t.Fatalf("overlapping series: exit %d %q", code, errs)
	}
	if after := len(o.sessions("rob", "--ws", "team", "--from", "2027-01-01", "--to", "2027-06-30")); after != before {
		t.Errorf("a refused series left %d sessions booked", after-before)
	}
	text := o.ok("rob", "sessions", "book", "--ws", "team", "--client", "jane", "--start", "2027-04-05T09:00", "--minutes", "30", "--weeks", "2")
	if n := strings.Count(text, "Booked: session "); n != 2 {
		t.Errorf("text output names %d sessions, want 2:\n%s", n, text)
	}
	if _, errs, code := o.run("rob", "sessions", "book", "--ws", "team", "--client", "jane", "--start", "2027-06-07T09:00", "--minutes", "30", "--weeks", "27"); code != 1 || !strings.Contains(errs, "--weeks") {
		t.Errorf("--weeks 27: exit %d %q", code, errs)
	}
}

// A list cut at --limit says so: in the text, and with --json on stderr,
// the JSON staying the contract's plain list.
func TestSessionsListSaysWhenCut(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	all := o.sessions("olivia")
	if len(all) < 2 {
		t.Fatalf("the demo needs two sessions in the default window, has %d", len(all))
	}
	out, errs, code := o.run("olivia", "sessions", "list", "--json", "--limit", "1")
	var got []sessionOut
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 1 {
		t.Fatalf("exit %d, %q", code, out)
	}
	if !strings.Contains(errs, "more sessions in this window") {
		t.Errorf("stderr %q does not say the list was cut", errs)
	}
	if text := o.ok("olivia", "sessions", "list", "--limit", "1"); !strings.Contains(text, "more sessions in this window") {
		t.Errorf("text does not say the list was cut:\n%s", text)
	}
	if _, errs, _ := o.run("olivia", "sessions", "list", "--json"); strings.Contains(errs, "more") {
		t.Errorf("a whole list says %q", errs)
	}
}
