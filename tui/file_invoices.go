package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Invoices part of a client file: newest first, each with its status
// and, while open, its balance. enter opens one; p pays the selected one
// where the workspace may; n issues one where billing is allowed.

type invoicesPart struct{ pagedList[domain.InvoiceView] }

func newInvoicesPart(f *clientFile) *invoicesPart {
	p := &invoicesPart{pagedList[domain.InvoiceView]{f: f, id: func(v domain.InvoiceView) domain.ID { return v.Invoice.ID }}}
	p.read = func(before domain.ID) ([]domain.InvoiceView, error) {
		return f.Svc.ListInvoices(f.Who, domain.InvoiceFilter{Client: f.client.Handle, Before: before, Limit: filePage})
	}
	return p
}

func (p *invoicesPart) spaced() bool  { return false }
func (p *invoicesPart) empty() string { return "no invoices" }

func (p *invoicesPart) blocks(int) [][]string {
	st := p.f.Styles
	var out [][]string
	for _, v := range p.rows {
		cur := v.Invoice.Currency
		line := fmt.Sprintf("#%-4s %s  %s  ", v.Invoice.ID, v.Issued.Format(domain.DateLayout), domain.Money(v.Invoice.TotalCents, cur)) + invoiceStatus(st, v.Invoice.Status)
		if v.Invoice.Status == domain.InvoiceOpen {
			line += st.Subtle.Render(fmt.Sprintf("  balance %s · due %s", domain.FormatAmount(v.Balance, cur), clean(v.Invoice.Due)))
		}
		out = append(out, []string{line})
	}
	return out
}

// open shows the selected invoice on top of the file.
func (p *invoicesPart) open() {
	f := p.f
	if f.sel < len(p.rows) {
		f.invoice = newInvoiceDetail(f.Context, f.ikeys, p.rows[f.sel].Invoice.ID)
		f.invoice.SetSize(f.Width, f.Height)
	}
}

// canPay: the selected invoice may be paid from here.
func (p *invoicesPart) canPay() bool { return p.f.sel < len(p.rows) && p.rows[p.f.sel].CanPay }

// key: p opens the selected invoice with its payment form.
func (p *invoicesPart) key(k tea.KeyMsg) (tea.Cmd, bool) {
	if !key.Matches(k, p.f.keys.Pay) {
		return nil, false
	}
	if p.canPay() {
		f := p.f
		p.open()
		if f.invoice.err == nil && f.invoice.v.CanPay {
			f.invoice.openPayment()
		}
	}
	return nil, true
}

func (p *invoicesPart) help() []key.Binding {
	if p.canPay() {
		return []key.Binding{p.f.keys.Pay}
	}
	return nil
}

func (p *invoicesPart) canNew() (bool, string) { return p.f.tabs.IssueInvoice, "issue invoice" }

func (p *invoicesPart) newItem() tea.Cmd {
	if p.f.tabs.IssueInvoice {
		p.f.openPane(issueForm(p.f.Context, *p.f.client))
	}
	return nil
}
