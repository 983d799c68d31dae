package domain_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

func (d *demo) book(who domain.Who, client, coach, start string, minutes int) (domain.SessionView, error) {
	return d.svc.BookSession(who, domain.Booking{Client: client, Coach: coach, Start: start, Minutes: minutes})
}

func (d *demo) sessionsOf(who domain.Who, f domain.SessionFilter) map[domain.ID]domain.SessionView {
	d.t.Helper()
	l, err := d.svc.ListSessions(who, f)
	must(d.t, err)
	out := map[domain.ID]domain.SessionView{}
	for _, s := range l.Sessions {
		out[s.Session.ID] = s
	}
	return out
}

// R50: neither a coach nor a client is double-booked — any overlap, not
// just an equal start; back-to-back is fine; cancelled sessions free the slot.
func testNoDoubleBooking(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team") // schedule_all
	first, err := d.book(adam, "alex", "mira", "2026-12-07T10:00", 60)
	must(t, err)
	for _, c := range []struct {
		why, client, coach, start string
		minutes                   int
	}{
		{"same coach, same start", "casey", "mira", "2026-12-07T10:00", 60},
		{"same coach, starts inside", "casey", "mira", "2026-12-07T10:30", 60},
		{"same coach, ends inside", "casey", "mira", "2026-12-07T09:30", 45},
		{"same coach, contains it", "casey", "mira", "2026-12-07T09:00", 180},
		{"same coach, one minute over", "casey", "mira", "2026-12-07T10:59", 30},
		{"same client, other coach", "alex", "olivia", "2026-12-07T10:15", 30},
		{"same client, ends one minute in", "alex", "olivia", "2026-12-07T09:01", 60},
	} {
		_, err := d.book(adam, c.client, c.coach, c.start, c.minutes)
		wantKind(t, err, domain.KindConflict)
		if !strings.Contains(err.Error(), "already has a session") {
			t.Errorf("%s: %v", c.why, err)
		}
	}
	// back-to-back on both sides is allowed
	before, err := d.book(adam, "casey", "mira", "2026-12-07T09:00", 60)
	must(t, err)
	_, err = d.book(adam, "alex", "olivia", "2026-12-07T11:00", 30)
	must(t, err)
	// a session up to four hours long still blocks a later start
	long, err := d.book(adam, "jane", "olivia", "2026-12-08T09:00", 240)
	must(t, err)
	_, err = d.book(adam, "alex", "olivia", "2026-12-08T12:45", 30)
	wantKind(t, err, domain.KindConflict)
	// rescheduling into an overlap is refused; overlapping its own old slot is not
	_, err = d.svc.RescheduleSession(adam, before.Session.ID, "2026-12-07T09:30")
	wantKind(t, err, domain.KindConflict)
	moved, err := d.svc.RescheduleSession(adam, long.Session.ID, "2026-12-08T09:30")
	must(t, err)
	if moved.Start.Format("15:04") != "09:30" {
		t.Fatalf("moved to %s", moved.Start)
	}
	// the walk back from a start stops four hours before it: the four-hour
	// session (now 09:30–13:30) blocks 13:29, not 13:30
	_, err = d.book(adam, "alex", "olivia", "2026-12-08T13:29", 30)
	wantKind(t, err, domain.KindConflict)
	_, err = d.book(adam, "alex", "olivia", "2026-12-08T13:30", 30)
	must(t, err)
	// a cancelled session blocks nothing
	_, err = d.svc.CancelSession(adam, first.Session.ID)
	must(t, err)
	_, err = d.book(adam, "casey", "mira", "2026-12-07T10:00", 60)
	must(t, err)
}

// R50: times are entered and shown in the organisation's zone and stored
// in UTC, correctly across daylight-saving changes.
func TestSessionTimesAcrossDST(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	// spring forward: 02:30 does not exist in New York on 2027-03-14
	before := d.snapshot()
	_, err := d.book(adam, "alex", "mira", "2027-03-14T02:30", 60)
	wantKind(t, err, domain.KindInvalid)
	if !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("gap: %v", err)
	}
	if !bytes.Equal(before, d.snapshot()) {
		t.Fatal("a refused booking changed the database")
	}
	// fall back: 01:30 happens twice on 2026-11-01; the first (EDT) is
	// taken (a past day: recorded as it went, R50)
	s, err := d.svc.BookSession(adam, domain.Booking{Client: "alex", Coach: "mira", Start: "2026-11-01T01:30", Minutes: 60, Status: domain.SessionCompleted})
	must(t, err)
	if !s.Session.Start.Equal(time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)) || s.Start.Format(time.RFC3339) != "2026-11-01T01:30:00-04:00" {
		t.Fatalf("stored %s, shown %s", s.Session.Start, s.Start.Format(time.RFC3339))
	}
	if s.End.Format(time.RFC3339) != "2026-11-01T01:30:00-05:00" {
		t.Fatalf("an hour later the clocks show 01:30 again, EST: %s", s.End.Format(time.RFC3339))
	}
	// a weekly series keeps its wall-clock time across the change
	series, err := d.svc.BookSeries(adam, domain.Booking{Client: "casey", Coach: "mira", Start: "2027-03-01T10:00", Minutes: 45}, 4)
	must(t, err)
	wantUTC := []int{15, 15, 14, 14}
	for i, s := range series {
		if s.Start.Format("15:04 Mon") != "10:00 Mon" || s.Session.Start.Hour() != wantUTC[i] {
			t.Errorf("week %d: shown %s, stored %s", i, s.Start, s.Session.Start)
		}
	}
	// a series that would land in the gap is refused as a whole
	before = d.snapshot()
	_, err = d.svc.BookSeries(adam, domain.Booking{Client: "alex", Coach: "mira", Start: "2027-03-07T02:30", Minutes: 30}, 2)
	wantKind(t, err, domain.KindInvalid)
	if !bytes.Equal(before, d.snapshot()) {
		t.Fatal("a refused series booked some sessions")
	}
}

// R50: bounds on length and start.
func TestSessionBounds(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	for _, c := range []struct {
		who     domain.Who
		start   string
		minutes int
	}{
		{adam, "2026-12-07T10:00", 10},
		{adam, "2026-12-07T10:00", 241},
		{adam, "2029-01-01T10:00", 60},               // more than two years ahead
		{adam, "2026-06-01T10:00", 60},               // more than 90 days ago
		{adam, "2026-12-07 10.00", 60},               // not the layout
		{d.as("alex", "me"), "2026-11-23T09:00", 60}, // the client books ahead only
	} {
		_, err := d.book(c.who, "alex", "mira", c.start, c.minutes)
		wantKind(t, err, domain.KindInvalid)
	}
}

// R50, R15, R13, R14, R30, R42: who may book with whom.
func TestWhoBooks(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	ok := func(who domain.Who, client, coach, start string) domain.SessionView {
		t.Helper()
		s, err := d.book(who, client, coach, start, 60)
		must(t, err)
		return s
	}
	refused := func(k domain.Kind, who domain.Who, client, coach, start string) {
		t.Helper()
		_, err := d.book(who, client, coach, start, 60)
		wantKind(t, err, k)
	}
	// R15 schedule_own: a coach books their own sessions with clients they coach
	ok(d.as("rob", "team"), "jane", "rob", "2026-12-07T09:00")
	refused(domain.KindDenied, d.as("rob", "team"), "jane", "mira", "2026-12-07T11:00")
	refused(domain.KindDenied, d.as("rob", "team"), "casey", "rob", "2026-12-07T11:00") // view-only (R14)
	ok(d.as("mira", "team"), "alex", "mira", "2026-12-07T12:00")
	refused(domain.KindDenied, d.as("john", "team"), "jane", "john", "2026-12-07T13:00")
	// the default coach is you
	s, err := d.book(d.as("mira", "team"), "casey", "", "2026-12-07T14:00", 60)
	must(t, err)
	if s.Coach.Handle != "mira" {
		t.Fatalf("default coach %s", s.Coach.Handle)
	}
	// R50: the coach needs coaching access, whoever books
	refused(domain.KindConflict, d.as("adam", "team"), "jane", "john", "2026-12-08T09:00") // view-only
	refused(domain.KindConflict, d.as("adam", "team"), "alex", "rob", "2026-12-08T09:00")  // not paired
	refused(domain.KindInvalid, d.as("adam", "team"), "alex", "adam", "2026-12-08T09:00")  // admin-only staff
	ok(d.as("adam", "team"), "alex", "olivia", "2026-12-08T09:00")                         // coach_all_clients
	// the client books with their own coaches only, never a view-only one
	ok(d.as("jane", "me"), "", "rob", "2026-12-08T10:00")
	// a view-only coach (R14) and other clients are no one to her; olivia
	// coaches every client (coach_all_clients) but is not one of jane's own
	refused(domain.KindNotFound, d.as("jane", "me"), "", "john", "2026-12-08T12:00")
	refused(domain.KindInvalid, d.as("jane", "me"), "", "olivia", "2026-12-08T12:00")
	refused(domain.KindNotFound, d.as("jane", "me"), "alex", "mira", "2026-12-08T12:00")
	s, err = d.book(d.as("alex", "me"), "", "", "2026-12-08T13:00", 60)
	must(t, err)
	if s.Coach.Handle != "mira" {
		t.Fatalf("a client's default coach is their primary, got %s", s.Coach.Handle)
	}
	// R30: a contact with schedule books for their client only
	ok(d.as("eve", "contact:jane"), "", "mira", "2026-12-08T14:00")
	refused(domain.KindNotFound, d.as("eve", "contact:jane"), "alex", "mira", "2026-12-08T16:00") // out of sight
	refused(domain.KindDenied, d.as("sam", "contact:alex"), "", "mira", "2026-12-08T16:00")
	ok(d.as("pat", "contact:casey"), "", "mira", "2026-12-08T16:00")
	// R42: an assistant books with the practitioner's access
	ok(d.as("asa", "assistant:rob"), "jane", "rob", "2026-12-09T09:00")
	refused(domain.KindDenied, d.as("asa", "assistant:rob"), "jane", "mira", "2026-12-09T11:00")
	ok(d.as("asa", "assistant:olivia"), "alex", "mira", "2026-12-09T11:00") // olivia holds schedule_all
}

// R14: a view-only coach's sessions are never shown to the client or
// their contacts.
func TestViewOnlyCoachSessionsHidden(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	s, err := d.svc.BookSession(adam, domain.Booking{Client: "jane", Coach: "mira", Start: "2026-11-20T10:00", Minutes: 60, Status: domain.SessionCompleted})
	must(t, err)
	_, err = d.svc.SetPairing(adam, domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelView,
		Sessions: domain.SessionsPlan{Do: domain.SessionsCancel}})
	must(t, err)
	for _, who := range []domain.Who{d.as("jane", "me"), d.as("eve", "contact:jane")} {
		for _, v := range d.sessionsOf(who, domain.SessionFilter{From: "2026-11-01", To: "2026-12-31"}) {
			if v.Coach.Handle == "mira" {
				t.Fatalf("%v sees view-only mira's session %s", who, v.Session.ID)
			}
		}
		_, err := d.svc.CancelSession(who, s.Session.ID)
		wantKind(t, err, domain.KindNotFound)
		_, err = d.svc.ShowSession(who, s.Session.ID)
		wantKind(t, err, domain.KindNotFound)
	}
	if _, ok := d.sessionsOf(d.as("rob", "team"), domain.SessionFilter{Client: "jane", From: "2026-11-20", To: "2026-11-20"})[s.Session.ID]; !ok {
		t.Fatal("the team still sees it")
	}
	// and mira, now view-only, cannot be booked with jane again (R50)
	_, err = d.book(adam, "jane", "mira", "2026-12-08T10:00", 60)
	wantKind(t, err, domain.KindConflict)
}

// R50: rescheduling and cancelling — a contact only for their client;
// marking completed or no-show is the team's.
func TestRescheduleCancelComplete(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	s, err := d.book(d.as("eve", "contact:jane"), "", "rob", "2026-12-07T10:00", 60)
	must(t, err)
	id := s.Session.ID
	_, err = d.svc.RescheduleSession(d.as("pat", "contact:alex"), id, "2026-12-07T11:00")
	wantKind(t, err, domain.KindNotFound) // jane's session: out of sight
	_, err = d.svc.RescheduleSession(d.as("eve", "contact:jane"), id, "2026-12-07T10:00")
	wantKind(t, err, domain.KindConflict) // already then
	_, err = d.svc.RescheduleSession(d.as("eve", "contact:jane"), id, "2026-12-07T11:00")
	must(t, err)
	_, err = d.svc.CompleteSession(d.as("rob", "team"), id, false)
	wantKind(t, err, domain.KindConflict)                  // not started yet
	clk.t = time.Date(2026, 12, 7, 16, 30, 0, 0, time.UTC) // 11:30 in New York
	_, err = d.svc.CancelSession(d.as("jane", "me"), id)
	wantKind(t, err, domain.KindConflict) // started: the client can no longer cancel
	_, err = d.svc.CompleteSession(d.as("jane", "me"), id, false)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.CompleteSession(d.as("mira", "team"), id, false)
	wantKind(t, err, domain.KindDenied) // not her session
	done, err := d.svc.CompleteSession(d.as("asa", "assistant:rob"), id, true)
	must(t, err)
	if done.Session.Status != domain.SessionNoShow {
		t.Fatalf("status %s", done.Session.Status)
	}
	_, err = d.svc.CancelSession(d.as("adam", "team"), id)
	wantKind(t, err, domain.KindConflict)
}

// R51: a booking against a package takes a credit; cancelling more than
// 24 hours ahead returns it, 24 hours or less keeps it.
func TestPackageCredits(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	rob := d.as("rob", "team")
	used := func() int {
		t.Helper()
		ps, err := d.svc.ListPackages(rob, domain.PackageFilter{Client: "jane"})
		must(t, err)
		return ps[0].Package.SessionsUsed
	}
	start := used() // the demo's Executive 10
	bookP := func(at string) domain.SessionView {
		t.Helper()
		s, err := d.svc.BookSession(rob, domain.Booking{Client: "jane", Coach: "rob", Start: at, Minutes: 60, Package: 1})
		must(t, err)
		return s
	}
	a := bookP("2026-12-07T10:00") // 15:00 UTC
	b := bookP("2026-12-08T10:00")
	c := bookP("2026-12-09T10:00")
	if used() != start+3 {
		t.Fatalf("used %d, want %d", used(), start+3)
	}
	// more than 24 hours ahead: returned
	clk.t = time.Date(2026, 12, 6, 14, 59, 0, 0, time.UTC)
	got, err := d.svc.CancelSession(rob, a.Session.ID)
	must(t, err)
	if !got.Session.CreditReturned || used() != start+2 {
		t.Fatalf("24h01m ahead: returned=%v used=%d", got.Session.CreditReturned, used())
	}
	// exactly 24 hours ahead: kept
	clk.t = time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	got, err = d.svc.CancelSession(rob, b.Session.ID)
	must(t, err)
	if got.Session.CreditReturned || used() != start+2 {
		t.Fatalf("exactly 24h ahead: returned=%v used=%d", got.Session.CreditReturned, used())
	}
	// less: kept
	clk.t = time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC)
	got, err = d.svc.CancelSession(rob, c.Session.ID)
	must(t, err)
	if got.Session.CreditReturned || used() != start+2 {
		t.Fatalf("6h ahead: returned=%v used=%d", got.Session.CreditReturned, used())
	}
}

// R51: an expired or used-up package refuses the booking (conflict).
func TestExpiredAndUsedUpPackages(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	adam := d.as("adam", "team")
	one, err := d.svc.DefinePackage(adam, domain.NewCatalogEntry{Name: "Single", Sessions: 1, Price: "150", ValidityDays: 7})
	must(t, err)
	p, err := d.svc.AssignPackage(adam, domain.PackageAssignment{Client: "alex", Package: one.ID})
	must(t, err)
	if p.Package.Expires != "2026-11-30" { // assigned 2026-11-23 + 7 days
		t.Fatalf("expires %s", p.Package.Expires)
	}
	book := func(start string) error {
		_, err := d.svc.BookSession(adam, domain.Booking{Client: "alex", Coach: "mira", Start: start, Minutes: 45, Package: p.Package.ID})
		return err
	}
	wantKind(t, book("2026-11-30T10:00"), domain.KindConflict) // on the expiry day: too late
	must(t, book("2026-11-29T10:00"))
	err = book("2026-11-27T10:00")
	wantKind(t, err, domain.KindConflict)
	if !strings.Contains(err.Error(), "used up") {
		t.Errorf("used up: %v", err)
	}
	// another client's package is not found; a contact without `packages` may not use one
	_, err = d.svc.BookSession(adam, domain.Booking{Client: "casey", Coach: "mira", Start: "2026-11-27T10:00", Minutes: 45, Package: p.Package.ID})
	wantKind(t, err, domain.KindNotFound)
	_, err = d.svc.BookSession(d.as("pat", "contact:casey"), domain.Booking{Start: "2026-11-27T10:00", Minutes: 45, Package: 3})
	wantKind(t, err, domain.KindDenied)
	// expired
	p2, err := d.svc.AssignPackage(adam, domain.PackageAssignment{Client: "alex", Package: one.ID})
	must(t, err)
	clk.t = time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC) // 00:00 in New York on the expiry day
	_, err = d.svc.BookSession(adam, domain.Booking{Client: "alex", Coach: "mira", Start: "2026-12-01T10:00", Minutes: 45, Package: p2.Package.ID})
	wantKind(t, err, domain.KindConflict)
	if !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired: %v", err)
	}
}

// R50, R60: sessions list windows and pages; every change is audited with
// the assistant as actor and the practitioner as on_behalf_of (R44).
func TestSessionsListAndAudit(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	l, err := d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{From: "2026-11-23", To: "2026-11-30"})
	must(t, err)
	for _, s := range l.Sessions {
		if s.Start.Before(l.From) || !s.Start.Before(l.To) || s.Start.Format("2006-01-02") > "2026-11-30" {
			t.Fatalf("%s outside the window", s.Start)
		}
	}
	l, err = d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{Limit: 3})
	must(t, err)
	if len(l.Sessions) != 3 || !l.More {
		t.Fatalf("page of 3: %d more=%v", len(l.Sessions), l.More)
	}
	_, err = d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{From: "2026-01-01", To: "2027-12-31"})
	wantKind(t, err, domain.KindInvalid)
	_, err = d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{From: "2026-12-01", To: "2026-11-01"})
	wantKind(t, err, domain.KindInvalid)
	// a coach sees only clients they have access to
	for _, s := range d.sessionsOf(d.as("rob", "team"), domain.SessionFilter{}) {
		if s.Client.Handle == "alex" {
			t.Fatal("rob sees alex's sessions")
		}
	}
	s, err := d.book(d.as("asa", "assistant:rob"), "jane", "rob", "2026-12-07T10:00", 60)
	must(t, err)
	es, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
	must(t, err)
	e := es[0]
	if e.Action != domain.ActSessionsBook || e.ActorHandle != "asa" || e.BehalfHandle != "rob" || e.Workspace != "assistant:rob" || e.Target != "session "+s.Session.ID.String() {
		t.Fatalf("audit entry: %+v", e)
	}
}
