package demo_test

import (
	"testing"
	"time"

	"behalf/domain"
)

// R55: the generated organisation's subscriptions (TestSeedLarge's
// organisation) pass the checks every test ends with (each period
// invoiced once, its package naming the same subscription, ids of their
// own beside the sessions' packages); at the moment of generation nothing
// is due, and resuming the paused ones whose period starts today makes
// exactly those due for the scheduler.
func checkSubscriptions(t *testing.T, o *generated) {
	t.Helper()
	admin := o.as("admin01", "team") // invoice_all: every client's
	subs, err := o.svc.ListSubscriptions(admin, domain.SubscriptionFilter{Limit: domain.MaxPage})
	must(t, err)
	if len(subs) != tinyScale.Subscriptions {
		t.Fatalf("%d subscriptions, want %d", len(subs), tinyScale.Subscriptions)
	}
	statuses := map[domain.SubscriptionStatus]int{}
	for _, s := range subs {
		statuses[s.Sub.Status]++
	}
	if statuses[domain.SubActive] < len(subs)/2 || statuses[domain.SubPaused] == 0 {
		t.Errorf("statuses %v: want mostly active, some paused", statuses)
	}
	if n, err := o.svc.RenewDue(); err != nil || n != 0 {
		t.Fatalf("a pass at the moment of generation issued %d (%v), want nothing due", n, err)
	}
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // genNow's day, in the demo's zone too
	burst := 0
	for _, s := range subs {
		anchor, err := domain.ParseDay(s.Sub.Anchor)
		must(t, err)
		if s.Sub.Status != domain.SubPaused || s.Sub.Every != "2w" || int(today.Sub(anchor).Hours()/24)%14 != 0 {
			continue
		}
		got, err := o.svc.ChangeSubscription(admin, s.Sub.ID, domain.SubResume)
		must(t, err)
		if got.NextInvoiceOn != "2026-11-23" {
			t.Fatalf("resumed subscription %s: next invoice %q, want today", s.Sub.ID, got.NextInvoiceOn)
		}
		burst++
	}
	if want := tinyScale.Subscriptions / 20; burst < want {
		t.Fatalf("%d paused subscriptions with a period starting today, want at least %d", burst, want)
	}
	if n, err := o.svc.RenewDue(); err != nil || n != burst {
		t.Fatalf("after resuming %d, a pass issued %d (%v)", burst, n, err)
	}
}
