package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R52, R37: jane pays part of an invoice through the payment form in a
// real program; the payment is hers and belongs to her. The amount starts
// as the balance and is parsed exactly by the domain.
func TestPaymentFormRecordsPayer(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := d.open("jane")
	x.waitText("Jane Smith (jane)", "File")
	x.tm.Send(GotoMsg{Screen: "file"})
	x.waitText("Sessions · Packages · Invoices · Payments · Progress")
	x.typ("ll")
	x.waitText("#3", "balance 195.50")
	x.press(tea.KeyEnter)
	x.waitText("Invoice 3 · open", "Extra session (60 min)", "250.00", "Workshop materials", "45.50",
		"Total", "295.50 USD", "Paid", "100.00 USD", "Balance", "195.50 USD", "Payments (1)", "by Eve Evans (contact)")
	x.typ("p")
	x.waitText("Pay invoice 3", "Amount", "195.50", "at most the balance")
	x.press(tea.KeyCtrlU)
	x.typ("50.5")
	x.press(tea.KeyCtrlS)
	x.waitText("Paid 50.50 USD on invoice 3", "Payments (2)", "by Jane Smith (client)", "145.00 USD")
	v := x.final()
	checkFits(t, v, 80, 24)

	ps, err := d.svc.ListPayments(d.as("jane", ""), domain.PaymentFilter{})
	mustNot(t, err)
	if len(ps) == 0 || ps[0].Payer.Handle != "jane" || ps[0].Client.Handle != "jane" || ps[0].Payment.AmountCents != 5050 || ps[0].Payment.Invoice != 3 {
		t.Fatalf("the newest payment is %+v", ps[0])
	}
}

// The payment form shows the domain's refusals inline and stays open: not
// an amount, more than the balance, and an emptied field (which would
// otherwise mean "the whole balance").
func TestPaymentFormErrors(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "eve", "", "")
	practicePress(m, "right", "p")
	practiceHas(t, practiceView(t, m), "Pay invoice 3", "195.50")
	for _, c := range []struct{ typed, want string }{
		{"abc", `"abc" is not an amount`},
		{"1.005", "2 decimals at most"},
		{"500", "is more than the balance of invoice 3; pay at most 195.50 USD"},
		{"", "an amount is required"},
	} {
		practicePress(m, "ctrl+u", c.typed, "ctrl+s")
		if !m.screen().Capturing() {
			t.Fatalf("%q: the form closed", c.typed)
		}
		practiceHas(t, practiceView(t, m), "Pay invoice 3", c.want)
	}
	inv, _ := d.svc.ShowInvoice(d.as("eve", ""), 3)
	if inv.Invoice.PaidCents != 10000 {
		t.Fatalf("refused payments changed the invoice: %+v", inv.Invoice)
	}
	practicePress(m, "ctrl+u", "195.50", "enter") // enter on the last field saves
	if m.status.Text != "Paid 195.50 USD on invoice 3" {
		t.Errorf("status %+v", m.status)
	}
	v := practiceView(t, m)
	practiceHas(t, v, "Invoice 3 · paid", "Balance", "0.00 USD")
	practiceLacks(t, v, "p pay")
	ps, _ := d.svc.ListPayments(d.as("jane", ""), domain.PaymentFilter{})
	if ps[0].Payer.Handle != "eve" || ps[0].Client.Handle != "jane" { // R37: the contact pays, the client owns it
		t.Errorf("payment %+v", ps[0])
	}
}

// R52: rob (invoice_own, coaching jane) issues an invoice from the file
// with several items, one refused first; then voids it. The team has no
// pay key; the client has no void key.
func TestIssueAndVoidInvoice(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "rob", "", "jane")
	practicePress(m, "right", "right")
	practiceHas(t, strings.Split(practiceView(t, m), "\n")[23], "n issue invoice")
	practicePress(m, "n")
	v := practiceView(t, m)
	practiceHas(t, v, "Issue an invoice", "To Jane Smith (jane) · amounts in USD", "Item 1", "Amount 1", "ctrl+n add item")
	practicePress(m, "Follow-up session", "tab", "150", "ctrl+n", "Notes = and more", "tab", "12,50", "ctrl+n", "tab", "ctrl+s")
	practiceHas(t, practiceView(t, m), "Item 3", `item 2: "12,50" is not an amount`)
	practicePress(m, "shift+tab", "shift+tab", "ctrl+u", "12.50", "tab", "ctrl+x") // the third (empty) row goes
	v = practiceView(t, m)
	practiceLacks(t, v, "Item 3")
	practicePress(m, "ctrl+s")
	if m.status.Text != "Issued invoice 8 to Jane Smith: 162.50 USD, due 2026-12-07" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	inv, err := d.svc.ShowInvoice(d.as("rob", "team"), 8)
	mustNot(t, err)
	if len(inv.Invoice.Items) != 2 || inv.Invoice.Items[1].Text != "Notes = and more" || inv.Invoice.TotalCents != 16250 || inv.IssuedBy.Handle != "rob" {
		t.Fatalf("invoice %+v", inv.Invoice)
	}
	v = practiceView(t, m)
	practiceHas(t, v, "#8", "162.50 USD  open")
	practicePress(m, "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Invoice 8 · open", "Follow-up session", "150.00", "Notes = and more", "12.50", "x void")
	practiceLacks(t, v, "p pay") // the team does not pay
	practicePress(m, "x")
	practiceHas(t, practiceView(t, m), "Void invoice 8?")
	practicePress(m, "y")
	if m.status.Text != "Voided invoice 8 (162.50 USD)" {
		t.Errorf("status %+v", m.status)
	}
	practiceHas(t, practiceView(t, m), "Invoice 8 · void")

	// jane may pay but never void.
	m = practiceFile(t, d, "jane", "", "")
	practicePress(m, "right", "right", "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "Invoice 8 · void")
	practiceLacks(t, v, "x void", "p pay")
	practicePress(m, "x")
	practiceLacks(t, practiceView(t, m), "Void invoice")
}

// An invoice has at most 50 items: the form stops adding rows there.
func TestIssueFormRowLimit(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := practiceFile(t, d, "adam", "", "alex")
	practicePress(m, "right", "right", "n")
	for range domain.MaxInvoiceItems + 2 {
		practicePress(m, "ctrl+n")
	}
	v := practiceView(t, m)
	practiceHas(t, v, "Item 50", "an invoice has at most 50 items")
	practiceLacks(t, v, "Item 51")
	for range domain.MaxInvoiceItems + 2 {
		practicePress(m, "ctrl+x")
	}
	practiceHas(t, practiceView(t, m), "Item 1", "an invoice needs at least one item")
}
