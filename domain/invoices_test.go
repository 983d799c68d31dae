package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

func items(specs ...string) []domain.ItemInput {
	var out []domain.ItemInput
	for _, s := range specs {
		it, err := domain.ParseItem(s)
		if err != nil {
			panic(err)
		}
		out = append(out, it)
	}
	return out
}

// R52, R15, R16: invoices are issued by invoice_all, or invoice_own for a
// client the coach coaches; amounts are exact integers.
func TestIssueInvoice(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	v, err := d.svc.IssueInvoice(d.as("rob", "team"), domain.NewInvoice{Client: "jane", Items: items("Session=0.1", "Notes = a=b=0.2")})
	must(t, err)
	inv := v.Invoice
	if inv.TotalCents != 30 || inv.Status != domain.InvoiceOpen || inv.Due != "2026-12-07" || inv.Currency != "USD" || inv.Items[1].Text != "Notes = a=b" {
		t.Fatalf("issued %+v", inv)
	}
	// mira coaches alex but may not invoice; the others do not see alex at all.
	for who, want := range map[domain.Who]domain.Kind{d.as("rob", "team"): domain.KindNotFound, d.as("mira", "team"): domain.KindDenied,
		d.as("john", "team"): domain.KindNotFound, d.as("jane", "me"): domain.KindNotFound, d.as("eve", "contact:jane"): domain.KindNotFound} {
		_, err := d.svc.IssueInvoice(who, domain.NewInvoice{Client: "alex", Items: items("x=1")})
		wantKind(t, err, want)
	}
	_, err = d.svc.IssueInvoice(d.as("asa", "assistant:rob"), domain.NewInvoice{Client: "jane", Items: items("x=1")})
	must(t, err) // R42: rob's invoice_own
	_, err = d.svc.IssueInvoice(d.as("adam", "team"), domain.NewInvoice{Client: "casey", Items: items("x=1")})
	must(t, err)
	many := make([]string, domain.MaxInvoiceItems+1)
	for i := range many {
		many[i] = "line=1"
	}
	for _, bad := range [][]domain.ItemInput{
		nil,
		items(many...),
		items("=5"),
		items("Session=0"),
		items("Session=-5"),
		items("Session=12.345"),
		items("Session=1e3"),
		items("Session=abc"),
		items("Session=1000000.01"),
		items("Session=1000000", "More=0.01"),
		items("Bell\x07=5"),
		items(strings.Repeat("x", domain.MaxLineLen+1) + "=5"),
	} {
		_, err := d.svc.IssueInvoice(d.as("adam", "team"), domain.NewInvoice{Client: "jane", Items: bad})
		wantKind(t, err, domain.KindInvalid)
	}
	_, err = domain.ParseItem("no amount")
	wantKind(t, err, domain.KindInvalid)
}

// R52, R37: paying in full or in part by the client or a contact with
// billing; each payment records payer and client; overpaying, paying a
// paid or void invoice, and voiding a paid one are refused.
func testPayInvoice(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	v, err := d.svc.IssueInvoice(d.as("adam", "team"), domain.NewInvoice{Client: "jane", Items: items("Session=150", "Report=50.50")})
	must(t, err)
	id := v.Invoice.ID
	for _, who := range []domain.Who{d.as("adam", "team"), d.as("rob", "team"), d.as("asa", "assistant:olivia")} {
		_, err := d.svc.PayInvoice(who, id, "")
		wantKind(t, err, domain.KindDenied) // the team sees jane's invoice but does not pay it
	}
	for _, who := range []domain.Who{d.as("alex", "me"), d.as("pat", "contact:alex")} {
		_, err := d.svc.PayInvoice(who, id, "")
		wantKind(t, err, domain.KindNotFound) // another client's invoice is out of sight
	}
	_, err = d.svc.PayInvoice(d.as("eve", "contact:jane"), id, "200.51")
	wantKind(t, err, domain.KindConflict) // overpaying
	_, err = d.svc.PayInvoice(d.as("eve", "contact:jane"), id, "0")
	wantKind(t, err, domain.KindInvalid)
	_, err = d.svc.PayInvoice(d.as("eve", "contact:jane"), id, "-5")
	wantKind(t, err, domain.KindInvalid)
	p1, err := d.svc.PayInvoice(d.as("eve", "contact:jane"), id, "100.25")
	must(t, err)
	if p1.Payer.Handle != "eve" || p1.Client.Handle != "jane" || p1.Payment.AmountCents != 10025 {
		t.Fatalf("payment by eve: %+v", p1)
	}
	_, err = d.svc.VoidInvoice(d.as("adam", "team"), id)
	wantKind(t, err, domain.KindConflict)                   // has payments
	p2, err := d.svc.PayInvoice(d.as("jane", "me"), id, "") // the balance
	must(t, err)
	if p2.Payer.Handle != "jane" || p2.Payment.AmountCents != 10025 {
		t.Fatalf("payment by jane: %+v", p2)
	}
	got, err := d.svc.ShowInvoice(d.as("jane", "me"), id)
	must(t, err)
	if got.Invoice.Status != domain.InvoicePaid || got.Balance != 0 || got.Invoice.PaidCents != 20050 || len(got.Payments) != 2 {
		t.Fatalf("after paying: %+v", got)
	}
	_, err = d.svc.PayInvoice(d.as("jane", "me"), id, "1")
	wantKind(t, err, domain.KindConflict)
	// eve sees the invoice but not the payment history (no `payments`)
	got, err = d.svc.ShowInvoice(d.as("eve", "contact:jane"), id)
	must(t, err)
	if len(got.Payments) != 0 {
		t.Fatal("eve sees payments without the payments permission")
	}
	_, err = d.svc.ListPayments(d.as("eve", "contact:jane"), domain.PaymentFilter{})
	wantKind(t, err, domain.KindDenied)
	// the payments are the client's: listed for jane and the team, attributed to their payers
	ps, err := d.svc.ListPayments(d.as("jane", "me"), domain.PaymentFilter{Limit: 2})
	must(t, err)
	if len(ps) != 2 || ps[0].Payer.Handle != "jane" || ps[1].Payer.Handle != "eve" || ps[0].Client.Handle != "jane" || ps[1].Client.Handle != "jane" {
		t.Fatalf("jane's payments: %+v", ps)
	}
	// void: only with nothing paid, never twice, and then nothing to pay
	v2, err := d.svc.IssueInvoice(d.as("rob", "team"), domain.NewInvoice{Client: "jane", Items: items("x=10")})
	must(t, err)
	_, err = d.svc.VoidInvoice(d.as("mira", "team"), v2.Invoice.ID)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.VoidInvoice(d.as("jane", "me"), v2.Invoice.ID)
	wantKind(t, err, domain.KindDenied)
	vv, err := d.svc.VoidInvoice(d.as("rob", "team"), v2.Invoice.ID)
	must(t, err)
	if vv.Invoice.Status != domain.InvoiceVoid || vv.Balance != 0 {
		t.Fatalf("voided: %+v", vv)
	}
	_, err = d.svc.VoidInvoice(d.as("rob", "team"), v2.Invoice.ID)
	wantKind(t, err, domain.KindConflict)
	_, err = d.svc.PayInvoice(d.as("jane", "me"), v2.Invoice.ID, "")
	wantKind(t, err, domain.KindConflict)
}

// R30, R32, R52: who sees invoices and payments.
func TestInvoiceVisibility(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	count := func(who domain.Who, client string) int {
		t.Helper()
		is, err := d.svc.ListInvoices(who, domain.InvoiceFilter{Client: client})
		must(t, err)
		for _, v := range is {
			if client != "" && v.Client.Handle != client {
				t.Fatalf("%v asked for %s got %s", who, client, v.Client.Handle)
			}
		}
		return len(is)
	}
	if n := count(d.as("eve", "contact:jane"), ""); n != 3 {
		t.Fatalf("eve sees %d of jane's invoices", n)
	}
	if n := count(d.as("adam", "team"), ""); n != 7 {
		t.Fatalf("adam sees %d", n)
	}
	if n := count(d.as("rob", "team"), ""); n != 5 { // jane's 3, casey's 2 (view-only reads)
		t.Fatalf("rob sees %d", n)
	}
	for _, who := range []domain.Who{d.as("pat", "contact:alex"), d.as("pat", "contact:casey"), d.as("sam", "contact:alex")} {
		_, err := d.svc.ListInvoices(who, domain.InvoiceFilter{})
		wantKind(t, err, domain.KindDenied)
		_, err = d.svc.ShowInvoice(who, 4)
		if who.Workspace == "contact:alex" {
			wantKind(t, err, domain.KindDenied) // alex's own: the link lacks billing
		} else {
			wantKind(t, err, domain.KindNotFound) // another client's: out of sight
		}
	}
	_, err := d.svc.ShowInvoice(d.as("eve", "contact:jane"), 4) // alex's
	wantKind(t, err, domain.KindNotFound)
	is, err := d.svc.ListInvoices(d.as("adam", "team"), domain.InvoiceFilter{Status: domain.InvoiceOpen})
	must(t, err)
	if len(is) != 3 {
		t.Fatalf("open invoices: %d", len(is))
	}
	is, err = d.svc.ListInvoices(d.as("adam", "team"), domain.InvoiceFilter{Before: 3, Limit: 1})
	must(t, err)
	if len(is) != 1 || is[0].Invoice.ID != 2 {
		t.Fatalf("page before 3: %+v", is)
	}
	// pat sees alex's payment history — his own payment among it — and casey's
	for ws, client := range map[string]string{"contact:alex": "alex", "contact:casey": "casey"} {
		ps, err := d.svc.ListPayments(d.as("pat", ws), domain.PaymentFilter{})
		must(t, err)
		if len(ps) != 1 || ps[0].Client.Handle != client {
			t.Fatalf("pat in %s: %+v", ws, ps)
		}
	}
}
