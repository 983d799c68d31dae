package demo

import (
	"fmt"
	"strconv"
	"time"

	"behalf/domain"
)

// The generated organisation's subscriptions (R55): sc.Subscriptions
// clients, spread evenly over the client list, subscribe once each — to
// the demo's Monthly check-in or to a fortnightly session made here —
// bought by the client or by a contact with billing, some periods ago.
// Every period started since is invoiced as the scheduler would have: an
// invoice naming the subscription and the period, and the period's
// package, usable once that invoice is paid. Older periods are paid; an
// active subscription's latest may still be open. Most subscriptions are
// active and wait for a period that starts after today, so a scheduler
// pass at the moment of generation finds nothing due; some are paused,
// cancelled or ended.
//
// The last twentieth are paused on the fortnightly entry with a period
// starting on the day of generation: resuming those makes their invoices
// due at once. Being the newest, they lead `subscriptions list`, where the
// load tool's --resume-burst finds them.
//
// Every record is written without an id and takes the next one of its
// collection in Put, so ids are unique by construction, whatever the
// steps before wrote (the packages of the sessions step among them).

// genSub is one subscription before it is written.
type genSub struct {
	client    int32
	buyer     domain.Person
	ws        string // the workspace the buyer bought in
	entry     domain.CatalogEntry
	anchor    time.Time // the first period's first day (a date: UTC midnight)
	periods   int       // periods issued
	status    domain.SubscriptionStatus
	autoRenew bool
	lastOpen  bool // the latest period's invoice is not paid yet
}

// start is the first day of period k (a date), as the domain counts it:
// monthly anchors fall on days 1–28, so a month never clips them.
func (s genSub) start(k int) time.Time {
	every := s.entry.Every
	n, _ := strconv.Atoi(every[:len(every)-1])
	if every[len(every)-1] == 'w' {
		return s.anchor.AddDate(0, 0, 7*n*k)
	}
	return s.anchor.AddDate(0, n*k, 0)
}

// started is how many periods have started by today.
func (s genSub) started(today time.Time) int {
	k := 0
	for !s.start(k).After(today) {
		k++
	}
	return k
}

func (g *largeGen) subscriptions() error {
	sc := g.sc
	if sc.Subscriptions == 0 {
		return nil
	}
	var monthly domain.CatalogEntry
	for _, e := range g.catalog {
		if e.Every == "1m" {
			monthly = e
		}
	}
	if monthly.ID == 0 {
		return fmt.Errorf("the demo's catalogue has no monthly entry to subscribe to")
	}
	fortnightly := domain.CatalogEntry{Name: "Fortnightly session", Sessions: 1, PriceCents: 9500, Currency: g.org.Currency, ValidityDays: 21,
		Created: g.now.AddDate(-2, 0, 0).UTC(), CreatedBy: g.owner.ID, Purchasable: true, Every: "2w"}
	if err := g.s.Seed(func(w *domain.Seeder) error { return w.Put(&fortnightly) }); err != nil {
		return err
	}

	local := g.now.In(g.loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	subs := make([]genSub, sc.Subscriptions)
	for i := range subs {
		ci := int32(i * sc.Clients / sc.Subscriptions)
		c := g.clients[ci]
		s := genSub{client: ci, buyer: c, ws: "me", entry: monthly, status: domain.SubActive, autoRenew: true}
		if g.rng.IntN(5) < 2 {
			for _, l := range g.contactL[ci] {
				if l.perms.Has(domain.ContactBilling) {
					s.buyer, s.ws = g.contacts[l.contact], "contact:"+c.Handle
					break
				}
			}
		}
		made := c.Created.In(g.loc)
		since := int(today.Sub(time.Date(made.Year(), made.Month(), made.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
		switch r := g.rng.IntN(100); {
		case i >= sc.Subscriptions-sc.Subscriptions/20: // the burst: paused, a period starting today
			s.entry = fortnightly
			k := 1 + g.rng.IntN(12)
			s.anchor = today.AddDate(0, 0, -14*k)
			s.status, s.periods = domain.SubPaused, 1+g.rng.IntN(k)
		case r < 70 && since >= 31: // monthly, from 1 to 12 months ago
			m := 1 + g.rng.IntN(min(12, since/31))
			s.anchor = time.Date(today.Year(), today.Month()-time.Month(m), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
		default: // fortnightly, from today to a year ago
			s.entry = fortnightly
			s.anchor = today.AddDate(0, 0, -g.rng.IntN(min(since, 365)+1))
		}
		if s.status == domain.SubActive {
			n := s.started(today)
			s.periods = n
			switch r := g.rng.IntN(100); {
			case r < 8:
				s.status, s.periods = domain.SubPaused, 1+g.rng.IntN(n)
			case r < 15:
				s.status, s.periods = domain.SubCancelled, 1+g.rng.IntN(n)
			case r < 20 && n >= 2: // ended when its next period came, auto-renew off
				s.status, s.autoRenew, s.periods = domain.SubEnded, false, 1+g.rng.IntN(n-1)
			case r < 25:
				s.autoRenew = false // ends when the current period does
			}
			s.lastOpen = s.status == domain.SubActive && g.rng.IntN(10) < 4
		}
		subs[i] = s
	}
	scheduler := domain.Person{Handle: domain.SchedulerWorkspace, Name: g.org.Name}
	return g.batch(len(subs), func(w *domain.Seeder, i int) error {
		s := subs[i]
		c := g.clients[s.client]
		// issued is when period k was invoiced: the first when bought, the
		// others by the scheduler as their day began.
		issued := func(k int) time.Time {
			at := domain.StartOfDay(s.start(k), g.loc).Add(5 * time.Minute)
			if k == 0 {
				at = at.Add(9*time.Hour + time.Duration(i%480)*time.Minute)
			}
			return minTime(at, g.now.Add(-time.Minute)).UTC()
		}
		sub := domain.Subscription{Client: c.ID, Entry: s.entry.ID, Name: s.entry.Name, Every: s.entry.Every, Anchor: s.anchor.Format(domain.DateLayout),
			Status: s.status, AutoRenew: s.autoRenew, NextPeriod: s.periods, Next: s.start(s.periods).Format(domain.DateLayout),
			BoughtBy: s.buyer.ID, Created: issued(0), ChangedBy: s.buyer.ID}
		sub.Changed = sub.Created
		switch s.status {
		case domain.SubEnded:
			sub.Changed, sub.ChangedBy = minTime(domain.StartOfDay(s.start(s.periods), g.loc).Add(5*time.Minute), g.now.Add(-time.Minute)).UTC(), 0
		case domain.SubPaused, domain.SubCancelled:
			sub.Changed = minTime(issued(s.periods-1).Add(time.Duration(1+i%200)*time.Hour), g.now.Add(-time.Minute)).UTC()
		}
		if err := w.Put(&sub); err != nil {
			return err
		}
		target := "subscription " + sub.ID.String()
		for k := range s.periods {
			at := issued(k)
			end := s.start(k+1).AddDate(0, 0, -1)
			inv := domain.Invoice{Client: c.ID, Status: domain.InvoiceOpen, Currency: s.entry.Currency, Issued: at,
				Due:          domain.AddDays(domain.StartOfDay(at.In(g.loc), g.loc), domain.InvoiceDueDays, g.loc).Format(domain.DateLayout),
				Subscription: sub.ID, Period: k, TotalCents: s.entry.PriceCents,
				Items: []domain.LineItem{{Text: fmt.Sprintf("%s, %s to %s", s.entry.Name, s.start(k).Format(domain.DateLayout), end.Format(domain.DateLayout)),
					AmountCents: s.entry.PriceCents}}}
			if k == 0 {
				inv.IssuedBy = s.buyer.ID
				if s.buyer.ID != c.ID {
					inv.IssuedFor = c.ID
				}
			}
			if err := w.Put(&inv); err != nil {
				return err
			}
			p := domain.ClientPackage{Client: c.ID, Entry: s.entry.ID, Name: s.entry.Name, SessionsTotal: s.entry.Sessions, PriceCents: s.entry.PriceCents,
				Currency: s.entry.Currency, Assigned: at, AssignedBy: inv.IssuedBy, BoughtBy: s.buyer.ID, Invoice: inv.ID, Pending: true,
				ValidityDays: s.entry.ValidityDays, Subscription: sub.ID}
			valid := at
			if last := k == s.periods-1; !(last && s.lastOpen) {
				paid := minTime(at.Add(time.Duration(1+(i+k)%96)*time.Hour), g.now.Add(-time.Minute)).UTC()
				pm := domain.Payment{Invoice: inv.ID, Client: c.ID, Payer: s.buyer.ID, AmountCents: inv.TotalCents, Currency: inv.Currency, At: paid}
				if err := w.Put(&pm); err != nil {
					return err
				}
				inv.PaidCents, inv.Status, inv.Closed, inv.ClosedBy = inv.TotalCents, domain.InvoicePaid, paid, s.buyer.ID
				if err := w.Put(&inv); err != nil {
					return err
				}
				p.Pending, valid = false, paid
				g.auditAt(paid, s.buyer, s.ws, domain.ActInvoicesPay, "invoice "+inv.ID.String(), c.ID, s.buyer.ID,
					fmt.Sprintf("payment %s of %s by %s for %s", pm.ID, domain.Money(pm.AmountCents, pm.Currency), s.buyer.Handle, c.Handle))
			}
			p.Expires = domain.AddDays(domain.StartOfDay(valid.In(g.loc), g.loc), s.entry.ValidityDays, g.loc).Format(domain.DateLayout)
			if err := w.Put(&p); err != nil {
				return err
			}
			if k == 0 {
				g.auditAt(at, s.buyer, s.ws, domain.ActPackagesBuy, target, c.ID, s.buyer.ID,
					fmt.Sprintf("%s, %s for %s; first invoice %s, package %s; bought by %s for %s", s.entry.Name, domain.EveryWords(s.entry.Every),
						domain.Money(s.entry.PriceCents, s.entry.Currency), inv.ID, p.ID, s.buyer.Handle, c.Handle))
			} else {
				g.auditAt(at, scheduler, domain.SchedulerWorkspace, domain.ActSubscriptionsIssue, target, c.ID, 0,
					fmt.Sprintf("period %d: invoice %s for %s, package %s", k+1, inv.ID, domain.Money(inv.TotalCents, inv.Currency), p.ID))
			}
		}
		switch {
		case s.status == domain.SubPaused:
			g.auditAt(sub.Changed, s.buyer, s.ws, domain.ActSubscriptionsPause, target, c.ID, 0, sub.Name+" paused: no invoices until it is resumed")
		case s.status == domain.SubCancelled:
			g.auditAt(sub.Changed, s.buyer, s.ws, domain.ActSubscriptionsCancel, target, c.ID, 0, sub.Name+" cancelled")
		case s.status == domain.SubEnded:
			g.auditAt(sub.Changed, scheduler, domain.SchedulerWorkspace, domain.ActSubscriptionsRenew, target, c.ID, 0, sub.Name+" ended, since auto-renew was off")
		case !s.autoRenew:
			g.auditAt(sub.Changed, s.buyer, s.ws, domain.ActSubscriptionsRenew, target, c.ID, 0, sub.Name+" auto-renew off: it ends on "+sub.Next)
		}
		return nil
	})
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
