package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

type invoiceOut struct {
	ID         string `json:"id"`
	Client     string `json:"client"`
	Status     string `json:"status"`
	TotalCents int64  `json:"total_cents"`
	PaidCents  int64  `json:"paid_cents"`
	Currency   string `json:"currency"`
	Due        string `json:"due"`
	Items      []struct {
		Text        string `json:"text"`
		AmountCents int64  `json:"amount_cents"`
	} `json:"items"`
}

type paymentOut struct {
	ID          string `json:"id"`
	Invoice     string `json:"invoice"`
	Client      string `json:"client"`
	Payer       string `json:"payer"`
	AmountCents int64  `json:"amount_cents"`
	At          string `json:"at"`
}

// R52: bad amounts are refused with exit 1 and one clear line, wherever
// they are typed.
func TestBadAmounts(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	for _, amt := range []string{"-5", "12.345", "1e3", "abc", "+5", "", "1,000", "1000000.01", "0x10", "NaN"} {
		e := o.code(ExitRefused, "adam", "invoices", "issue", "--client", "jane", "--item", "Session="+amt)
		if !strings.Contains(e, "amount") {
			t.Errorf("item amount %q: %s", amt, e)
		}
		if amt != "" {
			o.code(ExitRefused, "jane", "invoices", "pay", "3", "--amount", amt)
		}
		o.code(ExitRefused, "adam", "packages", "define", "--name", "Odd", "--sessions", "1", "--days", "1", "--price", amt)
	}
	o.code(ExitRefused, "jane", "invoices", "pay", "3", "--amount", "")
	o.code(ExitRefused, "adam", "invoices", "issue", "--client", "jane", "--item", "no amount here")
	// nothing half-written
	var invs []invoiceOut
	if err := json.Unmarshal([]byte(o.ok("adam", "invoices", "list", "--json")), &invs); err != nil {
		t.Fatal(err)
	}
	if len(invs) != 7 {
		t.Fatalf("%d invoices after refusals", len(invs))
	}
}

// R52, R37: issue, pay in part and in full, payments attributed to payer
// and client, payment history by permission.
func TestInvoiceCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	var inv invoiceOut
	out := o.ok("rob", "invoices", "issue", "--client", "jane", "--item", "Session (Dec)=0.1", "--item", "Notes=0.2", "--json")
	if err := json.Unmarshal([]byte(out), &inv); err != nil {
		t.Fatal(err)
	}
	if inv.TotalCents != 30 || inv.PaidCents != 0 || inv.Status != "open" || inv.Currency != "USD" || inv.Due != "2026-12-07" || len(inv.Items) != 2 || inv.Items[0].Text != "Session (Dec)" {
		t.Fatalf("issued %+v", inv)
	}
	o.code(ExitDenied, "mira", "invoices", "issue", "--client", "alex", "--item", "x=1")
	o.code(ExitDenied, "rob", "invoices", "issue", "--client", "casey", "--item", "x=1")
	o.code(ExitDenied, "adam", "invoices", "pay", inv.ID)
	o.code(ExitDenied, "pat", "invoices", "pay", "5", "--ws", "contact:alex") // no billing
	o.code(ExitRefused, "eve", "invoices", "pay", inv.ID, "--amount", "0.31")
	var p paymentOut
	if err := json.Unmarshal([]byte(o.ok("eve", "invoices", "pay", inv.ID, "--amount", "0.10", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if p.Payer != "eve" || p.Client != "jane" || p.AmountCents != 10 || p.Invoice != inv.ID || !strings.HasSuffix(p.At, "-05:00") {
		t.Fatalf("eve's payment %+v", p)
	}
	o.code(ExitRefused, "rob", "invoices", "void", inv.ID) // has a payment
	if out := o.ok("jane", "invoices", "pay", inv.ID); !strings.Contains(out, "0.20 USD") {
		t.Errorf("paying the balance: %s", out)
	}
	o.code(ExitRefused, "jane", "invoices", "pay", inv.ID)
	if err := json.Unmarshal([]byte(o.ok("jane", "invoices", "show", inv.ID, "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	if inv.Status != "paid" || inv.PaidCents != 30 {
		t.Fatalf("after paying %+v", inv)
	}
	// payments list: jane's own history shows both payers
	var ps []paymentOut
	if err := json.Unmarshal([]byte(o.ok("jane", "payments", "list", "--json", "--limit", "2")), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Payer != "jane" || ps[1].Payer != "eve" || ps[0].Client != "jane" || ps[1].Client != "jane" {
		t.Fatalf("payments %+v", ps)
	}
	o.code(ExitDenied, "eve", "payments", "list")
	// pat sees alex's history, including what he paid
	if err := json.Unmarshal([]byte(o.ok("pat", "payments", "list", "--ws", "contact:alex", "--json")), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Payer != "pat" || ps[0].Client != "alex" {
		t.Fatalf("pat's view of alex's payments %+v", ps)
	}
	// void
	var v invoiceOut
	if err := json.Unmarshal([]byte(o.ok("adam", "invoices", "issue", "--client", "alex", "--item", "x=5", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	o.code(ExitDenied, "alex", "invoices", "void", v.ID)
	o.ok("adam", "invoices", "void", v.ID)
	o.code(ExitRefused, "alex", "invoices", "pay", v.ID)
	o.code(ExitRefused, "adam", "invoices", "list", "--status", "unpaid")
	var open []invoiceOut
	if err := json.Unmarshal([]byte(o.ok("adam", "invoices", "list", "--status", "void", "--json")), &open); err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].ID != v.ID {
		t.Fatalf("void invoices %+v", open)
	}
	// eve sees jane's invoices, never alex's: alex is out of her sight, as if there were no such invoice or client
	o.code(ExitRefused, "eve", "invoices", "show", "4")
	o.code(ExitRefused, "eve", "invoices", "list", "--client", "alex")
}
