package tui

import (
	"testing"

	"behalf/domain"
)

// monthlyEntry is the demo's recurring catalogue entry, Monthly check-in
// (demo/purchases.go).
const monthlyEntry domain.ID = 4

// subscriptionOf is jane's only subscription as the domain has it now.
func subscriptionOf(t *testing.T, d *demo) domain.Subscription {
	t.Helper()
	subs, err := d.svc.ListSubscriptions(d.as("jane", "me"), domain.SubscriptionFilter{})
	mustNot(t, err)
	if len(subs) != 1 {
		t.Fatalf("jane has %d subscriptions, want 1", len(subs))
	}
	return subs[0].Sub
}

// offersKey: the open screen's help offers k.
func offersKey(m *root, k string) bool {
	for _, b := range m.screen().ShortHelp() {
		if b.Help().Key == k {
			return true
		}
	}
	return false
}

// R55, R30: eve, a billing contact of jane's, finds the subscription she
// bought in jane's file (the part is there once jane has one) and pauses it, turns auto-renew off and cancels
// it (after a question) — the same use case as `subscriptions ...`;
// once cancelled nothing more is offered.
func TestFileSubscriptionsBillingContact(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	_, err := d.svc.BuyPackage(d.as("eve", "contact:jane"), "", monthlyEntry)
	mustNot(t, err)
	m := practiceFile(t, d, "eve", "", "")
	if got := fileTabsLine(t, m); got != "Sessions · Invoices · Subscriptions" {
		t.Fatalf("eve's parts: %q", got)
	}
	practicePress(m, "left") // from the first part round to the last
	v := practiceView(t, m)
	practiceHas(t, v, "Subscription 1: Monthly check-in  active", "renews every month · next invoice 2026-12-23",
		"bought by Eve Evans (contact) on 2026-11-23", "p pause", "o auto-renew off")
	if !offersKey(m, "x") {
		t.Fatal("eve is not offered x to cancel")
	}

	practicePress(m, "p")
	if m.status.Text != "Subscription 1: paused" || m.status.Err {
		t.Fatalf("after p: %q", m.status.Text)
	}
	v = practiceView(t, m)
	practiceHas(t, v, "Monthly check-in  paused", "no invoices while paused", "p resume")
	practicePress(m, "o")
	practiceHas(t, practiceView(t, m), "o auto-renew on")
	if s := subscriptionOf(t, d); s.Status != domain.SubPaused || s.AutoRenew {
		t.Fatalf("after p and o: %+v", s)
	}

	practicePress(m, "x")
	practiceHas(t, practiceView(t, m), "Cancel subscription 1 (Monthly check-in) for good?", "y: yes, cancel it")
	practicePress(m, "n")
	if s := subscriptionOf(t, d); s.Status != domain.SubPaused {
		t.Fatalf("no cancels nothing: %+v", s)
	}
	practicePress(m, "x", "y")
	if m.status.Text != "Subscription 1: cancelled" {
		t.Fatalf("after x y: %q", m.status.Text)
	}
	v = practiceView(t, m)
	practiceHas(t, v, "Monthly check-in  cancelled")
	practiceLacks(t, v, "p resume", "o auto-renew")
	if offersKey(m, "x") {
		t.Fatal("a cancelled subscription is offered x")
	}
	if s := subscriptionOf(t, d); s.Status != domain.SubCancelled {
		t.Fatalf("after cancelling: %+v", s)
	}
	// pat acts for alex without billing: alex's subscription is not his to see.
	_, err = d.svc.BuyPackage(d.as("alex", "me"), "", monthlyEntry)
	mustNot(t, err)
	if got := fileTabsLine(t, practiceFile(t, d, "pat", "contact:alex", "")); got != "Sessions · Packages · Payments · Progress" {
		t.Fatalf("pat's parts of alex's file: %q", got)
	}
}

// R55, R15, R14: rob (invoice_own, jane's primary coach) pauses jane's
// subscription from her file; john, who only reads jane's file, sees it
// with no keys, and p changes nothing for him.
func TestFileSubscriptionsTeam(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	_, err := d.svc.BuyPackage(d.as("jane", "me"), "", monthlyEntry)
	mustNot(t, err)

	john := practiceFile(t, d, "john", "", "jane")
	practicePress(john, "left")
	v := practiceView(t, john)
	practiceHas(t, v, "Subscription 1: Monthly check-in  active", "bought by Jane Smith (client) on 2026-11-23")
	practiceLacks(t, v, "p pause", "o auto-renew")
	if offersKey(john, "x") {
		t.Fatal("john is offered x")
	}
	practicePress(john, "p", "x")
	if s := subscriptionOf(t, d); s.Status != domain.SubActive {
		t.Fatalf("john's keys changed jane's subscription: %+v", s)
	}

	rob := practiceFile(t, d, "rob", "", "jane")
	practicePress(rob, "left")
	practiceHas(t, practiceView(t, rob), "p pause")
	practicePress(rob, "p")
	if rob.status.Text != "Subscription 1: paused" {
		t.Fatalf("rob's p: %q", rob.status.Text)
	}
	if s := subscriptionOf(t, d); s.Status != domain.SubPaused {
		t.Fatalf("after rob's p: %+v", s)
	}
}
