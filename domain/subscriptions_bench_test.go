package domain_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"behalf/domain"
	"behalf/internal/benchorg"
	"behalf/internal/fixture"
)

// subscribed is the demo with n monthly subscriptions of jane's, made
// through the use case (first invoices included), on a clock.
func subscribed(b *testing.B, n int) (*benchSubs, *clock) {
	b.Helper()
	clk := &clock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	keys := map[string]domain.SSHKey{"jane": {Fingerprint: "SHA256:jane", Line: "ssh-ed25519 jane"}}
	_, svc := fixture.Demo(b, filepath.Join(b.TempDir(), "behalf.db"), keys, domain.Options{Now: clk.now})
	jane, err := svc.Identify("SHA256:jane")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if _, err := svc.BuyPackage(domain.Who{Person: jane.ID, Workspace: "me"}, "", entryMonthly); err != nil {
			b.Fatal(err)
		}
	}
	return &benchSubs{svc: svc}, clk
}

type benchSubs struct{ svc *domain.Service }

// R55: a scheduler pass that finds nothing due, among 2,000 subscriptions
// (the target is at most 5 ms a pass).
func BenchmarkRenewNothingDue(b *testing.B) {
	d, clk := subscribed(b, 2000)
	clk.t = clk.t.AddDate(0, 0, 1)
	b.ResetTimer()
	for b.Loop() {
		if n, err := d.svc.RenewDue(); err != nil || n != 0 {
			b.Fatalf("%d issued, %v", n, err)
		}
	}
}

// R55: issuing 100 due periods at once, each its own transaction.
func BenchmarkRenewHundredDue(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		d, clk := subscribed(b, 100)
		clk.t = clk.t.AddDate(0, 1, 0)
		b.StartTimer()
		if n, err := d.svc.RenewDue(); err != nil || n != 100 {
			b.Fatalf("%d issued, %v", n, err)
		}
	}
}

// R55: at the large organisation (2,000 subscriptions, none due at the
// moment it was generated), one round of the renewals worker — the pass
// that issues what is due and finds when the next period starts — as it
// runs after every practice change. The target is at most 5 ms.
func BenchmarkLargeRenewRoundNothingDue(b *testing.B) {
	o := benchorg.Shared(b)
	ctx := context.Background()
	timed(b, func(int) error {
		if _, ok, err := o.Svc.RenewRound(ctx); err != nil || !ok {
			return fmt.Errorf("a round: next period found %v, %v", ok, err)
		}
		return nil
	})
	if n, err := o.Svc.RenewDue(); err != nil || n != 0 {
		b.Fatalf("the rounds issued %d (%v): something was due", n, err)
	}
}
