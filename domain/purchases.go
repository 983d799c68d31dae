package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// Buying a package in the portal (R55): the client, or a contact whose
// link carries billing, buys a purchasable catalogue entry for the client.
// One use case makes the client's package, not yet usable, and an open
// invoice for its price; paying the invoice in full makes the package
// usable (PayInvoice calls settlePurchase); voiding it, or cancelling the
// purchase, removes the package. A recurring entry is bought by
// subscribing (subscriptions.go), and each period is sold the same way.

const (
	ActPackagesBuy    Action = "packages.buy"
	ActPackagesCancel Action = "packages.cancel" // an unpaid purchase
)

// Bounds on a recurring entry's period.
const (
	maxEveryMonths = 12
	maxEveryWeeks  = 52
)

// ParseEvery reads how often a recurring entry renews: "Nm" (N months,
// 1–12) or "Nw" (N weeks, 1–52), returned in that canonical form.
func ParseEvery(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	bad := invalidf("%q is not a period: write 1m for monthly or 2w for every two weeks", clip(s, 12))
	if len(t) < 2 {
		return "", bad
	}
	n, err := strconv.Atoi(t[:len(t)-1])
	if err != nil || n < 1 {
		return "", bad
	}
	switch t[len(t)-1] {
	case 'm':
		if n > maxEveryMonths {
			return "", invalidf("a package renews at most every %d months, not %d", maxEveryMonths, n)
		}
	case 'w':
		if n > maxEveryWeeks {
			return "", invalidf("a package renews at most every %d weeks, not %d", maxEveryWeeks, n)
		}
	default:
		return "", bad
	}
	return strconv.Itoa(n) + t[len(t)-1:], nil
}

// everyParts splits a canonical period into its count and unit ('m', 'w').
func everyParts(every string) (int, byte) {
	if len(every) < 2 {
		return 0, 0
	}
	n, _ := strconv.Atoi(every[:len(every)-1])
	return n, every[len(every)-1]
}

// EveryWords says a period for people: "every month", "every 2 weeks".
func EveryWords(every string) string {
	n, unit := everyParts(every)
	word := map[byte]string{'m': "month", 'w': "week"}[unit]
	if n == 0 || word == "" {
		return "once"
	}
	if n == 1 {
		return "every " + word
	}
	return fmt.Sprintf("every %d %ss", n, word)
}

// saleTerms checks and sets how an entry is sold (R55), and says it for
// the audit. A recurring entry is always purchasable: subscribing is
// buying it. A purchasable entry has a price, since its invoice needs one.
func saleTerms(e *CatalogEntry, in NewCatalogEntry) (string, error) {
	e.Purchasable = in.Purchasable
	if strings.TrimSpace(in.Every) != "" {
		every, err := ParseEvery(in.Every)
		if err != nil {
			return "", inField("every", err)
		}
		e.Every, e.Purchasable = every, true
	}
	if e.Purchasable && e.PriceCents == 0 {
		return "", inField("price", invalidf("a package clients buy needs a price above 0"))
	}
	switch {
	case e.Every != "":
		return ", renews " + EveryWords(e.Every) + ", for sale in the portal", nil
	case e.Purchasable:
		return ", for sale in the portal", nil
	}
	return "", nil
}

// Purchase is what BuyPackage made: the package, its invoice and, for a
// recurring entry, the subscription.
type Purchase struct {
	Package      PackageView
	Invoice      InvoiceView
	Subscription *SubscriptionView
}

// BoughtFor says who bought a package for whom, as the reader sees them:
// "Eve Evans for Jane Smith", or "Jane Smith" when the client did.
func (p PackageView) BoughtFor() string {
	if p.BoughtBy == nil {
		return ""
	}
	if p.BoughtBy.ID == p.Client.ID {
		return p.Client.Name
	}
	return p.BoughtBy.Name + " for " + p.Client.Name
}

// BuyPackage buys a purchasable catalogue entry for a client (R55): by
// the client, or a contact whose link carries billing. The package
// belongs to the client, never to the contact (R37), and waits for its
// invoice to be paid in full. A recurring entry starts a subscription.
func (s *Service) BuyPackage(who Who, client string, entry ID) (Purchase, error) {
	var out Purchase
	err := s.write(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return inField("client", err)
		}
		if err := o.authorize(ActPackagesBuy, Target{Client: &c}); err != nil {
			return err
		}
		if !c.Active() {
			return conflictf("%s is deactivated; nothing can be bought for them", c.Name)
		}
		e, err := loadCatalogEntry(o.tx, entry)
		if err != nil {
			return inField("package", err)
		}
		if !e.Purchasable {
			return inField("package", conflictf("%s is not sold in the portal; ask the practice to assign it", e.Name))
		}
		if e.Every != "" {
			return o.subscribe(c, e, &out)
		}
		p, inv, err := o.sell(c, e, o.a.Actor.ID, nil)
		if err != nil {
			return err
		}
		v := o.newViewer()
		out.Package, out.Invoice = v.pkg(p), v.invoice(inv, false)
		return o.audit(ActPackagesBuy, record{Target: "package " + p.ID.String(), Client: c.ID, Person: o.a.Actor.ID,
			Detail: fmt.Sprintf("%s for %s, invoice %s; bought by %s for %s", e.Name, Money(inv.TotalCents, inv.Currency), inv.ID, o.a.Actor.Handle, c.Handle)})
	})
	return out, err
}

// sell makes a client's package from an entry, not yet usable, and the
// open invoice for its price; for a subscription's period the invoice
// carries the subscription and period, which the store keeps unique, so
// a period is invoiced exactly once whoever tries again (R55).
func (o *op) sell(c Person, e CatalogEntry, buyer ID, sub *Subscription) (ClientPackage, Invoice, error) {
	loc := o.a.Org.Location()
	text := e.Name
	inv := Invoice{Client: c.ID, Status: InvoiceOpen, Currency: e.Currency, Issued: o.now, IssuedBy: o.a.Actor.ID, IssuedFor: o.a.OnBehalfOf(),
		Due: addDays(o.today(), invoiceDueDays, loc).Format(DateLayout)}
	if sub != nil {
		start := sub.periodStart(sub.NextPeriod, loc)
		end := addDays(sub.periodStart(sub.NextPeriod+1, loc), -1, loc)
		text = fmt.Sprintf("%s, %s to %s", e.Name, start.Format(DateLayout), end.Format(DateLayout))
		inv.Subscription, inv.Period = sub.ID, sub.NextPeriod
	}
	inv.Items = []LineItem{{Text: text, AmountCents: e.PriceCents}}
	inv.TotalCents = e.PriceCents
	if err := saveInvoice(o.tx, &inv); err != nil {
		return ClientPackage{}, inv, err
	}
	p := ClientPackage{Client: c.ID, Entry: e.ID, Name: e.Name, SessionsTotal: e.Sessions, PriceCents: e.PriceCents, Currency: e.Currency,
		Expires: addDays(o.today(), e.ValidityDays, loc).Format(DateLayout), Assigned: o.now, AssignedBy: o.a.Actor.ID,
		BoughtBy: buyer, Invoice: inv.ID, Pending: true, ValidityDays: e.ValidityDays}
	if sub != nil {
		p.Subscription = sub.ID
	}
	if err := savePackage(o.tx, &p); err != nil {
		return p, inv, err
	}
	o.touchPractice(c.ID, buyer)
	words := say("Invoice "+inv.ID.String()+" for ", c, fmt.Sprintf(": %s, %s, due %s.", text, Money(inv.TotalCents, inv.Currency), inv.Due))
	if sub == nil {
		words = say(o.me(), " bought "+e.Name+" for ", c, fmt.Sprintf(": invoice %s, %s, due %s; it can be used once paid.", inv.ID, Money(inv.TotalCents, inv.Currency), inv.Due))
	}
	return p, inv, o.practiceNotify("invoice_issued", c.ID, words, o.clientSide(c.ID, ContactBilling)...)
}

// purchaseOf is the package an invoice sold, if it sold one.
func purchaseOf(tx Tx, inv ID) (ClientPackage, bool, error) {
	id, err := tx.Lookup(colPackages, "invoice", inv.Key())
	if KindOf(err) == KindNotFound {
		return ClientPackage{}, false, nil
	}
	if err != nil {
		return ClientPackage{}, false, err
	}
	p, err := loadPackage(tx, id)
	return p, err == nil, err
}

// settlePurchase makes the package an invoice sold usable once the
// invoice is paid in full (R55); its validity counts from that day. It
// says what it did, for the payment's audit entry.
func (o *op) settlePurchase(inv Invoice) (string, error) {
	if inv.Status != InvoicePaid {
		return "", nil
	}
	p, ok, err := purchaseOf(o.tx, inv.ID)
	if err != nil || !ok || !p.Pending {
		return "", err
	}
	p.Pending = false
	p.Expires = addDays(o.today(), p.ValidityDays, o.a.Org.Location()).Format(DateLayout)
	if err := savePackage(o.tx, &p); err != nil {
		return "", err
	}
	o.touchPractice(p.Client, p.BoughtBy)
	return fmt.Sprintf("; package %s (%s) usable until %s", p.ID, p.Name, p.Expires), nil
}

// dropPurchase removes the package a voided invoice sold: nobody paid
// for it, so it never becomes usable.
func (o *op) dropPurchase(inv Invoice) (string, error) {
	p, ok, err := purchaseOf(o.tx, inv.ID)
	if err != nil || !ok || !p.Pending {
		return "", err
	}
	if err := o.tx.Delete(colPackages, p.ID); err != nil {
		return "", err
	}
	o.touchPractice(p.Client, p.BoughtBy)
	return fmt.Sprintf("; package %s (%s) removed", p.ID, p.Name), nil
}

// CancelPurchase cancels a purchase nothing has been paid on (R55): its
// invoice is voided and the package removed. The client, a billing
// contact, or the team that invoices the client may. A subscription's
// period is cancelled with the subscription.
func (s *Service) CancelPurchase(who Who, id ID) (InvoiceView, error) {
	var out InvoiceView
	err := s.write(who, func(o *op) error {
		p, err := loadPackage(o.tx, id)
		if err == nil {
			err = o.inSight(p.Client, notFoundf("no package %s", id))
		}
		if err != nil {
			return err
		}
		c := o.newViewer().person(p.Client)
		if err := o.authorize(ActPackagesCancel, Target{Client: &c}); err != nil {
			return err
		}
		switch {
		case p.Invoice == 0:
			return conflictf("package %s (%s) was assigned, not bought; only a purchase is cancelled", id, p.Name)
		case p.Subscription != 0:
			return conflictf("package %s (%s) is a period of subscription %s; cancel the subscription instead", id, p.Name, p.Subscription)
		case !p.Pending:
			return conflictf("package %s (%s) is paid for; a paid purchase is not cancelled", id, p.Name)
		}
		inv, err := loadInvoice(o.tx, p.Invoice)
		if err != nil {
			return err
		}
		if inv.PaidCents > 0 {
			return conflictf("invoice %s of package %s has payments of %s; a purchase with payments is not cancelled", inv.ID, id, Money(inv.PaidCents, inv.Currency))
		}
		detail, err := o.voidPurchase(&inv)
		if err != nil {
			return err
		}
		out = o.newViewer().invoice(inv, false)
		if err := o.practiceNotify("invoice_issued", c.ID, say(o.me(), fmt.Sprintf(" cancelled the purchase of %s for ", p.Name), c,
			fmt.Sprintf("; invoice %s is void.", inv.ID)), o.clientSide(c.ID, ContactBilling)...); err != nil {
			return err
		}
		return o.audit(ActPackagesCancel, record{Target: "package " + id.String(), Client: c.ID, Person: p.BoughtBy,
			Detail: "voided invoice " + inv.ID.String() + " of " + Money(inv.TotalCents, inv.Currency) + detail})
	})
	return out, err
}

// voidPurchase voids an unpaid purchase's invoice and removes its package.
func (o *op) voidPurchase(inv *Invoice) (string, error) {
	inv.Status, inv.Closed, inv.ClosedBy = InvoiceVoid, o.now, o.a.Actor.ID
	if err := saveInvoice(o.tx, inv); err != nil {
		return "", err
	}
	return o.dropPurchase(*inv)
}

// verifyPurchases: a package sold by an invoice belongs to that invoice's
// client and waits exactly while the invoice is open; a paid invoice's
// package is usable, a void one's is gone (R55). Runs after invoices.
func verifyPurchases(v *verification) error {
	return each(v.tx, colPackages, Query{}, func(p ClientPackage) (bool, error) {
		if p.Invoice == 0 {
			if p.Pending {
				v.add("package %s waits for payment but has no invoice", p.ID)
			}
			return true, nil
		}
		inv, ok := v.invoices[p.Invoice]
		switch {
		case !ok:
			v.add("package %s was sold by invoice %s, which does not exist", p.ID, p.Invoice)
		case inv.Client != p.Client:
			v.add("package %s belongs to another client than its invoice %s", p.ID, inv.ID)
		case p.Pending && inv.Status != InvoiceOpen:
			v.add("package %s waits for invoice %s, which is %s", p.ID, inv.ID, inv.Status) // R55
		case !p.Pending && inv.Status != InvoicePaid:
			v.add("package %s is usable but its invoice %s is %s", p.ID, inv.ID, inv.Status) // R55
		case inv.Subscription != p.Subscription:
			v.add("package %s and its invoice %s name different subscriptions", p.ID, inv.ID)
		}
		return true, nil
	})
}

// periodKey is the unique key of a subscription's period (R55).
func periodKey(sub ID, period int) string { return sub.Key() + "/" + fmt.Sprintf("%06d", period) }
