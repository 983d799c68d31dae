package demo

import (
	"behalf/domain"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// A generated organisation for measuring behalf at size: the demo
// organisation's twelve people and their data, plus a practice of a
// hundred coaches, ten thousand clients, twenty thousand contacts, years
// of sessions and invoices. Everything is drawn from a fixed seed, so two
// runs at the same moment make the same organisation; times are relative
// to the service's clock, like the demo's.

// Scale sizes a generated organisation.
type Scale struct {
	Coaches    int // team coaches in the pairing pool: coach001…
	Admins     int // admin-only staff: admin01… (admin01 holds every admin permission)
	Assistants int // assistants, each managing three coaches: assistant01…
	Clients    int // client00001…; each has a primary coach, some a second and a view-only one
	Contacts   int // contact00001…; the first MultiContacts act for 5–8 clients, the rest for one
	// MultiContacts act for 5 to 8 clients each (parents of several children).
	MultiContacts int

	SessionsPerClient int // on business days, whole hours from 07:00 to 18:00, never overlapping
	InvoicesPerClient int // most paid (by the client or a contact), some open, some void
	NotesPerClient    int
	ProgressPerClient int
	// Coaching work (large_coaching.go): actions and metrics per
	// client (each metric with MetricWeeks weekly values), and groups of
	// 5–20 of a coach's clients, each with PostsPerGroup posts.
	ActionsPerClient, MetricsPerClient, MetricWeeks int
	Groups, PostsPerGroup                           int
	// Paperwork (large_forms.go): two templates per coach, ten shared
	// with the team, and FormsPerClient forms per client.
	FormsPerClient int
	// Library and courses (large_library.go): files per coach, and one
	// course of CourseLessons lessons per coach, every client enrolled in
	// their primary coach's.
	FilesPerCoach, CourseLessons int
	// Subscriptions (large_subscriptions.go): clients with a recurring
	// package, each with its periods invoiced so far.
	Subscriptions int

	// Days is the calendar the sessions fill: from Days before today to a
	// quarter ahead.
	Days int
	// Batch is how many records one write transaction takes at most: a
	// few large transactions write fastest (one fsync each).
	Batch int
}

// Named scales. The small one is Seed's organisation.
var (
	ScaleLarge = Scale{
		Coaches: 100, Admins: 5, Assistants: 20, Clients: 10_000, Contacts: 20_000, MultiContacts: 200,
		SessionsPerClient: 50, InvoicesPerClient: 20, NotesPerClient: 3, ProgressPerClient: 3,
		ActionsPerClient: 10, MetricsPerClient: 2, MetricWeeks: 26, Groups: 300, PostsPerGroup: 30, FormsPerClient: 2,
		FilesPerCoach: 20, CourseLessons: 5, Subscriptions: 2_000, Days: 700, Batch: 20_000,
	}
	// ScaleMedium is a tenth of the large one, for quick runs.
	ScaleMedium = Scale{
		Coaches: 20, Admins: 3, Assistants: 5, Clients: 1_000, Contacts: 2_000, MultiContacts: 20,
		SessionsPerClient: 50, InvoicesPerClient: 20, NotesPerClient: 3, ProgressPerClient: 3,
		ActionsPerClient: 10, MetricsPerClient: 2, MetricWeeks: 26, Groups: 30, PostsPerGroup: 30, FormsPerClient: 2,
		FilesPerCoach: 20, CourseLessons: 5, Subscriptions: 200, Days: 700, Batch: 20_000,
	}
)

// Sample sizes of KeyHandles: every kind of person, and over a thousand
// who have one workspace (every coach and admin, 900 clients, the
// contacts past the first 200, who act for one client each), so the load
// tool signs in a thousand distinct people, each to their own home.
const (
	keyCoaches    = 100
	keyAdmins     = 5
	keyClients    = 900
	keyContacts   = 215 // the first 200 act for several clients
	keyAssistants = 20
)

func (sc Scale) coach(i int) string     { return fmt.Sprintf("coach%03d", i+1) }
func (sc Scale) admin(i int) string     { return fmt.Sprintf("admin%02d", i+1) }
func (sc Scale) assistant(i int) string { return fmt.Sprintf("assistant%02d", i+1) }
func (sc Scale) client(i int) string    { return fmt.Sprintf("client%05d", i+1) }
func (sc Scale) contact(i int) string   { return fmt.Sprintf("contact%05d", i+1) }

// KeyHandles are the generated people who get a demo key, a sample of
// every kind: coaches, admins, clients, contacts (the first acting for
// several clients) and assistants. The demo's twelve people come on top.
func (sc Scale) KeyHandles() []string {
	var out []string
	add := func(n, want int, name func(int) string) {
		for i := 0; i < min(n, want); i++ {
			out = append(out, name(i))
		}
	}
	add(sc.Coaches, keyCoaches, sc.coach)
	add(sc.Admins, keyAdmins, sc.admin)
	add(sc.Clients, keyClients, sc.client)
	add(sc.Contacts, keyContacts, sc.contact)
	add(sc.Assistants, keyAssistants, sc.assistant)
	return out
}

func invalidf(format string, a ...any) error {
	return &domain.Error{Kind: domain.KindInvalid, Msg: fmt.Sprintf(format, a...)}
}

// clientOf is p's id when p is a client (an audit entry's client), else 0.
func clientOf(p domain.Person) domain.ID {
	if p.Client {
		return p.ID
	}
	return 0
}

func (sc Scale) check() error {
	switch {
	case sc.Coaches < 3 || sc.Coaches > 999:
		return invalidf("a generated organisation has 3 to 999 coaches")
	case sc.Admins < 1 || sc.Admins > 99, sc.Assistants < 0 || sc.Assistants > 99:
		return invalidf("a generated organisation has 1 to 99 admins and up to 99 assistants")
	case sc.Clients < 1 || sc.Clients > 99_999, sc.Contacts < 0 || sc.Contacts > 99_999:
		return invalidf("a generated organisation has 1 to 99,999 clients and up to 99,999 contacts")
	case sc.MultiContacts > sc.Contacts || sc.MultiContacts > 0 && sc.Clients < 8:
		return invalidf("more contacts with several clients than contacts, or too few clients")
	case sc.FilesPerCoach < 0 || sc.FilesPerCoach > domain.DefaultMaxFiles || sc.CourseLessons < 0 || sc.CourseLessons > domain.MaxLessons ||
		sc.CourseLessons > 1 && sc.FilesPerCoach == 0:
		return invalidf("library: 0 to %d files a coach, courses of 0 to %d lessons, and a course of two lessons or more needs files", domain.DefaultMaxFiles, domain.MaxLessons)
	case sc.Days < 30 || sc.Days > 3650 || sc.Batch < 100:
		return invalidf("the calendar spans 30 to 3650 days and a batch holds at least 100 records")
	case sc.SessionsPerClient < 0 || sc.InvoicesPerClient < 0 || sc.NotesPerClient < 0 || sc.ProgressPerClient < 0:
		return invalidf("record counts cannot be negative")
	case sc.ActionsPerClient < 0 || sc.MetricsPerClient < 0 || sc.MetricsPerClient > len(largeMetrics) || sc.MetricWeeks < 0 || sc.MetricWeeks > 520 ||
		sc.Groups < 0 || sc.PostsPerGroup < 0 || sc.Groups > 0 && sc.Clients < 5*sc.Coaches:
		return invalidf("coaching work: counts from 0, at most %d metrics a client and 520 weeks, and groups need 5 clients a coach", len(largeMetrics))
	case sc.Subscriptions < 0 || sc.Subscriptions > sc.Clients:
		return invalidf("from 0 subscriptions to one a client")
	}
	return nil
}

// SeedLarge writes the demo organisation and then a generated practice of
// size sc into an empty database, in a few large transactions. People
// whose handle is in keys (the demo's and sc.KeyHandles) sign in with that
// key. It is deterministic: a fixed seed draws every choice.
func SeedLarge(s *domain.Service, keys map[string]domain.SSHKey, sc Scale) error {
	if err := sc.check(); err != nil {
		return err
	}
	if err := Seed(s, keys); err != nil {
		return err
	}
	g := &largeGen{s: s, sc: sc, keys: keys, now: s.Now(), rng: rand.New(rand.NewPCG(20260714, 7))}
	for _, step := range []func() error{g.start, g.people, g.relations, g.sessions, g.invoices, g.notes, g.coaching, g.paperwork, g.library, g.subscriptions, g.terms, g.writeAudit} {
		if err := step(); err != nil {
			return fmt.Errorf("generating the organisation: %w", err)
		}
	}
	return nil
}

// largeGen carries one generation: the people made so far (with their
// ids) and the audit entries to write last, in time order.
type largeGen struct {
	s    *domain.Service
	sc   Scale
	keys map[string]domain.SSHKey
	now  time.Time
	rng  *rand.Rand
	org  domain.Org
	loc  *time.Location

	owner      domain.Person
	coaches    []domain.Person
	admins     []domain.Person
	assistants []domain.Person
	clients    []domain.Person
	contacts   []domain.Person
	catalog    []domain.CatalogEntry

	// per client (by index): coaches by level, contacts with their perms
	primary  []int32
	second   []int32 // coaching coach or -1
	viewer   []int32 // view-only coach or -1
	contactL [][]genLink

	audit []domain.AuditEntry
}

type genLink struct {
	contact int32
	perms   domain.ContactPerms
}

// batch runs fn for i in [0, n) in write transactions of up to sc.Batch
// calls. The first transactions are small and each is at most as large as
// all before it: bbolt splits a node only at commit, so a large first
// transaction on empty buckets would grow single nodes without bound (and
// insert into them at quadratic cost).
func (g *largeGen) batch(n int, fn func(w *domain.Seeder, i int) error) error {
	for lo, hi := 0, 0; lo < n; lo = hi {
		hi = min(lo+min(max(lo, 1000), g.sc.Batch), n)
		err := g.s.Seed(func(w *domain.Seeder) error {
			for i := lo; i < hi; i++ {
				if err := fn(w, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (g *largeGen) start() error {
	return g.s.Seed(func(w *domain.Seeder) error {
		org, err := w.Org()
		if err != nil {
			return err
		}
		g.org, g.loc = org, org.Location()
		g.owner, err = w.Person(org.Owner)
		if err != nil {
			return err
		}
		g.catalog, err = w.Catalog()
		return err
	})
}

var (
	largeFirst = []string{"Ada", "Ben", "Cleo", "Dev", "Elin", "Finn", "Gia", "Hugo", "Iris", "Jon", "Kira", "Leo", "Maya", "Noor", "Owen", "Pia",
		"Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wes", "Xena", "Yuki", "Zane", "Amir", "Bea", "Cruz", "Dana", "Emil", "Faye"}
	largeLast = []string{"Abbott", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Larsen", "Moreau",
		"Nakamura", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Weber", "Xu", "Yilmaz", "Zhou", "Adler", "Brandt"}
)

func (g *largeGen) name() string {
	return largeFirst[g.rng.IntN(len(largeFirst))] + " " + largeLast[g.rng.IntN(len(largeLast))]
}

// ago is an instant a random time in the last days days.
func (g *largeGen) ago(days int) time.Time {
	return g.now.Add(-time.Duration(g.rng.Int64N(int64(days) * 24 * int64(time.Hour)))).Truncate(time.Second).UTC()
}

func (g *largeGen) person(p domain.Person, domainPart string) domain.Person {
	p.Name = g.name()
	p.Email = p.Handle + "@" + domainPart
	p.Status = domain.StatusActive
	p.Created = g.ago(g.sc.Days + 60)
	p.CreatedBy = g.owner.ID
	if k, ok := g.keys[p.Handle]; ok {
		k.Added = p.Created
		p.Keys = []domain.SSHKey{k}
	}
	return p
}

// people: coaches, admins, assistants, clients and contacts, in handle
// order within each kind (so the handle index grows at its end).
func (g *largeGen) people() error {
	sc := g.sc
	var all []domain.Person
	for i := 0; i < sc.Coaches; i++ {
		p := domain.Person{Handle: sc.coach(i), TeamRole: domain.RoleCoach, InPool: true, Perms: domain.PermSet{domain.PermScheduleOwn, domain.PermInvoiceOwn}}
		switch {
		case i%25 == 24:
			p.Perms = domain.PermSet{domain.PermScheduleOwn, domain.PermInvoiceOwn, domain.PermViewAllClients}
		case i%10 == 9:
			p.Perms = domain.PermSet{domain.PermScheduleOwn, domain.PermInvoiceOwn, domain.PermManageOwnClients, domain.PermDeleteOwnClients}
		case i%7 == 6:
			p.Perms = domain.PermSet{domain.PermScheduleOwn}
		}
		all = append(all, g.person(p, "northwind.example"))
	}
	for i := 0; i < sc.Admins; i++ {
		p := domain.Person{Handle: sc.admin(i), TeamRole: domain.RoleStaff,
			Perms: domain.PermSet{domain.PermManageClients, domain.PermManagePairings, domain.PermInvoiceAll, domain.PermScheduleAll}}
		if i == 0 {
			p.Perms = p.Perms.With(domain.PermManageCoaches, domain.PermManageAdmins, domain.PermDeleteClients, domain.PermViewAllClients)
		}
		all = append(all, g.person(p, "northwind.example"))
	}
	for i := 0; i < sc.Assistants; i++ {
		all = append(all, g.person(domain.Person{Handle: sc.assistant(i), Assistant: true, AssistantAdmin: i%2 == 0}, "northwind.example"))
	}
	for i := 0; i < sc.Clients; i++ {
		all = append(all, g.person(domain.Person{Handle: sc.client(i), Client: true}, "example.com"))
	}
	for i := 0; i < sc.Contacts; i++ {
		all = append(all, g.person(domain.Person{Handle: sc.contact(i), Contact: true}, "example.com"))
	}
	err := g.batch(len(all), func(w *domain.Seeder, i int) error {
		p := &all[i]
		if err := w.Put(p); err != nil {
			return err
		}
		g.auditAt(p.Created, g.owner, "team", domain.ActPeopleAdd, p.Handle, clientOf(*p), p.ID, "added as "+strings.Join(p.Capacities(), ", "))
		return nil
	})
	if err != nil {
		return err
	}
	n := 0
	take := func(k int) []domain.Person { s := all[n : n+k]; n += k; return s }
	g.coaches, g.admins, g.assistants = take(sc.Coaches), take(sc.Admins), take(sc.Assistants)
	g.clients, g.contacts = take(sc.Clients), take(sc.Contacts)
	return nil
}

// relations: pairings (every client a primary; some a second coach and a
// view-only one), contact links (two per client on average, some contacts
// with 5–8 clients, some links expiring) and assistant links.
func (g *largeGen) relations() error {
	sc := g.sc
	nc := len(g.coaches)
	g.primary = make([]int32, sc.Clients)
	g.second = make([]int32, sc.Clients)
	g.viewer = make([]int32, sc.Clients)
	type pairing struct {
		client, coach int32
		level         domain.Level
	}
	var pairs []pairing
	for i := range g.clients {
		p := int32(i % nc)
		g.primary[i], g.second[i], g.viewer[i] = p, -1, -1
		pairs = append(pairs, pairing{int32(i), p, domain.LevelPrimary})
		if g.rng.IntN(10) < 3 {
			s := int32((int(p) + 1 + g.rng.IntN(nc-1)) % nc)
			g.second[i] = s
			pairs = append(pairs, pairing{int32(i), s, domain.LevelCoaching})
		}
		if g.rng.IntN(10) == 0 {
			v := int32((int(p) + 1 + g.rng.IntN(nc-1)) % nc)
			if v != g.second[i] {
				g.viewer[i] = v
				pairs = append(pairs, pairing{int32(i), v, domain.LevelView})
			}
		}
	}
	err := g.batch(len(pairs), func(w *domain.Seeder, i int) error {
		pr := pairs[i]
		c, k := g.clients[pr.client], g.coaches[pr.coach]
		since := c.Created.Add(time.Hour)
		if err := w.Put(&domain.Pairing{Client: c.ID, Coach: k.ID, Level: pr.level, Since: since}); err != nil {
			return err
		}
		if pr.level != domain.LevelPrimary {
			g.auditAt(since, g.admins[0], "team", domain.ActPairingSet, k.Handle+" with "+c.Handle, c.ID, k.ID, "none → "+pr.level.String())
		}
		return nil
	})
	if err != nil {
		return err
	}

	// Contact links: the multi contacts take 5–8 clients at random; the rest
	// go round the clients in turn, so every client has about two.
	g.contactL = make([][]genLink, sc.Clients)
	type link struct {
		client, contact int32
		perms           domain.ContactPerms
		expires         string
	}
	var links []link
	permChoices := []domain.ContactPerms{
		{domain.ContactSchedule, domain.ContactBilling},
		{domain.ContactSchedule, domain.ContactPackages, domain.ContactPayments, domain.ContactProgress},
		{domain.ContactSchedule, domain.ContactPayments},
		{domain.ContactProgress},
		{domain.ContactBilling, domain.ContactPayments},
		domain.AllContactPerms(),
	}
	today := domain.StartOfDay(g.now.In(g.loc), g.loc)
	for j := 0; j < sc.Contacts; j++ {
		var clients []int32
		if j < sc.MultiContacts {
			for len(clients) < 5+g.rng.IntN(4) {
				c := int32(g.rng.IntN(sc.Clients))
				if !slices.Contains(clients, c) {
					clients = append(clients, c)
				}
			}
		} else {
			clients = []int32{int32((j - sc.MultiContacts) % sc.Clients)}
		}
		for _, c := range clients {
			l := link{client: c, contact: int32(j), perms: permChoices[g.rng.IntN(len(permChoices))]}
			switch r := g.rng.IntN(100); {
			case r < 2 && j >= sc.MultiContacts: // ended
				l.expires = domain.AddDays(today, -1-g.rng.IntN(60), g.loc).Format(domain.DateLayout)
			case r < 6: // ends later
				l.expires = domain.AddDays(today, 10+g.rng.IntN(300), g.loc).Format(domain.DateLayout)
			}
			links = append(links, l)
			g.contactL[c] = append(g.contactL[c], genLink{int32(j), l.perms})
		}
	}
	err = g.batch(len(links), func(w *domain.Seeder, i int) error {
		l := links[i]
		c, k := g.clients[l.client], g.contacts[l.contact]
		created := k.Created.Add(time.Hour)
		cl := domain.ContactLink{Client: c.ID, Contact: k.ID, Perms: l.perms, Expires: l.expires, Created: created, CreatedBy: g.admins[0].ID}
		if err := w.Put(&cl); err != nil {
			return err
		}
		g.auditAt(created, g.admins[0], "team", domain.ActContactsLink, k.Handle+" for "+c.Handle, c.ID, k.ID, "permissions "+strings.Join(l.perms.Strings(), ", "))
		return nil
	})
	if err != nil {
		return err
	}

	// Assistants manage three coaches each; the first also an admin.
	return g.batch(len(g.assistants), func(w *domain.Seeder, i int) error {
		as := g.assistants[i]
		prs := []domain.Person{g.coaches[(3*i)%nc], g.coaches[(3*i+1)%nc], g.coaches[(3*i+2)%nc]}
		if i == 0 {
			prs = append(prs, g.admins[0])
		}
		for _, pr := range prs {
			if err := w.Put(&domain.AssistantLink{Assistant: as.ID, Practitioner: pr.ID, Created: as.Created, CreatedBy: g.owner.ID}); err != nil {
				return err
			}
		}
		return nil
	})
}

// --- sessions

// genSession is a session before it is written: which client, which coach,
// which slot of the calendar.
type genSession struct {
	client, coach int32
	slot          int32
	minutes       int16
	status        domain.SessionStatus
	pkg           int32 // index+1 into the client packages, 0 for none
}

// slots are the calendar's whole hours: business days from sc.Days ago to
// 90 days ahead, 07:00 to 18:00 in the organisation's zone.
func (g *largeGen) slots() []time.Time {
	today := domain.StartOfDay(g.now.In(g.loc), g.loc)
	var out []time.Time
	for d := -g.sc.Days; d < 90; d++ {
		day := domain.AddDays(today, d, g.loc).In(g.loc)
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		for h := 7; h <= 18; h++ {
			if t, ok := domain.ResolveWall(time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, time.UTC), g.loc); ok {
				out = append(out, t.UTC())
			}
		}
	}
	return out
}

// sessions fills each coach's calendar with their clients: a client books
// most sessions with their primary coach, a share with their second
// coach, never two at once. Written in time order, a package credit taken
// for a run of each client's sessions.
func (g *largeGen) sessions() error {
	sc := g.sc
	if sc.SessionsPerClient == 0 {
		return nil
	}
	slots := g.slots()
	// quota[c][0]: sessions with the primary, [1]: with the second coach.
	quota := make([][2]int, sc.Clients)
	byCoach := make([][]int32, len(g.coaches))
	for i := range g.clients {
		q := sc.SessionsPerClient
		if g.second[i] >= 0 {
			quota[i] = [2]int{q - q/5, q / 5}
			byCoach[g.second[i]] = append(byCoach[g.second[i]], int32(i))
		} else {
			quota[i] = [2]int{q, 0}
		}
		byCoach[g.primary[i]] = append(byCoach[g.primary[i]], int32(i))
	}
	words := (len(slots) + 63) / 64
	busy := make([]uint64, sc.Clients*words) // client × slot
	isBusy := func(c int32, s int) bool { return busy[int(c)*words+s/64]&(1<<(s%64)) != 0 }
	setBusy := func(c int32, s int) { busy[int(c)*words+s/64] |= 1 << (s % 64) }

	var all []genSession
	for k := range g.coaches {
		mine := byCoach[k]
		if len(mine) == 0 {
			continue
		}
		demand := 0
		for _, c := range mine {
			demand += quota[c][g.role(c, k)]
		}
		// Spread the demand over the calendar: skip slots at the rate of
		// free time, then walk the clients in turn, passing busy ones.
		next := 0
		for s := 0; s < len(slots) && demand > 0; s++ {
			if g.rng.IntN(len(slots)-s) >= demand {
				continue
			}
			for try := 0; try < len(mine); try++ {
				c := mine[(next+try)%len(mine)]
				r := g.role(c, k)
				if quota[c][r] == 0 || isBusy(c, s) {
					continue
				}
				quota[c][r]--
				demand--
				setBusy(c, s)
				all = append(all, genSession{client: c, coach: int32(k), slot: int32(s), minutes: int16(45 + 15*g.rng.IntN(2))})
				next = (next + try + 1) % len(mine)
				break
			}
		}
	}
	// Time order, then statuses: the past mostly completed, the future
	// mostly scheduled; a few cancellations and no-shows.
	slices.SortStableFunc(all, func(a, b genSession) int { return int(a.slot - b.slot) })
	for i := range all {
		r := g.rng.IntN(100)
		if slots[all[i].slot].Before(g.now) {
			switch {
			case r < 5:
				all[i].status = domain.SessionCancelled
			case r < 9:
				all[i].status = domain.SessionNoShow
			default:
				all[i].status = domain.SessionCompleted
			}
		} else if r < 4 {
			all[i].status = domain.SessionCancelled
		} else {
			all[i].status = domain.SessionScheduled
		}
	}
	pkgs, err := g.packages(all, slots)
	if err != nil {
		return err
	}
	return g.batch(len(all), func(w *domain.Seeder, i int) error {
		gs := all[i]
		c, k := g.clients[gs.client], g.coaches[gs.coach]
		start := slots[gs.slot]
		booked := start.Add(-time.Duration(1+g.rng.IntN(30)) * 24 * time.Hour)
		by, behalf := k, domain.ID(0)
		if g.rng.IntN(4) == 0 {
			by = c
		}
		ses := domain.Session{Client: c.ID, Coach: k.ID, Start: start, Minutes: int(gs.minutes), Status: gs.status,
			BookedBy: by.ID, BookedFor: behalf, Booked: booked}
		if gs.pkg > 0 {
			ses.Package = pkgs[gs.pkg-1].ID
		}
		switch gs.status {
		case domain.SessionCompleted, domain.SessionNoShow:
			ses.Changed, ses.ChangedBy = ses.End(), k.ID
		case domain.SessionCancelled:
			ses.Changed, ses.ChangedBy = start.Add(-time.Duration(1+g.rng.IntN(72))*time.Hour), by.ID
			if ses.Package != 0 {
				ses.CreditReturned = true
			}
		}
		if err := w.Put(&ses); err != nil {
			return err
		}
		if gs.status == domain.SessionScheduled || gs.status == domain.SessionCancelled && start.After(g.now) {
			ws := "team"
			if by.ID == c.ID {
				ws = "me"
			}
			g.auditAt(booked, by, ws, domain.ActSessionsBook, "session "+ses.ID.String(), c.ID, k.ID,
				fmt.Sprintf("with %s at %s for %d min", k.Handle, start.In(g.loc).Format("2006-01-02 15:04 MST"), ses.Minutes))
		}
		return nil
	})
}

// role is 0 when coach k is client c's primary, 1 when their second.
func (g *largeGen) role(c int32, k int) int {
	if int(g.primary[c]) == k {
		return 0
	}
	return 1
}

// packages gives every client one package from the catalogue, assigned a
// few days before one of their sessions; the sessions that follow take its
// credits (a cancelled one returns it) while it lasts. sessions are in
// time order; their pkg fields are filled in.
func (g *largeGen) packages(all []genSession, slots []time.Time) ([]domain.ClientPackage, error) {
	// The team assigns one-off packages; a recurring one comes only with
	// a subscription (large_subscriptions.go).
	var assignable []domain.CatalogEntry
	for _, e := range g.catalog {
		if e.Every == "" {
			assignable = append(assignable, e)
		}
	}
	if len(assignable) == 0 {
		return nil, nil
	}
	perClient := make([][]int32, g.sc.Clients)
	for i, s := range all {
		perClient[s.client] = append(perClient[s.client], int32(i))
	}
	pkgs := make([]domain.ClientPackage, 0, g.sc.Clients)
	for c, idx := range perClient {
		if len(idx) == 0 {
			continue
		}
		e := assignable[g.rng.IntN(len(assignable))]
		first := g.rng.IntN(len(idx))
		assigned := slots[all[idx[first]].slot].Add(-72 * time.Hour)
		p := domain.ClientPackage{Client: g.clients[c].ID, Entry: e.ID, Name: e.Name, SessionsTotal: e.Sessions, PriceCents: e.PriceCents,
			Currency: e.Currency, Expires: domain.AddDays(domain.StartOfDay(assigned.In(g.loc), g.loc), e.ValidityDays, g.loc).Format(domain.DateLayout),
			Assigned: assigned, AssignedBy: g.coaches[g.primary[c]].ID}
		exp := p.ExpiresAt(g.loc)
		for _, i := range idx[first:] {
			if p.SessionsUsed == p.SessionsTotal || !slots[all[i].slot].Before(exp) {
				break
			}
			all[i].pkg = int32(len(pkgs) + 1)
			if all[i].status != domain.SessionCancelled {
				p.SessionsUsed++
			}
		}
		pkgs = append(pkgs, p)
	}
	err := g.batch(len(pkgs), func(w *domain.Seeder, i int) error {
		p := &pkgs[i]
		if err := w.Put(p); err != nil {
			return err
		}
		by := g.coaches[0]
		for _, k := range g.coaches {
			if k.ID == p.AssignedBy {
				by = k
			}
		}
		g.auditAt(p.Assigned, by, "team", domain.ActPackagesAssign, "package "+p.ID.String(), p.Client, 0, p.Name)
		return nil
	})
	return pkgs, err
}

// --- invoices and payments

var largeItems = []domain.LineItem{
	{Text: "Coaching session (60 min)", AmountCents: 15000}, {Text: "Coaching session (45 min)", AmountCents: 11500}, {Text: "Assessment report", AmountCents: 35000},
	{Text: "Workshop materials", AmountCents: 4550}, {Text: "Parent check-in call", AmountCents: 9000}, {Text: "Study-skills workbook", AmountCents: 3875},
	{Text: "Leadership 360 review", AmountCents: 60000}, {Text: "Travel to on-site session", AmountCents: 7500},
}

// invoices: each client's invoices over the calendar; older ones paid
// (in one or two payments, by the client or a contact with billing), a
// few void, recent ones open and some partly paid.
func (g *largeGen) invoices() error {
	sc := g.sc
	n := sc.Clients * sc.InvoicesPerClient
	return g.batch(n, func(w *domain.Seeder, i int) error {
		ci := i / sc.InvoicesPerClient
		c := g.clients[ci]
		// Issued times rise with i within a client: slice the calendar.
		span := time.Duration(sc.Days) * 24 * time.Hour / time.Duration(sc.InvoicesPerClient)
		k := i % sc.InvoicesPerClient
		issued := g.now.Add(-time.Duration(sc.Days)*24*time.Hour + time.Duration(k)*span + time.Duration(g.rng.Int64N(int64(span)))).Truncate(time.Second).UTC()
		by := g.coaches[g.primary[ci]]
		if !by.Perms.Has(domain.PermInvoiceOwn) || g.rng.IntN(3) == 0 {
			by = g.admins[g.rng.IntN(len(g.admins))]
		}
		inv := domain.Invoice{Client: c.ID, Status: domain.InvoiceOpen, Currency: g.org.Currency, Issued: issued, IssuedBy: by.ID,
			Due: domain.AddDays(domain.StartOfDay(issued.In(g.loc), g.loc), domain.InvoiceDueDays, g.loc).Format(domain.DateLayout)}
		for j := 0; j < 1+g.rng.IntN(3); j++ {
			it := largeItems[g.rng.IntN(len(largeItems))]
			inv.Items = append(inv.Items, it)
			inv.TotalCents += it.AmountCents
		}
		if err := w.Put(&inv); err != nil { // the audit and payments name it
			return err
		}
		old := g.now.Sub(issued) > 30*24*time.Hour
		r := g.rng.IntN(100)
		var pays []int64
		switch {
		case r < 3:
			inv.Status, inv.Closed, inv.ClosedBy = domain.InvoiceVoid, issued.Add(48*time.Hour), by.ID
		case old && r < 95, !old && r < 50:
			if g.rng.IntN(5) == 0 && inv.TotalCents > 100 {
				half := inv.TotalCents / 2
				pays = []int64{half, inv.TotalCents - half}
			} else {
				pays = []int64{inv.TotalCents}
			}
		case r < 80:
			pays = []int64{inv.TotalCents / 3}
		}
		at := issued
		for _, amt := range pays {
			at = at.Add(time.Duration(1+g.rng.IntN(10*24)) * time.Hour)
			if at.After(g.now) {
				at = g.now.Add(-time.Minute)
			}
			payer := c
			for _, l := range g.contactL[ci] {
				if l.perms.Has(domain.ContactBilling) && g.rng.IntN(2) == 0 {
					payer = g.contacts[l.contact]
					break
				}
			}
			pm := domain.Payment{Invoice: inv.ID, Client: c.ID, Payer: payer.ID, AmountCents: amt, Currency: inv.Currency, At: at}
			if err := w.Put(&pm); err != nil {
				return err
			}
			inv.PaidCents += amt
			if inv.PaidCents == inv.TotalCents {
				inv.Status, inv.Closed, inv.ClosedBy = domain.InvoicePaid, at, payer.ID
			}
			ws := "me"
			if payer.ID != c.ID {
				ws = "contact:" + c.Handle
			}
			g.auditAt(at, payer, ws, domain.ActInvoicesPay, "invoice "+inv.ID.String(), c.ID, payer.ID,
				fmt.Sprintf("payment %s of %s by %s for %s", pm.ID, domain.Money(amt, inv.Currency), payer.Handle, c.Handle))
		}
		return w.Put(&inv)
	})
}

// --- notes and progress

var (
	largeNotes = []string{
		"Wants to delegate more; watch for over-preparing.", "Responds well to concrete drills.",
		"Anxious before reviews. Keep sessions short and structured.", "Prefers morning sessions.",
		"Agreed to try a weekly planning ritual.", "Family situation is sensitive: keep it out of progress updates.",
	}
	largeProgress = []string{
		"Agreed three goals for the quarter.", "Presentation practice: pacing much improved.",
		"Kept to the study timetable for two weeks.", "Finished the first book of the reading plan.",
		"Practised timed answers; confidence is growing.", "Handled a difficult conversation with a direct report.",
	}
)

func (g *largeGen) notes() error {
	sc := g.sc
	per := sc.NotesPerClient + sc.ProgressPerClient
	if per == 0 {
		return nil
	}
	return g.batch(sc.Clients*per, func(w *domain.Seeder, i int) error {
		ci, k := i/per, i%per
		c := g.clients[ci]
		author := g.coaches[g.primary[ci]]
		if g.second[ci] >= 0 && g.rng.IntN(3) == 0 {
			author = g.coaches[g.second[ci]]
		}
		at := g.ago(sc.Days)
		if k < sc.NotesPerClient {
			return w.Put(&domain.Note{Client: c.ID, Author: author.ID, Body: largeNotes[g.rng.IntN(len(largeNotes))], At: at})
		}
		p := domain.Progress{Client: c.ID, Author: author.ID, Body: largeProgress[g.rng.IntN(len(largeProgress))], At: at}
		if g.rng.IntN(2) == 0 {
			p.Approved, p.ApprovedAt = true, at.Add(24*time.Hour)
		}
		if err := w.Put(&p); err != nil {
			return err
		}
		return nil
	})
}

// --- the audit log

// auditAt queues an audit entry; writeAudit writes them in time order, so
// the log reads like one kept over the years.
func (g *largeGen) auditAt(at time.Time, actor domain.Person, ws string, act domain.Action, target string, client, person domain.ID, detail string) {
	g.audit = append(g.audit, domain.AuditEntry{At: at, Actor: actor.ID, ActorHandle: actor.Handle, Workspace: ws, Action: act,
		Target: target, Client: client, Person: person, Detail: detail})
}

func (g *largeGen) writeAudit() error {
	slices.SortStableFunc(g.audit, func(a, b domain.AuditEntry) int { return a.At.Compare(b.At) })
	for i := range g.audit {
		if e := &g.audit[i]; strings.HasPrefix(e.Workspace, "contact:") {
			e.Behalf = e.Client
			e.BehalfHandle = strings.TrimPrefix(e.Workspace, "contact:")
		}
	}
	err := g.batch(len(g.audit), func(w *domain.Seeder, i int) error { return w.Put(&g.audit[i]) })
	g.audit = nil
	return err
}
