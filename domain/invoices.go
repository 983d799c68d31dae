package domain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// InvoiceStatus is where an invoice stands (R52).
type InvoiceStatus string

const (
	InvoiceDraft InvoiceStatus = "draft"
	InvoiceOpen  InvoiceStatus = "open"
	InvoicePaid  InvoiceStatus = "paid"
	InvoiceVoid  InvoiceStatus = "void"
)

// ParseInvoiceStatus reads draft|open|paid|void.
func ParseInvoiceStatus(s string) (InvoiceStatus, error) {
	switch st := InvoiceStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case InvoiceDraft, InvoiceOpen, InvoicePaid, InvoiceVoid:
		return st, nil
	}
	return "", invalidf("%q is not an invoice status: use draft, open, paid or void", clip(s, 20))
}

const (
	MaxInvoiceItems = 50
	// invoiceDueDays: an invoice is due two weeks after it is issued.
	invoiceDueDays = 14
)

// LineItem is one line of an invoice.
type LineItem struct {
	Text        string `json:"text"`
	AmountCents int64  `json:"amount_cents"`
}

// Invoice is a bill to a client in the organisation's currency (R52).
// Amounts are integers in minor units.
type Invoice struct {
	ID         ID            `json:"id"`
	Client     ID            `json:"client"`
	Status     InvoiceStatus `json:"status"`
	Items      []LineItem    `json:"items"`
	TotalCents int64         `json:"total_cents"`
	PaidCents  int64         `json:"paid_cents"`
	Currency   string        `json:"currency"`
	Due        string        `json:"due"` // 2006-01-02
	Issued     time.Time     `json:"issued"`
	IssuedBy   ID            `json:"issued_by"`
	IssuedFor  ID            `json:"issued_for,omitempty"`
	Closed     time.Time     `json:"closed,omitempty"` // paid in full or voided
	ClosedBy   ID            `json:"closed_by,omitempty"`
	// Subscription and Period: the period of a subscription this invoice
	// bills, unique per subscription and period (R55, subscriptions.go).
	Subscription ID  `json:"subscription,omitempty"`
	Period       int `json:"period,omitempty"`
}

// Balance is what is left to pay.
func (i Invoice) Balance() int64 {
	if i.Status == InvoiceVoid {
		return 0
	}
	return i.TotalCents - i.PaidCents
}

// Payment is money paid on an invoice: by the payer (the client or a
// contact), belonging to the client (R37, R52).
type Payment struct {
	ID          ID        `json:"id"`
	Invoice     ID        `json:"invoice"`
	Client      ID        `json:"client"`
	Payer       ID        `json:"payer"`
	AmountCents int64     `json:"amount_cents"`
	Currency    string    `json:"currency"`
	At          time.Time `json:"at"`
}

func saveInvoice(tx Tx, inv *Invoice) error {
	if err := newID(tx, colInvoices, &inv.ID); err != nil {
		return err
	}
	idx := []Index{{Name: "client", Key: pairKey(inv.Client, inv.ID)}}
	if inv.Subscription != 0 {
		idx = append(idx, Index{Name: "period", Key: periodKey(inv.Subscription, inv.Period), Unique: true})
	}
	return tx.Put(colInvoices, inv.ID, inv, idx...)
}

func loadInvoice(tx Tx, id ID) (Invoice, error) {
	inv, err := get[Invoice](tx, colInvoices, id)
	if KindOf(err) == KindNotFound {
		return inv, noInvoice(id)
	}
	return inv, err
}

// noInvoice is the answer for an invoice id that does not exist, or that
// this workspace may not see.
func noInvoice(id ID) error { return notFoundf("no invoice %s", id) }

// savePayment indexes a payment by client and by invoice, the two ways it
// is read; the payer is in the record (an index by payer was never read,
// and each entry is a leaf and its parents in the payment's commit).
func savePayment(tx Tx, p *Payment) error {
	if err := newID(tx, colPayments, &p.ID); err != nil {
		return err
	}
	return tx.Put(colPayments, p.ID, p,
		Index{Name: "client", Key: pairKey(p.Client, p.ID)},
		Index{Name: "invoice", Key: pairKey(p.Invoice, p.ID)})
}

// ItemInput is one invoice line as typed: text and an amount in major units.
type ItemInput struct {
	Text   string
	Amount string
}

// ParseItem reads "TEXT=AMOUNT" (the amount after the last '=').
func ParseItem(spec string) (ItemInput, error) {
	i := strings.LastIndexByte(spec, '=')
	if i < 0 {
		return ItemInput{}, invalidf("write each item as TEXT=AMOUNT, e.g. \"Coaching session=150.00\", not %q", clip(spec, 40))
	}
	return ItemInput{Text: spec[:i], Amount: spec[i+1:]}, nil
}

// NewInvoice is what `invoices issue` and the invoice form collect.
type NewInvoice struct {
	Client string
	Items  []ItemInput
}

// IssueInvoice issues an open invoice to a client (R52), due in 14 days:
// by invoice_all, or invoice_own for a client the coach coaches.
func (s *Service) IssueInvoice(who Who, in NewInvoice) (InvoiceView, error) {
	var out InvoiceView
	err := s.write(who, func(o *op) error {
		client, err := o.client(in.Client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActInvoicesIssue, Target{Client: &client}); err != nil {
			return err
		}
		if !client.Active() {
			return conflictf("%s is deactivated; reactivate them before invoicing", client.Handle)
		}
		if len(in.Items) == 0 || len(in.Items) > MaxInvoiceItems {
			return invalidf("an invoice has 1 to %d items, not %d; add each with --item TEXT=AMOUNT", MaxInvoiceItems, len(in.Items))
		}
		cur := o.a.Org.Currency
		inv := Invoice{Client: client.ID, Status: InvoiceOpen, Currency: cur, Issued: o.now, IssuedBy: o.a.Actor.ID, IssuedFor: o.a.OnBehalfOf(),
			Due: addDays(o.today(), invoiceDueDays, o.a.Org.Location()).Format(DateLayout)}
		for n, it := range in.Items {
			text, err := cleanLine(fmt.Sprintf("item %d's text", n+1), it.Text, MaxLineLen, true)
			if err != nil {
				return err
			}
			amt, err := ParseAmount(it.Amount, cur)
			if err != nil {
				return invalidf("item %d: %s", n+1, err.Error())
			}
			if amt == 0 {
				return invalidf("item %d (%s) is 0; every item needs an amount above 0", n+1, text)
			}
			inv.Items = append(inv.Items, LineItem{Text: text, AmountCents: amt})
			inv.TotalCents += amt // each ≤ MaxAmount and at most 50 items: no overflow
		}
		if inv.TotalCents > MaxAmount(cur) {
			return invalidf("the total %s is too large: an invoice is at most %s", Money(inv.TotalCents, cur), Money(MaxAmount(cur), cur))
		}
		if err := saveInvoice(o.tx, &inv); err != nil {
			return err
		}
		o.touchPractice(client.ID)
		out = o.newViewer().invoice(inv, false)
		if err := o.practiceNotify("invoice_issued", client.ID, say("Invoice "+inv.ID.String()+" for ", client, fmt.Sprintf(": %s, due %s.", Money(inv.TotalCents, cur), inv.Due)),
			o.clientSide(client.ID, ContactBilling)...); err != nil {
			return err
		}
		return o.audit(ActInvoicesIssue, record{Target: "invoice " + inv.ID.String(), Client: client.ID,
			Detail: fmt.Sprintf("%s, total %s, due %s", Plural(len(inv.Items), "item", "items"), Money(inv.TotalCents, cur), inv.Due)})
	})
	return out, err
}

// loadInvoiceFor loads an invoice and authorises act on its client.
func (o *op) loadInvoiceFor(id ID, act Action) (Invoice, Person, error) {
	inv, err := loadInvoice(o.tx, id)
	if err == nil {
		err = o.inSight(inv.Client, noInvoice(id))
	}
	if err != nil {
		return inv, Person{}, err
	}
	client := o.newViewer().person(inv.Client)
	return inv, client, o.authorize(act, Target{Client: &client})
}

// ShowInvoice returns one invoice with its items, and its payments where
// this workspace may see payment history.
func (s *Service) ShowInvoice(who Who, id ID) (InvoiceView, error) {
	var out InvoiceView
	err := s.read(who, func(o *op) error {
		inv, _, err := o.loadInvoiceFor(id, ActInvoicesShow)
		if err != nil {
			return err
		}
		out = o.newViewer().invoice(inv, true)
		return nil
	})
	return out, err
}

// PayInvoice pays an open invoice in full (amount "") or in part: by the
// client or a contact with billing (R52). The payment records the payer
// and belongs to the client (R37). Overpaying is refused.
func (s *Service) PayInvoice(who Who, id ID, amount string) (PaymentView, error) {
	var out PaymentView
	err := s.write(who, func(o *op) error {
		inv, client, err := o.loadInvoiceFor(id, ActInvoicesPay)
		if err != nil {
			return err
		}
		switch inv.Status {
		case InvoiceVoid:
			return conflictf("invoice %s is void; there is nothing to pay", id)
		case InvoicePaid:
			return conflictf("invoice %s is already paid in full", id)
		case InvoiceDraft:
			return conflictf("invoice %s is a draft and not issued yet", id)
		}
		bal := inv.Balance()
		amt := bal
		if strings.TrimSpace(amount) != "" {
			if amt, err = ParseAmount(amount, inv.Currency); err != nil {
				return err
			}
		}
		if amt <= 0 {
			return invalidf("pay more than 0; the balance is %s", Money(bal, inv.Currency))
		}
		if amt > bal {
			return conflictf("%s is more than the balance of invoice %s; pay at most %s", Money(amt, inv.Currency), id, Money(bal, inv.Currency))
		}
		pay := Payment{Invoice: inv.ID, Client: client.ID, Payer: o.a.Actor.ID, AmountCents: amt, Currency: inv.Currency, At: o.now}
		if err := savePayment(o.tx, &pay); err != nil {
			return err
		}
		inv.PaidCents += amt
		if inv.PaidCents == inv.TotalCents {
			inv.Status, inv.Closed, inv.ClosedBy = InvoicePaid, o.now, o.a.Actor.ID
		}
		if err := saveInvoice(o.tx, &inv); err != nil {
			return err
		}
		usable, err := o.settlePurchase(inv) // R55
		if err != nil {
			return err
		}
		o.touchPractice(client.ID, inv.IssuedBy)
		out = o.newViewer().payment(pay)
		to := append([]ID{inv.IssuedBy}, o.clientSide(client.ID, ContactBilling)...)
		if err := o.practiceNotify("invoice_paid", client.ID, say(o.me(), fmt.Sprintf(" paid %s on invoice %s for ", Money(amt, inv.Currency), id), client,
			fmt.Sprintf("; balance %s.", Money(inv.Balance(), inv.Currency))), to...); err != nil {
			return err
		}
		return o.audit(ActInvoicesPay, record{Target: "invoice " + id.String(), Client: client.ID, Person: o.a.Actor.ID,
			Detail: fmt.Sprintf("payment %s of %s by %s for %s; balance %s", pay.ID, Money(amt, inv.Currency), o.a.Actor.Handle, client.Handle, Money(inv.Balance(), inv.Currency)) + usable})
	})
	return out, err
}

// VoidInvoice voids an open invoice nothing has been paid on.
func (s *Service) VoidInvoice(who Who, id ID) (InvoiceView, error) {
	var out InvoiceView
	err := s.write(who, func(o *op) error {
		inv, client, err := o.loadInvoiceFor(id, ActInvoicesVoid)
		if err != nil {
			return err
		}
		switch {
		case inv.Status == InvoiceVoid:
			return conflictf("invoice %s is already void", id)
		case inv.PaidCents > 0:
			return conflictf("invoice %s has payments of %s; an invoice with payments cannot be voided", id, Money(inv.PaidCents, inv.Currency))
		}
		dropped, err := o.voidPurchase(&inv) // R55: an unpaid purchase goes with it
		if err != nil {
			return err
		}
		o.touchPractice(client.ID)
		out = o.newViewer().invoice(inv, false)
		return o.audit(ActInvoicesVoid, record{Target: "invoice " + id.String(), Client: client.ID, Detail: "voided " + Money(inv.TotalCents, inv.Currency) + dropped})
	})
	return out, err
}

// InvoiceFilter selects invoices, newest first.
type InvoiceFilter struct {
	Client string        // one client; in me and contact workspaces that client
	Status InvoiceStatus // empty for any
	Before ID            // page: invoices older than this one
	Limit  int
}

// ListInvoices lists invoices (R52): the team those of clients it has
// access to (all with invoice_all), the client their own, a contact with
// billing their client's.
func (s *Service) ListInvoices(who Who, f InvoiceFilter) ([]InvoiceView, error) {
	var out []InvoiceView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		var got []Invoice
		err := o.scanClientRecords(colInvoices, ActInvoicesList, PermInvoiceAll, f.Client, f.Before, pageSize(f.Limit), func(id ID) (bool, error) {
			inv, err := get[Invoice](o.tx, colInvoices, id)
			if err != nil || (f.Status != "" && inv.Status != f.Status) || !v.may(ActInvoicesList, inv.Client) {
				return false, err
			}
			got = append(got, inv)
			return true, nil
		})
		slices.SortStableFunc(got, func(a, b Invoice) int { return cmp.Compare(b.ID, a.ID) })
		got = got[:min(len(got), pageSize(f.Limit))]
		for _, inv := range got {
			out = append(out, v.invoice(inv, false))
		}
		return err
	})
	return out, err
}

// PaymentFilter selects payments, newest first.
type PaymentFilter struct {
	Client string
	Before ID
	Limit  int
}

// ListPayments is the payment history (R52): the team's for clients it has
// access to (all with invoice_all), the client's own, a contact's with
// `payments`.
func (s *Service) ListPayments(who Who, f PaymentFilter) ([]PaymentView, error) {
	var out []PaymentView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		var got []Payment
		err := o.scanClientRecords(colPayments, ActPaymentsList, PermInvoiceAll, f.Client, f.Before, pageSize(f.Limit), func(id ID) (bool, error) {
			p, err := get[Payment](o.tx, colPayments, id)
			if err != nil || !v.may(ActPaymentsList, p.Client) {
				return false, err
			}
			got = append(got, p)
			return true, nil
		})
		slices.SortStableFunc(got, func(a, b Payment) int { return cmp.Compare(b.ID, a.ID) })
		got = got[:min(len(got), pageSize(f.Limit))]
		for _, p := range got {
			out = append(out, v.payment(p))
		}
		return err
	})
	return out, err
}
