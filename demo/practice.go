package demo

import (
	"behalf/domain"
	"fmt"
	"time"
)

func init() { extras = append(extras, seedPractice) }

// seedPractice gives every demo client past and upcoming sessions, a
// package with usage, open and paid invoices (paid by the client and by
// contacts), private notes and progress updates (some approved for
// contacts). Times are whole hours on business days in the organisation's
// zone, relative to now, and never overlap.
func seedPractice(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	loc := org.Location()
	cur := org.Currency
	id := func(h string) domain.ID { return people[h].ID }
	// day(n): the n-th business day after (n > 0) or before (n < 0) today.
	day := func(n int) time.Time {
		d := now.In(loc)
		step := 1
		if n < 0 {
			step, n = -1, -n
		}
		for n > 0 {
			d = d.AddDate(0, 0, step)
			if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
				n--
			}
		}
		return d
	}
	at := func(n, hour int) time.Time {
		d := day(n)
		t, _ := domain.ResolveWall(time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, time.UTC), loc)
		return t.UTC()
	}
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	dateOf := func(t time.Time, plus int) string {
		return domain.AddDays(domain.StartOfDay(t.In(loc), loc), plus, loc).Format(domain.DateLayout)
	}

	// The catalogue.
	entries := map[string]*domain.CatalogEntry{}
	for _, e := range []domain.CatalogEntry{
		{Name: "Executive 10", Sessions: 10, PriceCents: 250000, ValidityDays: 180},
		{Name: "Family 6", Sessions: 6, PriceCents: 72000, ValidityDays: 90},
		{Name: "Starter 3", Sessions: 3, PriceCents: 45000, ValidityDays: 60},
	} {
		e.Currency, e.Created, e.CreatedBy = cur, ago(45), id("olivia")
		if err := w.Put(&e); err != nil {
			return err
		}
		entries[e.Name] = &e
	}

	// One package per client.
	pkgs := map[string]*domain.ClientPackage{}
	for _, p := range []struct {
		client, entry, by, buyer string
		daysAgo                  int
	}{
		{"jane", "Executive 10", "rob", "", 20},
		{"alex", "Family 6", "adam", "pat", 30},
		{"casey", "Starter 3", "adam", "pat", 12},
	} {
		e := entries[p.entry]
		cp := domain.ClientPackage{Client: id(p.client), Entry: e.ID, Name: e.Name, SessionsTotal: e.Sessions, PriceCents: e.PriceCents, Currency: cur,
			Expires: dateOf(ago(p.daysAgo), e.ValidityDays), Assigned: ago(p.daysAgo), AssignedBy: id(p.by)}
		if p.buyer != "" {
			cp.BoughtBy = id(p.buyer)
		}
		if err := w.Put(&cp); err != nil {
			return err
		}
		pkgs[p.client] = &cp
	}

	// Sessions: the primary and coaching coaches; credits from the packages.
	for _, s := range []struct {
		client, coach string
		bday, hour    int
		minutes       int
		status        domain.SessionStatus
		pkg           bool
		by, behalf    string
	}{
		{"jane", "rob", -10, 10, 60, domain.SessionCompleted, true, "rob", ""},
		{"jane", "mira", -7, 14, 60, domain.SessionCompleted, false, "mira", ""},
		{"jane", "rob", -5, 10, 60, domain.SessionCompleted, true, "asa", "rob"},
		{"jane", "rob", 2, 10, 60, domain.SessionScheduled, true, "eve", "jane"},
		{"jane", "rob", 3, 11, 60, domain.SessionCancelled, true, "jane", ""},
		{"jane", "mira", 4, 14, 45, domain.SessionScheduled, false, "jane", ""},
		{"jane", "rob", 7, 10, 60, domain.SessionScheduled, true, "rob", ""},
		{"alex", "mira", -6, 16, 45, domain.SessionCompleted, true, "pat", "alex"},
		{"alex", "mira", -2, 16, 45, domain.SessionNoShow, true, "pat", "alex"},
		{"alex", "mira", 1, 16, 45, domain.SessionScheduled, true, "pat", "alex"},
		{"alex", "mira", 6, 16, 45, domain.SessionScheduled, false, "mira", ""},
		{"casey", "mira", -4, 15, 45, domain.SessionCompleted, true, "mira", ""},
		{"casey", "mira", 2, 15, 45, domain.SessionScheduled, true, "pat", "casey"},
		{"casey", "mira", 5, 9, 45, domain.SessionScheduled, false, "adam", ""},
	} {
		start := at(s.bday, s.hour)
		ses := domain.Session{Client: id(s.client), Coach: id(s.coach), Start: start, Minutes: s.minutes, Status: s.status,
			BookedBy: id(s.by), Booked: ago(21)}
		if s.behalf != "" {
			ses.BookedFor = id(s.behalf)
		}
		if s.status != domain.SessionScheduled {
			ses.Changed, ses.ChangedBy = ses.End(), id(s.coach)
		}
		if s.status == domain.SessionCancelled {
			ses.Changed, ses.ChangedBy = ago(1), id(s.by)
		}
		end := ses.End()
		for _, who := range []domain.ID{ses.Client, ses.Coach} {
			if other, busy, err := w.Busy(who, start, end); err != nil {
				return err
			} else if busy && ses.Blocks() {
				return fmt.Errorf("demo sessions overlap: %v and session %s", start, other.ID)
			}
		}
		if s.pkg {
			p := pkgs[s.client]
			ses.Package = p.ID
			if s.status == domain.SessionCancelled {
				ses.CreditReturned = true
			} else {
				p.SessionsUsed++
			}
		}
		if err := w.Put(&ses); err != nil {
			return err
		}
	}
	for _, p := range pkgs {
		if err := w.Put(p); err != nil {
			return err
		}
	}

	// Invoices and payments.
	type pay struct {
		payer   string
		cents   int64
		daysAgo int
	}
	for _, in := range []struct {
		client, by string
		daysAgo    int
		items      []domain.LineItem
		pays       []pay
	}{
		{"jane", "rob", 20, []domain.LineItem{{Text: "Executive 10 package", AmountCents: 250000}}, []pay{{"jane", 250000, 19}}},
		{"jane", "rob", 15, []domain.LineItem{{Text: "Leadership assessment report", AmountCents: 35000}}, []pay{{"eve", 35000, 10}}},
		{"jane", "adam", 3, []domain.LineItem{{Text: "Extra session (60 min)", AmountCents: 25000}, {Text: "Workshop materials", AmountCents: 4550}}, []pay{{"eve", 10000, 1}}},
		{"alex", "adam", 30, []domain.LineItem{{Text: "Family 6 package", AmountCents: 72000}}, []pay{{"pat", 72000, 28}}},
		{"alex", "adam", 2, []domain.LineItem{{Text: "Study-skills workbook", AmountCents: 3875}, {Text: "Parent check-in call", AmountCents: 9000}}, nil},
		{"casey", "adam", 12, []domain.LineItem{{Text: "Starter 3 package", AmountCents: 45000}}, []pay{{"casey", 45000, 11}}},
		{"casey", "adam", 1, []domain.LineItem{{Text: "Reading plan materials", AmountCents: 6000}}, nil},
	} {
		inv := domain.Invoice{Client: id(in.client), Status: domain.InvoiceOpen, Items: in.items, Currency: cur, Issued: ago(in.daysAgo), IssuedBy: id(in.by),
			Due: dateOf(ago(in.daysAgo), domain.InvoiceDueDays)}
		for _, it := range in.items {
			inv.TotalCents += it.AmountCents
		}
		if err := w.Put(&inv); err != nil {
			return err
		}
		for _, p := range in.pays {
			pm := domain.Payment{Invoice: inv.ID, Client: inv.Client, Payer: id(p.payer), AmountCents: p.cents, Currency: cur, At: ago(p.daysAgo)}
			if err := w.Put(&pm); err != nil {
				return err
			}
			inv.PaidCents += p.cents
			if inv.PaidCents == inv.TotalCents {
				inv.Status, inv.Closed, inv.ClosedBy = domain.InvoicePaid, pm.At, pm.Payer
			}
		}
		if err := w.Put(&inv); err != nil {
			return err
		}
	}

	// Private notes (R31) and progress updates (R53).
	for _, n := range []struct {
		client, author string
		daysAgo        int
		body           string
	}{
		{"jane", "rob", 9, "Jane wants to delegate more to her two directors.\nWatch for: over-preparing for board meetings."},
		{"jane", "mira", 6, "Worked on presentation pacing; she responds well to concrete drills."},
		{"alex", "mira", 5, "Alex is anxious about exams. Keep sessions short and structured.\nFamily situation is sensitive: keep it out of progress updates."},
		{"casey", "mira", 3, "Casey prefers morning sessions. Reading plan agreed with her."},
	} {
		note := domain.Note{Client: id(n.client), Author: id(n.author), Body: n.body, At: ago(n.daysAgo)}
		if err := w.Put(&note); err != nil {
			return err
		}
	}
	for _, p := range []struct {
		client, author string
		daysAgo        int
		approved       bool
		body           string
	}{
		{"jane", "rob", 9, false, "Agreed three goals for the quarter: delegate the weekly report, one 1:1 per director each week, and a board pre-read under ten pages."},
		{"jane", "mira", 6, true, "Presentation practice: pacing much improved; next, handling questions."},
		{"alex", "mira", 12, true, "Alex built a study timetable and kept to it for two weeks."},
		{"alex", "mira", 5, true, "Exam technique: practised timed answers; confidence is growing."},
		{"alex", "mira", 1, false, "Talked about worries around changing schools; we follow up next session."},
		{"casey", "mira", 3, true, "Casey finished the first book of her reading plan."},
		{"casey", "mira", 2, false, "Working on reading aloud; Casey asked to keep this between us for now."},
	} {
		pr := domain.Progress{Client: id(p.client), Author: id(p.author), Body: p.body, At: ago(p.daysAgo), Approved: p.approved}
		if p.approved {
			pr.ApprovedAt = ago(p.daysAgo - 1)
		}
		if err := w.Put(&pr); err != nil {
			return err
		}
	}
	return nil
}
