package domain_test

import (
	"sync"
	"testing"
	"time"

	"behalf/domain"
)

// useCases are the use-case tests that run on both stores: TestUseCases
// runs each on bbolt (newDemo); built with the etcd tag, TestEtcdUseCases
// runs every one on etcd as well (onEtcd), so that the one suite proves
// both stores without `make test` waiting for etcd.
var useCases = []struct {
	name string
	run  func(t *testing.T, newDemo opener)
}{
	{"NoDoubleBooking", testNoDoubleBooking},
	{"BookingRace", testBookingRace},
	{"TeamRules", testTeamRules},
	{"PrimaryRace", testPrimaryRace},
	{"RevocationReachesEveryServer", testRevocationReachesEveryServer},
	{"PayInvoice", testPayInvoice},
	{"PaymentRace", testPaymentRace},
	{"RedeemLimitCountsAddressesLikeConnections", testRedeemLimitCountsAddressesLikeConnections},
}

func TestUseCases(t *testing.T) {
	for _, u := range useCases {
		t.Run(u.name, func(t *testing.T) { u.run(t, newDemo) })
	}
}

// race runs the functions at once and returns their errors.
func race(fns ...func() error) []error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// R50: two servers booking one coach's same hour at once book it once;
// the other is told the coach already has a session.
func testBookingRace(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	a, b := d.svc, d.second()
	book := func(svc *domain.Service, client string) func() error {
		return func() error {
			_, err := svc.BookSession(d.as("olivia", "team"), domain.Booking{Client: client, Coach: "rob", Start: "2027-02-09T07:15", Minutes: 60})
			return err
		}
	}
	errs := race(book(a, "jane"), book(b, "jane"))
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two bookings of one hour: %v and %v; want exactly one booked", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil {
			wantKind(t, err, domain.KindConflict)
		}
	}
	got := d.sessionsOf(d.as("rob", "team"), domain.SessionFilter{Coach: "rob"})
	n := 0
	for _, s := range got {
		if s.Session.Start.Equal(time.Date(2027, 2, 9, 12, 15, 0, 0, time.UTC)) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("rob has %d sessions at that hour, want 1", n)
	}
}

// R11: two admins on two servers making different coaches jane's primary
// at once leave exactly one primary, one of the two.
func testPrimaryRace(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	a, b := d.svc, d.second()
	set := func(svc *domain.Service, who, coach string) func() error {
		return func() error {
			_, err := svc.SetPairing(d.as(who, "team"), domain.PairingChange{Coach: coach, Client: "jane", Level: domain.LevelPrimary})
			return err
		}
	}
	for _, err := range race(set(a, "olivia", "mira"), set(b, "adam", "john")) {
		must(t, err)
	}
	var primaries []string
	for coach, lvl := range levels(t, d, d.as("olivia", "team"), "jane") {
		if lvl == domain.LevelPrimary {
			primaries = append(primaries, coach)
		}
	}
	if len(primaries) != 1 || primaries[0] != "mira" && primaries[0] != "john" {
		t.Fatalf("jane's primaries after the race: %v; want mira or john alone", primaries)
	}
}

// R5, R6: a contact's link revoked on one server is gone on every other
// at once: the other server refuses the contact's next read, and its
// screens of the contact are woken (they re-read and narrow).
func testRevocationReachesEveryServer(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	b := d.second()
	eve := d.as("eve", "contact:jane")
	if _, err := b.ListInvoices(eve, domain.InvoiceFilter{}); err != nil {
		t.Fatalf("before: %v", err)
	}
	woken, stop := b.Watch(d.ids["eve"])
	defer stop()
	must(t, d.svc.Unlink(d.as("olivia", "team"), "jane", "eve"))
	select {
	case <-woken:
	case <-time.After(5 * time.Second):
		t.Fatal("the other server's screens of eve were not woken")
	}
	if _, err := b.ListInvoices(eve, domain.InvoiceFilter{}); err == nil {
		t.Fatal("the other server still shows eve jane's invoices")
	}
	ws, err := b.Workspaces(d.ids["eve"])
	must(t, err)
	for _, w := range ws {
		if w.ID == "contact:jane" {
			t.Fatal("the other server still offers eve jane's workspace")
		}
	}
}

// R52: jane and eve paying jane's invoice at once on two servers never pay
// more than it asks: the later payment of the full amount is refused.
func testPaymentRace(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	v, err := d.svc.IssueInvoice(d.as("adam", "team"), domain.NewInvoice{Client: "jane", Items: items("Session=150")})
	must(t, err)
	pay := func(svc *domain.Service, who domain.Who) func() error {
		return func() error { _, err := svc.PayInvoice(who, v.Invoice.ID, "150"); return err }
	}
	errs := race(pay(d.svc, d.as("jane", "me")), pay(d.second(), d.as("eve", "contact:jane")))
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two payments in full at once: %v and %v; want exactly one", errs[0], errs[1])
	}
	got, err := d.svc.ShowInvoice(d.as("jane", "me"), v.Invoice.ID)
	must(t, err)
	if got.Invoice.PaidCents != 15000 || got.Invoice.Status != domain.InvoicePaid {
		t.Fatalf("after the race: paid %d, %s", got.Invoice.PaidCents, got.Invoice.Status)
	}
}
