package domain_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"behalf/domain"
	"behalf/internal/benchorg"
)

// Benchmarks at the large organisation (BENCH_SCALE=medium for a tenth of
// it): generated once and cached (internal/benchorg), one copy per binary.
// Each reports its latency percentiles beside ns/op; the targets are in
// BENCHMARKS.md. Run with `make bench`; `make test` runs none of this.
//
// Who acts: coach001 (team coach, schedule_own and invoice_own, primary of
// a hundred clients and second coach of about thirty); admin01 (staff
// with every administrative permission); client00001 (coach001's client,
// in their own portal); contact00001 (a parent acting for 5–8 clients).

// timed runs op in the benchmark loop and reports p50, p99 and max in µs.
func timed(b *testing.B, op func(i int) error) {
	b.Helper()
	lat := make([]time.Duration, 0, 4096)
	i := 0
	for b.Loop() {
		t := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		i++
	}
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[min(int(q*float64(len(lat))), len(lat)-1)]) / float64(time.Microsecond)
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
	b.ReportMetric(float64(lat[len(lat)-1])/float64(time.Microsecond), "max-µs")
}

// pagesPerOp reports the pages the benchmark's commits wrote, per op:
// the disk's share of a write's cost.
func pagesPerOp(b *testing.B, o *benchorg.Org) func() {
	before := o.DB.PagesWritten()
	return func() {
		b.ReportMetric(float64(o.DB.PagesWritten()-before)/float64(b.N), "pages/op")
	}
}

func largeOrg(b *testing.B) *benchorg.Org {
	b.Helper()
	return benchorg.Shared(b)
}

func person(b *testing.B, o *benchorg.Org, who domain.Who, handle string) domain.Person {
	b.Helper()
	d, err := o.Svc.ShowPerson(who, handle)
	if err != nil {
		b.Fatal(err)
	}
	return d.Person
}

// The authorisation check, as a screen asks it (Service.Decide: a read
// transaction, the access resolved from stored state, one decision) and
// alone inside a use case's transaction.
func BenchmarkDecide(b *testing.B) {
	o := largeOrg(b)
	admin := o.Who(b, "admin01", "team")
	coach := o.Who(b, "coach001", "team")
	client := person(b, o, admin, "client00101") // coach001 is primary
	target := domain.Target{Client: &client}
	b.Run("service/coach-book", func(b *testing.B) {
		timed(b, func(int) error {
			d, err := o.Svc.Decide(coach, domain.ActSessionsBook, target)
			if err == nil && !d.Allowed {
				err = fmt.Errorf("refused: %s", d.Reason)
			}
			return err
		})
	})
	contact := o.Who(b, "contact00001", "")
	ws, err := o.Svc.Workspaces(contact.Person)
	if err != nil || len(ws) < 5 {
		b.Fatalf("contact00001 has %d workspaces (%v)", len(ws), err)
	}
	contact.Workspace = ws[0].ID
	their := person(b, o, admin, ws[0].Subject)
	b.Run("service/contact-invoices", func(b *testing.B) {
		timed(b, func(int) error {
			_, err := o.Svc.Decide(contact, domain.ActInvoicesList, domain.Target{Client: &their})
			return err
		})
	})
	b.Run("in-tx/coach-book", func(b *testing.B) {
		var lat []time.Duration
		err := o.Svc.DecideLoop(coach, domain.ActSessionsBook, target, func(decide func() domain.Decision) {
			for b.Loop() {
				t := time.Now()
				if d := decide(); !d.Allowed {
					b.Fatal(d.Reason)
				}
				lat = append(lat, time.Since(t))
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		reportLatency(b, lat)
	})
}

// The workspace list of a contact acting for 5–8 clients (the selector).
func BenchmarkWorkspaces(b *testing.B) {
	o := largeOrg(b)
	id := o.ID(b, "contact00001")
	timed(b, func(int) error {
		ws, err := o.Svc.Workspaces(id)
		if err == nil && len(ws) < 5 {
			err = fmt.Errorf("%d workspaces", len(ws))
		}
		return err
	})
}

// First page of each list screen, through the use cases the screens call.
func BenchmarkListFirstPage(b *testing.B) {
	o := largeOrg(b)
	coach, admin := o.Who(b, "coach001", "team"), o.Who(b, "admin01", "team")
	client := o.Who(b, "client00001", "")
	contact := o.Who(b, "contact00001", "")
	ws, _ := o.Svc.Workspaces(contact.Person)
	contact.Workspace = ws[0].ID
	full := func(n int) error {
		if n < 20 {
			return fmt.Errorf("only %d rows on the first page", n)
		}
		return nil
	}
	cases := []struct {
		name string
		run  func() error
	}{
		{"clients/coach", func() error {
			ps, err := o.Svc.ListPeople(coach, domain.PeopleFilter{Capacity: "client"})
			if err != nil {
				return err
			}
			return full(len(ps))
		}},
		{"clients/admin", func() error {
			ps, err := o.Svc.ListPeople(admin, domain.PeopleFilter{Capacity: "client"})
			if err != nil {
				return err
			}
			return full(len(ps))
		}},
		{"people/coach", func() error {
			ps, err := o.Svc.ListPeople(coach, domain.PeopleFilter{})
			if err != nil {
				return err
			}
			return full(len(ps))
		}},
		{"sessions/coach", func() error {
			l, err := o.Svc.ListSessions(coach, domain.SessionFilter{})
			if err != nil {
				return err
			}
			return full(len(l.Sessions))
		}},
		{"sessions/admin", func() error {
			l, err := o.Svc.ListSessions(admin, domain.SessionFilter{})
			if err != nil {
				return err
			}
			return full(len(l.Sessions))
		}},
		{"sessions/coach-agenda", func() error {
			l, err := o.Svc.ListSessions(coach, domain.SessionFilter{Coach: "coach001"})
			if err != nil {
				return err
			}
			return full(len(l.Sessions))
		}},
		{"sessions/client", func() error {
			_, err := o.Svc.ListSessions(client, domain.SessionFilter{})
			return err
		}},
		{"invoices/coach", func() error {
			l, err := o.Svc.ListInvoices(coach, domain.InvoiceFilter{})
			if err != nil {
				return err
			}
			return full(len(l))
		}},
		{"invoices/admin", func() error {
			l, err := o.Svc.ListInvoices(admin, domain.InvoiceFilter{})
			if err != nil {
				return err
			}
			return full(len(l))
		}},
		{"invoices/contact", func() error {
			_, err := o.Svc.ListInvoices(contact, domain.InvoiceFilter{})
			if domain.KindOf(err) == domain.KindDenied {
				return nil // this link does not carry billing
			}
			return err
		}},
		{"payments/admin", func() error {
			l, err := o.Svc.ListPayments(admin, domain.PaymentFilter{})
			if err != nil {
				return err
			}
			return full(len(l))
		}},
		{"audit/admin", func() error {
			l, err := o.Svc.Audit(admin, domain.AuditFilter{})
			if err != nil {
				return err
			}
			return full(len(l))
		}},
		{"audit/coach", func() error {
			_, err := o.Svc.Audit(coach, domain.AuditFilter{})
			return err
		}},
		{"contacts/admin", func() error {
			_, err := o.Svc.ListLinks(admin, "")
			return err
		}},
		{"contacts/coach", func() error {
			_, err := o.Svc.ListLinks(coach, "")
			return err
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { timed(b, func(int) error { return c.run() }) })
	}
}

// A booking and a payment: write transactions, every commit fsynced.
func BenchmarkWrite(b *testing.B) {
	o := largeOrg(b)
	loc := time.UTC
	if org, err := o.Svc.Org(); err == nil {
		loc = org.Location()
	}
	// Bookings go to evenings more than a quarter ahead (the generated
	// calendar ends 90 days ahead and at 18:00, so every slot is free),
	// for ten coaches with one of their clients each (coach00K is primary
	// of client0000K): iteration i books pair i%10 in its slot i/10.
	type pair struct {
		coach  domain.Who
		client string
	}
	var pairs []pair
	for k := 1; k <= 10; k++ {
		pairs = append(pairs, pair{o.Who(b, fmt.Sprintf("coach%03d", k), "team"), fmt.Sprintf("client%05d", k)})
	}
	first := time.Now().In(loc).AddDate(0, 0, 100)
	b.Run("book", func(b *testing.B) {
		defer pagesPerOp(b, o)()
		timed(b, func(i int) error {
			p, slot := pairs[i%len(pairs)], i/len(pairs)
			day := first.AddDate(0, 0, slot/5)
			start := time.Date(day.Year(), day.Month(), day.Day(), 19+slot%5, 0, 0, 0, loc)
			_, err := o.Svc.BookSession(p.coach, domain.Booking{Client: p.client, Start: start.Format(domain.TimeLayout), Minutes: 45})
			return err
		})
	})
	// The client pays (in their own portal) a cent at a time on their open
	// invoices: the first sample client with any.
	var client domain.Who
	var open []domain.InvoiceView
	for k := 1; k <= 20 && len(open) == 0; k++ {
		client = o.Who(b, fmt.Sprintf("client%05d", k), "")
		var err error
		if open, err = o.Svc.ListInvoices(client, domain.InvoiceFilter{Status: domain.InvoiceOpen, Limit: domain.MaxPage}); err != nil {
			b.Fatal(err)
		}
	}
	if len(open) == 0 {
		b.Fatal("no sample client has an open invoice")
	}
	b.Run("pay", func(b *testing.B) {
		defer pagesPerOp(b, o)()
		inv := 0
		timed(b, func(int) error {
			for inv < len(open) {
				_, err := o.Svc.PayInvoice(client, open[inv].Invoice.ID, "0.01")
				if domain.KindOf(err) == domain.KindConflict {
					inv++ // paid in full: the next one
					continue
				}
				return err
			}
			return fmt.Errorf("ran out of open invoices")
		})
	})
}
