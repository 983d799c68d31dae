package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R14: inbox items written before their words kept people by id follow
// too: for the client's eyes, each name in them is checked against who she
// sees now, and the names of coaches she does not see — john, view-only —
// give way to the organisation; her primary coach, her contacts and she
// herself stay named. The team reads them as they were written.
func TestOlderInboxItemsFollowWhoTheClientSees(t *testing.T) {
	d, _ := newDemo(t)
	jane := d.ids["jane"]
	older := []struct{ ev, text, by, want, wantBy string }{
		{"session_booked", "Session booked: Jane Smith with John Jensen, 2026-11-20 10:00 EST (60 min).", "John Jensen",
			"Session booked: Jane Smith with Northwind Coaching, 2026-11-20 10:00 EST (60 min).", "Northwind Coaching"},
		{"session_changed", "Session moved: Jane Smith with John Jensen, from 2026-11-20 10:00 EST to 2026-11-21 10:00 EST.", "Eve Evans",
			"Session moved: Jane Smith with Northwind Coaching, from 2026-11-20 10:00 EST to 2026-11-21 10:00 EST.", "Eve Evans"},
		{"session_changed", "Session cancelled: Jane Smith with Rob Reyes, 2026-11-20 10:00 EST.", "Asa Ahmed for Rob Reyes",
			"Session cancelled: Jane Smith with Rob Reyes, 2026-11-20 10:00 EST.", "Asa Ahmed for Rob Reyes"},
		{"progress_shared", "New progress update from John Jensen.", "John Jensen", "New progress update from Northwind Coaching.", "Northwind Coaching"},
		{"message", "New message from John Jensen.", "Asa Ahmed for John Jensen", "New message from Northwind Coaching.", "Northwind Coaching"},
		{"invoice_issued", "Invoice 9 for Jane Smith: 120.00 USD, due 2026-12-07.", "Adam Alvarez", "Invoice 9 for Jane Smith: 120.00 USD, due 2026-12-07.", "Northwind Coaching"},
		{"invoice_paid", "Eve Evans paid 10.00 USD on invoice 9 for Jane Smith; balance 110.00 USD.", "Eve Evans",
			"Eve Evans paid 10.00 USD on invoice 9 for Jane Smith; balance 110.00 USD.", "Eve Evans"},
		{"session_booked", "Session booked: Jane Smith with John Jensen, and a text cut sho…", "Jane Smith", "A session was booked.", "Jane Smith"},
	}
	for _, o := range older {
		must(t, d.svc.SaveOlderInboxItemForTest(jane, jane, domain.Event(o.ev), "me", o.text, o.by))
		must(t, d.svc.SaveOlderInboxItemForTest(d.ids["olivia"], jane, domain.Event(o.ev), "team", o.text, o.by))
	}
	got := inbox(t, d, d.as("jane", "me"))
	if len(got) != len(older) {
		t.Fatalf("jane's inbox: %+v", got)
	}
	for i, o := range older {
		it := got[len(got)-1-i].Item // newest first
		if it.Text != o.want || it.By != o.wantBy {
			t.Errorf("%q by %q reads to jane as %q by %q; want %q by %q", o.text, o.by, it.Text, it.By, o.want, o.wantBy)
		}
		if strings.Contains(it.Text+it.By, "John") {
			t.Errorf("jane meets john: %+v", it)
		}
	}
	for i, it := range inbox(t, d, d.as("olivia", "team")) {
		if o := older[len(older)-1-i]; it.Item.Text != o.text || it.Item.By != o.by {
			t.Errorf("the team reads %q by %q, written as %q by %q", it.Item.Text, it.Item.By, o.text, o.by)
		}
	}
}

// The one rule of who a client sees (parties.go), by who issued jane's
// invoices: her primary coach and the owner, who coaches every client
// (coach_all_clients), by name and role; admin staff acting with
// invoice_all, and a coach view-only for her, as the organisation. The
// team sees everyone by name and role.
func TestWhoAClientSeesBesideAnInvoice(t *testing.T) {
	d, _ := newDemo(t)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "john", true, []string{"invoice_all"})
	must(t, err)
	issued := map[string]domain.ID{}
	for _, who := range []string{"rob", "olivia", "adam", "john"} {
		v, err := d.svc.IssueInvoice(d.as(who, "team"), domain.NewInvoice{Client: "jane", Items: []domain.ItemInput{{Text: "Session", Amount: "100"}}})
		must(t, err)
		issued[who] = v.Invoice.ID
	}
	for _, c := range []struct{ issuer, jane, team string }{
		{"rob", "Rob Reyes (coach)", "Rob Reyes (coach)"},
		{"olivia", "Olivia Owens (coach)", "Olivia Owens (coach)"},
		{"adam", "Northwind Coaching", "Adam Alvarez (staff)"},
		{"john", "Northwind Coaching", "John Jensen (coach)"},
	} {
		for _, r := range []struct {
			who  domain.Who
			want string
		}{{d.as("jane", "me"), c.jane}, {d.as("eve", "contact:jane"), c.jane}, {d.as("mira", "team"), c.team}} {
			v, err := d.svc.ShowInvoice(r.who, issued[c.issuer])
			must(t, err)
			if got := v.IssuedBy.Label(); got != r.want {
				t.Errorf("%s's invoice reads to %v as issued by %q, want %q", c.issuer, r.who, got, r.want)
			}
			if r.want == "Northwind Coaching" && (v.IssuedBy.Handle != "" || v.IssuedBy.ID != 0) {
				t.Errorf("%s's invoice names its issuer to %v: %+v", c.issuer, r.who, v.IssuedBy)
			}
		}
	}
}
