package sshserver_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

// runWithStdin runs one command with stdin given, as `… | ssh host cmd` does.
func runWithStdin(t *testing.T, c *gossh.Client, cmd, stdin string) (stdout, stderr string, code int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr, sess.Stdin = &out, &errb, strings.NewReader(stdin)
	err = sess.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitStatus()
	default:
		t.Fatalf("run %q: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

// R24: a client who has not accepted the current terms can do nothing
// else; commands answer 77 saying how to accept. Contacts accept for
// themselves, never for the client, nor the client for them. (The demo's
// own terms, version 1, are accepted by everyone here: see fixture.Demo.)
func TestTermsComeFirst(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia := ts.client(t, ts.keys["olivia"])
	if _, errs, code := runWithStdin(t, ts.client(t, ts.keys["rob"]), "terms set --ws team", "Be kind."); code != 77 {
		t.Fatalf("rob without manage_branding set the terms: exit %d %s", code, errs)
	}
	if out, errs, code := runWithStdin(t, olivia, "terms set --reaccept", "Sessions cancelled within 24 hours are charged.\n\nBe kind."); code != 0 || !strings.Contains(out, "version 2") {
		t.Fatalf("terms set: exit %d %s%s", code, out, errs)
	}

	jane := ts.client(t, ts.keys["jane"])
	for _, cmd := range []string{"sessions list", "account show", "invoices list", "account 2fa status"} {
		_, errs, code := runOn(t, jane, cmd)
		if code != 77 || !strings.Contains(errs, "terms accept") || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s before accepting: exit %d %q", cmd, code, errs)
		}
	}
	out, _, code := runOn(t, jane, "terms show")
	if code != 0 || !strings.Contains(out, "Sessions cancelled within 24 hours") || !strings.Contains(out, "not accepted them yet") {
		t.Fatalf("terms show: exit %d %s", code, out)
	}
	// A contact's acceptance is their own: pat accepting opens pat's
	// workspaces, not alex's portal; alex's would not open pat's.
	pat := ts.client(t, ts.keys["pat"])
	if _, errs, code := runOn(t, pat, "sessions list --ws contact:alex"); code != 77 {
		t.Errorf("pat before accepting: exit %d %s", code, errs)
	}
	if out, errs, code := runOn(t, pat, "terms accept --json"); code != 0 || !strings.Contains(out, `"as":"contact"`) {
		t.Fatalf("pat accepts: exit %d %s%s", code, out, errs)
	}
	if _, errs, code := runOn(t, pat, "sessions list --ws contact:alex"); code != 0 {
		t.Errorf("pat after accepting: exit %d %s", code, errs)
	}
	if _, _, code := ts.run(t, ts.keys["alex"], "sessions list"); code != 77 {
		t.Errorf("alex got in on pat's acceptance: exit %d", code)
	}
	// The team is not bound by them.
	if _, errs, code := ts.run(t, ts.keys["rob"], "sessions list --ws team"); code != 0 {
		t.Errorf("rob: exit %d %s", code, errs)
	}

	if out, errs, code := runOn(t, jane, "terms accept"); code != 0 || !strings.Contains(out, "version 2") {
		t.Fatalf("jane accepts: exit %d %s%s", code, out, errs)
	}
	if _, errs, code := runOn(t, jane, "sessions list"); code != 0 {
		t.Fatalf("jane after accepting: exit %d %s", code, errs)
	}
	if _, errs, code := runOn(t, jane, "terms accept"); code != 1 || !strings.Contains(errs, "you accepted these terms") {
		t.Errorf("accepting twice: exit %d %s", code, errs)
	}

	// A new version without re-acceptance leaves jane in; with it, she
	// accepts again before anything else.
	if _, errs, code := runWithStdin(t, olivia, "terms set", "Sessions cancelled within 48 hours are charged."); code != 0 {
		t.Fatalf("version 4: exit %d %s", code, errs)
	}
	if _, errs, code := runOn(t, jane, "sessions list"); code != 0 {
		t.Errorf("jane after version 3: exit %d %s", code, errs)
	}
	if _, errs, code := runWithStdin(t, olivia, "terms set --reaccept", "Sessions cancelled within 48 hours are charged."); code != 0 {
		t.Fatalf("version 3: exit %d %s", code, errs)
	}
	if _, _, code := runOn(t, jane, "sessions list"); code != 77 {
		t.Errorf("jane after a version asking everyone again: exit %d", code)
	}
	runOn(t, jane, "terms accept")

	// Who accepted what and when: manage_branding only.
	if _, errs, code := ts.run(t, ts.keys["adam"], "terms acceptances --ws team"); code != 77 {
		t.Errorf("adam read the acceptances: exit %d %s", code, errs)
	}
	out, errs, code := runOn(t, olivia, "terms acceptances --person jane --json")
	if code != 0 || strings.Count(out, `"person":"jane"`) != 3 || !strings.Contains(out, `"version":4`) || !strings.Contains(out, `"version":2`) {
		t.Errorf("acceptances: exit %d %s%s", code, out, errs)
	}
	text, _, _ := runOn(t, olivia, "terms acceptances")
	if !strings.Contains(text, "Pat Johnson (pat)") || !strings.Contains(text, "contact") {
		t.Errorf("acceptances as text:\n%s", text)
	}
}

// R24 on the screens: a client with terms to accept sees the terms and
// nothing else — no workspace, no tab — until they press a; q leaves.
func TestTermsScreenComesFirstOverPTY(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	olivia := domain.Who{Person: ts.ids["olivia"], Workspace: "team"}
	// New terms everyone accepts again (the demo's first ones are accepted).
	if _, err := ts.svc.SetTerms(olivia, "Sessions cancelled within 24 hours are charged in full.", true); err != nil {
		t.Fatal(err)
	}
	v := ts.openVT(t, "jane", 80, 24)
	s := v.waitText("The terms have changed", "Sessions cancelled within 24 hours", "a accept")
	for _, not := range []string{"1 Home", "Schedule", "My coach", "Invoices"} {
		if strings.Contains(s, not) {
			t.Fatalf("the terms screen shows %q:\n%s", not, s)
		}
	}
	v.write("w2j?") // the selector, a screen, help: none of it opens
	s = v.waitText("The terms have changed")
	if strings.Contains(s, "1 Home") || strings.Contains(s, "Choose a workspace") {
		t.Fatalf("a key opened something behind the terms:\n%s", s)
	}
	v.write("a")
	s = v.waitText("you accepted the terms", "1 Home")
	if strings.Contains(s, "The terms have changed") {
		t.Fatalf("the terms stayed after accepting:\n%s", s)
	}
	// Accepted for herself only: alex, a client too, still sees the terms.
	ts.openVT(t, "alex", 80, 24).waitText("The terms have changed")
}
