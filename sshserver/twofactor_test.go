package sshserver_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/totp"
)

// Two-factor sign-in (issue 19): after the key, a person whose second
// factor is on answers a keyboard-interactive prompt with a code, over a
// real SSH client, before any terminal or command runs.

// enable2FA turns handle's second factor on through the commands, as the
// person would, and returns the secret and the recovery codes.
func (ts *testServer) enable2FA(t *testing.T, handle string) (string, []string) {
	t.Helper()
	var setup struct {
		Secret string `json:"secret"`
		URL    string `json:"url"`
	}
	if err := json.Unmarshal([]byte(ts.mustRun(t, ts.keys[handle], "account 2fa enable --json")), &setup); err != nil {
		t.Fatal(err)
	}
	if setup.Secret == "" || !strings.HasPrefix(setup.URL, "otpauth://totp/") {
		t.Fatalf("enable gave %+v", setup)
	}
	var done struct {
		On    bool     `json:"on"`
		Codes []string `json:"recovery_codes"`
	}
	out := ts.mustRun(t, ts.keys[handle], "account 2fa confirm "+ts.code(t, setup.Secret)+" --json")
	if err := json.Unmarshal([]byte(out), &done); err != nil || !done.On || len(done.Codes) != 10 {
		t.Fatalf("confirm gave %s (%v)", out, err)
	}
	return setup.Secret, done.Codes
}

// code is the secret's code at the server's clock now.
func (ts *testServer) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.Code(secret, totp.Step(ts.clk.now()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// answering is a keyboard-interactive client that types answer and
// records what it was asked and the banners it was shown.
type answering struct {
	answer string
	mu     sync.Mutex
	asked  []string
	banner strings.Builder
}

func (a *answering) challenge(_, _ string, questions []string, _ []bool) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked = append(a.asked, questions...)
	out := make([]string, len(questions))
	for i := range out {
		out[i] = a.answer
	}
	return out, nil
}

func (a *answering) said() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.banner.String()
}

// dialWithCode signs in with signer, then answers the code prompt.
func (ts *testServer) dialWithCode(signer gossh.Signer, a *answering) (*gossh.Client, error) {
	cfg := ts.clientConfig(gossh.PublicKeys(signer), gossh.KeyboardInteractive(a.challenge))
	cfg.BannerCallback = func(msg string) error {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.banner.WriteString(msg)
		return nil
	}
	return ts.dial(cfg)
}

func TestTwoFactorGuardsSignIn(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	secret, recovery := ts.enable2FA(t, "mira")

	// The key alone no longer signs in: no command, no terminal.
	if c, err := ts.dial(ts.clientConfig(gossh.PublicKeys(ts.keys["mira"]))); err == nil {
		c.Close()
		t.Fatal("mira signed in with her key alone after turning two-factor sign-in on")
	}
	// The code she confirmed with is used up (a code is good once).
	used := &answering{answer: ts.code(t, secret)}
	if c, err := ts.dialWithCode(ts.keys["mira"], used); err == nil {
		c.Close()
		t.Fatal("the code used to confirm signed in again")
	}
	if len(used.asked) == 0 || !strings.Contains(used.asked[0], "authenticator") {
		t.Fatalf("the prompt asked %q", used.asked)
	}
	if !strings.Contains(used.said(), "not right, or it was used already") {
		t.Errorf("a refused code was told %q", used.said())
	}
	// Keyboard-interactive on its own is still refused (R2).
	if c, err := ts.dial(ts.clientConfig(gossh.KeyboardInteractive((&answering{answer: "123456"}).challenge))); err == nil {
		c.Close()
		t.Fatal("keyboard-interactive without a key signed in")
	}

	// The next step's code signs in, for a command and for the screens.
	ts.clk.add(30 * time.Second)
	good := &answering{answer: ts.code(t, secret)}
	c, err := ts.dialWithCode(ts.keys["mira"], good)
	if err != nil {
		t.Fatalf("mira with her key and a fresh code: %v (told %q)", err, good.said())
	}
	defer c.Close()
	out, errs, code := runOn(t, c, "whoami")
	if code != 0 || !strings.Contains(out, "mira") {
		t.Fatalf("whoami after the code: exit %d %s%s", code, out, errs)
	}
	tm := openTerminalOn(t, c)
	tm.waitFor("test screen: person=")
	if ts.lastSession(t).Person != ts.ids["mira"] {
		t.Fatal("the screens were given someone else")
	}
	// …and that code is not taken twice, on another connection (replay).
	if c2, err := ts.dialWithCode(ts.keys["mira"], &answering{answer: good.answer}); err == nil {
		c2.Close()
		t.Fatal("a code was taken twice")
	}

	// A recovery code signs in once, and she is told. (Five minutes on,
	// so the tries above no longer count against her.)
	ts.clk.add(5 * time.Minute)
	rc := &answering{answer: strings.ToLower(recovery[3])}
	c3, err := ts.dialWithCode(ts.keys["mira"], rc)
	if err != nil {
		t.Fatalf("a recovery code: %v (%q)", err, rc.said())
	}
	c3.Close()
	again := &answering{answer: recovery[3]}
	if c4, err := ts.dialWithCode(ts.keys["mira"], again); err == nil {
		c4.Close()
		t.Fatal("a recovery code signed in twice")
	}
	if !strings.Contains(again.said(), "used already") {
		t.Errorf("a used recovery code was told %q", again.said())
	}
	status := ts.mustRun2FA(t, "mira", secret, "account 2fa status --json")
	if !strings.Contains(status, `"recovery_codes_left":9`) || !strings.Contains(status, `"on":true`) {
		t.Errorf("status after one recovery code: %s", status)
	}
	inbox := ts.mustRun2FA(t, "mira", secret, "inbox list")
	if !strings.Contains(inbox, "recovery code") {
		t.Errorf("mira was not told of the recovery code's use: %s", inbox)
	}

	// Turning it off takes a code too; then the key alone signs in again.
	ts.clk.add(2 * time.Minute)
	a := &answering{answer: ts.code(t, secret)}
	c5, err := ts.dialWithCode(ts.keys["mira"], a)
	if err != nil {
		t.Fatal(err)
	}
	defer c5.Close()
	if _, errs, code := runOn(t, c5, "account 2fa disable "+a.answer); code != 1 || !strings.Contains(errs, "used already") {
		t.Errorf("disable with the code just used: exit %d %s", code, errs)
	}
	ts.clk.add(30 * time.Second)
	if out, errs, code := runOn(t, c5, "account 2fa disable "+ts.code(t, secret)); code != 0 || !strings.Contains(out, "off") {
		t.Fatalf("disable: exit %d %s%s", code, out, errs)
	}
	if out := ts.mustRun(t, ts.keys["mira"], "account 2fa status"); !strings.Contains(out, "is off") {
		t.Errorf("status after disabling: %s", out)
	}

	// Others sign in as before.
	if out := ts.mustRun(t, ts.keys["rob"], "whoami"); !strings.Contains(out, "rob") {
		t.Errorf("rob: %s", out)
	}
}

// mustRun2FA runs a command as handle, answering the code prompt with a
// later step's code (two minutes on, which also gives back two tries).
func (ts *testServer) mustRun2FA(t *testing.T, handle, secret, cmd string) string {
	t.Helper()
	ts.clk.add(2 * time.Minute)
	a := &answering{answer: ts.code(t, secret)}
	c, err := ts.dialWithCode(ts.keys[handle], a)
	if err != nil {
		t.Fatalf("%s with a fresh code: %v (%q)", handle, err, a.said())
	}
	defer c.Close()
	out, errs, code := runOn(t, c, cmd)
	if code != 0 {
		t.Fatalf("%q: exit %d: %s", cmd, code, errs)
	}
	return out
}

// Wrong codes are limited per person: after five, even the right code
// waits (the limiter runs on the server's clock, which this test holds).
func TestTwoFactorCodesAreRateLimited(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	secret, _ := ts.enable2FA(t, "rob")
	ts.clk.add(30 * time.Second)
	for i := range 4 { // the confirmation took one of five
		if c, err := ts.dialWithCode(ts.keys["rob"], &answering{answer: "000000"}); err == nil {
			c.Close()
			t.Fatalf("wrong code %d signed in", i)
		}
	}
	right := &answering{answer: ts.code(t, secret)}
	if c, err := ts.dialWithCode(ts.keys["rob"], right); err == nil {
		c.Close()
		t.Fatal("the right code was taken after five tries in a row")
	}
	if !strings.Contains(right.said(), "too many codes tried") {
		t.Errorf("the limit was told %q", right.said())
	}
	ts.clk.add(2 * time.Minute) // one more try a minute
	ok := &answering{answer: ts.code(t, secret)}
	c, err := ts.dialWithCode(ts.keys["rob"], ok)
	if err != nil {
		t.Fatalf("after waiting: %v (%q)", err, ok.said())
	}
	c.Close()
}

// The owner takes a second factor off (audited; the person told); the
// key alone signs in again. Nobody else may, and the owner not her own.
func TestTwoFactorOwnerReset(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ts.enable2FA(t, "jane")
	for _, who := range []string{"adam", "rob"} {
		if _, errs, code := ts.run(t, ts.keys[who], "people 2fa-reset jane --ws team"); code != 77 {
			t.Errorf("%s reset jane's second factor: exit %d %s", who, code, errs)
		}
	}
	if _, errs, code := ts.run(t, ts.keys["olivia"], "people 2fa-reset olivia"); code != 77 {
		t.Errorf("the owner reset her own: exit %d %s", code, errs)
	}
	out := ts.mustRun(t, ts.keys["olivia"], "people 2fa-reset jane")
	if !strings.Contains(out, "Jane Smith (jane)") {
		t.Errorf("reset said %q", out)
	}
	if _, errs, code := ts.run(t, ts.keys["olivia"], "people 2fa-reset jane"); code != 1 || !strings.Contains(errs, "no second factor") {
		t.Errorf("a second reset: exit %d %s", code, errs)
	}
	inbox := ts.mustRun(t, ts.keys["jane"], "inbox list") // the key alone again
	if !strings.Contains(inbox, "took your two-factor sign-in off") {
		t.Errorf("jane was not told: %s", inbox)
	}
	audit := ts.mustRun(t, ts.keys["olivia"], "audit list --person jane")
	if !strings.Contains(audit, "took the second factor of jane off") {
		t.Errorf("the reset is not in the audit log:\n%s", audit)
	}
}
