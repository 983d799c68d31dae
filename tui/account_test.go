package tui

import (
	"encoding/base64"
	"encoding/binary"
	"regexp"
	"strings"
	"testing"

	"behalf/domain"
	"behalf/sshkey"
)

// ed25519Line is a well-formed public key line with a made-up key.
func ed25519Line(seed byte, comment string) (line, fingerprint string) {
	var blob []byte
	blob = binary.BigEndian.AppendUint32(blob, uint32(len("ssh-ed25519")))
	blob = append(blob, "ssh-ed25519"...)
	blob = binary.BigEndian.AppendUint32(blob, 32)
	for i := range 32 {
		blob = append(blob, seed+byte(i))
	}
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob) + " " + comment, domain.Fingerprint(blob)
}

// R2, R46: adam adds a key by pasting its line and proves it by redeeming
// the code from that key; the key he is signed in with is marked and cannot
// be removed — the domain's reason shows — and the new one can.
func TestAccountKeys(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	line, fp := ed25519Line(7, "adam@laptop")
	x := openIn(d, "adam", "", "account", "Your account")
	x.waitText("SSH keys · 1", "SHA256:adam  in use now")
	x.keys("a")
	x.waitText("Add an SSH key")
	x.paste(line)
	x.keys("ctrl+s")
	x.waitText("invite redeem ", "SSH keys · 1")
	code := regexp.MustCompile(`invite redeem ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})`).FindStringSubmatch(x.screen())
	if code == nil {
		t.Fatalf("no code on screen:\n%s", x.screen())
	}
	if _, err := d.svc.Identify(fp); domain.KindOf(err) != domain.KindNotFound {
		t.Fatal("the pasted key signs in before it was proved")
	}
	k, err := sshkey.Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.Redeem(k, "192.0.2.1", code[1]); err != nil {
		t.Fatal(err)
	}
	x.waitText("SSH keys · 2", "ssh-ed25519 · adam@laptop")

	x.keys("x")
	x.waitText("Remove the key SHA256:adam?")
	x.keys("y")
	x.waitText("this is the key you are signed in with; sign in with another of your keys to", "remove it")
	if p, err := d.svc.Identify("SHA256:adam"); err != nil || p.Handle != "adam" {
		t.Fatalf("the key in use was removed: %v %v", p.Handle, err)
	}

	x.keys("down", "x", "y")
	x.waitText("Key "+fp+" removed", "SSH keys · 1")
	if _, err := d.svc.Identify(fp); domain.KindOf(err) == 0 {
		t.Error("the removed key still signs in")
	}
}

// A refused key line stays in the form with the domain's reason.
func TestAccountBadKeyLine(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("eve")
	_, cmd := m.Update(GotoMsg{Screen: "account"})
	drain(m, cmd)
	drive(m, "a", "ssh-dss AAAA", "ctrl+s")
	if v := m.View(); !strings.Contains(v, "that is not an SSH public key") || !strings.Contains(v, "Add an SSH key") {
		t.Fatalf("after a bad line:\n%s", v)
	}
}

// R46: an assistant edits their own name and adopted signature; R18, R43:
// the subscription shows to the owner in team, never to an assistant.
func TestAccountProfileAndPlan(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("asa")
	m.Update(enterMsg{id: "assistant:olivia"})
	_, cmd := m.Update(GotoMsg{Screen: "account"})
	drain(m, cmd)
	if v := m.View(); strings.Contains(v, "the owner's alone") || strings.Contains(v, "change plan") {
		t.Fatalf("an admin-level assistant sees the owner's subscription:\n%s", v) // R43
	}
	drive(m, "e", "tab", "tab", "Asa A.", "ctrl+s")
	v := m.View()
	if !strings.Contains(v, "Saved") || !strings.Contains(v, "Signature    Asa A.") {
		t.Fatalf("after adopting a signature:\n%s", v)
	}
	p, err := d.svc.ShowPerson(d.as("olivia", "team"), "asa")
	mustNot(t, err)
	if p.Person.Signature != "Asa A." {
		t.Errorf("stored signature %q", p.Person.Signature)
	}

	o := d.model("olivia")
	_, cmd = o.Update(GotoMsg{Screen: "account"})
	drain(o, cmd)
	if v := o.View(); !strings.Contains(v, "The account's plan") || !strings.Contains(v, "Plan         Team") || !strings.Contains(v, "3 active clients · no limit") {
		t.Fatalf("the owner's account:\n%s", v)
	}
	drive(o, "p", "ctrl+u", "Growth", "tab", "ctrl+u", "5", "ctrl+s")
	if v := o.View(); !strings.Contains(v, "The plan is now Growth") || !strings.Contains(v, "Plan         Growth") || !strings.Contains(v, "3 of 5 client seats used") {
		t.Fatalf("after changing the plan:\n%s", v)
	}
	// R18: a card number is refused in the form; a reference is kept
	drive(o, "m", "ctrl+u", "4242 4242 4242 4242", "ctrl+s")
	if v := o.View(); !strings.Contains(v, "looks like a full card number") {
		t.Fatalf("a card number:\n%s", v)
	}
	drive(o, "ctrl+u", "Visa 4242 12/29", "ctrl+s")
	if v := o.View(); !strings.Contains(v, "Payment      Visa 4242 12/29") {
		t.Fatalf("the payment method:\n%s", v)
	}
	// R56: cancelling asks for the organisation's name; reopening undoes it
	drive(o, "C", "Northwind Coaching", "ctrl+s")
	if v := o.View(); !strings.Contains(v, "cancelled: read-only for everyone") {
		t.Fatalf("after cancelling:\n%s", v)
	}
	drive(o, "R", "y")
	if v := o.View(); !strings.Contains(v, "The account is open again") || !strings.Contains(v, "Account      open") {
		t.Fatalf("after reopening:\n%s", v)
	}
}
