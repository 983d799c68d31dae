package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

// Issue 14.2, R2, R34: inviting someone already here, from their row. A
// client who never signed in gets a code (again: the newer one replaces
// the older); someone who signed in gets none — the domain's reason shows
// — except the owner's recovery code for them.
func TestInviteExistingPersonFromRow(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	_, err := d.svc.AddPerson(d.as("adam", "team"), domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "mira"})
	mustNot(t, err)

	x := openIn(d, "adam", "", "clients", "Clients")
	x.keys("down", "down", "down") // alex, casey, jane, kim
	x.waitText("▸ kim")
	x.keys("i")
	x.waitText("Make an invitation code for Kim Kline?", "y: yes, make a code")
	x.keys("y")
	x.waitText("Kim Kline (kim) is invited", "valid until", "Codes are shown only now")
	first := codePattern.FindString(x.screen())
	x.keys("enter")
	x.waitText("Clients")
	x.keys("i", "y")
	x.waitFor(wait, "a second code", func(s string) bool {
		c := codePattern.FindString(s)
		return c != "" && c != first
	})
	second := codePattern.FindString(x.screen())
	if _, err := d.svc.Redeem(testKey("kim-old"), "192.0.2.1", first); err == nil {
		t.Error("the first code still binds a key after a second was made")
	}
	if p, err := d.svc.Redeem(testKey("kim"), "192.0.2.1", second); err != nil || p.Handle != "kim" {
		t.Fatalf("redeeming the second code: %v %v", p.Handle, err)
	}
	x.keys("enter")

	// jane signs in already: adam's i says why not, as the domain does.
	x.keys("up")
	want := d.decide("adam", "team", domain.ActPeopleInvite, "jane")
	if want.Allowed {
		t.Fatal("the domain would invite jane, who signs in already")
	}
	x.keys("i")
	x.waitFor(wait, "the domain's reason", func(s string) bool {
		return strings.Contains(strings.Join(strings.Fields(s), " "), clean(want.Reason))
	})

	// A contact added without a code gets one from their row on Contacts.
	_, err = d.svc.AddContact(d.as("adam", "team"), domain.AddContactIn{Client: "alex",
		Contact: domain.NewContact{Email: "lee@example.com", Name: "Lee Lane", Handle: "lee", Perms: "schedule"}})
	mustNot(t, err)
	x.tm.Send(GotoMsg{Screen: "contacts"})
	x.waitText("Who may act for which client")
	x.keys("/", "lee", "enter")
	x.waitText("Lee Lane (lee)")
	x.keys("c")
	x.waitText("Make an invitation code for Lee Lane?")
	x.keys("y")
	x.waitText("Lee Lane (lee) is invited", "valid until")

	// The owner recovers jane's account instead.
	o := openIn(d, "olivia", "", "clients", "Clients")
	o.keys("down", "down")
	o.waitText("▸ jane")
	o.keys("i")
	o.waitText("Jane Smith has signed in before. Make a recovery code?")
	o.keys("y")
	o.waitText("Recovery code for Jane Smith (jane)", "1 key still signs them in; nothing was revoked.", "They were told by portal")
	if codePattern.FindString(o.screen()) == "" {
		t.Errorf("no recovery code shown:\n%s", o.screen())
	}
}

// decide is the domain's decision for handle in ws about act on person.
func (d *demo) decide(handle, ws string, act domain.Action, person string) domain.Decision {
	d.t.Helper()
	p := d.person(person)
	dec, err := d.svc.Decide(d.as(handle, ws), act, domain.Target{Person: &p})
	mustNot(d.t, err)
	return dec
}

// Issue 14.2: the owner adds a team coach and an assistant who manages
// two practitioners without typing a command; adam, without
// manage_coaches, is not offered it and the full help says why.
func TestAddPeopleFlows(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "olivia", "", "team", "Team")
	x.keys("a")
	x.waitText("Add a team member", "team coach, in the pairing pool")
	x.keys("tab", "Kim Kline", "tab", "kim", "tab", "kim@example.com", "ctrl+s")
	x.waitText("Kim Kline (kim) is added", "valid until")
	if codePattern.FindString(x.screen()) == "" {
		t.Errorf("no code for kim:\n%s", x.screen())
	}
	if p := d.person("kim"); !p.IsCoach() {
		t.Errorf("kim is not a team coach: %+v", p)
	}
	x.keys("enter")
	x.waitText("Kim Kline (kim)", "team coach")

	x.tm.Send(GotoMsg{Screen: "assistants"})
	x.waitText("Assistants and whom they manage")
	x.keys("a")
	x.waitText("Add an assistant", "Manages", "Mira Moss (mira)")
	x.keys("Lee Lane", "tab", "lee", "tab", "lee@example.com", "tab", "tab") // name, handle, email, admin role: on adam
	// the team in handle order: adam, john, kim, mira, olivia, rob
	x.keys("tab", "tab", "tab", "space", "tab", "tab", "space", "ctrl+s")
	x.waitText("Lee Lane (lee) is added", "manages Mira Moss (mira)", "manages Rob Reyes (rob)")
	links, err := d.svc.ListAssistants(d.as("olivia", "team"))
	mustNot(t, err)
	var managed []string
	for _, l := range links {
		if l.Assistant.Handle == "lee" {
			managed = append(managed, l.Practitioner.Handle)
		}
	}
	if strings.Join(managed, ",") != "mira,rob" {
		t.Errorf("lee manages %v", managed)
	}

	// adam holds no manage_coaches: no a, and the help says why.
	m := d.model("adam")
	openTab(t, m, "team")
	drive(m, "?")
	if v := m.View(); !strings.Contains(v, "✗ add team member") || !strings.Contains(v, "manage_coaches") {
		t.Errorf("adam's team help:\n%s", v)
	}
}
