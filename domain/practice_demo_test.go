package domain_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// The demo gives every client past and upcoming sessions, a package with
// usage, open and paid invoices with payments by clients and contacts,
// private notes and progress updates (some approved), on whole business
// hours in New York without overlaps.
func TestDemoPracticeData(t *testing.T) {
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	l, err := d.svc.ListSessions(olivia, domain.SessionFilter{Limit: domain.MaxPage})
	must(t, err)
	past, future := map[string]int{}, map[string]int{}
	withMira := false
	for _, s := range l.Sessions {
		if s.Start.Minute() != 0 || s.Start.Hour() < 9 || s.Start.Hour() > 17 || s.Start.Weekday() == time.Saturday || s.Start.Weekday() == time.Sunday {
			t.Errorf("session %s at %s: not a business hour", s.Session.ID, s.Start)
		}
		if s.Start.Location().String() != "America/New_York" {
			t.Errorf("shown in %s", s.Start.Location())
		}
		if s.Start.Before(d.now) {
			past[s.Client.Handle]++
		} else {
			future[s.Client.Handle]++
		}
		withMira = withMira || s.Client.Handle == "jane" && s.Coach.Handle == "mira"
	}
	checkNoOverlaps(t, l.Sessions)
	for _, c := range []string{"jane", "alex", "casey"} {
		if past[c] == 0 || future[c] == 0 {
			t.Errorf("%s: %d past, %d upcoming sessions", c, past[c], future[c])
		}
		ps, err := d.svc.ListPackages(olivia, domain.PackageFilter{Client: c})
		must(t, err)
		if len(ps) == 0 || ps[0].Package.SessionsUsed == 0 || ps[0].Remaining == 0 || ps[0].Expired {
			t.Errorf("%s's package: %+v", c, ps)
		}
		invs, err := d.svc.ListInvoices(olivia, domain.InvoiceFilter{Client: c})
		must(t, err)
		st := map[domain.InvoiceStatus]int{}
		for _, v := range invs {
			st[v.Invoice.Status]++
		}
		if st[domain.InvoiceOpen] == 0 || st[domain.InvoicePaid] == 0 {
			t.Errorf("%s's invoices: %v", c, st)
		}
		ns, err := d.svc.ListNotes(olivia, domain.NoteFilter{Client: c})
		must(t, err)
		pr, err := d.svc.ListProgress(olivia, domain.ProgressFilter{Client: c})
		must(t, err)
		if len(ns) == 0 || len(pr) == 0 {
			t.Errorf("%s: %d notes, %d progress updates", c, len(ns), len(pr))
		}
	}
	if !withMira {
		t.Error("jane has no session with mira")
	}
	payers := map[string]bool{}
	ps, err := d.svc.ListPayments(olivia, domain.PaymentFilter{})
	must(t, err)
	for _, p := range ps {
		payers[p.Payer.Handle+"→"+p.Client.Handle] = true
	}
	for _, want := range []string{"jane→jane", "eve→jane", "pat→alex"} {
		if !payers[want] {
			t.Errorf("no payment %s: %v", want, payers)
		}
	}
	// package usage agrees with the sessions that hold its credits
	checkCredits(t, d)
}

// checkNoOverlaps: no person is in two blocking sessions at once (R50).
func checkNoOverlaps(t *testing.T, ss []domain.SessionView) {
	t.Helper()
	for i, a := range ss {
		for _, b := range ss[i+1:] {
			if a.Session.Status == domain.SessionCancelled || b.Session.Status == domain.SessionCancelled {
				continue
			}
			shared := a.Client.ID == b.Client.ID || a.Coach.ID == b.Coach.ID || a.Client.ID == b.Coach.ID || a.Coach.ID == b.Client.ID
			if shared && a.Session.Start.Before(b.Session.End()) && b.Session.Start.Before(a.Session.End()) {
				t.Fatalf("sessions %s and %s overlap", a.Session.ID, b.Session.ID)
			}
		}
	}
}

// checkCredits: a package's used count is the number of its sessions that
// still hold a credit (R51).
func checkCredits(t *testing.T, d *demo) {
	t.Helper()
	olivia := d.as("olivia", "team")
	l, err := d.svc.ListSessions(olivia, domain.SessionFilter{From: "2026-08-01", To: "2027-08-31", Limit: domain.MaxPage})
	must(t, err)
	holding := map[domain.ID]int{}
	for _, s := range l.Sessions {
		if s.Session.Package != 0 && !s.Session.CreditReturned {
			holding[s.Session.Package]++
		}
	}
	pk, err := d.svc.ListPackages(olivia, domain.PackageFilter{Limit: domain.MaxPage})
	must(t, err)
	for _, p := range pk {
		if p.Package.SessionsUsed != holding[p.Package.ID] || p.Package.SessionsUsed > p.Package.SessionsTotal {
			t.Fatalf("package %s: used %d, sessions holding credits %d", p.Package.ID, p.Package.SessionsUsed, holding[p.Package.ID])
		}
	}
}

// R19: deleting a client removes their sessions, packages, invoices,
// payments, notes and progress; deleting a coach cancels their upcoming
// sessions and returns the credits.
func TestDeleteCascadesPracticeData(t *testing.T) {
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	must(t, d.svc.DeletePerson(olivia, "jane", "jane"))
	l, err := d.svc.ListSessions(olivia, domain.SessionFilter{From: "2026-10-01", To: "2027-01-31", Limit: domain.MaxPage})
	must(t, err)
	for _, s := range l.Sessions {
		if s.Client.Handle == "jane" || s.Client.Handle == "(deleted)" {
			t.Fatalf("jane's session %s survived", s.Session.ID)
		}
	}
	pk, err := d.svc.ListPackages(olivia, domain.PackageFilter{})
	must(t, err)
	invs, err := d.svc.ListInvoices(olivia, domain.InvoiceFilter{})
	must(t, err)
	pays, err := d.svc.ListPayments(olivia, domain.PaymentFilter{})
	must(t, err)
	prog, err := d.svc.ListProgress(olivia, domain.ProgressFilter{})
	must(t, err)
	if len(pk) != 2 || len(invs) != 4 || len(pays) != 2 || len(prog) != 5 {
		t.Fatalf("after deleting jane: %d packages, %d invoices, %d payments, %d progress", len(pk), len(invs), len(pays), len(prog))
	}
	_, err = d.svc.ShowInvoice(olivia, 1)
	wantKind(t, err, domain.KindNotFound)

	// a coach with an upcoming session on a package
	_, err = d.svc.AddPerson(olivia, domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsCoach})
	must(t, err)
	_, err = d.svc.SetPairing(olivia, domain.PairingChange{Coach: "kim", Client: "alex", Level: domain.LevelCoaching})
	must(t, err)
	s, err := d.svc.BookSession(olivia, domain.Booking{Client: "alex", Coach: "kim", Start: "2026-12-10T10:00", Minutes: 60, Package: 2})
	must(t, err)
	// refused while the session stands, naming it; then told to cancel it
	err = d.svc.DeletePerson(olivia, "kim", "kim")
	if left, ok := domain.SessionsLeft(err); !ok || len(left) != 1 || left[0].Session.ID != s.Session.ID {
		t.Fatalf("deleting kim with a session: %v", err)
	}
	must(t, d.svc.DeletePerson(olivia, "kim", "kim", domain.SessionsPlan{Do: domain.SessionsCancel}))
	got, err := d.svc.ShowSession(olivia, s.Session.ID)
	must(t, err)
	if got.Session.Status != domain.SessionCancelled || !got.Session.CreditReturned || got.Coach.Handle != "(deleted)" {
		t.Fatalf("kim's session after deleting kim: %+v", got.Session)
	}
	checkCredits(t, d)
}

// A property test: random bookings, reschedules, cancellations and marks
// by random actors at random moments never double-book anyone, keep every
// package's usage equal to the credits its sessions hold, and a refused
// operation changes nothing.
func TestSessionInvariantsUnderRandomOperations(t *testing.T) {
	seeds, steps := 12, 60
	if testing.Short() {
		seeds = 3
	}
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			d, clk := newDemo(t)
			r := rand.New(rand.NewPCG(uint64(seed), 51))
			actors := []domain.Who{d.as("adam", "team"), d.as("adam", "team"), d.as("rob", "team"), d.as("mira", "team"), d.as("mira", "team"),
				d.as("asa", "assistant:rob"), d.as("jane", "me"), d.as("alex", "me"), d.as("eve", "contact:jane"), d.as("pat", "contact:alex"), d.as("pat", "contact:casey")}
			clients := []string{"jane", "alex", "casey"}
			coaches := []string{"rob", "mira", "olivia", "john", ""}
			ok := 0
			for step := 0; step < steps; step++ {
				who := actors[r.IntN(len(actors))]
				before := d.committed()
				day := time.Date(2026, 11, 23+r.IntN(14), 0, 0, 0, 0, time.UTC)
				start := fmt.Sprintf("%sT%02d:%02d", day.Format("2006-01-02"), 8+r.IntN(9), 15*r.IntN(4))
				var err error
				var desc string
				switch r.IntN(6) {
				case 0, 1:
					in := domain.Booking{Client: clients[r.IntN(3)], Coach: coaches[r.IntN(len(coaches))], Start: start, Minutes: 15 * (1 + r.IntN(8))}
					if r.IntN(2) == 0 {
						in.Package = domain.ID(1 + r.IntN(3))
					}
					if who.Workspace == "me" || strings.HasPrefix(who.Workspace, "contact") {
						in.Client = ""
					}
					desc = fmt.Sprintf("book %+v", in)
					_, err = d.svc.BookSession(who, in)
				case 2:
					id := domain.ID(1 + r.IntN(30))
					desc = fmt.Sprintf("reschedule %d to %s", id, start)
					_, err = d.svc.RescheduleSession(who, id, start)
				case 3:
					id := domain.ID(1 + r.IntN(30))
					desc = fmt.Sprintf("cancel %d", id)
					_, err = d.svc.CancelSession(who, id)
				case 4:
					id := domain.ID(1 + r.IntN(30))
					desc = fmt.Sprintf("complete %d", id)
					_, err = d.svc.CompleteSession(who, id, r.IntN(2) == 0)
				case 5:
					clk.t = clk.t.Add(time.Duration(r.IntN(36)) * time.Hour)
					desc = "time passes"
				}
				if err != nil {
					if domain.KindOf(err) == 0 {
						t.Fatalf("step %d %s: internal error %v", step, desc, err)
					}
					if d.committed() != before {
						t.Fatalf("step %d: refused %s (%v) changed the database", step, desc, err)
					}
				} else {
					ok++
				}
				l, err := d.svc.ListSessions(d.as("olivia", "team"), domain.SessionFilter{From: "2026-10-01", To: "2027-01-31", Limit: domain.MaxPage})
				must(t, err)
				checkNoOverlaps(t, l.Sessions)
				checkCredits(t, d)
			}
			if ok < steps/6 {
				t.Fatalf("only %d of %d operations succeeded", ok, steps)
			}
			t.Logf("%d of %d operations succeeded", ok, steps)
		})
	}
}
