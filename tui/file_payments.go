package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Payments part of a client file: newest first, who paid shown as the
// reader may see them (R14). Payments are made from an invoice, never here.

type paymentsPart struct{ pagedList[domain.PaymentView] }

func newPaymentsPart(f *clientFile) *paymentsPart {
	p := &paymentsPart{pagedList[domain.PaymentView]{f: f, id: func(v domain.PaymentView) domain.ID { return v.Payment.ID }}}
	p.read = func(before domain.ID) ([]domain.PaymentView, error) {
		return f.Svc.ListPayments(f.Who, domain.PaymentFilter{Client: f.client.Handle, Before: before, Limit: filePage})
	}
	return p
}

func (p *paymentsPart) spaced() bool  { return false }
func (p *paymentsPart) empty() string { return "no payments" }

func (p *paymentsPart) blocks(int) [][]string {
	var out [][]string
	for _, v := range p.rows {
		line := fmt.Sprintf("%s  %s  invoice %s  by %s", v.At.Format(dayLayout), domain.Money(v.Payment.AmountCents, v.Payment.Currency), v.Payment.Invoice, partyLabel(v.Payer))
		out = append(out, []string{line})
	}
	return out
}

func (p *paymentsPart) canNew() (bool, string) { return false, "" }
func (p *paymentsPart) newItem() tea.Cmd       { return nil }
