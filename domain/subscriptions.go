package domain

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// Subscriptions (R55): buying a recurring catalogue entry subscribes the
// client. Each period sells the entry again — an open invoice and the
// period's package, usable once paid (purchases.go) — the first when
// subscribing, the next ones when the scheduler finds them due (RenewDue).
//
// Exactly once is a property of the transaction that issues a period, not
// of whoever runs it: the invoice is stored under a unique key of the
// subscription and period (periodKey), and the subscription's NextPeriod
// moves on in the same transaction. Two servers, a restart halfway, or a
// pass that runs twice can at worst try again and be refused; a period
// missed while nobody ran the scheduler is still due, and issued when it
// next runs.

const colSubscriptions Collection = "subscriptions"

const (
	ActSubscriptionsList   Action = "subscriptions.list"
	ActSubscriptionsPause  Action = "subscriptions.pause"
	ActSubscriptionsResume Action = "subscriptions.resume"
	ActSubscriptionsRenew  Action = "subscriptions.renew" // auto-renew off or on
	ActSubscriptionsCancel Action = "subscriptions.cancel"
	// ActSubscriptionsIssue is the scheduler issuing a period; nobody asks
	// for it, so its rule refuses everyone.
	ActSubscriptionsIssue Action = "subscriptions.issue"
)

// SubscriptionStatus is where a subscription stands.
type SubscriptionStatus string

const (
	SubActive    SubscriptionStatus = "active"
	SubPaused    SubscriptionStatus = "paused"
	SubEnded     SubscriptionStatus = "ended"     // auto-renew was off when its period ran out
	SubCancelled SubscriptionStatus = "cancelled" // by someone, for good
)

// Subscription is a client's recurring package (R55).
type Subscription struct {
	ID     ID                 `json:"id"`
	Client ID                 `json:"client"`
	Entry  ID                 `json:"entry"`
	Name   string             `json:"name"`
	Every  string             `json:"every"`  // ParseEvery's form
	Anchor string             `json:"anchor"` // the first period's first day, 2006-01-02
	Status SubscriptionStatus `json:"status"`
	// AutoRenew: the next period is issued when it starts; off, the
	// subscription ends when the current period does.
	AutoRenew bool `json:"auto_renew"`
	// NextPeriod is the number of the next period to issue (0 is the
	// first); Next is the day it starts.
	NextPeriod int       `json:"next_period"`
	Next       string    `json:"next"`
	BoughtBy   ID        `json:"bought_by"`
	Created    time.Time `json:"created"`
	Changed    time.Time `json:"changed"`
	ChangedBy  ID        `json:"changed_by"`
}

// periodStart is the first day of period k in loc: the anchor plus k
// periods, a month's day kept or, past the month's end, its last day.
func (s Subscription) periodStart(k int, loc *time.Location) time.Time {
	a, err := ParseDay(s.Anchor)
	if err != nil {
		return time.Time{}
	}
	n, unit := everyParts(s.Every)
	if unit == 'w' {
		return startOfDay(a.AddDate(0, 0, 7*n*k), loc)
	}
	first := time.Date(a.Year(), a.Month()+time.Month(n*k), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return startOfDay(time.Date(first.Year(), first.Month(), min(a.Day(), last), 0, 0, 0, 0, time.UTC), loc)
}

// due says whether the subscription waits for the scheduler: active, and
// its next period has a day. Only these are in the "due" index, so a pass
// reads the ones due and nothing else.
func (s Subscription) dueKey() string { return s.Next + "/" + s.ID.Key() }

func saveSubscription(tx Tx, s *Subscription) error {
	if err := newID(tx, colSubscriptions, &s.ID); err != nil {
		return err
	}
	idx := []Index{{Name: "client", Key: pairKey(s.Client, s.ID)}}
	if s.Status == SubActive {
		idx = append(idx, Index{Name: "due", Key: s.dueKey()})
	}
	return tx.Put(colSubscriptions, s.ID, s, idx...)
}

func loadSubscription(tx Tx, id ID) (Subscription, error) {
	s, err := get[Subscription](tx, colSubscriptions, id)
	if KindOf(err) == KindNotFound {
		return s, noSubscription(id)
	}
	return s, err
}

func noSubscription(id ID) error {
	return notFoundf("no subscription %s; see `subscriptions list`", id)
}

// subscribe starts a subscription to e for c and issues its first period.
func (o *op) subscribe(c Person, e CatalogEntry, out *Purchase) error {
	today := o.today().Format(DateLayout)
	sub := Subscription{Client: c.ID, Entry: e.ID, Name: e.Name, Every: e.Every, Anchor: today, Status: SubActive, AutoRenew: true,
		Next: today, BoughtBy: o.a.Actor.ID, Created: o.now, Changed: o.now, ChangedBy: o.a.Actor.ID}
	if err := saveSubscription(o.tx, &sub); err != nil {
		return err
	}
	p, inv, err := o.issuePeriod(&sub, e)
	if err != nil {
		return err
	}
	v := o.newViewer()
	sv := v.subscription(sub)
	out.Package, out.Invoice, out.Subscription = v.pkg(p), v.invoice(inv, false), &sv
	return o.audit(ActPackagesBuy, record{Target: "subscription " + sub.ID.String(), Client: c.ID, Person: o.a.Actor.ID,
		Detail: fmt.Sprintf("%s, %s for %s; first invoice %s, package %s; bought by %s for %s", e.Name, EveryWords(e.Every), Money(e.PriceCents, e.Currency),
			inv.ID, p.ID, o.a.Actor.Handle, c.Handle)})
}

// issuePeriod sells the subscription's next period and moves it on.
func (o *op) issuePeriod(sub *Subscription, e CatalogEntry) (ClientPackage, Invoice, error) {
	c, err := loadPerson(o.tx, sub.Client)
	if err != nil {
		return ClientPackage{}, Invoice{}, err
	}
	p, inv, err := o.sell(c, e, sub.BoughtBy, sub)
	if err != nil {
		if KindOf(err) == KindConflict {
			return p, inv, conflictf("period %d of subscription %s is already invoiced", sub.NextPeriod+1, sub.ID) // R55
		}
		return p, inv, err
	}
	sub.NextPeriod++
	sub.Next = sub.periodStart(sub.NextPeriod, o.a.Org.Location()).Format(DateLayout)
	return p, inv, saveSubscription(o.tx, sub)
}

// --- the scheduler's part

// SchedulerWorkspace is where the scheduler's changes are recorded.
const SchedulerWorkspace = "scheduler"

// system runs fn as the organisation itself (the scheduler), in one
// read-write transaction, refused like every write while the account is
// cancelled (R56).
func (s *Service) system(fn func(*op) error) error {
	return s.store.Update(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		now := s.Now()
		a := &Access{Org: org, Actor: Person{Handle: SchedulerWorkspace, Name: org.Name}, Workspace: Workspace{ID: SchedulerWorkspace}, now: now}
		o := &op{s: s, tx: tx, a: a, now: now}
		if err := o.writable(); err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
		return o.err
	})
}

// dueBatch bounds how many subscriptions one transaction of RenewDue reads.
const dueBatch = 200

// due lists subscriptions whose next period has started by today, with
// the period each waits for, at most limit.
func (s *Service) due(limit int) ([]Subscription, error) {
	var out []Subscription
	err := s.store.View(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil || !org.Cancelled.IsZero() {
			return err // a cancelled account issues nothing (R56)
		}
		loc := org.Location()
		today := s.Now().In(loc).Format(DateLayout)
		return tx.Scan(colSubscriptions, Query{Index: "due"}, func(key string, id ID) (bool, error) {
			if key[:len(DateLayout)] > today {
				return false, nil
			}
			sub, err := loadSubscription(tx, id)
			if err != nil {
				return false, err
			}
			out = append(out, sub)
			return len(out) < limit, nil
		})
	})
	return out, err
}

// RenewDue issues every subscription period that has started and is not
// invoiced yet, each in its own transaction, and returns how many it
// issued. Periods missed while no scheduler ran are issued now, oldest
// first. Safe to run from several servers or again after a crash: a
// period already issued is skipped (issueDue checks, and the invoice's
// unique period key refuses a second).
func (s *Service) RenewDue() (int, error) {
	issued := 0
	for {
		subs, err := s.due(dueBatch)
		if err != nil || len(subs) == 0 {
			return issued, err
		}
		moved := 0
		for _, sub := range subs {
			did, err := s.issueDue(sub.ID, sub.NextPeriod)
			switch {
			case KindOf(err) == KindConflict:
				// another server issued it first: nothing to do
			case err != nil:
				return issued, err
			case did:
				issued++
			}
			if err == nil || KindOf(err) == KindConflict {
				moved++
			}
		}
		if moved == 0 {
			return issued, nil
		}
	}
}

// issueDue issues period of subscription id if it is still the one due;
// it reports whether it issued an invoice (an ended or paused one did not).
func (s *Service) issueDue(id ID, period int) (bool, error) {
	issued := false
	err := s.system(func(o *op) error {
		issued = false // fn may run again after a shared commit rolled back (docs/architecture.md)
		sub, err := loadSubscription(o.tx, id)
		if err != nil {
			return err
		}
		today := o.today().Format(DateLayout)
		if sub.Status != SubActive || sub.NextPeriod != period || sub.Next > today {
			return nil // someone else got here first
		}
		c, err := loadPerson(o.tx, sub.Client)
		if err != nil {
			return err
		}
		switch {
		case !sub.AutoRenew:
			sub.Status, sub.Changed, sub.ChangedBy = SubEnded, o.now, 0
			if err := saveSubscription(o.tx, &sub); err != nil {
				return err
			}
			o.touchPractice(c.ID)
			return o.subscriptionNews(ActSubscriptionsRenew, sub, c, "ended, since auto-renew was off", "")
		case !c.Active():
			// A deactivated client is not billed; the subscription waits,
			// paused where anyone can see it, for someone to resume it.
			sub.Status, sub.Changed, sub.ChangedBy = SubPaused, o.now, 0
			if err := saveSubscription(o.tx, &sub); err != nil {
				return err
			}
			o.touchPractice(c.ID)
			return o.subscriptionNews(ActSubscriptionsPause, sub, c, "paused, since "+c.Handle+" is deactivated", "")
		}
		e, err := loadCatalogEntry(o.tx, sub.Entry)
		if err != nil {
			return err
		}
		p, inv, err := o.issuePeriod(&sub, e)
		if err != nil {
			return err
		}
		issued = true
		return o.audit(ActSubscriptionsIssue, record{Target: "subscription " + sub.ID.String(), Client: c.ID,
			Detail: fmt.Sprintf("period %d: invoice %s for %s, package %s", period+1, inv.ID, Money(inv.TotalCents, inv.Currency), p.ID)})
	})
	return issued && err == nil, err
}

// --- people managing a subscription

// SubscriptionChange is what `subscriptions pause|resume|renew|cancel` asks.
type SubscriptionChange string

const (
	SubPause     SubscriptionChange = "pause"
	SubResume    SubscriptionChange = "resume"
	SubRenewOff  SubscriptionChange = "renew-off"
	SubRenewOn   SubscriptionChange = "renew-on"
	SubCancelNow SubscriptionChange = "cancel"
)

// Action is the rule-table action ch asks for, for screens that decide
// what to offer (Service.Decide).
func (ch SubscriptionChange) Action() Action {
	switch ch {
	case SubPause:
		return ActSubscriptionsPause
	case SubResume:
		return ActSubscriptionsResume
	case SubCancelNow:
		return ActSubscriptionsCancel
	}
	return ActSubscriptionsRenew
}

// ChangeSubscription pauses, resumes, turns auto-renew off or on, or
// cancels a subscription (R55): the client, a billing contact, or the team
// with invoice_all (invoice_own for clients one coaches). Every change is
// audited and the client's billing side and primary coach are told.
func (s *Service) ChangeSubscription(who Who, id ID, ch SubscriptionChange) (SubscriptionView, error) {
	var out SubscriptionView
	act := ch.Action()
	err := s.write(who, func(o *op) error {
		sub, err := loadSubscription(o.tx, id)
		if err == nil {
			err = o.inSight(sub.Client, noSubscription(id))
		}
		if err != nil {
			return err
		}
		c := o.newViewer().person(sub.Client)
		if err := o.authorize(act, Target{Client: &c}); err != nil {
			return err
		}
		if sub.Status == SubEnded || sub.Status == SubCancelled {
			return conflictf("subscription %s (%s) has %s; subscribe again by buying the package", id, sub.Name, sub.Status)
		}
		loc := o.a.Org.Location()
		var what, extra string
		switch ch {
		case SubPause:
			if sub.Status == SubPaused {
				return conflictf("subscription %s is already paused", id)
			}
			sub.Status, what = SubPaused, "paused: no invoices until it is resumed"
		case SubResume:
			if sub.Status != SubPaused {
				return conflictf("subscription %s is not paused", id)
			}
			if !c.Active() {
				return conflictf("%s is deactivated; reactivate them before resuming", c.Handle)
			}
			// Periods that started while paused are not billed; the next
			// one starting today or later is.
			today := o.today()
			skipped := 0
			for sub.periodStart(sub.NextPeriod, loc).Before(today) {
				sub.NextPeriod++
				skipped++
			}
			sub.Next = sub.periodStart(sub.NextPeriod, loc).Format(DateLayout)
			sub.Status, what = SubActive, "resumed; next invoice on "+sub.Next
			if skipped > 0 {
				extra = "; " + Plural(skipped, "period", "periods") + " skipped while paused"
			}
		case SubRenewOff, SubRenewOn:
			on := ch == SubRenewOn
			if sub.AutoRenew == on {
				return conflictf("auto-renew of subscription %s is already %s", id, map[bool]string{true: "on", false: "off"}[on])
			}
			sub.AutoRenew = on
			if on {
				what = "auto-renew on"
			} else {
				what = "auto-renew off: it ends on " + sub.Next
			}
		case SubCancelNow:
			sub.Status, what = SubCancelled, "cancelled"
			voided, err := o.cancelOpenPeriod(sub)
			if err != nil {
				return err
			}
			extra = voided
		default:
			return invalidf("say pause, resume, renew --off or --on, or cancel")
		}
		sub.Changed, sub.ChangedBy = o.now, o.a.Actor.ID
		if err := saveSubscription(o.tx, &sub); err != nil {
			return err
		}
		o.touchPractice(c.ID, sub.BoughtBy)
		out = o.newViewer().subscription(sub)
		return o.subscriptionNews(act, sub, c, what, extra)
	})
	return out, err
}

// cancelOpenPeriod voids the latest period's invoice if nothing is paid
// on it, and removes its package, as cancelling an unpaid purchase does.
func (o *op) cancelOpenPeriod(sub Subscription) (string, error) {
	if sub.NextPeriod == 0 {
		return "", nil
	}
	id, err := o.tx.Lookup(colInvoices, "period", periodKey(sub.ID, sub.NextPeriod-1))
	if KindOf(err) == KindNotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	inv, err := loadInvoice(o.tx, id)
	if err != nil || inv.Status != InvoiceOpen || inv.PaidCents > 0 {
		return "", err
	}
	dropped, err := o.voidPurchase(&inv)
	return "; unpaid invoice " + inv.ID.String() + " voided" + dropped, err
}

// subscriptionNews audits a change and tells the client's billing side.
func (o *op) subscriptionNews(act Action, sub Subscription, c Person, what, extra string) error {
	words := say("Subscription "+sub.ID.String()+" ("+sub.Name+") for ", c, " "+what+".")
	if o.a.Actor.ID != 0 {
		words = append(say(o.me(), ": "), words...)
	}
	if err := o.practiceNotify(string(EventSubscriptionChanged), c.ID, words, o.clientSide(c.ID, ContactBilling)...); err != nil {
		return err
	}
	return o.audit(act, record{Target: "subscription " + sub.ID.String(), Client: c.ID, Detail: sub.Name + " " + what + extra})
}

// --- reading

// SubscriptionView is a subscription as a workspace reads it.
type SubscriptionView struct {
	Sub      Subscription
	Client   Person
	BoughtBy *Party
	// NextInvoiceOn is the day the next invoice is issued; empty when none
	// will be (paused, auto-renew off, ended, cancelled).
	NextInvoiceOn string
	// EndsOn is the day an active subscription without auto-renew ends.
	EndsOn string
}

func (v *practiceView) subscription(s Subscription) SubscriptionView {
	sv := SubscriptionView{Sub: s, Client: v.person(s.Client)}
	if s.BoughtBy != 0 {
		b := v.party(s.BoughtBy, 0, s.Client)
		sv.BoughtBy = &b
	}
	if s.Status == SubActive {
		if s.AutoRenew {
			sv.NextInvoiceOn = s.Next
		} else {
			sv.EndsOn = s.Next
		}
	}
	return sv
}

// SubscriptionFilter selects subscriptions.
type SubscriptionFilter struct {
	Client string // one client; in me and contact workspaces that client
	Limit  int
}

// ListSubscriptions lists subscriptions newest first: the team those of
// clients it has access to (all with invoice_all), the client their own,
// a billing contact their client's.
func (s *Service) ListSubscriptions(who Who, f SubscriptionFilter) ([]SubscriptionView, error) {
	var out []SubscriptionView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		limit := pageSize(f.Limit)
		scan := func(q Query) error {
			n := 0
			return each(o.tx, colSubscriptions, q, func(sub Subscription) (bool, error) {
				if !v.may(ActSubscriptionsList, sub.Client) {
					return true, nil
				}
				out = append(out, v.subscription(sub))
				n++
				return n < limit, nil
			})
		}
		if f.Client != "" || !o.a.Teamish() {
			c, err := o.client(f.Client)
			if err != nil {
				return err
			}
			if err := o.authorize(ActSubscriptionsList, Target{Client: &c}); err != nil {
				return err
			}
			return scan(Query{Index: "client", Prefix: c.ID.Key() + "/", Reverse: true})
		}
		all, clients, err := o.teamClients(PermInvoiceAll)
		if err != nil {
			return err
		}
		if all {
			return scan(Query{Reverse: true})
		}
		for _, c := range clients {
			if err := scan(Query{Index: "client", Prefix: c.Key() + "/", Reverse: true}); err != nil {
				return err
			}
		}
		slices.SortStableFunc(out, func(a, b SubscriptionView) int { return cmp.Compare(b.Sub.ID, a.Sub.ID) })
		out = out[:min(len(out), limit)]
		return nil
	})
	return out, err
}

// --- rules, deletion, checks

// ruleSubscriptionManage (R55): the client, a contact with billing, or
// the team that invoices the client.
func ruleSubscriptionManage(what string) rule {
	side, team := ruleClientSide(ContactBilling, what), ruleBilling(what)
	return func(j judge, t Target) Decision {
		if j.teamish() {
			return team(j, t)
		}
		return side(j, t)
	}
}

func ruleNobody(what string) rule {
	return func(j judge, _ Target) Decision {
		return deny("%s is done by the practice's scheduler, never by a person", what)
	}
}

func init() { onDelete = append(onDelete, deleteSubscriptions) }

// deleteSubscriptions removes a deleted client's subscriptions (R19).
func deleteSubscriptions(o *op, p Person) error {
	if !p.Client {
		return nil
	}
	ids, err := idsUnder(o.tx, colSubscriptions, "client", p.ID.Key()+"/")
	if err == nil {
		err = deleteAll(o.tx, colSubscriptions, ids)
	}
	return err
}

// verifySubscriptions: a subscription belongs to a client and an entry
// that exist; an active one waits for the start of its next period; each
// invoice of a period belongs to an existing subscription of the same
// client and to a period already issued — and no period twice (R55).
func verifySubscriptions(v *verification) error {
	subs := map[ID]Subscription{}
	loc := v.org.Location()
	err := each(v.tx, colSubscriptions, Query{}, func(s Subscription) (bool, error) {
		subs[s.ID] = s
		if !v.isClient(s.Client) {
			v.add("subscription %s belongs to a client who does not exist", s.ID)
		}
		if _, err := loadCatalogEntry(v.tx, s.Entry); err != nil {
			v.add("subscription %s is for a catalogue entry that does not exist", s.ID)
		}
		if _, err := ParseEvery(s.Every); err != nil {
			v.add("subscription %s renews %q", s.ID, s.Every)
		}
		switch s.Status {
		case SubActive, SubPaused, SubEnded, SubCancelled:
		default:
			v.add("subscription %s has status %q", s.ID, s.Status)
		}
		if s.Status == SubActive && s.Next != s.periodStart(s.NextPeriod, loc).Format(DateLayout) {
			v.add("subscription %s: its next period does not start on %s", s.ID, s.Next)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, inv := range v.invoices {
		if inv.Subscription == 0 {
			continue
		}
		s, ok := subs[inv.Subscription]
		switch k := periodKey(inv.Subscription, inv.Period); {
		case !ok:
			v.add("invoice %s bills subscription %s, which does not exist", inv.ID, inv.Subscription)
		case s.Client != inv.Client:
			v.add("invoice %s bills another client's subscription", inv.ID)
		case inv.Period < 0 || inv.Period >= s.NextPeriod:
			v.add("invoice %s bills period %d of subscription %s, which is not issued yet", inv.ID, inv.Period+1, s.ID)
		case seen[k]:
			v.add("subscription %s period %d is invoiced twice", s.ID, inv.Period+1) // R55
		default:
			seen[k] = true
		}
	}
	verifySeats(v)
	return verifyPurchases(v)
}

// RenewRound is one round of the renewals worker (internal/worker): it
// issues what is due and says when the next period starts (ok false when
// no subscription waits for one). The next day is midnight in the
// organisation's zone; the worker wakes then, or sooner on the feed.
func (s *Service) RenewRound(ctx context.Context) (next time.Time, ok bool, err error) {
	if _, err := s.RenewDue(); err != nil {
		return time.Time{}, false, err
	}
	err = s.store.View(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil || !org.Cancelled.IsZero() {
			return err // cancelled: nothing is due until it is reopened, which wakes the worker
		}
		return tx.Scan(colSubscriptions, Query{Index: "due"}, func(key string, _ ID) (bool, error) {
			day, err := ParseDate(key[:len(DateLayout)], org.Location())
			if err == nil {
				next, ok = day, true
			}
			return false, err
		})
	})
	return next, ok, err
}
