package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

// The demo organisation is sound, and stays sound through the cascade of a
// client's deletion (R19); both checks pass.
func TestVerifyDemo(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	if err := d.svc.Verify(); err != nil {
		t.Fatal(err)
	}
	if err := d.db.Check(); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.DeletePerson(d.as("olivia", "team"), "casey", "casey"); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.Verify(); err != nil {
		t.Fatalf("after deleting a client: %v", err)
	}
	if err := d.db.Check(); err != nil {
		t.Fatalf("after deleting a client: %v", err)
	}
}

// Verify names a half-written invoice: paid_cents that its payments do not
// add up to (R52).
func TestVerifyFindsUnpaidPayments(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	d.skipChecks() // the invoice is damaged on purpose
	inv, err := d.svc.IssueInvoice(d.as("olivia", "team"), domain.NewInvoice{Client: "jane", Items: []domain.ItemInput{{Text: "Session", Amount: "100"}}})
	if err != nil {
		t.Fatal(err)
	}
	id := inv.Invoice.ID
	err = d.db.Update(func(tx domain.Tx) error {
		var raw map[string]any
		if err := tx.Get("invoices", id, &raw); err != nil {
			return err
		}
		raw["paid_cents"] = 5000
		return tx.Put("invoices", id, raw, domain.Index{Name: "client", Key: d.ids["jane"].Key() + "/" + id.Key()})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.db.Check(); err != nil {
		t.Fatalf("indexes are fine: %v", err)
	}
	err = d.svc.Verify()
	if err == nil || !strings.Contains(err.Error(), "payments sum to 0") {
		t.Fatalf("Verify = %v", err)
	}
}
