package cli

import (
	"behalf/domain"
)

// Buying packages and managing subscriptions in the portal (R55).

func init() {
	register(
		&command{noun: "packages", verb: "buy", maxArgs: 0, summary: "buy a package from the catalogue for a client (a recurring one subscribes)",
			flags: []flagSpec{
				{name: "package", arg: "ID", usage: "the catalogue package", req: true},
				{name: "client", arg: "H", usage: "the client it is for (in your portal or a contact workspace, that client)"},
			}, run: runPackagesBuy},
		&command{noun: "packages", verb: "cancel", args: "ID", minArgs: 1, maxArgs: 1, summary: "cancel a purchase nothing is paid on: its invoice is voided and the package removed",
			run: runPackagesCancel},
		&command{noun: "subscriptions", verb: "list", maxArgs: 0, summary: "recurring packages and when each is invoiced next",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "only this client's subscriptions"},
				{name: "limit", arg: "N", usage: "at most N subscriptions (default 50)"},
			}, run: runSubscriptionsList},
		&command{noun: "subscriptions", verb: "pause", args: "ID", minArgs: 1, maxArgs: 1, summary: "stop invoicing a subscription until it is resumed",
			run: runSubscriptionChange(domain.SubPause, "Paused")},
		&command{noun: "subscriptions", verb: "resume", args: "ID", minArgs: 1, maxArgs: 1, summary: "invoice a paused subscription again from its next period",
			run: runSubscriptionChange(domain.SubResume, "Resumed")},
		&command{noun: "subscriptions", verb: "cancel", args: "ID", minArgs: 1, maxArgs: 1, summary: "end a subscription for good (an unpaid current invoice is voided)",
			run: runSubscriptionChange(domain.SubCancelNow, "Cancelled")},
		&command{noun: "subscriptions", verb: "renew", args: "ID", minArgs: 1, maxArgs: 1, summary: "turn auto-renew off (it ends with its period) or on",
			flags: []flagSpec{
				{name: "off", kind: boolf, usage: "no further invoices: it ends when the current period does"},
				{name: "on", kind: boolf, usage: "invoice each next period again"},
			}, run: runSubscriptionsRenew},
	)
}

type subscriptionJSON struct {
	ID            string `json:"id"`
	Client        string `json:"client"`
	Package       string `json:"package"` // the catalogue package
	Name          string `json:"name"`
	Every         string `json:"every"`
	Status        string `json:"status"`
	AutoRenew     bool   `json:"auto_renew"`
	NextInvoiceOn string `json:"next_invoice_on"`
	EndsOn        string `json:"ends_on,omitempty"`
	BoughtBy      string `json:"bought_by"`
}

func subscriptionView(s domain.SubscriptionView) subscriptionJSON {
	v := subscriptionJSON{ID: s.Sub.ID.String(), Client: s.Client.Handle, Package: s.Sub.Entry.String(), Name: s.Sub.Name, Every: s.Sub.Every,
		Status: string(s.Sub.Status), AutoRenew: s.Sub.AutoRenew, NextInvoiceOn: s.NextInvoiceOn, EndsOn: s.EndsOn}
	if s.BoughtBy != nil {
		v.BoughtBy = s.BoughtBy.Handle
	}
	return v
}

// subscriptionWhen says what happens next to a subscription.
func subscriptionWhen(s domain.SubscriptionView) string {
	switch {
	case s.NextInvoiceOn != "":
		return "next invoice " + s.NextInvoiceOn
	case s.EndsOn != "":
		return "ends " + s.EndsOn
	}
	return "-"
}

func runPackagesBuy(c *call) error {
	id, err := domain.ParseID(c.str("package"))
	if err != nil {
		return err
	}
	p, err := c.env.Service.BuyPackage(c.who, c.str("client"), id)
	if err != nil {
		return err
	}
	out := struct {
		Package      packageJSON       `json:"package"`
		Invoice      invoiceJSON       `json:"invoice"`
		Subscription *subscriptionJSON `json:"subscription,omitempty"`
	}{Package: packageView(p.Package), Invoice: invoiceView(p.Invoice, false)}
	if p.Subscription != nil {
		sv := subscriptionView(*p.Subscription)
		out.Subscription = &sv
	}
	return c.emit(out, func(w *textOut) {
		inv := p.Invoice.Invoice
		w.line("Bought: package " + p.Package.Package.ID.String() + " (" + p.Package.Package.Name + "), " + p.Package.BoughtFor() + ".")
		if p.Subscription != nil {
			w.line("Subscription " + p.Subscription.Sub.ID.String() + " renews " + domain.EveryWords(p.Subscription.Sub.Every) + "; " + subscriptionWhen(*p.Subscription) + ".")
		}
		w.line("Invoice " + inv.ID.String() + " of " + domain.Money(inv.TotalCents, inv.Currency) + " is due " + inv.Due +
			"; the package can be used once it is paid: invoices pay " + inv.ID.String())
	})
}

func runPackagesCancel(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	inv, err := c.env.Service.CancelPurchase(c.who, id)
	if err != nil {
		return err
	}
	return c.emit(invoiceView(inv, false), func(w *textOut) {
		w.line("Cancelled: the purchase of package " + id.String() + "; invoice " + inv.Invoice.ID.String() + " is void and the package removed.")
	})
}

func runSubscriptionsList(c *call) error {
	f := domain.SubscriptionFilter{Client: c.str("client")}
	if c.set("limit") {
		n, err := parseCount(c, "limit", 1, domain.MaxPage)
		if err != nil {
			return err
		}
		f.Limit = n
	}
	subs, err := c.env.Service.ListSubscriptions(c.who, f)
	if err != nil {
		return err
	}
	out := make([]subscriptionJSON, 0, len(subs))
	for _, s := range subs {
		out = append(out, subscriptionView(s))
	}
	return c.emit(out, func(w *textOut) {
		w.table("No subscriptions.", "ID", "CLIENT", "PACKAGE", "RENEWS", "STATUS", "NEXT", "BOUGHT BY")
		for _, s := range subs {
			by := "-"
			if s.BoughtBy != nil {
				by = s.BoughtBy.Handle
			}
			w.row(s.Sub.ID.String(), s.Client.Handle, s.Sub.Name, domain.EveryWords(s.Sub.Every), string(s.Sub.Status), subscriptionWhen(s), by)
		}
	})
}

func runSubscriptionChange(ch domain.SubscriptionChange, done string) func(c *call) error {
	return func(c *call) error {
		id, err := c.idArg()
		if err != nil {
			return err
		}
		s, err := c.env.Service.ChangeSubscription(c.who, id, ch)
		if err != nil {
			return err
		}
		return c.emit(subscriptionView(s), func(w *textOut) {
			w.line(done + ": subscription " + s.Sub.ID.String() + " (" + s.Sub.Name + ") for " + s.Client.Handle + "; " + subscriptionWhen(s) + ".")
		})
	}
}

func runSubscriptionsRenew(c *call) error {
	on, off := c.flag("on"), c.flag("off")
	if on == off {
		return usagef(c.cmd, "give --off or --on")
	}
	ch, done := domain.SubRenewOff, "Auto-renew off"
	if on {
		ch, done = domain.SubRenewOn, "Auto-renew on"
	}
	return runSubscriptionChange(ch, done)(c)
}
