package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// invoiceKeys are the invoice detail's bindings, per screen.
type invoiceKeys struct {
	Pay, Void, Back key.Binding
}

// invoiceKeyMap is the keys every screen of its kind shares, made once: no screen
// changes them (one that shows a binding with other help changes a copy
// of it).
var invoiceKeyMap = newInvoiceKeys()

func newInvoiceKeys() invoiceKeys {
	return invoiceKeys{
		Pay:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pay")),
		Void: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "void")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// invoiceDetail is one invoice (R52): its line items with amounts, the
// total, what is paid and the balance, its status, and its payments where
// this workspace may see payment history. The client and a contact with
// billing pay it (p, through the payment form); the team voids it (x)
// while nothing is paid. The domain decides both again.
type invoiceDetail struct {
	Context
	modalHost // the payment form; "void this invoice?"
	keys      *invoiceKeys
	id        domain.ID
	v         domain.InvoiceView
	err       error
	seePaid   bool // payment history may be seen here
	offset    int
}

func newInvoiceDetail(c Context, keys *invoiceKeys, id domain.ID) *invoiceDetail {
	d := &invoiceDetail{Context: c, keys: keys, id: id}
	d.onClose = d.reload
	d.reload()
	return d
}

func (d *invoiceDetail) reload() {
	v, err := d.Svc.ShowInvoice(d.Who, d.id)
	if err != nil {
		d.err = err
		return
	}
	d.v, d.err = v, nil
	cl := v.Client
	d.seePaid = d.Decide(domain.ActPaymentsList, domain.Target{Client: &cl}).Allowed
}

func (d *invoiceDetail) capturing() bool { return d.modalOpen() }

func (d *invoiceDetail) SetSize(width, height int) {
	d.Common.SetSize(width, height)
	d.sizeModal(width, height)
}

// openPayment opens the payment form, the amount set to the balance.
func (d *invoiceDetail) openPayment() { d.openPane(paymentForm(d.Context, d.v)) }

// Update handles a key; closed says the person left the invoice.
func (d *invoiceDetail) Update(msg tea.Msg) (closed bool, cmd tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, nil
	}
	if cmd, ok := d.handleModal(k); ok {
		return false, cmd
	}
	switch {
	case key.Matches(k, d.keys.Back):
		return true, nil
	case key.Matches(k, d.keys.Pay) && d.err == nil && d.v.CanPay:
		d.openPayment()
	case key.Matches(k, d.keys.Void) && d.err == nil && d.v.CanVoid:
		d.confirm.ask("Void invoice "+d.id.String()+"? It can no longer be paid.", "void it",
			fmt.Sprintf("Invoice %s stays %s", d.id, d.v.Invoice.Status), d.void)
	case key.Matches(k, d.Keys.Up):
		d.offset = max(d.offset-1, 0)
	case key.Matches(k, d.Keys.Down):
		d.offset++
	case key.Matches(k, d.Keys.Top):
		d.offset = 0
	}
	return false, nil
}

// void voids the invoice, once the person said yes.
func (d *invoiceDetail) void() tea.Cmd {
	v, err := d.Svc.VoidInvoice(d.Who, d.id)
	if err != nil {
		return Failed(err)
	}
	d.reload()
	return Status("Voided invoice %s (%s)", v.Invoice.ID, domain.Money(v.Invoice.TotalCents, v.Invoice.Currency))
}

func (d *invoiceDetail) View() string {
	if v, ok := d.modalView(); ok {
		return v
	}
	if d.Width <= 0 || d.Height <= 0 {
		return ""
	}
	st := d.Styles
	doc := newDoc(st, d.Width)
	if d.err != nil {
		doc.heading("Invoice " + d.id.String())
		doc.blank()
		doc.indented("", 0, errText(d.err), st.StatusError)
		return fitLines(doc.String(), d.Width, d.Height)
	}
	inv := d.v.Invoice
	cur := inv.Currency
	doc.heading(fmt.Sprintf("Invoice %s · ", inv.ID) + invoiceStatus(st, inv.Status))
	doc.row("Client", personLabel(d.v.Client))
	doc.row("Issued", d.v.Issued.Format(dayLayout)+" by "+partyLabel(d.v.IssuedBy))
	doc.row("Due", clean(inv.Due))
	doc.blank()

	// Items, then the sums, with amounts right-aligned in one column.
	amounts := []string{domain.Money(inv.TotalCents, cur), domain.Money(inv.PaidCents, cur), domain.Money(d.v.Balance, cur)}
	for _, it := range inv.Items {
		amounts = append(amounts, domain.FormatAmount(it.AmountCents, cur))
	}
	aw := 0
	for _, a := range amounts {
		aw = max(aw, ansi.StringWidth(a))
	}
	tw := max(d.Width-aw-4, 8)
	line := func(text, amount string, ts, as func(...string) string) string {
		t := trunc(text, tw)
		pad := strings.Repeat(" ", max(tw-ansi.StringWidth(t), 0))
		return "  " + ts(t) + pad + "  " + as(fmt.Sprintf("%*s", aw, amount))
	}
	doc.line(st.Label.Render(fmt.Sprintf("Items (%d)", len(inv.Items))))
	for _, it := range inv.Items {
		doc.line(line(clean(it.Text), domain.FormatAmount(it.AmountCents, cur), st.Value.Render, st.Value.Render))
	}
	doc.line("  " + st.Subtle.Render(strings.Repeat("─", min(tw+aw+2, max(d.Width-2, 0)))))
	doc.line(line("Total", domain.Money(inv.TotalCents, cur), st.Value.Bold(true).Render, st.Value.Bold(true).Render))
	doc.line(line("Paid", domain.Money(inv.PaidCents, cur), st.Label.Render, st.Value.Render))
	balance := st.Value.Render
	if d.v.Balance > 0 && inv.Status == domain.InvoiceOpen {
		balance = st.Warn.Render
	}
	doc.line(line("Balance", domain.Money(d.v.Balance, cur), st.Label.Render, balance))

	if d.seePaid {
		doc.blank()
		doc.line(st.Label.Render(fmt.Sprintf("Payments (%d)", len(d.v.Payments))))
		if len(d.v.Payments) == 0 {
			doc.line(st.Subtle.Render("  none yet"))
		}
		for _, p := range d.v.Payments {
			doc.line(line(p.At.Format(dayLayout)+"  by "+partyLabel(p.Payer), domain.FormatAmount(p.Payment.AmountCents, cur), st.Value.Render, st.Value.Render))
		}
	}
	doc.blank()
	switch {
	case d.confirm.active():
		for _, l := range d.confirmLines(st, d.Width) {
			doc.line(l)
		}
	default:
		var can []string
		if d.v.CanPay {
			can = append(can, "p pay (the balance, or part of it)")
		}
		if d.v.CanVoid {
			can = append(can, "x void")
		}
		if len(can) > 0 {
			doc.line(st.Subtle.Render("You may: " + strings.Join(can, " · ")))
		}
	}

	// Scroll: keep the last lines (the actions) reachable.
	lines := strings.Split(doc.String(), "\n")
	if len(lines) > d.Height {
		d.offset = min(d.offset, len(lines)-d.Height+1)
		view := d.Height - 1
		shown := lines[d.offset : d.offset+view]
		below := len(lines) - d.offset - view
		hint := "↑ top: g"
		if below > 0 {
			hint = fmt.Sprintf("↓ %d more: ↓/j", below)
		}
		lines = append(append([]string(nil), shown...), st.Scroll.Render(hint))
	} else {
		d.offset = 0
	}
	return fitLines(strings.Join(lines, "\n"), d.Width, d.Height)
}

// invoiceStatus is an invoice's status, marked by its colour.
func invoiceStatus(st *Styles, s domain.InvoiceStatus) string {
	switch s {
	case domain.InvoicePaid:
		return st.Yes.Render("paid")
	case domain.InvoiceVoid:
		return st.Subtle.Render("void")
	case domain.InvoiceOpen:
		return st.Warn.Render("open")
	}
	return st.Value.Render(clean(string(s)))
}

func (d *invoiceDetail) ShortHelp() []key.Binding {
	if b, ok := d.modalHelp(); ok {
		return b
	}
	var b []key.Binding
	if d.err == nil && d.v.CanPay {
		b = append(b, d.keys.Pay)
	}
	if d.err == nil && d.v.CanVoid {
		b = append(b, d.keys.Void)
	}
	return append(b, d.Keys.Down, d.keys.Back)
}

func (d *invoiceDetail) FullHelp() [][]key.Binding {
	if b, ok := d.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	return [][]key.Binding{append(d.ShortHelp(), d.Keys.Up, d.Keys.Top)}
}
