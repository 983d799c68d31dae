package domain_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/store"
)

// periodInvoices counts the invoices of subscription sub, by period.
func periodInvoices(t *testing.T, d *demo, sub domain.ID) map[int]int {
	t.Helper()
	invs, err := d.svc.ListInvoices(d.as("adam", "team"), domain.InvoiceFilter{Client: "jane", Limit: domain.MaxPage})
	must(t, err)
	out := map[int]int{}
	for _, v := range invs {
		if v.Invoice.Subscription == sub {
			out[v.Invoice.Period]++
		}
	}
	return out
}

func wantPeriods(t *testing.T, got map[int]int, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%d periods invoiced, want %d: %v", len(got), n, got)
	}
	for k := 0; k < n; k++ {
		if got[k] != 1 {
			t.Fatalf("period %d invoiced %d times: %v", k+1, got[k], got)
		}
	}
}

func subscribe(t *testing.T, d *demo) domain.SubscriptionView {
	t.Helper()
	p, err := d.svc.BuyPackage(d.as("eve", "contact:jane"), "", entryMonthly)
	must(t, err)
	if p.Subscription == nil || p.Invoice.Invoice.Period != 0 || !p.Package.Package.Pending {
		t.Fatalf("subscribing: %+v", p)
	}
	return *p.Subscription
}

// R55: a year of monthly periods, the scheduler running every day on an
// injected clock, issues exactly twelve invoices — the first on
// subscribing — each renewing the credits once.
func TestSubscriptionYearIssuesTwelve(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s := subscribe(t, d)
	if s.NextInvoiceOn != "2026-12-23" || s.Sub.Status != domain.SubActive || s.BoughtBy == nil || s.BoughtBy.Handle != "eve" {
		t.Fatalf("subscription %+v", s)
	}
	start := clk.t
	issued := 0
	for day := 1; day < 365; day++ {
		clk.t = start.AddDate(0, 0, day)
		n, err := d.svc.RenewDue()
		must(t, err)
		issued += n
	}
	if issued != 11 {
		t.Fatalf("the scheduler issued %d invoices in the year after subscribing, want 11", issued)
	}
	wantPeriods(t, periodInvoices(t, d, s.Sub.ID), 12)
	ps, err := d.svc.ListPackages(d.as("adam", "team"), domain.PackageFilter{Client: "jane", Limit: domain.MaxPage})
	must(t, err)
	renewed := 0
	for _, p := range ps {
		if p.Package.Subscription == s.Sub.ID {
			renewed++
		}
	}
	if renewed != 12 {
		t.Fatalf("%d packages renewed, want 12", renewed)
	}
}

// R55: periods missed while no server ran are issued when one comes back,
// each once and oldest first; a pause skips periods on purpose and says so.
func TestSubscriptionCatchesUpAndPauses(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s := subscribe(t, d)
	start := clk.t
	// the worker's round says when to look next: the next period's day
	next, ok, err := d.svc.RenewRound(context.Background())
	must(t, err)
	if !ok || next.In(time.UTC).Format(time.RFC3339) != "2026-12-23T05:00:00Z" {
		t.Fatalf("next round: %v %v", next, ok)
	}
	clk.t = start.AddDate(0, 3, 0) // down for three months
	n, err := d.svc.RenewDue()
	must(t, err)
	if n != 3 {
		t.Fatalf("after three months down: %d issued, want 3", n)
	}
	wantPeriods(t, periodInvoices(t, d, s.Sub.ID), 4)
	eve := d.as("eve", "contact:jane")
	_, err = d.svc.ChangeSubscription(d.as("pat", "contact:alex"), s.Sub.ID, domain.SubPause)
	wantKind(t, err, domain.KindNotFound) // jane is out of pat's sight
	_, err = d.svc.ChangeSubscription(d.as("mira", "team"), s.Sub.ID, domain.SubPause)
	wantKind(t, err, domain.KindDenied) // no invoice permission
	v, err := d.svc.ChangeSubscription(eve, s.Sub.ID, domain.SubPause)
	must(t, err)
	if v.Sub.Status != domain.SubPaused || v.NextInvoiceOn != "" {
		t.Fatalf("paused: %+v", v)
	}
	clk.t = start.AddDate(0, 6, 5)
	if n, err := d.svc.RenewDue(); err != nil || n != 0 {
		t.Fatalf("paused: %d issued, %v", n, err)
	}
	v, err = d.svc.ChangeSubscription(d.as("rob", "team"), s.Sub.ID, domain.SubResume) // invoice_own, jane's primary
	must(t, err)
	if v.NextInvoiceOn != "2027-06-23" {
		t.Fatalf("resumed: next %q", v.NextInvoiceOn)
	}
	audit, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
	must(t, err)
	if !strings.Contains(audit[0].Detail, "3 periods skipped while paused") {
		t.Fatalf("the resume should say what was skipped: %s", audit[0].Detail)
	}
	// auto-renew off: it ends with its period, issuing nothing more
	_, err = d.svc.ChangeSubscription(d.as("jane", "me"), s.Sub.ID, domain.SubRenewOff)
	must(t, err)
	clk.t = start.AddDate(0, 8, 0)
	if n, err := d.svc.RenewDue(); err != nil || n != 0 {
		t.Fatalf("renew off: %d issued, %v", n, err)
	}
	subs, err := d.svc.ListSubscriptions(eve, domain.SubscriptionFilter{})
	must(t, err)
	if len(subs) != 1 || subs[0].Sub.Status != domain.SubEnded {
		t.Fatalf("after its last period: %+v", subs)
	}
	_, err = d.svc.ChangeSubscription(eve, s.Sub.ID, domain.SubRenewOn)
	wantKind(t, err, domain.KindConflict)
	// everyone concerned was told: eve reads the changes in her inbox
	inbox, err := d.svc.Inbox(eve, domain.InboxQuery{Limit: domain.MaxPage})
	must(t, err)
	told := 0
	for _, it := range inbox {
		if it.Item.Event == domain.EventSubscriptionChanged {
			told++
		}
	}
	if told < 3 { // resumed (by rob), auto-renew off (by jane), ended; her own pause is hers
		t.Fatalf("eve was told of %d subscription changes", told)
	}
}

// R55: cancelling voids the unpaid invoice of the current period and
// removes its package; a paid period stays.
func TestSubscriptionCancel(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s := subscribe(t, d)
	clk.t = clk.t.AddDate(0, 1, 0)
	_, err := d.svc.RenewDue()
	must(t, err)
	v, err := d.svc.ChangeSubscription(d.as("adam", "team"), s.Sub.ID, domain.SubCancelNow)
	must(t, err)
	if v.Sub.Status != domain.SubCancelled {
		t.Fatalf("cancelled: %+v", v.Sub)
	}
	invs, err := d.svc.ListInvoices(d.as("adam", "team"), domain.InvoiceFilter{Client: "jane"})
	must(t, err)
	void := 0
	for _, inv := range invs {
		if inv.Invoice.Subscription == s.Sub.ID && inv.Invoice.Status == domain.InvoiceVoid {
			void++
		}
	}
	if void != 1 {
		t.Fatalf("%d period invoices voided, want the last one", void)
	}
	_, err = d.svc.ChangeSubscription(d.as("jane", "me"), s.Sub.ID, domain.SubResume)
	wantKind(t, err, domain.KindConflict)
}

// R55: exactly once is the transaction's doing. A restart in the middle of
// a pass — some periods issued, the rest not — issues no duplicate when the
// next server starts, and a period issued already is refused by its
// unique key even when the scheduler's own check is bypassed.
func TestSubscriptionRestartMidPass(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s := subscribe(t, d)
	clk.t = clk.t.AddDate(0, 3, 0) // three periods due
	// the first server issues one period, then dies
	did, err := d.svc.IssueDueForTest(s.Sub.ID, 1)
	if err != nil || !did {
		t.Fatalf("first server: %v %v", did, err)
	}
	must(t, d.db.Close())
	db, err := store.Open(d.path, store.Options{NoSync: true})
	must(t, err)
	d.skipChecks() // checked below, before this test closes the file it opened
	svc := domain.NewService(db, domain.Options{Now: clk.now})
	d.db, d.svc = db, svc
	defer func() {
		if err := consistency.Check(db, svc); err != nil {
			t.Errorf("after the restart: %v", err)
		}
		db.Close()
	}()
	// the old server's pass, replayed, finds the period done
	if did, err := d.svc.IssueDueForTest(s.Sub.ID, 1); err != nil || did {
		t.Fatalf("replaying an issued period: %v %v", did, err)
	}
	n, err := d.svc.RenewDue()
	must(t, err)
	if n != 2 {
		t.Fatalf("the restarted server issued %d, want the 2 left", n)
	}
	wantPeriods(t, periodInvoices(t, d, s.Sub.ID), 4)
	err = d.svc.ReissueForTest(s.Sub.ID, 2)
	wantKind(t, err, domain.KindConflict)
	wantPeriods(t, periodInvoices(t, d, s.Sub.ID), 4)
}

// R55: two servers renewing at once issue each period once.
func TestSubscriptionRenewalsRace(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s := subscribe(t, d)
	clk.t = clk.t.AddDate(0, 2, 0)
	other := domain.NewService(d.db, domain.Options{Now: clk.now}) // a second server on the same store
	var wg sync.WaitGroup
	start := make(chan struct{})
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i, svc := range []*domain.Service{d.svc, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			counts[i], errs[i] = svc.RenewDue()
		}()
	}
	close(start)
	wg.Wait()
	must(t, errs[0])
	must(t, errs[1])
	if counts[0]+counts[1] != 2 {
		t.Fatalf("the two servers issued %d and %d, want 2 in all", counts[0], counts[1])
	}
	wantPeriods(t, periodInvoices(t, d, s.Sub.ID), 3)
}
