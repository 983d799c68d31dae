package domain

import (
	"time"
)

// Practice data (R50–R53): sessions, packages, invoices, payments, notes
// and progress. This file holds what they share: their collections, the
// views screens and commands show, list scoping, the change feed and the
// cascade when a person is deleted (R19).

const (
	colSessions Collection = "sessions"
	colCatalog  Collection = "package_catalog"
	colPackages Collection = "packages"
	colInvoices Collection = "invoices"
	colPayments Collection = "payments"
	colNotes    Collection = "notes"
	colProgress Collection = "progress"
)

// --- views

// SessionView is a session with its people loaded and its times in the
// organisation's zone, and what this workspace may do with it.
type SessionView struct {
	Session     Session
	Client      Person
	Coach       Person
	Start, End  time.Time // in the organisation's zone
	PackageName string    // the package a credit came from, if any
	CanChange   bool      // may reschedule or cancel it here
	CanMark     bool      // may mark it completed or no-show here
	// GroupHandle and GroupName: a group session's group ("(deleted
	// group)" once it is gone); empty for a session of one client.
	GroupHandle, GroupName string
}

// PackageView is a client package with its usage (R51).
type PackageView struct {
	Package   ClientPackage
	Client    Person
	BoughtBy  *Party // the contact who bought it (R37), if any
	Remaining int
	ExpiresAt time.Time // the instant it stops being usable, org zone
	Expired   bool
	UsedUp    bool
}

// Usable says whether a session can be booked on the package now: paid for
// (a purchase waits for its invoice, R55), not expired, not used up (R51).
func (p PackageView) Usable() bool { return !p.Package.Pending && !p.Expired && !p.UsedUp }

// InvoiceView is an invoice with its client, balance and (in detail, where
// payment history may be seen) its payments.
type InvoiceView struct {
	Invoice  Invoice
	Client   Person
	IssuedBy Party     // as this workspace sees them (parties.go)
	Issued   time.Time // in the organisation's zone
	Balance  int64
	Payments []PaymentView // ShowInvoice only, where payments may be seen
	CanPay   bool
	CanVoid  bool
}

// PaymentView is a payment with its payer and client (R37, R52).
type PaymentView struct {
	Payment Payment
	Client  Person
	Payer   Party
	At      time.Time // in the organisation's zone
}

// NoteView is a private note with its author (R31).
type NoteView struct {
	Note   Note
	Client Person
	Author Party
	At     time.Time
}

// ProgressView is a progress update with its author (R53): an assistant
// with the practitioner they wrote for (Author.For, R44), anyone the
// reader may not see as the organisation (parties.go).
type ProgressView struct {
	Progress   Progress
	Client     Person
	Author     Party
	At         time.Time
	CanApprove bool // the client may approve or withdraw it for contacts
}

// PracticeTabs says which parts of a client's file a workspace may see,
// and which actions to offer there. The use cases decide again.
type PracticeTabs struct {
	Sessions, Packages, Invoices, Payments, Notes, Progress bool
	Book, AssignPackage, IssueInvoice, AddNote, AddProgress bool
	// Coaching work (actions.go, metrics.go): reading, assigning an action,
	// marking one done, setting up a metric and recording its values.
	Actions, Metrics                                   bool
	AssignAction, DoAction, DefineMetric, RecordMetric bool
}

// ClientTabs decides the client file's tabs for this workspace (R5).
func (s *Service) ClientTabs(who Who, client string) (PracticeTabs, error) {
	var t PracticeTabs
	err := s.read(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		tg := Target{Client: &c}
		t = PracticeTabs{
			Sessions: o.allowed(ActSessionsList, tg), Packages: o.allowed(ActPackagesList, tg),
			Invoices: o.allowed(ActInvoicesList, tg), Payments: o.allowed(ActPaymentsList, tg),
			Notes: o.allowed(ActNotesList, tg), Progress: o.allowed(ActProgressList, tg),
			Book: o.allowed(ActSessionsBook, tg), AssignPackage: o.allowed(ActPackagesAssign, tg),
			IssueInvoice: o.allowed(ActInvoicesIssue, tg), AddNote: o.allowed(ActNotesAdd, tg),
			AddProgress: o.allowed(ActProgressAdd, tg),
			Actions:     o.allowed(ActActionsList, tg), Metrics: o.allowed(ActMetricsList, tg),
			AssignAction: o.allowed(ActActionsAdd, tg), DoAction: o.allowed(ActActionsDone, tg),
			DefineMetric: o.allowed(ActMetricsDefine, tg), RecordMetric: o.allowed(ActMetricsRecord, tg),
		}
		return nil
	})
	return t, err
}

// practiceView builds views inside one transaction, loading each person
// and deciding each client's visibility, and who is seen (parties.go),
// once.
type practiceView struct {
	o       *op
	loc     *time.Location
	people  map[ID]Person // the zero Person for someone gone
	decided map[practiceMayKey]bool
	// sight is the client whose eyes the view is for, 0 for the team's;
	// coaching remembers who coaches them (parties.go).
	sight    ID
	coaching map[ID]bool
	names    map[string]bool // who sight sees, by name (inbox_words.go)
	handles  map[string]bool // handles sight does not see (parties.go)
}

type practiceMayKey struct {
	act    Action
	client ID
}

func (o *op) newViewer() *practiceView { return o.viewerFor(o.clientSight()) }

// viewerFor builds views for a client's eyes (sight), or the team's (0).
func (o *op) viewerFor(sight ID) *practiceView {
	return &practiceView{o: o, loc: o.a.Org.Location(), people: map[ID]Person{}, decided: map[practiceMayKey]bool{},
		sight: sight, coaching: map[ID]bool{}, handles: map[string]bool{}}
}

// person loads id; someone deleted since shows as "(deleted)".
func (v *practiceView) person(id ID) Person {
	if p, ok := v.load(id); ok {
		return p
	}
	return Person{ID: id, Handle: "(deleted)", Name: "(deleted person)"}
}

// may decides act for client once per view.
func (v *practiceView) may(act Action, client ID) bool {
	k := practiceMayKey{act, client}
	if ok, seen := v.decided[k]; seen {
		return ok
	}
	c := v.person(client)
	ok := v.o.allowed(act, Target{Client: &c})
	v.decided[k] = ok
	return ok
}

func (v *practiceView) session(s Session) SessionView {
	c, k := v.person(s.Client), v.person(s.Coach)
	sv := SessionView{Session: s, Client: c, Coach: k, Start: s.Start.In(v.loc), End: s.End().In(v.loc)}
	sv.Session.Agenda = v.agendaSeen(s)
	if s.Package != 0 && !v.may(ActPackagesList, s.Client) {
		// the package is not this workspace's to see (R30: `packages`)
		sv.Session.Package, sv.Session.CreditReturned = 0, false
	}
	if sv.Session.Package != 0 {
		if p, err := loadPackage(v.o.tx, s.Package); err == nil {
			sv.PackageName = p.Name
		}
	}
	g := v.o.groupOfSession(s)
	if s.Group != 0 {
		sv.GroupHandle, sv.GroupName = "", "(deleted group)"
		if g != nil {
			sv.GroupHandle, sv.GroupName = g.Handle, g.Name
		}
	}
	if s.Status == SessionScheduled {
		t := Target{Client: &c, Coach: &k, Group: g}
		sv.CanChange = v.o.allowed(ActSessionsCancel, t) && (v.o.a.Teamish() || s.Start.After(v.o.now))
		sv.CanMark = !s.Start.After(v.o.now) && v.o.allowed(ActSessionsComplete, t)
	}
	if coach := v.party(s.Coach, 0, s.Client); coach.Hidden() && s.Group == 0 {
		// a coach the client does not see (parties.go) holds the session
		// for the organisation
		sv.Coach = Person{Name: coach.Name}
	}
	return sv
}

func (v *practiceView) pkg(p ClientPackage) PackageView {
	pv := PackageView{Package: p, Client: v.person(p.Client), Remaining: p.Remaining(), ExpiresAt: p.ExpiresAt(v.loc)}
	if p.BoughtBy != 0 {
		b := v.party(p.BoughtBy, 0, p.Client)
		pv.BoughtBy = &b
	}
	pv.Expired = !v.o.now.Before(pv.ExpiresAt)
	pv.UsedUp = pv.Remaining == 0
	return pv
}

func (v *practiceView) invoice(inv Invoice, detail bool) InvoiceView {
	c := v.person(inv.Client)
	iv := InvoiceView{Invoice: inv, Client: c, IssuedBy: v.party(inv.IssuedBy, inv.IssuedFor, inv.Client), Issued: inv.Issued.In(v.loc), Balance: inv.Balance()}
	t := Target{Client: &c}
	iv.CanPay = inv.Status == InvoiceOpen && v.o.allowed(ActInvoicesPay, t)
	iv.CanVoid = (inv.Status == InvoiceOpen || inv.Status == InvoiceDraft) && inv.PaidCents == 0 && v.o.allowed(ActInvoicesVoid, t)
	if detail && v.may(ActPaymentsList, inv.Client) {
		v.o.fail(each(v.o.tx, colPayments, Query{Index: "invoice", Prefix: inv.ID.Key() + "/"}, func(p Payment) (bool, error) {
			iv.Payments = append(iv.Payments, v.payment(p))
			return len(iv.Payments) < MaxPage, nil
		})) // a payment that cannot be read fails the view, never hides it
	}
	return iv
}

func (v *practiceView) payment(p Payment) PaymentView {
	return PaymentView{Payment: p, Client: v.person(p.Client), Payer: v.party(p.Payer, 0, p.Client), At: p.At.In(v.loc)}
}

func (v *practiceView) note(n Note) NoteView {
	return NoteView{Note: n, Client: v.person(n.Client), Author: v.party(n.Author, 0, n.Client), At: n.At.In(v.loc)}
}

func (v *practiceView) progress(p Progress) ProgressView {
	c := v.person(p.Client)
	pv := ProgressView{Progress: p, Client: c, Author: v.party(p.Author, p.Behalf, p.Client), At: p.At.In(v.loc)}
	pv.CanApprove = v.o.allowed(ActProgressApprove, Target{Client: &c})
	return pv
}

// --- list scoping

// teamClients is which clients a team list covers: every client (all)
// when the workspace holds admin or sees every client (R17), otherwise the
// clients the principal is paired with, read from the pairing index alone.
// Callers decide act for each row's client (they must anyway: a list is
// only what the rules let this workspace see), so a client the rules
// refuse shows nothing.
func (o *op) teamClients(admin Perm) (all bool, clients []ID, err error) {
	if admin != "" && o.a.Has(admin) || o.a.Has(PermViewAllClients) || o.a.Has(PermCoachAllClients) {
		return true, nil, nil
	}
	err = o.tx.Scan(colPairings, Query{Index: "coach", Prefix: o.a.Principal.ID.Key() + "/"}, func(key string, _ ID) (bool, error) {
		clients = append(clients, pairSecond(key))
		return true, nil
	})
	return false, clients, err
}

// scanClientRecords walks a collection indexed by "client" (client/id)
// newest first: one client's records (authorised for act), or for the
// team without a client every client it may read. take says whether it
// kept a record; each scan stops after limit kept. Callers merge, sort and
// trim to limit.
func (o *op) scanClientRecords(col Collection, act Action, admin Perm, client string, before ID, limit int, take func(ID) (bool, error)) error {
	scan := func(q Query) error {
		n := 0
		return o.tx.Scan(col, q, func(_ string, id ID) (bool, error) {
			kept, err := take(id)
			if err != nil {
				return false, err
			}
			if kept {
				n++
			}
			return n < limit, nil
		})
	}
	byClient := func(c ID) Query {
		q := Query{Index: "client", Prefix: c.Key() + "/", Reverse: true}
		if before != 0 {
			q.After = pairKey(c, before)
		}
		return q
	}
	if client != "" || !o.a.Teamish() {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(act, Target{Client: &c}); err != nil {
			return err
		}
		return scan(byClient(c.ID))
	}
	all, clients, err := o.teamClients(admin)
	if err != nil {
		return err
	}
	if all {
		q := Query{Reverse: true}
		if before != 0 {
			q.After = before.Key()
		}
		return scan(q)
	}
	// Every client's records merged newest first, reading only as far as
	// limit kept: the same records as limit from each client, sorted and
	// trimmed, without loading a page from every client.
	qs := make([]Query, len(clients))
	for i, c := range clients {
		qs[i] = byClient(c)
	}
	n := 0
	newest := func(a, b mergeEntry) bool { return a.ID > b.ID }
	return mergeScan(o.tx, col, qs, newest, nil, func(_ string, id ID) (bool, error) {
		kept, err := take(id)
		if err != nil {
			return false, err
		}
		if kept {
			n++
		}
		return n < limit, nil
	})
}

// --- change feed

// touchPractice tells the screens of everyone who sees a client's practice
// data that it changed: the client, their contacts, their coaches (and
// those coaches' assistants), anyone else named, and the practice-wide
// channel that views of every client's data listen to.
func (o *op) touchPractice(client ID, others ...ID) {
	o.tx.Changed(PracticeFeed)
	o.touchRelatedID(client)
	o.touchCoaches(client)
	for _, id := range others {
		if id != 0 {
			o.touchRelatedID(id)
		}
	}
}

func (o *op) touchCoaches(client ID) {
	ps, err := pairingsOfClient(o.tx, client)
	o.fail(err)
	for _, p := range ps {
		o.touchRelatedID(p.Coach)
	}
}

// --- R19: deleting a person

func init() { onDelete = append(onDelete, deletePracticeData) }

// deletePracticeData removes a deleted client's sessions, packages,
// invoices, payments, notes and progress (R19). A deleted coach's future
// sessions are cancelled with their credits returned; their past ones,
// notes and the payments contacts made stay with the clients.
func deletePracticeData(o *op, p Person) error {
	if p.Client {
		for _, col := range []Collection{colSessions, colPackages, colInvoices, colPayments, colNotes, colProgress} {
			ids, err := idsUnder(o.tx, col, "client", p.ID.Key()+"/")
			if err == nil {
				err = deleteAll(o.tx, col, ids)
			}
			if err != nil {
				return err
			}
		}
	}
	if p.IsTeam() {
		var future []Session
		q := Query{Index: "coach", Prefix: p.ID.Key() + "/", From: p.ID.Key() + "/" + practiceTimeKey(o.now)}
		err := each(o.tx, colSessions, q, func(s Session) (bool, error) {
			if s.Status == SessionScheduled && s.Client != p.ID {
				future = append(future, s)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		for _, s := range future {
			if s.Package != 0 {
				pk, err := loadPackage(o.tx, s.Package)
				if err != nil {
					return err
				}
				if pk.SessionsUsed > 0 {
					pk.SessionsUsed--
					if err := savePackage(o.tx, &pk); err != nil {
						return err
					}
					s.CreditReturned = true
				}
			}
			s.Status, s.Changed, s.ChangedBy = SessionCancelled, o.now, o.a.Actor.ID
			if err := saveSession(o.tx, &s); err != nil {
				return err
			}
			o.touchPractice(s.Client)
		}
	}
	return nil
}

// --- notifications (through notifyHook, filled in by the notifications
// part of the domain; without it nobody is told)

// practiceNotify tells people about a practice event concerning client;
// the notifications code skips the actor, inactive people and duplicates.
func (o *op) practiceNotify(event string, client ID, w []Word, to ...ID) error {
	if notifyHook == nil {
		return nil
	}
	return notifyHook(o, event, client, to, w)
}

// clientSide is the client and their contacts whose live link carries cp.
func (o *op) clientSide(client ID, cp ContactPerm) []ID {
	to := []ID{client}
	links, err := linksOfClient(o.tx, client)
	o.fail(err) // nobody may miss a notice because a link could not be read
	for _, l := range links {
		if l.Perms.Has(cp) && l.Live(o.now, o.a.Org.Location()) {
			to = append(to, l.Contact)
		}
	}
	return to
}

// notifySession tells the coach and — unless the coach is view-only for
// them (R14) — the client and their contacts with schedule (notify adds
// the primary coach, R12).
func (o *op) notifySession(event string, s Session, w []Word) error {
	to := []ID{s.Coach}
	if p, err := pairingOf(o.tx, s.Client, s.Coach); err == nil && p.Level != LevelView {
		to = append(to, o.clientSide(s.Client, ContactSchedule)...)
	}
	return o.practiceNotify(event, s.Client, w, to...)
}

// primaryCoachID is the client's primary coach (R12); 0 if none.
func primaryCoachID(tx Tx, client ID) ID {
	if p, ok := primaryOf(tx, client); ok {
		return p.ID
	}
	return 0
}
