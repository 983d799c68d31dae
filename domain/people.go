package domain

import (
	"fmt"
	"slices"
	"strings"
)

// PeopleFilter narrows people lists.
type PeopleFilter struct {
	Capacity string // team, client, contact, assistant; empty for everyone
	Search   string // part of a handle, name or email
	Status   Status // empty for any
	After    string // page: handles after this one
	Limit    int
}

// ListPeople lists the people this workspace may see, in handle order,
// one page at a time.
func (s *Service) ListPeople(who Who, f PeopleFilter) ([]Person, error) {
	var out []Person
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActPeopleList, Target{}); err != nil {
			return err
		}
		q := Query{Index: "handle", After: f.After}
		if f.Capacity != "" {
			if !slices.Contains([]string{"team", "client", "contact", "assistant"}, f.Capacity) {
				return invalidf("%q is not a capacity to list: use team, client, contact or assistant", clip(f.Capacity, 20))
			}
			q = Query{Index: "cap", Prefix: f.Capacity + "/"}
			if f.After != "" {
				q.After = f.Capacity + "/" + f.After
			}
		}
		search := strings.ToLower(strings.TrimSpace(f.Search))
		limit := pageSize(f.Limit)
		j := o.judge()
		match := func(p Person) bool {
			if f.Status != "" && p.Status != f.Status {
				return false
			}
			return search == "" || strings.Contains(p.Handle, search) || strings.Contains(strings.ToLower(p.Name), search) || strings.Contains(p.Email, search)
		}
		// A workspace that sees clients only through the principal's own
		// pairings walks the index as before but loads only the people it
		// could possibly see (silo): a coach's first page of clients is a
		// walk over index keys, not ten thousand records read and refused.
		cands, err := o.silo()
		if err != nil {
			return err
		}
		return o.tx.Scan(colPeople, q, func(_ string, id ID) (bool, error) {
			if cands != nil && !cands[id] {
				return true, nil
			}
			p, err := get[Person](o.tx, colPeople, id)
			if err != nil {
				return false, err
			}
			if !match(p) || !j.sees(p) {
				return true, nil
			}
			out = append(out, p)
			return len(out) < limit, nil
		})
	})
	return out, err
}

// silo is who a team workspace could possibly see when its principal sees
// clients only through their own pairings (not seesEveryClient): the actor, the
// team and assistants, the principal's clients and those clients'
// contacts — every person sees can allow, read from index keys alone.
// sees still decides each one. nil means wider access: anyone may pass.
func (o *op) silo() (map[ID]bool, error) {
	a := o.a
	if !a.Teamish() || a.seesEveryClient() {
		return nil, nil
	}
	ids := map[ID]bool{a.Actor.ID: true}
	add := func(c Collection, q Query, id func(key string, id ID) ID) error {
		return o.tx.Scan(c, q, func(key string, rid ID) (bool, error) {
			ids[id(key, rid)] = true
			return true, nil
		})
	}
	record := func(_ string, id ID) ID { return id }
	for _, capacity := range []string{"team", "assistant"} {
		if err := add(colPeople, Query{Index: "cap", Prefix: capacity + "/"}, record); err != nil {
			return nil, err
		}
	}
	var clients []ID
	err := o.tx.Scan(colPairings, Query{Index: "coach", Prefix: a.Principal.ID.Key() + "/"}, func(key string, _ ID) (bool, error) {
		clients = append(clients, pairSecond(key))
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		ids[c] = true
		if err := add(colLinks, Query{Index: "pair", Prefix: c.Key() + "/"}, func(key string, _ ID) ID { return pairSecond(key) }); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// PersonDetail is a person with the relations a profile shows.
type PersonDetail struct {
	Person     Person
	Coaches    []PairingView // for a client: their coaches (view-only hidden from the client, R14)
	Clients    []PairingView // for a coach: their clients
	Contacts   []LinkView    // for a client: who may act for them
	ActsFor    []LinkView    // for a contact: whom they act for
	Manages    []Person      // for an assistant: practitioners (R40)
	Assistants []Person      // for a practitioner: their assistants
	TeamPerms  PermSet       // effective team permissions
	Workspaces []Workspace   // only when looking at yourself
}

// PairingView is a pairing with both people loaded.
type PairingView struct {
	Coach  Person
	Client Person
	Level  Level
}

// LinkView is a contact link with both people loaded.
type LinkView struct {
	Client  Person
	Contact Person
	Link    ContactLink
	Live    bool
}

// ShowPerson returns the profile of handle as this workspace may see it.
func (s *Service) ShowPerson(who Who, handle string) (PersonDetail, error) {
	var d PersonDetail
	err := s.read(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPeopleShow, Target{Person: &p}); err != nil {
			return err
		}
		d, err = o.detail(p)
		return err
	})
	return d, err
}

func (o *op) detail(p Person) (PersonDetail, error) {
	d := PersonDetail{Person: p, TeamPerms: p.EffectivePerms()}
	j := o.judge()
	if p.Client {
		ps, err := pairingsOfClient(o.tx, p.ID)
		if err != nil {
			return d, err
		}
		d.Coaches = make([]PairingView, 0, len(ps))
		for _, pr := range ps {
			// R14: a view-only coach is invisible to the client and those acting for them.
			if pr.Level == LevelView && !o.a.Teamish() {
				continue
			}
			c, err := loadPerson(o.tx, pr.Coach)
			if err != nil {
				continue
			}
			d.Coaches = append(d.Coaches, PairingView{Coach: c, Client: p, Level: pr.Level})
		}
		sortPairings(d.Coaches)
		if o.allowed(ActContactsList, Target{Client: &p}) {
			links, err := linksOfClient(o.tx, p.ID)
			if err != nil {
				return d, err
			}
			d.Contacts = make([]LinkView, 0, len(links))
			for _, l := range links {
				c, err := loadPerson(o.tx, l.Contact)
				if err != nil {
					continue
				}
				d.Contacts = append(d.Contacts, LinkView{Client: p, Contact: c, Link: l, Live: l.Live(o.now, o.a.Org.Location())})
			}
		}
	}
	if p.IsCoach() && o.a.Teamish() {
		ps, err := pairingsOfCoach(o.tx, p.ID)
		if err != nil {
			return d, err
		}
		d.Clients = make([]PairingView, 0, len(ps))
		self := p.ID == o.a.Principal.ID
		for _, pr := range ps {
			c, err := loadPerson(o.tx, pr.Client)
			if err != nil {
				continue
			}
			// Of one's own clients, the pairing at hand is the one sight
			// would look up again (R11): it sees every level.
			if !(self && c.Client && pr.Level >= LevelView) && !j.sees(c) {
				continue
			}
			d.Clients = append(d.Clients, PairingView{Coach: p, Client: c, Level: pr.Level})
		}
	}
	if p.Contact {
		links, err := linksOfContact(o.tx, p.ID)
		if err != nil {
			return d, err
		}
		d.ActsFor = make([]LinkView, 0, len(links))
		for _, l := range links {
			c, err := loadPerson(o.tx, l.Client)
			if err != nil || !j.sees(c) {
				continue
			}
			d.ActsFor = append(d.ActsFor, LinkView{Client: c, Contact: p, Link: l, Live: l.Live(o.now, o.a.Org.Location())})
		}
	}
	if p.Assistant {
		links, err := linksOfAssistant(o.tx, p.ID)
		if err != nil {
			return d, err
		}
		for _, l := range links {
			if pr, err := loadPerson(o.tx, l.Practitioner); err == nil {
				d.Manages = append(d.Manages, pr)
			}
		}
	}
	if p.IsTeam() {
		links, err := assistantsOf(o.tx, p.ID)
		if err != nil {
			return d, err
		}
		for _, l := range links {
			if as, err := loadPerson(o.tx, l.Assistant); err == nil {
				d.Assistants = append(d.Assistants, as)
			}
		}
	}
	if p.ID == o.a.Actor.ID {
		ws, err := workspacesOf(o.tx, o.a.Org, p, o.now)
		if err != nil {
			return d, err
		}
		d.Workspaces = ws
	}
	return d, nil
}

// sortPairings puts the primary first, then by level, then by name.
func sortPairings(ps []PairingView) {
	slices.SortStableFunc(ps, func(a, b PairingView) int {
		if a.Level != b.Level {
			return int(b.Level) - int(a.Level)
		}
		return strings.Compare(a.Coach.Handle, b.Coach.Handle)
	})
}

// NewPerson is what `people add` and the add form collect.
type NewPerson struct {
	Handle  string
	Name    string
	Email   string
	As      Capacity
	Primary string // a client's primary coach (R11, R20)
	// AssistantAdmin gives an assistant the admin role (R43).
	AssistantAdmin bool
}

// Added reports what AddPerson did.
type Added struct {
	Person Person
	// Existing: a person with that email already existed and was given the
	// capacity instead of a duplicate being made (R35).
	Existing bool
}

// AddPerson adds someone to the organisation (people.add).
func (s *Service) AddPerson(who Who, in NewPerson) (Added, error) {
	var out Added
	err := s.write(who, func(o *op) error {
		var err error
		out, err = o.addPerson(in)
		return err
	})
	return out, err
}

func (o *op) addPerson(in NewPerson) (Added, error) {
	if err := o.authorize(ActPeopleAdd, Target{Capacity: in.As}); err != nil {
		return Added{}, err
	}
	email, err := CleanEmail(in.Email)
	if err != nil {
		return Added{}, inField("email", err)
	}
	if in.As == AsContact {
		// R35: a contact who already exists is reused, never duplicated.
		if p, err := personByEmail(o.tx, email); err == nil {
			if !p.Contact {
				p.Contact = true
				if err := savePerson(o.tx, &p); err != nil {
					return Added{}, err
				}
				o.touchTeam()
				if err := o.audit(ActPeopleAdd, record{Target: p.Handle, Person: p.ID, Detail: "existing person made a contact"}); err != nil {
					return Added{}, err
				}
			}
			return Added{Person: p, Existing: true}, nil
		}
	}
	handle := strings.ToLower(strings.TrimSpace(in.Handle))
	if err := ValidHandle(handle); err != nil {
		return Added{}, inField("handle", err)
	}
	name, err := CleanName(in.Name)
	if err != nil {
		return Added{}, inField("name", err)
	}
	if _, err := personByHandle(o.tx, handle); err == nil {
		return Added{}, inField("handle", conflictf("the handle %q is taken; choose another", handle))
	}
	if p, err := personByEmail(o.tx, email); err == nil {
		return Added{}, inField("email", conflictf("%s already uses %s; one email belongs to one person", p.Handle, email))
	}
	p := Person{Handle: handle, Name: name, Email: email, Status: StatusActive, Created: o.now, CreatedBy: o.a.Actor.ID}
	var primary *Person
	switch in.As {
	case AsClient:
		p.Client = true
		if err := o.seatForClient(); err != nil { // R56
			return Added{}, err
		}
		pr, err := o.primaryForNewClient(in.Primary)
		if err != nil {
			return Added{}, inField("primary", err)
		}
		primary = &pr
	case AsContact:
		p.Contact = true
	case AsCoach:
		p.TeamRole, p.InPool = RoleCoach, true
	case AsStaff:
		p.TeamRole = RoleStaff
	case AsAssistant:
		p.Assistant, p.AssistantAdmin = true, in.AssistantAdmin
	default:
		return Added{}, invalidf("say what to add %s as: client, coach, staff, assistant or contact", handle)
	}
	if in.As != AsAssistant && in.AssistantAdmin {
		return Added{}, invalidf("only an assistant can have the assistant admin role")
	}
	if err := savePerson(o.tx, &p); err != nil {
		return Added{}, err
	}
	detail := "added as " + string(in.As)
	if primary != nil {
		pr := Pairing{Client: p.ID, Coach: primary.ID, Level: LevelPrimary, Since: o.now}
		if err := savePairing(o.tx, &pr); err != nil {
			return Added{}, err
		}
		o.changed(primary.ID)
		detail += ", primary coach " + primary.Handle
	}
	o.touchTeam()
	return Added{Person: p}, o.audit(ActPeopleAdd, record{Target: p.Handle, Person: p.ID, Client: clientID(p), Detail: detail})
}

// NewClientPrimaries is who may be the primary coach (R11) of a client
// added here: the active pool coaches (R10), or — adding with
// manage_own_clients alone — only the principal, and fixed says so (R20).
func (s *Service) NewClientPrimaries(who Who) (coaches []Person, fixed bool, err error) {
	err = s.read(who, func(o *op) error {
		if err := o.authorize(ActPeopleAdd, Target{Capacity: AsClient}); err != nil {
			return err
		}
		if fixed = o.addsOwnClientsOnly(); fixed {
			coaches = []Person{o.a.Principal}
			return nil
		}
		team, err := peopleWith(o.tx, "team")
		for _, p := range team {
			if p.IsCoach() && p.Active() {
				coaches = append(coaches, p)
			}
		}
		return err
	})
	return coaches, fixed, err
}

// addsOwnClientsOnly: a client added without manage_clients (so with
// manage_own_clients) is paired with the principal as primary (R20).
func (o *op) addsOwnClientsOnly() bool { return !o.a.Has(PermManageClients) }

// primaryForNewClient: every active client has a primary (R11). A coach
// adding with only manage_own_clients becomes it (R20).
func (o *op) primaryForNewClient(handle string) (Person, error) {
	own := o.addsOwnClientsOnly()
	if handle == "" {
		if o.a.Principal.IsCoach() && o.a.Has(PermManageOwnClients) {
			return o.a.Principal, nil
		}
		return Person{}, invalidf("a client needs a primary coach: add --primary HANDLE")
	}
	c, err := o.person(handle)
	if err != nil {
		return Person{}, err
	}
	if !c.IsCoach() {
		return Person{}, invalidf("%s is not a team coach in the pairing pool, so cannot be primary", c.Handle) // R10
	}
	if !c.Active() {
		return Person{}, conflictf("%s is deactivated and cannot be primary", c.Handle)
	}
	if own && c.ID != o.a.Principal.ID {
		return Person{}, deniedf("with manage_own_clients the client you add is paired with you as primary; pairing them with %s needs manage_clients", c.Handle) // R20
	}
	return c, nil
}

func clientID(p Person) ID {
	if p.Client {
		return p.ID
	}
	return 0
}

// SetStatus deactivates or reactivates someone (R6, R19).
//
// Deactivating a coach with upcoming sessions needs a plan for them
// (coaching_loss.go); plan is optional and only the first one counts.
func (s *Service) SetStatus(who Who, handle string, active bool, plan ...SessionsPlan) (Person, error) {
	act, status := ActPeopleDeactivate, StatusDeactivated
	if active {
		act, status = ActPeopleReactivate, StatusActive
	}
	var out Person
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(act, Target{Person: &p}); err != nil {
			return err
		}
		if p.Status == status {
			return conflictf("%s is already %s", p.Handle, status)
		}
		if !active {
			if err := o.refuseIfPrimary(p, "deactivate"); err != nil {
				return err
			}
		} else if p.Client {
			// R11: a client coming back needs an active primary.
			if err := o.needActivePrimary(p); err != nil {
				return err
			}
			if err := o.seatForClient(); err != nil { // R56
				return err
			}
		}
		p.Status = status
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		if !active {
			if err := o.settleSessions(p.ID, planOf(plan)); err != nil {
				return err
			}
		}
		o.touchRelated(p)
		out = p
		o.touchTeam()
		return o.audit(act, record{Target: p.Handle, Person: p.ID, Client: clientID(p)})
	})
	return out, err
}

// refuseIfPrimary keeps R11: every client, active or deactivated, has
// exactly one primary coach at all times, so a coach who is primary for
// anyone cannot leave until those clients have another primary.
func (o *op) refuseIfPrimary(p Person, verb string) error {
	if !p.IsCoach() {
		return nil
	}
	ps, err := pairingsOfCoach(o.tx, p.ID)
	if err != nil {
		return err
	}
	var names []string
	for _, pr := range ps {
		if pr.Level != LevelPrimary {
			continue
		}
		c, err := loadPerson(o.tx, pr.Client)
		if err != nil {
			return err
		}
		name := c.Handle
		if !c.Active() {
			name += " (deactivated)"
		}
		names = append(names, name)
	}
	if len(names) > 0 {
		return conflictf("cannot %s %s: they are primary coach of %s; make another coach primary first", verb, p.Handle, strings.Join(names, ", "))
	}
	return o.refuseIfCoachingGroups(p, verb) // groups.go
}

func (o *op) needActivePrimary(client Person) error {
	ps, err := pairingsOfClient(o.tx, client.ID)
	if err != nil {
		return err
	}
	for _, pr := range ps {
		if pr.Level == LevelPrimary {
			c, err := loadPerson(o.tx, pr.Coach)
			if err != nil {
				return err
			}
			if c.Active() {
				return nil
			}
		}
	}
	return conflictf("%s has no active primary coach; make an active coach primary first", client.Handle) // R11
}

// touchRelated tells everyone whose workspaces depend on p that p changed:
// their contacts, the people they act for, their assistants.
func (o *op) touchRelated(p Person) { o.touchRelatedID(p.ID) }

// touchRelatedID is touchRelated for someone known by id alone. The
// contacts and assistants come from the link indexes' keys (client/contact,
// practitioner/assistant), without reading the links.
func (o *op) touchRelatedID(id ID) {
	o.changed(id)
	for _, ix := range []struct {
		c     Collection
		index string
	}{{colLinks, "pair"}, {colAssistants, "practitioner"}} {
		o.fail(o.tx.Scan(ix.c, Query{Index: ix.index, Prefix: id.Key() + "/"}, func(key string, _ ID) (bool, error) {
			if other := pairSecond(key); other != 0 {
				o.changed(other)
			}
			return true, nil
		}))
	}
}

// onDelete holds what removing a person also removes; practice data adds
// its own (a client's sessions, packages, invoices, notes: R19).
var onDelete []func(o *op, p Person) error

// DeletePerson removes someone for good (R6, R19). confirm must repeat the
// handle, so nobody deletes by accident. A coach's upcoming sessions need
// a plan (coaching_loss.go); only the first plan counts.
func (s *Service) DeletePerson(who Who, handle, confirm string, plan ...SessionsPlan) error {
	return s.DeletePersonPassing(who, handle, confirm, "", plan...)
}

// DeletePersonPassing deletes a person as DeletePerson does, passing the
// templates they own to templatesTo (a team member's handle): deleting
// someone who owns templates asks who receives them (templates.go, R21).
func (s *Service) DeletePersonPassing(who Who, handle, confirm, templatesTo string, plan ...SessionsPlan) error {
	seen, err := s.scanOutboxOf(who, handle, confirm)
	if err != nil {
		return err
	}
	if s.afterOutboxScan != nil {
		s.afterOutboxScan()
	}
	return s.write(who, func(o *op) error {
		o.templatesTo, o.outboxSeen = templatesTo, seen
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPeopleDelete, Target{Person: &p}); err != nil {
			return err
		}
		if strings.TrimSpace(confirm) != p.Handle {
			return invalidf("deleting %s cannot be undone; confirm by typing their handle: --confirm %s", p.Handle, p.Handle)
		}
		if err := o.refuseIfPrimary(p, "delete"); err != nil {
			return err
		}
		gone := func(ID) (bool, error) { return false, nil }
		if err := o.settleStranded(p, gone, planOf(plan)); err != nil {
			return err
		}
		o.touchRelated(p)
		for _, fn := range onDelete {
			if err := fn(o, p); err != nil {
				return err
			}
		}
		if err := o.deleteRelations(p); err != nil {
			return err
		}
		if err := o.tx.Delete(colPeople, p.ID); err != nil {
			return err
		}
		// The tombstone (R6, R60): the entry keeps handle and name.
		o.touchTeam()
		return o.audit(ActPeopleDelete, record{Target: p.Handle, Person: p.ID, Client: clientID(p), Detail: fmt.Sprintf("deleted %s (%s)", p.Name, strings.Join(p.Capacities(), ", "))})
	})
}

func (o *op) deleteRelations(p Person) error {
	type rec struct {
		c  Collection
		id ID
	}
	// Every read here must succeed: a link or pairing that cannot be read
	// would otherwise be left behind, naming someone who is gone, while
	// the deletion reports success. Any error aborts the whole deletion.
	var recs []rec
	for _, load := range []func(Tx, ID) ([]Pairing, error){pairingsOfClient, pairingsOfCoach} {
		ps, err := load(o.tx, p.ID)
		if err != nil {
			return err
		}
		for _, x := range ps {
			recs = append(recs, rec{colPairings, x.ID})
		}
	}
	for _, load := range []func(Tx, ID) ([]ContactLink, error){linksOfClient, linksOfContact} {
		ls, err := load(o.tx, p.ID)
		if err != nil {
			return err
		}
		for _, x := range ls {
			recs = append(recs, rec{colLinks, x.ID})
			o.changed(x.Client, x.Contact)
		}
	}
	for _, load := range []func(Tx, ID) ([]AssistantLink, error){linksOfAssistant, assistantsOf} {
		ls, err := load(o.tx, p.ID)
		if err != nil {
			return err
		}
		for _, x := range ls {
			recs = append(recs, rec{colAssistants, x.ID})
			o.changed(x.Assistant)
		}
	}
	invs, err := all[Invitation](o.tx, colInvitations, Query{Index: "person", Prefix: p.ID.Key() + "/"})
	if err != nil {
		return err
	}
	for _, x := range invs {
		recs = append(recs, rec{colInvitations, x.ID})
	}
	for _, r := range recs {
		if err := o.tx.Delete(r.c, r.id); err != nil {
			return err
		}
	}
	return nil
}

// Identify finds the active person a verified key belongs to (R2, R6).
// KindNotFound means the key is nobody's: it may only redeem an invitation.
func (s *Service) Identify(fingerprint string) (Person, error) {
	var p Person
	err := s.store.View(func(tx Tx) error {
		var err error
		p, err = personByKey(tx, fingerprint)
		if err != nil {
			if KindOf(err) == KindNotFound {
				return notFoundf("this key is not registered; redeem an invitation to bind it")
			}
			return err
		}
		if !p.Active() {
			return deniedf("your account is deactivated")
		}
		return nil
	})
	return p, err
}

// Me is what `whoami` shows.
type Me struct {
	Person     Person
	Org        Org
	Workspaces []Workspace
}

// Whoami returns the signed-in person and the workspaces they may enter.
func (s *Service) Whoami(person ID) (Me, error) {
	var me Me
	err := s.store.View(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		p, err := loadPerson(tx, person)
		if err != nil {
			return deniedf("your account no longer exists")
		}
		if !p.Active() {
			return deniedf("your account is deactivated")
		}
		ws, err := workspacesOf(tx, org, p, s.Now())
		me = Me{Person: p, Org: org, Workspaces: ws}
		return err
	})
	return me, err
}

// Workspaces lists where person may work now (R3, R4).
func (s *Service) Workspaces(person ID) ([]Workspace, error) {
	me, err := s.Whoami(person)
	return me.Workspaces, err
}
