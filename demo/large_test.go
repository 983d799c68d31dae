package demo_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
)

// tinyScale is a generated organisation small enough for every `make
// test`, large enough that every list has several pages.
var tinyScale = demo.Scale{
	Coaches: 4, Admins: 1, Assistants: 2, Clients: 120, Contacts: 200, MultiContacts: 5,
	SessionsPerClient: 12, InvoicesPerClient: 3, NotesPerClient: 1, ProgressPerClient: 1,
	ActionsPerClient: 2, MetricsPerClient: 2, MetricWeeks: 4, Groups: 6, PostsPerGroup: 3,
	FilesPerCoach: 3, CourseLessons: 3, Subscriptions: 40, Days: 60, Batch: 400,
}

type generated struct {
	svc *domain.Service
	ids map[string]domain.ID
}

func genOrg(t *testing.T, sc demo.Scale, now time.Time) *generated {
	t.Helper()
	db := fixture.Open(t, filepath.Join(t.TempDir(), "behalf.db"))
	svc := domain.NewService(db, domain.Options{Now: func() time.Time { return now }})
	keys := map[string]domain.SSHKey{}
	handles := sc.KeyHandles()
	for _, p := range demo.People {
		handles = append(handles, p.Handle)
	}
	for _, h := range handles {
		keys[h] = domain.SSHKey{Fingerprint: "SHA256:" + h, Line: "ssh-ed25519 " + h}
	}
	if err := demo.SeedLarge(svc, keys, sc); err != nil {
		t.Fatal(err)
	}
	o := &generated{svc: svc, ids: map[string]domain.ID{}}
	for _, h := range handles {
		p, err := svc.Identify("SHA256:" + h)
		if err != nil {
			t.Fatalf("%s cannot sign in: %v", h, err)
		}
		o.ids[h] = p.ID
	}
	// The generated organisation is as sound as the demo: the same checks
	// at the end of every test.
	t.Cleanup(func() {
		if err := consistency.Check(db, svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	return o
}

func (o *generated) as(handle, ws string) domain.Who {
	return domain.Who{Person: o.ids[handle], Workspace: ws}
}

var genNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// The generated organisation: the demo's people, then every kind of
// person in the sizes asked for, each sample person signing in with their
// key; contacts with five clients or more; sessions that never overlap for
// a coach or a client.
func TestSeedLarge(t *testing.T) {
	t.Parallel()
	o := genOrg(t, tinyScale, genNow)
	admin := o.as("admin01", "team")
	for capacity, want := range map[string]int{"team": 1 + 4 + 4 + 1, "client": 3 + 120, "contact": 3 + 200, "assistant": 1 + 2} {
		n, after := 0, ""
		for {
			ps, err := o.svc.ListPeople(admin, domain.PeopleFilter{Capacity: capacity, After: after, Limit: 37})
			must(t, err)
			n += len(ps)
			if len(ps) < 37 {
				break
			}
			after = ps[len(ps)-1].Handle
		}
		if n != want {
			t.Errorf("%d people of capacity %s, want %d", n, capacity, want)
		}
	}
	ws, err := o.svc.Workspaces(o.ids["contact00001"])
	must(t, err)
	if len(ws) < 5 {
		t.Errorf("contact00001 acts for %d clients, want 5 or more", len(ws))
	}
	if _, err := o.svc.Workspaces(o.ids["olivia"]); err != nil {
		t.Errorf("the demo's owner: %v", err)
	}
	// No overlaps: every coach's and every sample client's sessions, by
	// start, in 400-day windows over the whole calendar.
	total := 0
	check := func(f domain.SessionFilter, who string) {
		var last *domain.SessionView
		for from := genNow.AddDate(0, 0, -tinyScale.Days-1); from.Before(genNow.AddDate(0, 0, 100)); from = from.AddDate(0, 0, 400) {
			f.From, f.To, f.Limit = from.Format(domain.DateLayout), from.AddDate(0, 0, 399).Format(domain.DateLayout), domain.MaxPage
			l, err := o.svc.ListSessions(admin, f)
			must(t, err)
			if l.More {
				t.Fatalf("%s: more than a page in one window", who)
			}
			for i := range l.Sessions {
				s := &l.Sessions[i]
				if s.Session.Status == domain.SessionCancelled {
					continue
				}
				if last != nil && s.Start.Before(last.End) {
					t.Errorf("%s: session %s at %s overlaps session %s", who, s.Session.ID, s.Start, last.Session.ID)
				}
				last = s
				if f.Coach != "" {
					total++
				}
			}
		}
	}
	for k := 1; k <= tinyScale.Coaches; k++ {
		check(domain.SessionFilter{Coach: fmt.Sprintf("coach%03d", k)}, fmt.Sprintf("coach%03d", k))
	}
	for k := 1; k <= 20; k++ {
		check(domain.SessionFilter{Client: fmt.Sprintf("client%05d", k)}, fmt.Sprintf("client%05d", k))
	}
	if want := tinyScale.Clients * tinyScale.SessionsPerClient * 9 / 10; total < want {
		t.Errorf("%d sessions not cancelled, want about %d", total, want)
	}
	checkSubscriptions(t, o) // large_subscriptions_test.go

	// Nobody the load tool signs in as meets the terms first: not the
	// generated people, nor the demo's one who must accept in `make run`.
	for _, h := range []string{"casey", "jane", "client00001", "contact00001"} {
		v, err := o.svc.TermsFor(domain.Who{Person: o.ids[h]})
		must(t, err)
		if v.Due {
			t.Errorf("%s must accept the terms before anything else", h)
		}
	}

	// A recurring catalogue entry comes with its subscription, never
	// assigned as a one-off package, as the team cannot assign it.
	recurring := map[domain.ID]bool{}
	entries, err := o.svc.Catalog(admin)
	must(t, err)
	for _, e := range entries {
		recurring[e.ID] = e.Every != ""
	}
	ps, err := o.svc.ListPackages(admin, domain.PackageFilter{Limit: domain.MaxPage})
	must(t, err)
	for _, p := range ps {
		if recurring[p.Package.Entry] && p.Package.Subscription == 0 {
			t.Errorf("package %s of the recurring %s has no subscription", p.Package.ID, p.Package.Name)
		}
	}
}

// The same seed and clock make the same organisation.
func TestSeedLargeDeterministic(t *testing.T) {
	t.Parallel()
	sc := tinyScale
	sc.Clients, sc.Contacts = 40, 60
	snapshot := func() string {
		o := genOrg(t, sc, genNow)
		admin := o.as("admin01", "team")
		l, err := o.svc.ListSessions(admin, domain.SessionFilter{Coach: "coach002", Limit: domain.MaxPage})
		must(t, err)
		invs, err := o.svc.ListInvoices(admin, domain.InvoiceFilter{Limit: domain.MaxPage})
		must(t, err)
		audit, err := o.svc.Audit(admin, domain.AuditFilter{Limit: domain.MaxPage})
		must(t, err)
		b, _ := json.Marshal([]any{l, invs, audit})
		return string(b)
	}
	if a, b := snapshot(), snapshot(); a != b {
		t.Error("two generations with the same clock differ")
	}
}

// Lists stay paginated and bounded at a generated organisation (the large
// one's shape, scaled down): the first page holds DefaultPage rows, a
// request for more gets at most MaxPage, and the next page follows on
// without repeating a row — for the team with every permission, a coach
// who sees their own clients only, a client and a contact.
func TestListsStayPaginated(t *testing.T) {
	t.Parallel()
	sc := tinyScale
	sc.SessionsPerClient, sc.InvoicesPerClient = 40, 12
	o := genOrg(t, sc, genNow)
	who := map[string]domain.Who{
		"admin": o.as("admin01", "team"), "coach": o.as("coach001", "team"),
		"client": o.as("client00001", ""),
	}
	ws, err := o.svc.Workspaces(o.ids["contact00001"])
	must(t, err)
	who["contact"] = o.as("contact00001", ws[0].ID)

	type page struct {
		ids  []string
		last string // the cursor for the next page
	}
	lists := map[string]func(w domain.Who, limit int, after string) (page, error){
		"people": func(w domain.Who, limit int, after string) (page, error) {
			ps, err := o.svc.ListPeople(w, domain.PeopleFilter{Limit: limit, After: after})
			var p page
			for _, x := range ps {
				p.ids, p.last = append(p.ids, x.Handle), x.Handle
			}
			return p, err
		},
		"sessions": func(w domain.Who, limit int, after string) (page, error) {
			from := genNow.AddDate(0, 0, -sc.Days)
			if after != "" {
				from, _ = time.Parse(time.RFC3339, after)
			}
			l, err := o.svc.ListSessions(w, domain.SessionFilter{From: from.Format(domain.DateLayout), To: from.AddDate(0, 0, 399).Format(domain.DateLayout), Limit: limit})
			var p page
			for _, s := range l.Sessions {
				p.ids = append(p.ids, s.Session.ID.String())
			}
			if l.More && len(l.Sessions) > 0 {
				// the next page: from the last day shown (rows of that day repeat)
				p.last = l.Sessions[len(l.Sessions)-1].Start.Format(time.RFC3339)
			}
			return p, err
		},
		"invoices": func(w domain.Who, limit int, after string) (page, error) {
			var before domain.ID
			if after != "" {
				before, _ = domain.ParseID(after)
			}
			l, err := o.svc.ListInvoices(w, domain.InvoiceFilter{Limit: limit, Before: before})
			var p page
			for _, x := range l {
				p.ids, p.last = append(p.ids, x.Invoice.ID.String()), x.Invoice.ID.String()
			}
			return p, err
		},
		"payments": func(w domain.Who, limit int, after string) (page, error) {
			var before domain.ID
			if after != "" {
				before, _ = domain.ParseID(after)
			}
			l, err := o.svc.ListPayments(w, domain.PaymentFilter{Limit: limit, Before: before})
			var p page
			for _, x := range l {
				p.ids, p.last = append(p.ids, x.Payment.ID.String()), x.Payment.ID.String()
			}
			return p, err
		},
		"audit": func(w domain.Who, limit int, after string) (page, error) {
			var before domain.ID
			if after != "" {
				before, _ = domain.ParseID(after)
			}
			l, err := o.svc.Audit(w, domain.AuditFilter{Limit: limit, Before: before})
			var p page
			for _, x := range l {
				p.ids, p.last = append(p.ids, x.ID.String()), x.ID.String()
			}
			return p, err
		},
	}
	// Which lists are long for whom (the others may legitimately be short).
	long := map[string][]string{
		"people":   {"admin", "coach"},
		"sessions": {"admin", "coach"},
		"invoices": {"admin", "coach"},
		"payments": {"admin"},
		"audit":    {"admin"},
	}
	for name, list := range lists {
		for _, w := range long[name] {
			first, err := list(who[w], 0, "")
			must(t, err)
			if len(first.ids) != domain.DefaultPage {
				t.Errorf("%s for %s: the first page has %d rows, want %d", name, w, len(first.ids), domain.DefaultPage)
			}
			huge, err := list(who[w], 1_000_000, "")
			must(t, err)
			if len(huge.ids) > domain.MaxPage {
				t.Errorf("%s for %s: asked for a million, got %d rows, more than %d", name, w, len(huge.ids), domain.MaxPage)
			}
			if name == "sessions" {
				continue // paged by window, checked above
			}
			next, err := list(who[w], 0, first.last)
			must(t, err)
			seen := map[string]bool{}
			for _, id := range first.ids {
				seen[id] = true
			}
			for _, id := range next.ids {
				if seen[id] {
					t.Errorf("%s for %s: row %s on the first and the second page", name, w, id)
				}
			}
			if len(next.ids) == 0 {
				t.Errorf("%s for %s: no second page", name, w)
			}
		}
	}
	// The shorter lists of a client and a contact stay within a page too.
	for _, w := range []string{"client", "contact"} {
		l, err := o.svc.ListInvoices(who[w], domain.InvoiceFilter{})
		if domain.KindOf(err) != domain.KindDenied {
			must(t, err)
		}
		if len(l) > domain.DefaultPage {
			t.Errorf("invoices for %s: %d rows", w, len(l))
		}
	}
}

// The lists that read only a coach's own silo (ListPeople, ListLinks) or
// merge their clients' records lazily (sessions, invoices, payments) show
// exactly what asking about every person, or reading every client in full,
// would show.
func TestSiloListsMatchTheRules(t *testing.T) {
	t.Parallel()
	o := genOrg(t, tinyScale, genNow)
	admin := o.as("admin01", "team")
	var everyone []domain.Person
	for after := ""; ; {
		ps, err := o.svc.ListPeople(admin, domain.PeopleFilter{After: after, Limit: domain.MaxPage})
		must(t, err)
		everyone = append(everyone, ps...)
		if len(ps) < domain.MaxPage {
			break
		}
		after = ps[len(ps)-1].Handle
	}
	for _, h := range []string{"coach001", "coach002", "rob", "mira", "john", "asa"} {
		ws := "team"
		if h == "asa" {
			ws = "assistant:rob"
		}
		w := o.as(h, ws)
		// people.show is allowed exactly for the people canSee lets a list show.
		var want []string
		for _, p := range everyone {
			if d, err := o.svc.Decide(w, domain.ActPeopleShow, domain.Target{Person: &p}); err == nil && d.Allowed {
				want = append(want, p.Handle)
			}
		}
		for _, capacity := range []string{"", "client", "contact", "team"} {
			var got, wantCap []string
			for after := ""; ; {
				ps, err := o.svc.ListPeople(w, domain.PeopleFilter{Capacity: capacity, After: after, Limit: 7})
				must(t, err)
				for _, p := range ps {
					got = append(got, p.Handle)
				}
				if len(ps) < 7 {
					break
				}
				after = ps[len(ps)-1].Handle
			}
			for _, hd := range want {
				for _, p := range everyone {
					if p.Handle == hd && (capacity == "" || contains(p.Capacities(), capacity)) {
						wantCap = append(wantCap, hd)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(wantCap) {
				t.Errorf("%s lists %q people %v, want %v", h, capacity, got, wantCap)
			}
		}
		// PairingsOf gives each client what Pairings gives it alone.
		var handles []string
		for _, p := range everyone {
			handles = append(handles, p.Handle)
		}
		batch, err := o.svc.PairingsOf(w, handles)
		must(t, err)
		for _, hd := range handles {
			one, err := o.svc.Pairings(w, domain.PairingQuery{Client: hd})
			if got, ok := batch[hd]; fmt.Sprint(got) != fmt.Sprint(one) || ok != (err == nil) {
				t.Errorf("%s: PairingsOf(%s) = %v, Pairings = %v (%v)", h, hd, got, one, err)
			}
		}
		if h == "asa" {
			continue
		}
		// Links: the clients a coach may see the contacts of (in link order;
		// compared as sets).
		links, err := o.svc.ListLinks(w, "")
		must(t, err)
		var wantLinks []string
		for _, p := range everyone {
			if !p.Client {
				continue
			}
			if d, err := o.svc.Decide(w, domain.ActContactsList, domain.Target{Client: &p}); err != nil || !d.Allowed {
				continue
			}
			ls, err := o.svc.ListLinks(admin, p.Handle)
			must(t, err)
			for _, l := range ls {
				wantLinks = append(wantLinks, l.Client.Handle+"/"+l.Contact.Handle)
			}
		}
		var gotLinks []string
		for _, l := range links {
			gotLinks = append(gotLinks, l.Client.Handle+"/"+l.Contact.Handle)
		}
		sort.Strings(gotLinks)
		sort.Strings(wantLinks)
		if fmt.Sprint(gotLinks) != fmt.Sprint(wantLinks) {
			t.Errorf("%s: links %v, want %v", h, gotLinks, wantLinks)
		}
		// Invoices and payments: the newest across the coach's clients,
		// as each client's own list would give them.
		var clients []domain.Person
		for _, p := range everyone {
			if d, err := o.svc.Decide(w, domain.ActInvoicesList, domain.Target{Client: &p}); err == nil && d.Allowed && p.Client {
				clients = append(clients, p)
			}
		}
		for _, limit := range []int{5, 50} {
			var wantInv []int
			for _, c := range clients {
				l, err := o.svc.ListInvoices(w, domain.InvoiceFilter{Client: c.Handle, Limit: domain.MaxPage})
				must(t, err)
				for _, x := range l {
					wantInv = append(wantInv, int(x.Invoice.ID))
				}
			}
			slices.Sort(wantInv)
			slices.Reverse(wantInv)
			wantInv = wantInv[:min(limit, len(wantInv))]
			l, err := o.svc.ListInvoices(w, domain.InvoiceFilter{Limit: limit})
			must(t, err)
			var gotInv []int
			for _, x := range l {
				gotInv = append(gotInv, int(x.Invoice.ID))
			}
			if fmt.Sprint(gotInv) != fmt.Sprint(wantInv) {
				t.Errorf("%s: invoices %v, want %v", h, gotInv, wantInv)
			}
		}
		// Sessions: every client's window merged by start (stable in the
		// order of the coach's pairings, which is client id order).
		var sesClients []domain.Person
		for _, p := range everyone {
			if d, err := o.svc.Decide(w, domain.ActSessionsList, domain.Target{Client: &p}); err == nil && d.Allowed && p.Client {
				sesClients = append(sesClients, p)
			}
		}
		slices.SortFunc(sesClients, func(a, b domain.Person) int { return int(a.ID) - int(b.ID) })
		var wantSes []domain.SessionView
		for _, c := range sesClients {
			l, err := o.svc.ListSessions(w, domain.SessionFilter{Client: c.Handle, Limit: domain.MaxPage})
			must(t, err)
			wantSes = append(wantSes, l.Sessions...)
		}
		slices.SortStableFunc(wantSes, func(a, b domain.SessionView) int { return a.Session.Start.Compare(b.Session.Start) })
		for _, limit := range []int{10, domain.MaxPage} {
			l, err := o.svc.ListSessions(w, domain.SessionFilter{Limit: limit})
			must(t, err)
			var got, want []domain.ID
			for _, s := range l.Sessions {
				got = append(got, s.Session.ID)
			}
			for _, s := range wantSes[:min(limit, len(wantSes))] {
				want = append(want, s.Session.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || l.More != (len(wantSes) > limit) {
				t.Errorf("%s: sessions (limit %d) %v more=%v, want %v more=%v", h, limit, got, l.More, want, len(wantSes) > limit)
			}
		}
	}
}

func contains(s []string, v string) bool { return slices.Contains(s, v) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
