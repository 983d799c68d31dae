package cli

import (
	"strconv"
	"time"

	"behalf/domain"
)

func init() {
	listFlags := func(what string) []flagSpec {
		return []flagSpec{
			{name: "client", arg: "H", usage: "only this client's " + what},
			{name: "before", arg: "ID", usage: "the page of " + what + " older than this id"},
			{name: "limit", arg: "N", usage: "at most N " + what + " (default 50)"},
		}
	}
	register(
		&command{noun: "invoices", verb: "list", maxArgs: 0, summary: "invoices, newest first",
			flags: append(listFlags("invoices"), flagSpec{name: "status", arg: "draft|open|paid|void", usage: "only invoices with this status"}), run: runInvoicesList},
		&command{noun: "invoices", verb: "show", args: "ID", minArgs: 1, maxArgs: 1, summary: "one invoice with its items (and payments, where you may see them)", run: runInvoicesShow},
		&command{noun: "invoices", verb: "issue", maxArgs: 0, summary: "issue an open invoice, due in 14 days",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "item", kind: repeat, arg: "TEXT=AMOUNT", usage: "a line item, amount in major units (1 to 50 items)", req: true},
			}, run: runInvoicesIssue},
		&command{noun: "invoices", verb: "pay", args: "ID", minArgs: 1, maxArgs: 1, summary: "pay an invoice in full, or part of it with --amount",
			flags: []flagSpec{{name: "amount", arg: "AMOUNT", usage: "pay this much (default: the balance)"}}, run: runInvoicesPay},
		&command{noun: "invoices", verb: "void", args: "ID", minArgs: 1, maxArgs: 1, summary: "void an invoice nothing has been paid on", run: runInvoicesVoid},
		&command{noun: "payments", verb: "list", maxArgs: 0, summary: "payment history, newest first", flags: listFlags("payments"), run: runPaymentsList},
	)
}

type itemJSON struct {
	Text        string `json:"text"`
	AmountCents int64  `json:"amount_cents"`
}

type invoiceJSON struct {
	ID           string        `json:"id"`
	Client       string        `json:"client"`
	Status       string        `json:"status"`
	TotalCents   int64         `json:"total_cents"`
	PaidCents    int64         `json:"paid_cents"`
	BalanceCents int64         `json:"balance_cents"`
	Currency     string        `json:"currency"`
	Due          string        `json:"due"`
	Issued       string        `json:"issued"`
	IssuedBy     string        `json:"issued_by"`      // a handle; "" for the organisation
	IssuedByName string        `json:"issued_by_name"` // the name, or the organisation's
	IssuedByRole string        `json:"issued_by_role"`
	Items        []itemJSON    `json:"items,omitempty"`
	Payments     []paymentJSON `json:"payments,omitempty"`
}

func invoiceView(v domain.InvoiceView, withItems bool) invoiceJSON {
	inv := v.Invoice
	out := invoiceJSON{ID: inv.ID.String(), Client: v.Client.Handle, Status: string(inv.Status), TotalCents: inv.TotalCents, PaidCents: inv.PaidCents,
		BalanceCents: v.Balance, Currency: inv.Currency, Due: inv.Due, Issued: v.Issued.Format(time.RFC3339),
		IssuedBy: v.IssuedBy.Handle, IssuedByName: v.IssuedBy.Name, IssuedByRole: string(v.IssuedBy.As)}
	if withItems {
		out.Items = []itemJSON{}
		for _, it := range inv.Items {
			out.Items = append(out.Items, itemJSON{it.Text, it.AmountCents})
		}
		for _, p := range v.Payments {
			out.Payments = append(out.Payments, paymentView(p))
		}
	}
	return out
}

type paymentJSON struct {
	ID          string `json:"id"`
	Invoice     string `json:"invoice"`
	Client      string `json:"client"`
	Payer       string `json:"payer"`
	PayerName   string `json:"payer_name"`
	PayerRole   string `json:"payer_role"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
	At          string `json:"at"`
}

func paymentView(p domain.PaymentView) paymentJSON {
	return paymentJSON{ID: p.Payment.ID.String(), Invoice: p.Payment.Invoice.String(), Client: p.Client.Handle, Payer: p.Payer.Handle, PayerName: p.Payer.Name, PayerRole: string(p.Payer.As),
		AmountCents: p.Payment.AmountCents, Currency: p.Payment.Currency, At: p.At.Format(time.RFC3339)}
}

func (c *call) pageFlags() (before domain.ID, limit int, err error) {
	if c.set("before") {
		if before, err = domain.ParseID(c.str("before")); err != nil {
			return 0, 0, err
		}
	}
	if c.set("limit") {
		if limit, err = parseCount(c, "limit", 1, domain.MaxPage); err != nil {
			return 0, 0, err
		}
	}
	return before, limit, nil
}

func runInvoicesList(c *call) error {
	f := domain.InvoiceFilter{Client: c.str("client")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	if c.set("status") {
		if f.Status, err = domain.ParseInvoiceStatus(c.str("status")); err != nil {
			return err
		}
	}
	invs, err := c.env.Service.ListInvoices(c.who, f)
	if err != nil {
		return err
	}
	out := make([]invoiceJSON, 0, len(invs))
	for _, v := range invs {
		out = append(out, invoiceView(v, false))
	}
	return c.emit(out, func(w *textOut) {
		w.table("No invoices.", "ID", "CLIENT", "STATUS", "TOTAL", "PAID", "DUE")
		for _, v := range invs {
			inv := v.Invoice
			w.row(inv.ID.String(), v.Client.Handle, string(inv.Status), domain.Money(inv.TotalCents, inv.Currency), domain.FormatAmount(inv.PaidCents, inv.Currency), inv.Due)
		}
	})
}

func (c *call) emitInvoice(v domain.InvoiceView, say string) error {
	return c.emit(invoiceView(v, true), func(w *textOut) {
		inv := v.Invoice
		if say != "" {
			w.line(say + ": invoice " + inv.ID.String() + ".")
		}
		w.row("invoice", inv.ID.String())
		w.row("client", v.Client.Label())
		w.row("status", string(inv.Status))
		w.row("issued", v.Issued.Format("2006-01-02")+" by "+v.IssuedBy.Label())
		w.row("due", inv.Due)
		for i, it := range inv.Items {
			w.row("item "+strconv.Itoa(i+1), it.Text, domain.FormatAmount(it.AmountCents, inv.Currency))
		}
		w.row("total", domain.Money(inv.TotalCents, inv.Currency))
		w.row("paid", domain.Money(inv.PaidCents, inv.Currency))
		w.row("balance", domain.Money(v.Balance, inv.Currency))
		for _, p := range v.Payments {
			w.row("payment "+p.Payment.ID.String(), p.At.Format("2006-01-02 15:04"), "by "+p.Payer.Label(), domain.FormatAmount(p.Payment.AmountCents, p.Payment.Currency))
		}
	})
}

func runInvoicesShow(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ShowInvoice(c.who, id)
	if err != nil {
		return err
	}
	return c.emitInvoice(v, "")
}

func runInvoicesIssue(c *call) error {
	in := domain.NewInvoice{Client: c.str("client")}
	for _, spec := range c.list("item") {
		it, err := domain.ParseItem(spec)
		if err != nil {
			return err
		}
		in.Items = append(in.Items, it)
	}
	v, err := c.env.Service.IssueInvoice(c.who, in)
	if err != nil {
		return err
	}
	return c.emitInvoice(v, "Issued")
}

func runInvoicesPay(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	amount := ""
	if c.set("amount") {
		amount = c.rawFlag("amount")
		if amount == "" {
			return &domain.Error{Kind: domain.KindInvalid, Msg: "--amount is empty: write an amount like 150 or 150.00, or leave --amount out to pay the balance"}
		}
	}
	p, err := c.env.Service.PayInvoice(c.who, id, amount)
	if err != nil {
		return err
	}
	return c.emit(paymentView(p), func(w *textOut) {
		w.line("Paid: " + domain.Money(p.Payment.AmountCents, p.Payment.Currency) + " on invoice " + p.Payment.Invoice.String() +
			" by " + p.Payer.Label() + " for " + p.Client.Handle + " (payment " + p.Payment.ID.String() + ").")
	})
}

func runInvoicesVoid(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.VoidInvoice(c.who, id)
	if err != nil {
		return err
	}
	return c.emitInvoice(v, "Voided")
}

func runPaymentsList(c *call) error {
	f := domain.PaymentFilter{Client: c.str("client")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	ps, err := c.env.Service.ListPayments(c.who, f)
	if err != nil {
		return err
	}
	out := make([]paymentJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, paymentView(p))
	}
	return c.emit(out, func(w *textOut) {
		w.table("No payments.", "ID", "AT", "INVOICE", "CLIENT", "PAYER", "AMOUNT")
		for _, p := range ps {
			w.row(p.Payment.ID.String(), p.At.Format("2006-01-02 15:04"), p.Payment.Invoice.String(), p.Client.Handle, p.Payer.Handle, domain.Money(p.Payment.AmountCents, p.Payment.Currency))
		}
	})
}
