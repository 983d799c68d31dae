package domain_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// Demo catalogue: 1 Executive 10 (not for sale), 2 Family 6 and 3 Starter
// 3 (for sale), 4 Monthly check-in (by subscription) — demo/purchases.go.
const (
	entryExecutive = domain.ID(1)
	entryStarter   = domain.ID(3)
	entryMonthly   = domain.ID(4)
)

// R55, R37: a billing contact buys for their client; the package is the
// client's, waits for its invoice, and is usable once it is paid in full.
func TestBuyPackage(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	eve := d.as("eve", "contact:jane")
	p, err := d.svc.BuyPackage(eve, "", entryStarter)
	must(t, err)
	pk := p.Package.Package
	if p.Package.Client.Handle != "jane" || pk.BoughtBy != d.ids["eve"] || !pk.Pending || p.Invoice.Invoice.Status != domain.InvoiceOpen ||
		p.Invoice.Invoice.TotalCents != 45000 || pk.Invoice != p.Invoice.Invoice.ID {
		t.Fatalf("bought %+v, invoice %+v", pk, p.Invoice.Invoice)
	}
	if got := p.Package.BoughtFor(); got != "Eve Evans for Jane Smith" {
		t.Fatalf("bought for: %q", got)
	}
	// not usable before it is paid (R55)
	jane := d.as("jane", "me")
	_, err = d.svc.BookSession(jane, domain.Booking{Start: "2026-12-01T10:00", Minutes: 45, Package: pk.ID})
	wantKind(t, err, domain.KindConflict)
	_, err = d.svc.PayInvoice(eve, p.Invoice.Invoice.ID, "100")
	must(t, err)
	_, err = d.svc.BookSession(jane, domain.Booking{Start: "2026-12-01T10:00", Minutes: 45, Package: pk.ID})
	wantKind(t, err, domain.KindConflict) // paid in part is not paid
	_, err = d.svc.PayInvoice(eve, p.Invoice.Invoice.ID, "")
	must(t, err)
	ps, err := d.svc.ListPackages(d.as("adam", "team"), domain.PackageFilter{Client: "jane"})
	must(t, err)
	if ps[0].Package.ID != pk.ID || ps[0].Package.Pending || ps[0].Package.Expires != "2027-01-22" {
		t.Fatalf("after payment: %+v", ps[0].Package)
	}
	_, err = d.svc.BookSession(jane, domain.Booking{Start: "2026-12-01T10:00", Minutes: 45, Package: pk.ID})
	must(t, err)

	// the client buys for themself
	own, err := d.svc.BuyPackage(d.as("jane", "me"), "", entryStarter)
	must(t, err)
	if own.Package.BoughtFor() != "Jane Smith" {
		t.Fatalf("jane's own purchase: %q", own.Package.BoughtFor())
	}
	// pat's links carry no billing; a contact never buys for a client they
	// do not act for (R30, R32); the team does not buy; not every entry is sold
	_, err = d.svc.BuyPackage(d.as("pat", "contact:alex"), "", entryStarter)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.BuyPackage(d.as("pat", "contact:alex"), "jane", entryStarter)
	wantKind(t, err, domain.KindNotFound)
	_, err = d.svc.BuyPackage(d.as("eve", "contact:alex"), "", entryStarter)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.BuyPackage(d.as("adam", "team"), "jane", entryStarter)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.BuyPackage(eve, "", entryExecutive)
	wantKind(t, err, domain.KindConflict)
	if domain.FieldOf(err) != "package" {
		t.Fatalf("field: %q", domain.FieldOf(err))
	}
}

// R55: cancelling an unpaid purchase voids its invoice and removes the
// package; a paid or part-paid one stays. Voiding the invoice does the same.
func TestCancelPurchase(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	eve := d.as("eve", "contact:jane")
	buy := func() domain.Purchase {
		p, err := d.svc.BuyPackage(eve, "", entryStarter)
		must(t, err)
		return p
	}
	count := func() int {
		ps, err := d.svc.ListPackages(d.as("adam", "team"), domain.PackageFilter{Client: "jane"})
		must(t, err)
		return len(ps)
	}
	before := count()
	a := buy()
	_, err := d.svc.CancelPurchase(d.as("mira", "team"), a.Package.Package.ID)
	wantKind(t, err, domain.KindDenied) // no invoice_own
	inv, err := d.svc.CancelPurchase(eve, a.Package.Package.ID)
	must(t, err)
	if inv.Invoice.Status != domain.InvoiceVoid || count() != before {
		t.Fatalf("cancelled: invoice %s, %d packages (had %d)", inv.Invoice.Status, count(), before)
	}
	b := buy()
	_, err = d.svc.PayInvoice(eve, b.Invoice.Invoice.ID, "1")
	must(t, err)
	_, err = d.svc.CancelPurchase(eve, b.Package.Package.ID)
	wantKind(t, err, domain.KindConflict)
	_, err = d.svc.CancelPurchase(eve, 1) // jane's demo package was assigned, not bought
	wantKind(t, err, domain.KindConflict)
	c := buy()
	_, err = d.svc.VoidInvoice(d.as("rob", "team"), c.Invoice.Invoice.ID) // invoice_own, jane's primary
	must(t, err)
	if count() != before+1 {
		t.Fatalf("voiding the purchase's invoice should remove its package: %d packages", count())
	}
}

// R55: how entries are sold.
func TestDefineForSale(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	e, err := d.svc.DefinePackage(adam, domain.NewCatalogEntry{Name: "Fortnightly", Sessions: 1, Price: "90", ValidityDays: 14, Every: " 2W "})
	must(t, err)
	if !e.Purchasable || e.Every != "2w" || domain.EveryWords(e.Every) != "every 2 weeks" {
		t.Fatalf("entry %+v", e)
	}
	for _, bad := range []domain.NewCatalogEntry{
		{Name: "Free", Sessions: 1, Price: "0", ValidityDays: 5, Purchasable: true},
		{Name: "Odd", Sessions: 1, Price: "5", ValidityDays: 5, Every: "3d"},
		{Name: "Long", Sessions: 1, Price: "5", ValidityDays: 5, Every: "13m"},
		{Name: "Never", Sessions: 1, Price: "5", ValidityDays: 5, Every: "0w"},
	} {
		_, err := d.svc.DefinePackage(adam, bad)
		wantKind(t, err, domain.KindInvalid)
	}
	_, err = d.svc.AssignPackage(adam, domain.PackageAssignment{Client: "jane", Package: e.ID})
	wantKind(t, err, domain.KindConflict) // a recurring one is subscribed to
}

// R56, R18: seats on the owner's plan count active clients.
func TestPlanSeats(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia, adam := d.as("olivia", "team"), d.as("adam", "team")
	three, two := 3, 2
	_, err := d.svc.SetPlan(adam, domain.PlanChange{Seats: &three})
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.SetPlan(olivia, domain.PlanChange{Seats: &two})
	wantKind(t, err, domain.KindConflict) // three clients are active
	v, err := d.svc.SetPlan(olivia, domain.PlanChange{Seats: &three})
	must(t, err)
	if v.SeatsUsed != 3 || v.Org.Seats != 3 {
		t.Fatalf("plan %+v", v)
	}
	kim := domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "rob"}
	_, err = d.svc.AddPerson(adam, kim)
	wantKind(t, err, domain.KindConflict)
	if msg := err.Error(); !strings.Contains(msg, "all 3 client seats") || !strings.Contains(msg, "3 active clients") || !strings.Contains(msg, "Olivia Owens") {
		t.Fatalf("refusal: %s", msg)
	}
	_, err = d.svc.InviteClient(adam, domain.ClientInvite{Client: kim})
	wantKind(t, err, domain.KindConflict)
	// contacts and team members take no seat
	_, err = d.svc.AddPerson(adam, domain.NewPerson{Handle: "lee", Name: "Lee Lu", Email: "lee@example.com", As: domain.AsContact})
	must(t, err)
	_, err = d.svc.SetStatus(adam, "casey", false)
	must(t, err)
	_, err = d.svc.AddPerson(adam, kim) // casey's seat is free
	must(t, err)
	_, err = d.svc.SetStatus(adam, "casey", true)
	wantKind(t, err, domain.KindConflict)
}

// R18: the payment method on file is a reference, never a card number.
func TestPaymentMethodReference(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	for _, card := range []string{"4242 4242 4242 4242", "4242424242424242", "Visa 4242-4242-4242-4242 12/28", "visa 5555555555554444"} {
		_, err := d.svc.SetPaymentMethod(olivia, card)
		wantKind(t, err, domain.KindInvalid)
		if !strings.Contains(err.Error(), "full card number") || strings.Contains(err.Error(), "4242 4242") {
			t.Fatalf("refusal of %q: %v", card, err)
		}
	}
	for _, bad := range []string{"Visa 424 12/28", "Visa 4242 13/28", "Visa 4242 10/26", "4242 Visa 12/28"} {
		_, err := d.svc.SetPaymentMethod(olivia, bad)
		wantKind(t, err, domain.KindInvalid)
	}
	v, err := d.svc.SetPaymentMethod(olivia, "  Mastercard 4444 01/29 ")
	must(t, err)
	if v.Org.PaymentMethod != "Mastercard 4444 01/29" {
		t.Fatalf("on file: %q", v.Org.PaymentMethod)
	}
	_, err = d.svc.SetPaymentMethod(d.as("adam", "team"), "Visa 4242 12/28")
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.SetPaymentMethod(d.as("asa", "assistant:olivia"), "Visa 4242 12/28")
	wantKind(t, err, domain.KindDenied) // R43
}

// R56, R18: a cancelled account refuses every write with one line, lets
// everyone read and the owner back up, and is reopened by the owner within
// 30 days.
func TestCancelledAccountIsReadOnly(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	olivia := d.as("olivia", "team")
	sub, err := d.svc.BuyPackage(d.as("jane", "me"), "", entryMonthly)
	must(t, err)
	_, err = d.svc.CancelAccount(d.as("adam", "team"), "Northwind Coaching")
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.CancelAccount(olivia, "northwind")
	wantKind(t, err, domain.KindInvalid)
	v, err := d.svc.CancelAccount(olivia, "Northwind Coaching")
	must(t, err)
	if v.Status() != "cancelled" || v.ReopenUntil != "2026-12-23" {
		t.Fatalf("cancelled: %+v", v)
	}
	writes := map[string]func() error{
		"add a person": func() error {
			_, err := d.svc.AddPerson(d.as("adam", "team"), domain.NewPerson{Handle: "kim", Name: "Kim", Email: "kim@example.com", As: domain.AsContact})
			return err
		},
		"pay": func() error {
			_, err := d.svc.PayInvoice(d.as("eve", "contact:jane"), sub.Invoice.Invoice.ID, "")
			return err
		},
		"edit own profile": func() error {
			_, err := d.svc.SetProfile(d.as("jane", "me"), domain.ProfileChange{Signature: ptr("J")})
			return err
		},
		"buy":      func() error { _, err := d.svc.BuyPackage(d.as("jane", "me"), "", entryStarter); return err },
		"set plan": func() error { _, err := d.svc.SetPlan(olivia, domain.PlanChange{Plan: ptr("Pro")}); return err },
		"redeem": func() error {
			_, err := d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:x"}, "192.0.2.1", "ABCD-EFGH-JKMN")
			return err
		},
		"cancel it": func() error { _, err := d.svc.CancelAccount(olivia, "Northwind Coaching"); return err },
	}
	for what, write := range writes {
		err := write()
		wantKind(t, err, domain.KindConflict)
		if !strings.Contains(err.Error(), "is cancelled, so nothing can be changed") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("%s: %v", what, err)
		}
	}
	if _, err := d.svc.ListInvoices(d.as("eve", "contact:jane"), domain.InvoiceFilter{}); err != nil {
		t.Fatalf("reading while cancelled: %v", err)
	}
	var buf bytes.Buffer
	if _, err := d.svc.Backup(olivia, &buf); err != nil || buf.Len() == 0 {
		t.Fatalf("the owner's backup while cancelled: %v", err)
	}
	// nothing is issued while cancelled; the month missed is issued after
	clk.t = clk.t.AddDate(0, 0, 30).Add(-time.Hour) // 2026-12-23, the next period's day, an hour before reopening closes
	n, err := d.svc.RenewDue()
	must(t, err)
	if n != 0 {
		t.Fatalf("a cancelled account issued %d invoices", n)
	}
	_, err = d.svc.ReopenAccount(d.as("adam", "team"))
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.ReopenAccount(olivia)
	must(t, err)
	if n, err := d.svc.RenewDue(); err != nil || n != 1 {
		t.Fatalf("after reopening: %d issued, %v", n, err)
	}
	// after 30 days it stays read-only
	_, err = d.svc.CancelAccount(olivia, "Northwind Coaching")
	must(t, err)
	clk.t = clk.t.AddDate(0, 0, 31)
	_, err = d.svc.ReopenAccount(olivia)
	wantKind(t, err, domain.KindConflict)
	if err := writes["add a person"](); err == nil || !strings.Contains(err.Error(), "can only be read") {
		t.Fatalf("long after cancelling: %v", err)
	}
}

// R34, R37: inviting a client assigns a package in the same step, bought
// by one of the contacts added with them; any refusal adds no one.
func TestInviteWithPackage(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	in := domain.ClientInvite{
		Client:   domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", Primary: "mira"},
		Contacts: []domain.NewContact{{Handle: "dan", Name: "Dan Kline", Email: "dan@example.com", Perms: "billing"}},
		Package:  2, BoughtBy: "pat", // not one of the contacts added here
	}
	_, err := d.svc.InviteClient(adam, in)
	wantKind(t, err, domain.KindInvalid)
	if domain.FieldOf(err) != "bought-by" {
		t.Fatalf("field %q", domain.FieldOf(err))
	}
	in.Package = entryMonthly
	in.BoughtBy = "dan"
	_, err = d.svc.InviteClient(adam, in)
	wantKind(t, err, domain.KindConflict) // subscribed to, not assigned
	if _, err := d.svc.ShowPerson(adam, "kim"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("a refused invitation added kim: %v", err)
	}
	in.Package = 2
	out, err := d.svc.InviteClient(adam, in)
	must(t, err)
	if out.Package == nil || out.Package.Client.Handle != "kim" || out.Package.BoughtFor() != "Dan Kline for Kim Kline" || out.Package.Package.Pending {
		t.Fatalf("invited with %+v", out.Package)
	}
}
