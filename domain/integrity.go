package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Verify checks, in one read transaction, that the organisation's records
// hang together the way the rules say, collection by collection (every
// collection has its checks: see verifiers). Nil means sound. The store
// checks its own indexes (store.DB.Check); this is the layer above, for
// restores, crash tests, the server's start, and the end of every test.
func (s *Service) Verify() error {
	var problems []string
	add := func(format string, a ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, a...))
		}
	}
	err := s.store.View(func(tx Tx) error { return verify(tx, s.Now(), add) })
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return errors.New("the organisation is inconsistent: " + strings.Join(problems, "; "))
	}
	return nil
}

// Collections are every kind of record the domain keeps, each with its
// checks in Verify. The store refuses to call a file sound that holds a
// collection not listed here (store.DB.Check), so a new kind of record
// cannot be added without saying what makes it sound.
func Collections() []Collection {
	out := make([]Collection, len(verifiers))
	for i, v := range verifiers {
		out[i] = v.c
	}
	return out
}

// verifier is one collection's checks. They run in the order listed:
// later ones read what earlier ones gathered (people first, sessions
// before packages, invoices before payments).
type verifier struct {
	c     Collection
	check func(v *verification) error
}

var verifiers = []verifier{
	{colOrg, verifyOrg},
	{colPeople, verifyPeople},
	{colPairings, verifyPairings},
	{colLinks, verifyLinks},
	{colAssistants, verifyAssistants},
	{colInvitations, verifyInvitations},
	{colCatalog, verifyCatalog},
	{colGroups, verifyGroups}, // before sessions: group sessions need their groups
	{colSessions, verifySessions},
	{colPackages, verifyPackages},
	{colInvoices, verifyInvoices},
	{colPayments, verifyPayments},
	{colSubscriptions, verifySubscriptions}, // after invoices: purchases and periods, and the plan's seats
	{colNotes, verifyClientItems(colNotes)},
	{colProgress, verifyClientItems(colProgress)},
	{colComments, verifyClientItems(colComments)},
	{colMessages, verifyClientItems(colMessages)},
	{colTasks, verifyTasks},
	{colActions, verifyActions},
	{colMetrics, verifyMetrics},
	{colMetricPoints, verifyMetricPoints},
	{colGroupPosts, verifyGroupPosts},
	{colTemplates, verifyTemplates}, // templates.go, forms.go
	{colWorksheets, verifyPapers(KindWorksheet)},
	{colForms, verifyPapers(KindForm)},
	{colLibrary, verifyLibrary}, // library.go
	{colLibraryUsage, verifyLibraryUsage},
	{colCourses, verifyCourses}, // courses.go
	{colEnrolments, verifyEnrolments},
	{colNotifySettings, verifyNotifySettings},
	{colInbox, verifyInbox},
	{colOutbox, verifyOutbox},
	{colReminders, verifyReminders},           // reminders.go
	{colEmailTemplates, verifyEmailTemplates}, // email_settings.go
	{colSecondFactors, verifySecondFactors},
	{colBranding, verifyBranding},
	{colTerms, verifyTerms}, // before their acceptances
	{colTermsAccept, verifyTermsAcceptances},
	{colAudit, verifyAudit},
	{colClaims, verifyClaims}, // claims.go: workers' one-sender-per-item claims
}

// verification is the state the checks share.
type verification struct {
	tx     Tx
	now    time.Time
	add    func(string, ...any)
	org    Org
	people map[ID]Person
	// credits counts, per package, the sessions that took a credit and
	// kept it (R51).
	credits  map[ID]int
	invoices map[ID]Invoice
	levels   map[[2]ID]Level // pairing levels by client and coach
	metrics  map[ID]Metric
	groups   map[ID]Group
}

func verify(tx Tx, now time.Time, add func(string, ...any)) error {
	v := &verification{tx: tx, now: now, add: add, people: map[ID]Person{}, credits: map[ID]int{}, invoices: map[ID]Invoice{}, levels: map[[2]ID]Level{}}
	for _, x := range verifiers {
		if err := x.check(v); err != nil {
			return err
		}
	}
	return nil
}

// canHold is the domain's canHold on what the checks gathered: an active
// pool coach with coaching access who is not view-only for the client.
func (v *verification) canHold(coach, client ID) bool {
	c := v.people[coach]
	lvl := v.levels[[2]ID{client, coach}]
	return c.IsCoach() && c.Active() && lvl != LevelView && (lvl >= LevelCoaching || c.EffectivePerms().Has(PermCoachAllClients))
}

func (v *verification) exists(id ID) bool { _, ok := v.people[id]; return ok }

// isClient: id is someone who exists and is a client.
func (v *verification) isClient(id ID) bool { return v.people[id].Client }

func verifyOrg(v *verification) error {
	o, err := loadOrg(v.tx)
	if err != nil {
		return err
	}
	v.org = o
	if o.Name == "" || o.Currency == "" {
		v.add("the organisation has no name or currency")
	}
	return nil
}

// People: valid handles; exactly one owner, active and in the team (R1, R18).
func verifyPeople(v *verification) error {
	owners := 0
	err := each(v.tx, colPeople, Query{}, func(p Person) (bool, error) {
		v.people[p.ID] = p
		if err := ValidHandle(p.Handle); err != nil {
			v.add("person %s: %v", p.ID, err)
		}
		if p.Status != StatusActive && p.Status != StatusDeactivated {
			v.add("person %s has status %q", p.Handle, p.Status)
		}
		if p.IsOwner() {
			owners++
			if !p.Active() {
				v.add("the owner %s is deactivated", p.Handle) // R18
			}
		}
		if p.TeamRole == RoleCoach && !p.InPool || p.TeamRole == RoleStaff && p.InPool {
			v.add("person %s: role %s does not match the pairing pool", p.Handle, p.TeamRole) // R10
		}
		return true, nil
	})
	if err == nil && owners != 1 {
		v.add("the organisation has %d owners, not 1", owners) // R1
	}
	if err == nil && !v.people[v.org.Owner].IsOwner() {
		v.add("the organisation's owner is not the person with the owner's role") // R1
	}
	return err
}

// Pairings join a pool coach with a client; every client, active or not,
// has exactly one primary coach, who is active (R10, R11).
func verifyPairings(v *verification) error {
	primaries := map[ID]int{}
	err := each(v.tx, colPairings, Query{}, func(p Pairing) (bool, error) {
		if !v.exists(p.Client) || !v.exists(p.Coach) {
			v.add("pairing %s joins someone who does not exist", p.ID)
			return true, nil
		}
		if !v.people[p.Client].Client || !v.people[p.Coach].IsCoach() {
			v.add("pairing %s is not of a pool coach with a client", p.ID) // R10
		}
		v.levels[[2]ID{p.Client, p.Coach}] = p.Level
		switch p.Level {
		case LevelPrimary:
			primaries[p.Client]++
			if !v.people[p.Coach].Active() {
				v.add("client %s has a deactivated primary coach", v.people[p.Client].Handle) // R11
			}
		case LevelCoaching, LevelView:
		default:
			v.add("pairing %s has level %d", p.ID, p.Level)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for id, p := range v.people {
		if p.Client && primaries[id] != 1 {
			v.add("client %s has %d primary coaches, not 1", p.Handle, primaries[id]) // R11
		}
	}
	return nil
}

// Contact links join a client with a contact (R30).
func verifyLinks(v *verification) error {
	return each(v.tx, colLinks, Query{}, func(l ContactLink) (bool, error) {
		if !v.isClient(l.Client) || !v.people[l.Contact].Contact {
			v.add("contact link %s does not join a client with a contact", l.ID)
		}
		return true, nil
	})
}

// Assistant links join an assistant with a team member (R40).
func verifyAssistants(v *verification) error {
	return each(v.tx, colAssistants, Query{}, func(l AssistantLink) (bool, error) {
		if !v.people[l.Assistant].Assistant || !v.people[l.Practitioner].IsTeam() {
			v.add("assistant link %s does not join an assistant with a team member", l.ID)
		}
		return true, nil
	})
}

// Invitations belong to someone who exists, hold a code's hash, and are
// redeemed, if at all, before they expire (R34).
func verifyInvitations(v *verification) error {
	return each(v.tx, colInvitations, Query{}, func(inv Invitation) (bool, error) {
		if !v.exists(inv.Person) {
			v.add("invitation %s is for someone who does not exist", inv.ID)
		}
		if inv.CodeHash == "" || !inv.Expires.After(inv.Created) {
			v.add("invitation %s is incomplete", inv.ID)
		}
		if !inv.Redeemed.IsZero() && inv.Redeemed.After(inv.Expires) {
			v.add("invitation %s was redeemed after it expired", inv.ID)
		}
		return true, nil
	})
}

// Catalogue entries are complete, in the organisation's currency, and
// named uniquely regardless of case.
func verifyCatalog(v *verification) error {
	names := map[string]bool{}
	return each(v.tx, colCatalog, Query{}, func(e CatalogEntry) (bool, error) {
		if e.Name == "" || e.Sessions <= 0 || e.PriceCents < 0 || e.ValidityDays <= 0 {
			v.add("catalogue entry %s is incomplete", e.ID)
		}
		if e.Currency != v.org.Currency {
			v.add("catalogue entry %s is in %s, not %s", e.ID, e.Currency, v.org.Currency)
		}
		if k := strings.ToLower(e.Name); names[k] {
			v.add("catalogue entry %s repeats the name %q", e.ID, e.Name)
		} else {
			names[k] = true
		}
		return true, nil
	})
}

// Sessions belong to a client, are complete, no client or coach is in two
// sessions that take the same time (R50), and every upcoming scheduled
// session is with a coach who may hold it (R13, R14). A deleted coach's past
// sessions stay with the client, so the coach may be gone.
func verifySessions(v *verification) error {
	type slot struct {
		id         ID
		start, end time.Time
	}
	busy := map[ID][]slot{}
	occasions := map[ID]bool{}
	err := each(v.tx, colSessions, Query{}, func(x Session) (bool, error) {
		if !v.isClient(x.Client) {
			v.add("session %s belongs to a client who does not exist", x.ID)
		}
		if x.Coach == 0 || x.Minutes < MinSessionMinutes || x.Minutes > MaxSessionMinutes || x.Start.IsZero() {
			v.add("session %s is incomplete", x.ID)
		}
		if a := x.Agenda; a != nil && (a.Template == 0 || a.Name == "" || a.Version < 1 || len(a.Headings) == 0) {
			v.add("session %s has an incomplete agenda", x.ID)
		}
		switch x.Status {
		case SessionScheduled, SessionCompleted, SessionNoShow:
			upcoming := x.Status == SessionScheduled && x.Start.After(v.now)
			if x.Group != 0 {
				// A group session is held by a coach of its group (R22),
				// and keeps its coach busy once, whatever its members.
				g, ok := v.groups[x.Group]
				if upcoming && (!ok || !g.hasCoach(x.Coach) || !g.hasMember(x.Client)) {
					v.add("session %s is of a group it no longer fits", x.ID) // R22
				}
				if x.Occasion == 0 {
					v.add("session %s is a group session without its occasion", x.ID)
				}
				busy[x.Client] = append(busy[x.Client], slot{x.ID, x.Start, x.End()})
				if !occasions[x.Occasion] {
					occasions[x.Occasion] = true
					busy[x.Coach] = append(busy[x.Coach], slot{x.ID, x.Start, x.End()})
				}
				break
			}
			if upcoming && !v.canHold(x.Coach, x.Client) {
				v.add("session %s is booked with a coach who cannot hold it", x.ID) // R13, R14
			}
			busy[x.Client] = append(busy[x.Client], slot{x.ID, x.Start, x.End()})
			if x.Coach != x.Client {
				busy[x.Coach] = append(busy[x.Coach], slot{x.ID, x.Start, x.End()})
			}
		case SessionCancelled:
		default:
			v.add("session %s has status %q", x.ID, x.Status)
		}
		if x.Package != 0 && !(x.Status == SessionCancelled && x.CreditReturned) {
			v.credits[x.Package]++
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for person, slots := range busy {
		slices.SortFunc(slots, func(a, b slot) int { return a.start.Compare(b.start) })
		for i := 1; i < len(slots); i++ {
			if slots[i].start.Before(slots[i-1].end) {
				v.add("sessions %s and %s of person %s overlap", slots[i-1].id, slots[i].id, person) // R50
			}
		}
	}
	return nil
}

// Packages belong to a client, never use more than they hold, and have
// used exactly the credits their sessions took and kept (R51).
func verifyPackages(v *verification) error {
	err := each(v.tx, colPackages, Query{}, func(p ClientPackage) (bool, error) {
		if !v.isClient(p.Client) {
			v.add("package %s belongs to a client who does not exist", p.ID)
		}
		if p.SessionsUsed < 0 || p.SessionsUsed > p.SessionsTotal {
			v.add("package %s has used %d of %d sessions", p.ID, p.SessionsUsed, p.SessionsTotal)
		}
		if n := v.credits[p.ID]; n != p.SessionsUsed {
			v.add("package %s has used %d sessions, but %d sessions took a credit from it", p.ID, p.SessionsUsed, n) // R51
		}
		if _, err := time.Parse(DateLayout, p.Expires); err != nil {
			v.add("package %s has no expiry date", p.ID)
		}
		delete(v.credits, p.ID)
		return true, nil
	})
	for id := range v.credits {
		v.add("sessions take credits from package %s, which does not exist", id)
	}
	return err
}

// An invoice's total is the sum of its items (R52).
func verifyInvoices(v *verification) error {
	return each(v.tx, colInvoices, Query{}, func(inv Invoice) (bool, error) {
		v.invoices[inv.ID] = inv
		if !v.isClient(inv.Client) {
			v.add("invoice %s belongs to a client who does not exist", inv.ID)
		}
		var sum int64
		for _, it := range inv.Items {
			sum += it.AmountCents
		}
		if sum != inv.TotalCents || len(inv.Items) == 0 {
			v.add("invoice %s: total %d is not the sum of its %d items (%d)", inv.ID, inv.TotalCents, len(inv.Items), sum)
		}
		if inv.PaidCents < 0 || inv.PaidCents > inv.TotalCents {
			v.add("invoice %s: paid %d of %d", inv.ID, inv.PaidCents, inv.TotalCents)
		}
		return true, nil
	})
}

// Payments belong to their invoice's client, and an invoice's paid amount
// is the sum of its payments (R52).
func verifyPayments(v *verification) error {
	paid := map[ID]int64{}
	err := each(v.tx, colPayments, Query{}, func(p Payment) (bool, error) {
		inv, ok := v.invoices[p.Invoice]
		switch {
		case !ok:
			v.add("payment %s is for an invoice that does not exist", p.ID)
		case inv.Client != p.Client:
			v.add("payment %s belongs to another client than its invoice", p.ID)
		}
		if p.AmountCents <= 0 {
			v.add("payment %s of %d", p.ID, p.AmountCents)
		}
		paid[p.Invoice] += p.AmountCents
		return true, nil
	})
	if err != nil {
		return err
	}
	for id, inv := range v.invoices {
		if paid[id] != inv.PaidCents {
			v.add("invoice %s: paid %d, but its payments sum to %d", id, inv.PaidCents, paid[id])
		}
	}
	return nil
}

// verifyClientItems: notes, progress updates, staff comments and messages
// belong to a client who exists (R19 removes them with the client) and
// name who wrote them.
func verifyClientItems(c Collection) func(v *verification) error {
	return func(v *verification) error {
		return v.tx.Scan(c, Query{}, func(_ string, id ID) (bool, error) {
			var x struct {
				Client ID     `json:"client"`
				Author ID     `json:"author"`
				Body   string `json:"body"`
			}
			if err := v.tx.Get(c, id, &x); err != nil {
				return false, err
			}
			what := strings.TrimSuffix(string(c), "s")
			if !v.isClient(x.Client) {
				v.add("%s %s belongs to a client who does not exist", what, id)
			}
			if x.Author == 0 && c != colMessages || x.Body == "" {
				v.add("%s %s is incomplete", what, id)
			}
			return true, nil
		})
	}
}

// Tasks about a client go with the client (R19); a task is done exactly
// when it records when.
func verifyTasks(v *verification) error {
	return each(v.tx, colTasks, Query{}, func(t Task) (bool, error) {
		if t.Client != 0 && !v.isClient(t.Client) {
			v.add("task %s is about a client who does not exist", t.ID)
		}
		if t.Title == "" || t.Assignee == 0 {
			v.add("task %s is incomplete", t.ID)
		}
		if t.Done != !t.DoneAt.IsZero() {
			v.add("task %s is done=%v with no matching time", t.ID, t.Done)
		}
		return true, nil
	})
}

// Notification settings belong to someone who exists and name real
// events and channels.
func verifyNotifySettings(v *verification) error {
	return each(v.tx, colNotifySettings, Query{}, func(n notifySettings) (bool, error) {
		if !v.exists(n.Person) {
			v.add("notification settings %s are for someone who does not exist", n.ID)
		}
		for k := range n.Values {
			e, c, ok := strings.Cut(k, "/")
			if !ok || !slices.Contains(Events, Event(e)) || !slices.Contains(Channels, Channel(c)) {
				v.add("notification settings %s name %q", n.ID, k)
			}
		}
		return true, nil
	})
}

// Inbox items go to someone who exists, about a client who exists (R6,
// R19 remove them with either).
func verifyInbox(v *verification) error {
	return each(v.tx, colInbox, Query{}, func(it InboxItem) (bool, error) {
		if !v.exists(it.Person) || it.About != 0 && !v.exists(it.About) {
			v.add("inbox item %s names someone who does not exist", it.ID)
		}
		if it.Text == "" && len(it.Words) == 0 || it.Event == "" {
			v.add("inbox item %s is incomplete", it.ID)
		}
		return true, nil
	})
}

// Outbox items likewise (R6: a deleted person's address goes too).
func verifyOutbox(v *verification) error {
	return each(v.tx, colOutbox, Query{}, func(it OutboxItem) (bool, error) {
		if !v.exists(it.Person) || it.About != 0 && !v.exists(it.About) {
			v.add("outbox item %s names someone who does not exist", it.ID)
		}
		if !slices.Contains(Channels, it.Channel) || it.Text == "" {
			v.add("outbox item %s is incomplete", it.ID)
		}
		// The mail queue (mail.go): a known status; what is queued or was
		// sent is an email written out whole, with its Message-ID.
		switch st := it.StatusOf(); {
		case !slices.Contains(MailStatuses, st):
			v.add("outbox item %s has an unknown status", it.ID)
		case st != MailKept && (it.Channel != ChannelEmail || it.Subject == "" || it.Body == "" || it.MessageID == ""):
			v.add("outbox item %s is an email without its subject, text or Message-ID", it.ID)
		case st == MailQueued && it.NextAt.IsZero(), st == MailSent && it.SentAt.IsZero():
			v.add("outbox item %s is %s without its time", it.ID, st)
		case st != MailQueued && it.Secret != "":
			v.add("outbox item %s keeps an invitation code after its email went", it.ID)
		}
		return true, nil
	})
}

// Audit entries say when, who, where and what (R60). They outlive the
// people they name (the tombstone of a deletion), so those may be gone.
func verifyAudit(v *verification) error {
	return each(v.tx, colAudit, Query{}, func(e AuditEntry) (bool, error) {
		if e.At.IsZero() || e.Action == "" || e.ActorHandle == "" {
			v.add("audit entry %s is incomplete", e.ID)
		}
		if (e.Behalf == 0) != (e.BehalfHandle == "") {
			v.add("audit entry %s names whom it was on behalf of by half", e.ID)
		}
		return true, nil
	})
}

// The reminder state is one record with a setting in range.
func verifyReminders(v *verification) error {
	return each(v.tx, colReminders, Query{}, func(r reminderState) (bool, error) {
		if r.ID != reminderStateID || r.Hours < 0 || r.Hours > MaxReminderHours || r.ActionsThrough != "" && len(r.ActionsThrough) != len(DateLayout) {
			v.add("reminder settings %s are damaged", r.ID)
		}
		return true, nil
	})
}
