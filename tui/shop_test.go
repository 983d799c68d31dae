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
