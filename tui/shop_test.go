package tui

import (
	"testing"

	"behalf/domain"
)

// R55: eve, a billing contact, buys a package for jane in the Shop, with
// a confirmation, and pays at once; then subscribes and pauses it.
func TestShopBuyPayAndSubscribe(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "eve", "", "shop", "For sale")
	x.waitText("Family 6", "Starter 3", "Monthly check-in", "renews every month")
	x.keys("down", "enter")
	x.waitText("Buy Starter 3 for Jane Smith: 450.00 USD?")
	x.keys("y")
	x.waitText("Bought: Eve Evans for Jane Smith. Pay invoice")
	x.keys("y")
	x.waitText("Paid: Starter 3 can be used now")
	ps, err := d.svc.ListPackages(d.as("jane", "me"), domain.PackageFilter{})
	mustNot(t, err)
	if ps[0].Package.Name != "Starter 3" || ps[0].Package.Pending || ps[0].BoughtBy == nil || ps[0].BoughtBy.Handle != "eve" {
		t.Fatalf("jane's newest package: %+v", ps[0].Package)
	}
	x.keys("down", "b", "y", "n")
	x.waitText("Subscription 1: Monthly check-in", "next invoice 2026-12-23")
	x.keys("down", "p")
	x.waitText("Subscription 1: paused")
}

// R55: a package bought and not yet paid for shows as waiting for its
// invoice in the client's file, and the booking form does not offer it.
func TestUnpaidPurchaseIsNotUsable(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	b, err := d.svc.BuyPackage(d.as("eve", "contact:jane"), "jane", 3)
	mustNot(t, err)
	m := practiceModel(t, d, "jane", "", "file")
	practicePress(m, "right") // sessions, then packages
	v := practiceView(t, m)
	practiceHas(t, v, "Starter 3  waiting for payment", "usable once invoice "+b.Invoice.Invoice.ID.String()+" is paid", "Executive 10  usable")
	practiceSend(m, GotoMsg{Screen: "agenda"})
	practicePress(m, "b", "tab", "tab", "tab", "right") // the package: none, or the one usable
	v = practiceView(t, m)
	practiceHas(t, v, "Book a session", "‹ Executive 10 · 6 left · until 2027-05-02 ›  2/2")
	practiceLacks(t, v, "Starter 3")
}

// The team's Subscriptions tab with none to show says so in its own words,
// not the shop's.
func TestTeamSubscriptionsEmpty(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceModel(t, d, "olivia", "team", "subscriptions")
	v := practiceView(t, m)
	practiceHas(t, v, "Subscriptions · recurring packages of the clients you see", "no subscriptions among the clients you see")
	practiceLacks(t, v, "nothing for sale")
}
