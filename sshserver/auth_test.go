package sshserver_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// R2: password and keyboard-interactive authentication are refused; a
// client offering only those (or nothing) cannot connect.
func TestPasswordAndKeyboardInteractiveRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	asked := false
	kbd := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		asked = true
		return nil, errors.New("no answers")
	})
	for name, auth := range map[string][]gossh.AuthMethod{
		"password":             {gossh.Password("olivia")},
		"keyboard-interactive": {kbd},
		"both":                 {gossh.Password(""), kbd},
		"none":                 nil,
	} {
		c, err := ts.dial(ts.clientConfig(auth...))
		if err == nil {
			c.Close()
			t.Fatalf("%s: signed in without a key", name)
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Fatalf("%s: want an authentication failure, got %v", name, err)
		}
	}
	if asked {
		t.Fatal("the server sent a keyboard-interactive challenge")
	}
}

// impostor presents someone else's public key without holding its private
// key. With garbage set it returns a made-up signature; otherwise it fails
// to sign, so the client only ever *offers* the key (a public-key "query").
type impostor struct {
	pub     gossh.PublicKey
	garbage bool
}

func (s impostor) PublicKey() gossh.PublicKey { return s.pub }

func (s impostor) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	if s.garbage {
		return &gossh.Signature{Format: s.pub.Type(), Blob: make([]byte, 64)}, nil
	}
	return nil, errors.New("impostor: no private key")
}

// Regression (soft-serve's offered-key advisory, R2): identity comes from
// the key whose signature was verified, never from a key merely offered.
// An attacker who offers olivia's public key and then signs in with a key
// of their own is their own key — unknown, or their own person — never
// olivia.
func TestOfferedButNotSignedKeyIsNotIdentity(t *testing.T) {
	t.Parallel()
	// sequence signs in with one method per attempt, in order (x/crypto's
	// AuthCallback lets a client use "publickey" more than once).
	sequence := func(cfg *gossh.ClientConfig, methods ...gossh.AuthMethod) *gossh.ClientConfig {
		n := 0
		cfg.Auth = nil
		cfg.AuthCallback = func(*gossh.ClientAuthContext) (gossh.AuthMethod, error) {
			if n >= len(methods) {
				return nil, errors.New("no more methods")
			}
			n++
			return methods[n-1], nil
		}
		return cfg
	}
	for _, attacker := range []string{"", "rob"} { // an unknown key, and a registered one
		for _, a := range []struct {
			name string
			auth func(ts *testServer, victim gossh.PublicKey, own gossh.Signer) *gossh.ClientConfig
		}{
			{"offer victim then sign with own key", func(ts *testServer, victim gossh.PublicKey, own gossh.Signer) *gossh.ClientConfig {
				return sequence(ts.clientConfig(), gossh.PublicKeys(impostor{pub: victim}), gossh.PublicKeys(own))
			}},
			{"victim with garbage signature then own key", func(ts *testServer, victim gossh.PublicKey, own gossh.Signer) *gossh.ClientConfig {
				return ts.clientConfig(gossh.PublicKeys(impostor{pub: victim, garbage: true}, own))
			}},
			{"garbage signature as its own attempt then own key", func(ts *testServer, victim gossh.PublicKey, own gossh.Signer) *gossh.ClientConfig {
				return sequence(ts.clientConfig(), gossh.PublicKeys(impostor{pub: victim, garbage: true}), gossh.PublicKeys(own))
			}},
			{"own key then victim offered last", func(ts *testServer, victim gossh.PublicKey, own gossh.Signer) *gossh.ClientConfig {
				return ts.clientConfig(gossh.PublicKeys(own, impostor{pub: victim}))
			}},
			{"own key then victim offered last in its own attempt", func(ts *testServer, victim gossh.PublicKey, own gossh.Signer) *gossh.ClientConfig {
				return sequence(ts.clientConfig(), gossh.PublicKeys(own), gossh.PublicKeys(impostor{pub: victim}))
			}},
		} {
			name := a.name + "/attacker=" + map[string]string{"": "unknown key", "rob": "rob"}[attacker]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ts := startServer(t)
				own := newSigner(t)
				wantPerson := "0"
				if attacker != "" {
					own = ts.keys[attacker]
					wantPerson = ts.ids[attacker].String()
				}
				c, err := ts.dial(a.auth(ts, ts.keys["olivia"].PublicKey(), own))
				if err != nil {
					// x/crypto drops the connection at a bad signature: the
					// attacker gets nothing at all, which is also fine.
					if !strings.Contains(name, "garbage") {
						t.Fatalf("the attacker's own key should sign in: %v", err)
					}
					return
				}
				t.Cleanup(func() { c.Close() })
				tm := openTerminalOn(t, c)
				tm.waitFor(fmt.Sprintf("person=%s key=%s", wantPerson, mustKey(t, own.PublicKey()).Fingerprint))
				_, _, code := runOn(t, c, "whoami")
				if attacker == "" && code != 77 {
					t.Fatalf("whoami as the attacker's unknown key: exit %d, want 77", code)
				}
				if attacker != "" {
					out, errs, code := runOn(t, c, "whoami --json")
					if code == 0 && !strings.Contains(out, `"handle":"`+attacker+`"`) {
						t.Fatalf("whoami: %s", out)
					}
					if code != 0 && !strings.Contains(errs, "unknown command") { // whoami not there yet
						t.Fatalf("whoami: exit %d: %s", code, errs)
					}
				}
			})
		}
	}
}

// R2: a key that belongs to nobody may run `invite redeem` and nothing else.
func TestUnknownKeyMayOnlyRedeem(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	stranger := newSigner(t)
	for _, cmd := range []string{"whoami", "workspaces", "help", "people list --ws team", "sessions list", "backup"} {
		out, errs, code := ts.run(t, stranger, cmd)
		if code != 77 {
			t.Fatalf("%s: exit %d (stderr %q), want 77", cmd, code, errs)
		}
		if out != "" {
			t.Fatalf("%s printed %q", cmd, out)
		}
	}
	out, errs, code := ts.run(t, stranger, "invite redeem ABCD-EFGH-JKMN")
	if code != 1 || out != "" || !strings.Contains(errs, "not valid") {
		t.Fatalf("redeem a made-up code: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// R2: an unknown key's terminal reaches the screens as nobody (Person 0),
// which the screens turn into the invitation screen.
func TestUnknownKeyTerminalIsNobody(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	stranger := newSigner(t)
	tm := ts.openTerminal(t, stranger)
	tm.waitFor("person=0 key=" + mustKey(t, stranger.PublicKey()).Fingerprint)
	if s := ts.lastSession(t); s.Person != 0 {
		t.Fatalf("the screens were given person %d", s.Person)
	}
}

// R6: a deactivated person's key signs in to nothing.
func TestDeactivatedPersonIsRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	if _, err := ts.svc.SetStatus(whoOlivia(ts), "john", false); err != nil {
		t.Fatal(err)
	}
	out, errs, code := ts.run(t, ts.keys["john"], "whoami")
	if code != 1 || out != "" || !strings.Contains(errs, "deactivated") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	tm := ts.openTerminal(t, ts.keys["john"])
	if code := tm.wait(); code != 1 {
		t.Fatalf("terminal: exit %d", code)
	}
	if !strings.Contains(tm.out.String(), "deactivated") {
		t.Fatalf("terminal showed %q", tm.out.String())
	}
}
