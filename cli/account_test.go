package cli

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/sshkey"
)

// runKey runs a command as handle, signed in with the key fingerprint fp.
func (o *org) runKey(handle, fp string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	env := Env{Service: o.svc, Person: o.ids[handle], Key: domain.SSHKey{Fingerprint: fp}, Addr: "127.0.0.1:1", Stdout: &out, Stderr: &errb}
	code := Run(env, args)
	return out.String(), errb.String(), code
}

// addKey runs `account key-add` as handle and then proves the key the way a
// person does: a connection signed by it redeems the code (R46).
func (o *org) addKey(handle string, words ...string) {
	o.t.Helper()
	out := o.ok(handle, append([]string{"account", "key-add", "--json"}, words...)...)
	var pk struct{ Code string }
	if err := json.Unmarshal([]byte(out), &pk); err != nil || pk.Code == "" {
		o.t.Fatalf("key-add gave no code: %q", out)
	}
	k, err := sshkey.Parse(strings.Join(words, " "))
	if err != nil {
		o.t.Fatal(err)
	}
	var sout, serr bytes.Buffer
	if code := Run(Env{Service: o.svc, Key: k, Addr: "192.0.2.9", Stdout: &sout, Stderr: &serr}, []string{"invite", "redeem", pk.Code}); code != 0 {
		o.t.Fatalf("proving the key: exit %d: %s", code, serr.String())
	}
}

func testKey(seed byte) (line, fingerprint string) {
	typ := "ssh-ed25519"
	blob := binary.BigEndian.AppendUint32(nil, uint32(len(typ)))
	blob = append(blob, typ...)
	blob = binary.BigEndian.AppendUint32(blob, 32)
	for i := 0; i < 32; i++ {
		blob = append(blob, seed+byte(i))
	}
	return typ + " " + base64.StdEncoding.EncodeToString(blob), domain.Fingerprint(blob)
}

// R46: own account for everyone; key management cannot lock anyone out.
func TestAccountCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	acct := decode[map[string]any](t, o.ok("asa", "account", "set", "--name", "Asa A. Ahmed", "--signature", "A. Ahmed", "--ws", "assistant:rob", "--json"))
	if acct["name"] != "Asa A. Ahmed" || acct["signature"] != "A. Ahmed" {
		t.Fatalf("set: %v", acct)
	}
	o.code(ExitRefused, "asa", "account", "set", "--email", "olivia@northwind.example")
	o.code(ExitRefused, "asa", "account", "set", "--email", "nope")
	o.code(ExitUsage, "asa", "account", "set")
	o.ok("eve", "account", "set", "--email", "eve.evans@example.com")

	// the key in use cannot be removed; nor the last one
	_, e, code := o.runKey("asa", "SHA256:asa", "account", "key-remove", "SHA256:asa")
	if code != ExitRefused || !strings.Contains(e, "last key") && !strings.Contains(e, "signed in with") {
		t.Fatalf("removing the only key: %d %s", code, e)
	}
	line, fp := testKey(3)
	// a pasted line arrives as several words when not quoted twice
	o.addKey("asa", strings.Fields(line)[0], strings.Fields(line)[1], "asa@laptop")
	keys := decode[[]map[string]any](t, func() string { s, _, _ := o.runKey("asa", fp, "account", "keys", "--json"); return s }())
	if len(keys) != 2 || keys[1]["fingerprint"] != fp || keys[1]["in_use"] != true || keys[0]["in_use"] != false {
		t.Fatalf("keys: %v", keys)
	}
	if _, e, code := o.runKey("asa", fp, "account", "key-remove", fp); code != ExitRefused || !strings.Contains(e, "signed in with") {
		t.Fatalf("removing the key in use: %d %s", code, e)
	}
	// a key registered to someone else is refused
	o.code(ExitRefused, "olivia", "account", "key-add", line)
	if _, e, code := o.runKey("asa", fp, "account", "key-remove", "SHA256:asa"); code != 0 {
		t.Fatalf("removing the other key: %d %s", code, e)
	}
	if _, e, code := o.runKey("asa", "SHA256:elsewhere", "account", "key-remove", fp); code != ExitRefused || !strings.Contains(e, "last key") {
		t.Fatalf("removing the last key: %d %s", code, e)
	}
	if out, _, _ := o.runKey("asa", fp, "account", "show"); !strings.Contains(out, "A. Ahmed") || !strings.Contains(out, fp) {
		t.Fatalf("account show: %s", out)
	}
	// audited as their own, not on anyone's behalf
	type entry struct {
		Actor, Workspace, Action string
		OnBehalfOf               string `json:"on_behalf_of"`
	}
	for _, e := range decode[[]entry](t, o.ok("olivia", "audit", "list", "--person", "asa", "--json")) {
		if strings.HasPrefix(e.Action, "account.") && (e.OnBehalfOf != "" || e.Workspace != "account") {
			t.Errorf("%+v", e)
		}
	}
}

// `account key-add` reads the pasted line with x/crypto/ssh and applies
// the sign-in rules at once: a 1024-bit RSA key, a certificate or a
// mangled line is refused with one line, and nothing waits for proof.
// Options before the key, as authorized_keys carries them, are fine.
func TestKeyAddChecksTheKeyAtEntry(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	weak, err := gossh.NewPublicKey(&small.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	weakLine := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(weak)))
	for line, want := range map[string]string{
		weakLine + " old@laptop":     "this RSA key has 1024 bits, fewer than 2048",
		"ssh-ed25519 AAAAC3NzaC1lZD": "not an SSH public key",
	} {
		e := o.code(ExitRefused, "rob", "account", "key-add", line)
		if !strings.Contains(e, want) {
			t.Errorf("%.30q: %q", line, e)
		}
	}
	if keys := o.ok("rob", "account", "keys", "--json"); strings.Count(keys, "fingerprint") != 1 {
		t.Fatalf("a refused key was kept: %s", keys)
	}
	line, fp := testKey(77)
	out := o.ok("rob", "account", "key-add", `from="192.0.2.0/24",no-pty`, line, "rob@desk")
	if !strings.Contains(out, "Key "+fp+" waits for proof") {
		t.Fatalf("a key with options: %q", out)
	}
}

// R46: the screens' colours are each person's own setting: auto (the
// default), light or dark; anything else is refused with the choices.
func TestAccountTheme(t *testing.T) {
	o := newOrg(t)
	if acct := decode[map[string]any](t, o.ok("jane", "account", "show", "--json")); acct["theme"] != "auto" {
		t.Fatalf("the default theme: %v", acct["theme"])
	}
	if acct := decode[map[string]any](t, o.ok("jane", "account", "set", "--theme", "light", "--json")); acct["theme"] != "light" {
		t.Fatalf("set: %v", acct)
	}
	if out := o.ok("jane", "account", "show"); !strings.Contains(out, "light") {
		t.Fatalf("account show: %s", out)
	}
	_, e, code := o.run("jane", "account", "set", "--theme", "solarized")
	if code != ExitRefused || !strings.Contains(e, "use auto, light or dark") {
		t.Fatalf("a theme that is none: %d %s", code, e)
	}
	if acct := decode[map[string]any](t, o.ok("jane", "account", "set", "--theme", "auto", "--json")); acct["theme"] != "auto" {
		t.Fatalf("back to auto: %v", acct)
	}
}
