package domain_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	demoorg "behalf/demo"
	"behalf/domain"
)

// What the domain offers a screen is what its use cases then accept: one
// rule, one place. Each test asks the offer, then does the thing.

// eachWorkspace calls fn for every workspace of every demo person.
func eachWorkspace(t *testing.T, d *demo, fn func(who domain.Who, name string)) {
	t.Helper()
	for _, p := range demoorg.People {
		wss, err := d.svc.Workspaces(d.ids[p.Handle])
		must(t, err)
		for _, ws := range wss {
			fn(d.as(p.Handle, ws.ID), p.Handle+" in "+ws.ID)
		}
	}
}

// R13, R14, R15, R17, R50: a coach is offered for a booking exactly when
// BookSession accepts them, the default (no coach named) first — john,
// given coach_all_clients, included for clients he is not paired with.
func TestBookableCoachesAreWhatBookingAccepts(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "john", true, []string{string(domain.PermCoachAllClients)})
	must(t, err)
	day := time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC) // each try on a day of its own: nothing overlaps
	try := func(who domain.Who, client, coach string) error {
		day = day.AddDate(0, 0, 1)
		_, err := d.svc.BookSession(who, domain.Booking{Client: client, Coach: coach, Start: day.Format(domain.TimeLayout), Minutes: 30})
		return err
	}
	offered, johnForAlex := 0, false
	eachWorkspace(t, d, func(who domain.Who, name string) {
		for _, client := range []string{"jane", "alex", "casey"} {
			ks, err := d.svc.BookableCoaches(who, client)
			if err != nil {
				if try(who, client, "") == nil {
					t.Errorf("%s, %s: no coaches offered (%v), yet a booking went through", name, client, err)
				}
				continue
			}
			for _, coach := range []string{"olivia", "rob", "mira", "john", "adam"} {
				in := slices.ContainsFunc(ks, func(k domain.BookableCoach) bool { return k.Coach.Handle == coach })
				err := try(who, client, coach)
				if in != (err == nil) {
					t.Errorf("%s, %s with %s: offered %v, booking says %v", name, client, coach, in, err)
				}
				offered += map[bool]int{true: 1}[in]
				johnForAlex = johnForAlex || (in && coach == "john" && client == "alex")
			}
			if len(ks) > 0 {
				if err := try(who, client, ""); err != nil {
					t.Errorf("%s, %s: the default coach is refused: %v", name, client, err)
				}
				l, err := d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{Client: client, From: day.Format("2006-01-02"), To: day.Format("2006-01-02")})
				must(t, err)
				if len(l.Sessions) != 1 || l.Sessions[0].Coach.Handle != ks[0].Coach.Handle {
					t.Errorf("%s, %s: offered %s first, the default booking went to %+v", name, client, ks[0].Coach.Handle, l.Sessions)
				}
			}
		}
	})
	if offered == 0 || !johnForAlex {
		t.Fatalf("%d coaches offered, john for alex %v: the test explores too little", offered, johnForAlex)
	}
}

// R10, R17, R18: a permission shown as locked is refused by ChangePerms,
// and one shown as open is changed by it, for every team member seen from
// every workspace that may see them.
func TestPermLocksAreWhatChangePermsRefuses(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	open, locked := 0, 0
	eachWorkspace(t, d, func(who domain.Who, name string) {
		for _, h := range []string{"olivia", "adam", "rob", "mira", "john"} {
			v, err := d.svc.ShowPerms(who, h)
			if err != nil {
				continue
			}
			for _, it := range v.Items {
				what := fmt.Sprintf("%s, %s's %s (held %v)", name, h, it.Perm, it.Held)
				_, err := d.svc.ChangePerms(who, h, !it.Held, []string{string(it.Perm)})
				if it.Lock != "" {
					locked++
					if err == nil {
						t.Fatalf("%s: locked (%s), yet ChangePerms changed it", what, it.Lock)
					}
					continue
				}
				open++
				if err != nil {
					t.Fatalf("%s: open, yet ChangePerms refused: %v", what, err)
				}
				if _, err := d.svc.ChangePerms(who, h, it.Held, []string{string(it.Perm)}); err != nil { // put it back
					t.Fatalf("%s: undoing: %v", what, err)
				}
			}
		}
	})
	if open == 0 || locked == 0 {
		t.Fatalf("%d open and %d locked items: the test explores too little", open, locked)
	}
}

// R11, R20: the primary coaches offered for a new client are the ones
// AddPerson accepts; with manage_own_clients alone, only oneself.
func TestNewClientPrimariesAreWhatAddAccepts(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{string(domain.PermManageOwnClients)})
	must(t, err)
	n, fixedSeen := 0, false
	eachWorkspace(t, d, func(who domain.Who, name string) {
		ps, fixed, err := d.svc.NewClientPrimaries(who)
		fixedSeen = fixedSeen || fixed
		for _, coach := range []string{"olivia", "rob", "mira", "john", "adam"} {
			n++
			in := err == nil && slices.ContainsFunc(ps, func(p domain.Person) bool { return p.Handle == coach })
			h := fmt.Sprintf("new%d", n)
			_, aerr := d.svc.AddPerson(who, domain.NewPerson{Handle: h, Name: "New Client", Email: h + "@example.com", As: domain.AsClient, Primary: coach})
			if in != (aerr == nil) {
				t.Errorf("%s, primary %s: offered %v, adding says %v", name, coach, in, aerr)
			}
		}
	})
	if !fixedSeen {
		t.Fatal("nobody adds with manage_own_clients alone: the test explores too little")
	}
}

// R33: whoever may link a contact to some client — rob, with
// manage_own_clients, to jane, whose primary he is — is offered the form
// (a decision asked before a client is named).
func TestContactLinkOfferedToOwnClientsManagers(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{string(domain.PermManageOwnClients)})
	must(t, err)
	robOffered := false
	eachWorkspace(t, d, func(who domain.Who, name string) {
		offer, err := d.svc.Decide(who, domain.ActContactsLink, domain.Target{})
		must(t, err)
		some := false
		for _, client := range []string{"jane", "alex", "casey"} {
			c, err := d.svc.ShowPerson(d.as("olivia", "team"), client)
			must(t, err)
			dec, err := d.svc.Decide(who, domain.ActContactsLink, domain.Target{Client: &c.Person})
			must(t, err)
			some = some || dec.Allowed
		}
		if some && !offer.Allowed {
			t.Errorf("%s may link contacts to a client but is not offered the form: %s", name, offer.Reason)
		}
		robOffered = robOffered || (some && who == d.as("rob", "team"))
	})
	if !robOffered {
		t.Fatal("rob may not link contacts to jane: the test explores too little")
	}
}
