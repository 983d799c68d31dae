package domain_test

import (
	"testing"

	"behalf/domain"
)

// The change feed's three channels: a change of the team's shape wakes
// every team screen (the team feed); a booking wakes the people it concerns
// and the practice-wide feed, never the team feed; each use case marks
// the feeds itself, not by its action's name.
func TestFeedsFollowWhatChanged(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	team, stopTeam := d.svc.WatchTeam()
	defer stopTeam()
	practice, stopPractice := d.svc.WatchPractice()
	defer stopPractice()
	jane, stopJane := d.svc.Watch(d.ids["jane"])
	defer stopJane()
	fired := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	drain := func() { fired(team); fired(practice); fired(jane) }
	shaping := []struct {
		name string
		do   func() error
	}{
		{"pairing.set", func() error {
			_, err := d.svc.SetPairing(olivia, domain.PairingChange{Coach: "john", Client: "alex", Level: domain.LevelView})
			return err
		}},
		{"perms.grant", func() error {
			_, err := d.svc.ChangePerms(olivia, "john", true, []string{string(domain.PermInvoiceAll)})
			return err
		}},
		{"people.add", func() error {
			_, err := d.svc.AddPerson(olivia, domain.NewPerson{Handle: "ada", Name: "Ada Assistant", Email: "ada@northwind.example", As: domain.AsAssistant})
			return err
		}},
		{"assistants.link", func() error { _, err := d.svc.LinkAssistant(olivia, "ada", "rob"); return err }},
		{"people.deactivate", func() error { _, err := d.svc.SetStatus(olivia, "ada", false); return err }},
	}
	for _, c := range shaping {
		drain()
		if err := c.do(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !fired(team) {
			t.Errorf("%s did not wake the team's screens", c.name)
		}
	}
	drain()
	if _, err := d.svc.BookSession(olivia, domain.Booking{Client: "jane", Coach: "rob", Start: "2026-12-10T10:00", Minutes: 60}); err != nil {
		t.Fatal(err)
	}
	if fired(team) {
		t.Error("a booking woke every team session")
	}
	if !fired(practice) {
		t.Error("a booking did not reach the practice-wide feed")
	}
	if !fired(jane) {
		t.Error("a booking did not reach the client's own screens")
	}
}

// DecideEach answers as Decide does, each action on its own: it only saves
// the reads (the screens' offer asks a dozen at once).
func TestDecideEachAnswersAsDecide(t *testing.T) {
	d, _ := newDemo(t)
	acts := []domain.Action{domain.ActPeopleList, domain.ActSessionsList, domain.ActSessionsBook, domain.ActInvoicesList,
		domain.ActPaymentsList, domain.ActNotesList, domain.ActContactsList, domain.ActAuditList, domain.ActBrandingSet,
		domain.ActTemplatesList, domain.ActLibraryList, domain.ActPairingSet}
	me, err := d.svc.Whoami(d.ids["jane"])
	if err != nil {
		t.Fatal(err)
	}
	jane := me.Person
	for _, c := range []struct {
		who    domain.Who
		target domain.Target
	}{
		{d.as("adam", "team"), domain.Target{}},
		{d.as("rob", "team"), domain.Target{}},
		{d.as("jane", "me"), domain.Target{Client: &jane}},
		{d.as("eve", "contact:jane"), domain.Target{Client: &jane}},
	} {
		got, err := d.svc.DecideEach(c.who, acts, c.target)
		if err != nil {
			t.Fatal(err)
		}
		for i, act := range acts {
			want, err := d.svc.Decide(c.who, act, c.target)
			if err != nil {
				t.Fatal(err)
			}
			if got[i] != want {
				t.Errorf("%v %s: DecideEach %+v, Decide %+v", c.who, act, got[i], want)
			}
		}
	}
}

// R5: DecideAll answers as Decide does, each action on its own target,
// from the stored state: a list screen asks its selected row's questions
// in one read at every move, and what it offers is the domain's answer.
func TestDecideAllAnswersAsDecide(t *testing.T) {
	d, _ := newDemo(t)
	personOf := func(handle string) *domain.Person {
		me, err := d.svc.Whoami(d.ids[handle])
		if err != nil {
			t.Fatal(err)
		}
		return &me.Person
	}
	jane, rob := personOf("jane"), personOf("rob")
	asks := []domain.Ask{
		{Act: domain.ActPeopleAdd, Target: domain.Target{Capacity: domain.AsClient}},
		{Act: domain.ActPeopleAdd, Target: domain.Target{Capacity: domain.AsCoach}},
		{Act: domain.ActPeopleDeactivate, Target: domain.Target{Person: jane}},
		{Act: domain.ActPeopleDelete, Target: domain.Target{Person: jane}},
		{Act: domain.ActPairingSet, Target: domain.Target{Client: jane}},
		{Act: domain.ActPairingSet, Target: domain.Target{Coach: rob}},
		{Act: domain.ActPeopleInvite, Target: domain.Target{Person: jane}},
		{Act: domain.ActPeopleRecover, Target: domain.Target{Person: jane}},
		{Act: domain.ActPeopleDelete, Target: domain.Target{Person: rob}},
		{Act: domain.ActSessionsBook, Target: domain.Target{Client: jane, Coach: rob}},
	}
	allowed := 0
	for _, who := range []domain.Who{d.as("adam", "team"), d.as("rob", "team"), d.as("jane", "me"), d.as("eve", "contact:jane")} {
		got, err := d.svc.DecideAll(who, asks)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(asks) {
			t.Fatalf("%v: %d answers to %d questions", who, len(got), len(asks))
		}
		for i, a := range asks {
			want, err := d.svc.Decide(who, a.Act, a.Target)
			if err != nil {
				t.Fatal(err)
			}
			if got[i] != want {
				t.Errorf("%v %s %d: DecideAll %+v, Decide %+v", who, a.Act, i, got[i], want)
			}
			if want.Allowed {
				allowed++
			}
		}
	}
	if allowed == 0 || allowed == 4*len(asks) {
		t.Fatalf("%d of %d answers allowed: the questions do not tell the answers apart", allowed, 4*len(asks))
	}
}
