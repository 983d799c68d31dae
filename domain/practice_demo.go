package domain

import (
	"fmt"
	"time"
)

func init() { demoExtras = append(demoExtras, seedPractice) }

// seedPractice gives every demo client past and upcoming sessions, a
// package with usage, open and paid invoices (paid by the client and by
// contacts), private notes and progress updates (some approved for
// contacts). Times are whole hours on business days in the organisation's
// zone, relative to now, and never overlap.
func seedPractice(tx Tx, org Org, people map[string]*Person, now time.Time) error {
	loc := org.Location()
	cur := org.Currency
	id := func(h string) ID { return people[h].ID }
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
		t, _ := resolveWall(time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, time.UTC), loc)
		return t.UTC()
	}
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	dateOf := func(t time.Time, plus int) string {
		return addDays(startOfDay(t.In(loc), loc), plus, loc).Format(DateLayout)
	}

	// The catalogue.
	entries := map[string]*CatalogEntry{}
	for _, e := range []CatalogEntry{
		{Name: "Executive 10", Sessions: 10, PriceCents: 250000, ValidityDays: 180},
		{Name: "Family 6", Sessions: 6, PriceCents: 72000, ValidityDays: 90},
		{Name: "Starter 3", Sessions: 3, PriceCents: 45000, ValidityDays: 60},
	} {
		e.Currency, e.Created, e.CreatedBy = cur, ago(45), id("olivia")
		if err := saveCatalogEntry(tx, &e); err != nil {
			return err
		}
		entries[e.Name] = &e
	}

	// One package per client.
	pkgs := map[string]*ClientPackage{}
	for _, p := range []struct {
		client, entry, by, buyer string
		daysAgo                  int
	}{
		{"jane", "Executive 10", "rob", "", 20},
		{"alex", "Family 6", "adam", "pat", 30},
		{"casey", "Starter 3", "adam", "pat", 12},
	} {
		e := entries[p.entry]
		cp := ClientPackage{Client: id(p.client), Entry: e.ID, Name: e.Name, SessionsTotal: e.Sessions, PriceCents: e.PriceCents, Currency: cur,
			Expires: dateOf(ago(p.daysAgo), e.ValidityDays), Assigned: ago(p.daysAgo), AssignedBy: id(p.by)}
		if p.buyer != "" {
			cp.BoughtBy = id(p.buyer)
		}
		if err := savePackage(tx, &cp); err != nil {
			return err
		}
		pkgs[p.client] = &cp
	}

	// Sessions: the primary and coaching coaches; credits from the packages.
	for _, s := range []struct {
		client, coach string
		bday, hour    int
		minutes       int
		status        SessionStatus
		pkg           bool
		by, behalf    string
	}{
		{"jane", "rob", -10, 10, 60, SessionCompleted, true, "rob", ""},
		{"jane", "mira", -7, 14, 60, SessionCompleted, false, "mira", ""},
		{"jane", "rob", -5, 10, 60, SessionCompleted, true, "asa", "rob"},
		{"jane", "rob", 2, 10, 60, SessionScheduled, true, "eve", "jane"},
		{"jane", "rob", 3, 11, 60, SessionCancelled, true, "jane", ""},
		{"jane", "mira", 4, 14, 45, SessionScheduled, false, "jane", ""},
		{"jane", "rob", 7, 10, 60, SessionScheduled, true, "rob", ""},
		{"alex", "mira", -6, 16, 45, SessionCompleted, true, "pat", "alex"},
		{"alex", "mira", -2, 16, 45, SessionNoShow, true, "pat", "alex"},
		{"alex", "mira", 1, 16, 45, SessionScheduled, true, "pat", "alex"},
		{"alex", "mira", 6, 16, 45, SessionScheduled, false, "mira", ""},
		{"casey", "mira", -4, 15, 45, SessionCompleted, true, "mira", ""},
		{"casey", "mira", 2, 15, 45, SessionScheduled, true, "pat", "casey"},
		{"casey", "mira", 5, 9, 45, SessionScheduled, false, "adam", ""},
	} {
		start := at(s.bday, s.hour)
		ses := Session{Client: id(s.client), Coach: id(s.coach), Start: start, Minutes: s.minutes, Status: s.status,
			BookedBy: id(s.by), Booked: ago(21)}
		if s.behalf != "" {
			ses.BookedFor = id(s.behalf)
		}
		if s.status != SessionScheduled {
			ses.Changed, ses.ChangedBy = ses.End(), id(s.coach)
		}
		if s.status == SessionCancelled {
			ses.Changed, ses.ChangedBy = ago(1), id(s.by)
		}
		end := ses.End()
		for _, who := range []ID{ses.Client, ses.Coach} {
			if other, busy, err := busyWith(tx, who, start, end, 0); err != nil {
				return err
			} else if busy && ses.blocks() {
				return fmt.Errorf("demo sessions overlap: %v and session %s", start, other.ID)
			}
		}
		if s.pkg {
			p := pkgs[s.client]
			ses.Package = p.ID
			if s.status == SessionCancelled {
				ses.CreditReturned = true
			} else {
				p.SessionsUsed++
			}
		}
		if err := saveSession(tx, &ses); err != nil {
			return err
		}
	}
	for _, p := range pkgs {
		if err := savePackage(tx, p); err != nil {
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
		items      []LineItem
		pays       []pay
	}{
		{"jane", "rob", 20, []LineItem{{"Executive 10 package", 250000}}, []pay{{"jane", 250000, 19}}},
		{"jane", "rob", 15, []LineItem{{"Leadership assessment report", 35000}}, []pay{{"eve", 35000, 10}}},
		{"jane", "adam", 3, []LineItem{{"Extra session (60 min)", 25000}, {"Workshop materials", 4550}}, []pay{{"eve", 10000, 1}}},
		{"alex", "adam", 30, []LineItem{{"Family 6 package", 72000}}, []pay{{"pat", 72000, 28}}},
		{"alex", "adam", 2, []LineItem{{"Study-skills workbook", 3875}, {"Parent check-in call", 9000}}, nil},
		{"casey", "adam", 12, []LineItem{{"Starter 3 package", 45000}}, []pay{{"casey", 45000, 11}}},
		{"casey", "adam", 1, []LineItem{{"Reading plan materials", 6000}}, nil},
	} {
		inv := Invoice{Client: id(in.client), Status: InvoiceOpen, Items: in.items, Currency: cur, Issued: ago(in.daysAgo), IssuedBy: id(in.by),
			Due: dateOf(ago(in.daysAgo), invoiceDueDays)}
		for _, it := range in.items {
			inv.TotalCents += it.AmountCents
		}
		if err := saveInvoice(tx, &inv); err != nil {
			return err
		}
		for _, p := range in.pays {
			pm := Payment{Invoice: inv.ID, Client: inv.Client, Payer: id(p.payer), AmountCents: p.cents, Currency: cur, At: ago(p.daysAgo)}
			if err := savePayment(tx, &pm); err != nil {
				return err
			}
			inv.PaidCents += p.cents
			if inv.PaidCents == inv.TotalCents {
				inv.Status, inv.Closed, inv.ClosedBy = InvoicePaid, pm.At, pm.Payer
			}
		}
		if err := saveInvoice(tx, &inv); err != nil {
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
		note := Note{Client: id(n.client), Author: id(n.author), Body: n.body, At: ago(n.daysAgo)}
		if err := saveNote(tx, &note); err != nil {
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
		pr := Progress{Client: id(p.client), Author: id(p.author), Body: p.body, At: ago(p.daysAgo), Approved: p.approved}
		if p.approved {
			pr.ApprovedAt = ago(p.daysAgo - 1)
		}
		if err := saveProgress(tx, &pr); err != nil {
			return err
		}
	}
	return nil
}
