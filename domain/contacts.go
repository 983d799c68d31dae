package domain

import (
	"slices"
	"strings"
	"time"
)

// LinkChange is what `contacts link|set` and the link form collect.
type LinkChange struct {
	Client  string
	Contact string
	Perms   string // comma-separated contact permissions
	Expires string // 2006-01-02, "" for none (set: "none" removes it)
}

// maxLinkYears bounds how far ahead a link's expiry may be set.
const maxLinkYears = 10

// parseExpiry reads a link's last day; it may not lie in the past.
func (o *op) parseExpiry(s string) (string, error) {
	exp, err := o.expiryDay(s)
	return exp, inField("expires", err)
}

func (o *op) expiryDay(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return "", nil
	}
	loc := o.a.Org.Location()
	day, err := ParseDay(s)
	if err != nil {
		return "", err
	}
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
	today := o.now.In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	if d.Before(today) {
		return "", invalidf("the expiry %s is in the past; give today or a later day", s)
	}
	if d.After(today.AddDate(maxLinkYears, 0, 0)) {
		return "", invalidf("the expiry %s is more than %d years ahead", s, maxLinkYears)
	}
	return d.Format(DateLayout), nil
}

// linkPeople loads and checks the two ends of a contact link.
func (o *op) linkPeople(client, contact string, act Action) (Person, Person, error) {
	c, err := o.client(client)
	if err != nil {
		return Person{}, Person{}, inField("client", err)
	}
	if err := o.authorize(act, Target{Client: &c}); err != nil {
		return Person{}, Person{}, err
	}
	k, err := o.person(contact)
	if err != nil {
		return Person{}, Person{}, inField("contact", err)
	}
	if k.ID == c.ID {
		return Person{}, Person{}, inField("contact", invalidf("a client cannot be their own contact"))
	}
	return c, k, nil
}

// LinkContact links an existing person as a contact of a client (R30, R32,
// R33), making them a contact if they were not one.
func (s *Service) LinkContact(who Who, in LinkChange) (ContactLink, error) {
	var out ContactLink
	err := s.write(who, func(o *op) error {
		var err error
		out, err = o.linkContact(in)
		return err
	})
	return out, err
}

func (o *op) linkContact(in LinkChange) (ContactLink, error) {
	c, k, err := o.linkPeople(in.Client, in.Contact, ActContactsLink)
	if err != nil {
		return ContactLink{}, err
	}
	return o.link(c, k, in)
}

// link makes k a contact of c, authorised for c already; in gives the
// permissions and expiry.
func (o *op) link(c, k Person, in LinkChange) (ContactLink, error) {
	perms, err := ParseContactPerms(in.Perms)
	if err != nil {
		return ContactLink{}, inField("perm", err)
	}
	exp, err := o.parseExpiry(in.Expires)
	if err != nil {
		return ContactLink{}, err
	}
	if _, err := linkOf(o.tx, c.ID, k.ID); err == nil {
		return ContactLink{}, inField("contact", conflictf("%s is already a contact of %s; use `contacts set` to change the link", k.Handle, c.Handle))
	}
	if !k.Contact {
		k.Contact = true
		if err := savePerson(o.tx, &k); err != nil {
			return ContactLink{}, err
		}
	}
	l := ContactLink{Client: c.ID, Contact: k.ID, Perms: perms, Expires: exp, Created: o.now, CreatedBy: o.a.Actor.ID}
	if err := saveLink(o.tx, &l); err != nil {
		return ContactLink{}, err
	}
	o.changed(c.ID)
	o.touchTeam()
	return l, o.audit(ActContactsLink, record{Target: k.Handle + " for " + c.Handle, Client: c.ID, Person: k.ID, Detail: linkDetail(l)})
}

func linkDetail(l ContactLink) string {
	d := "permissions: " + strings.Join(l.Perms.Strings(), ",")
	if len(l.Perms) == 0 {
		d = "permissions: none"
	}
	if l.Expires != "" {
		d += "; expires " + l.Expires
	}
	return d
}

// SetLink changes a link's permissions and expiry (R33). Narrowing takes
// effect at once, also in the contact's open sessions (R5).
func (s *Service) SetLink(who Who, in LinkChange) (ContactLink, error) {
	var out ContactLink
	err := s.write(who, func(o *op) error {
		c, k, err := o.linkPeople(in.Client, in.Contact, ActContactsSet)
		if err != nil {
			return err
		}
		l, err := linkOf(o.tx, c.ID, k.ID)
		if err != nil {
			return notFoundf("%s is not a contact of %s; link them with `contacts link`", k.Handle, c.Handle)
		}
		if l.Perms, err = ParseContactPerms(in.Perms); err != nil {
			return err
		}
		if in.Expires != "" {
			if l.Expires, err = o.parseExpiry(in.Expires); err != nil {
				return err
			}
		}
		if err := saveLink(o.tx, &l); err != nil {
			return err
		}
		o.changed(c.ID)
		out = l
		o.touchTeam()
		return o.audit(ActContactsSet, record{Target: k.Handle + " for " + c.Handle, Client: c.ID, Person: k.ID, Detail: linkDetail(l)})
	})
	return out, err
}

// Unlink removes a contact's link to a client; their workspace for that
// client disappears at once (R5).
func (s *Service) Unlink(who Who, client, contact string) error {
	return s.write(who, func(o *op) error {
		c, k, err := o.linkPeople(client, contact, ActContactsUnlink)
		if err != nil {
			return err
		}
		l, err := linkOf(o.tx, c.ID, k.ID)
		if err != nil {
			return notFoundf("%s is not a contact of %s", k.Handle, c.Handle)
		}
		if err := o.tx.Delete(colLinks, l.ID); err != nil {
			return err
		}
		o.changed(c.ID)
		o.touchTeam()
		return o.audit(ActContactsUnlink, record{Target: k.Handle + " for " + c.Handle, Client: c.ID, Person: k.ID})
	})
}

// ListLinks lists who may act for a client, or, without a client, the
// first page (MaxPage links) of every client this workspace may see; use
// LinkPage to go further.
func (s *Service) ListLinks(who Who, client string) ([]LinkView, error) {
	links, _, err := s.LinkPage(who, LinkFilter{Client: client, Limit: MaxPage})
	return links, err
}

// LinkFilter selects one page of contact links.
type LinkFilter struct {
	Client string // only this client's links
	Search string // part of the client's or contact's handle or name
	After  string // the page after this link (a LinkView.Cursor)
	Limit  int
}

// Cursor names a link's place in link order, for LinkFilter.After.
func (l LinkView) Cursor() string { return l.Link.Client.String() + "/" + l.Link.Contact.String() }

func parseLinkCursor(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	a, b, ok := strings.Cut(s, "/")
	ca, err1 := ParseID(a)
	cb, err2 := ParseID(b)
	if !ok || err1 != nil || err2 != nil {
		return "", invalidf("%q is not a place in the contacts list: use the CLIENT/CONTACT ids a page ended with", clip(s, 40))
	}
	return pairKey(ca, cb), nil
}

// LinkPage lists links in link order, one bounded page at a time, and
// says whether more follow. A team member without organisation-wide access
// sees only the links of their own clients (R33).
func (s *Service) LinkPage(who Who, f LinkFilter) ([]LinkView, bool, error) {
	var out []LinkView
	more := false
	err := s.read(who, func(o *op) error {
		after, err := parseLinkCursor(f.After)
		if err != nil {
			return err
		}
		limit := pageSize(f.Limit)
		search := strings.ToLower(strings.TrimSpace(f.Search))
		loc := o.a.Org.Location()
		clients := map[ID]*Person{}
		// add takes one link if this workspace may see its client's links;
		// it reports false once the page is full (and one more was seen).
		add := func(l ContactLink) (bool, error) {
			c, ok := clients[l.Client]
			if !ok {
				p, err := loadPerson(o.tx, l.Client)
				if err == nil && p.Client && decide(o.tx, o.a, ActContactsList, Target{Client: &p}).Allowed {
					c = &p
				}
				clients[l.Client] = c
			}
			if c == nil {
				return true, nil
			}
			k, err := loadPerson(o.tx, l.Contact)
			if err != nil {
				return true, nil
			}
			if search != "" && !matchesPerson(*c, search) && !matchesPerson(k, search) {
				return true, nil
			}
			if len(out) == limit {
				more = true
				return false, nil
			}
			out = append(out, LinkView{Client: *c, Contact: k, Link: l, Live: l.Live(o.now, loc)})
			return true, nil
		}
		switch {
		case f.Client != "" || !o.a.Teamish():
			c, err := o.client(f.Client)
			if err != nil {
				return err
			}
			if err := o.authorize(ActContactsList, Target{Client: &c}); err != nil {
				return err
			}
			return each(o.tx, colLinks, Query{Index: "pair", Prefix: c.ID.Key() + "/", After: after}, add)
		case o.a.Has(PermManageClients) || o.a.Has(PermViewAllClients) || o.a.Has(PermCoachAllClients):
			return each(o.tx, colLinks, Query{Index: "pair", After: after}, add)
		}
		// Only clients paired with the principal pass the check: start
		// from the pairings, not from every link, in link order.
		ps, err := pairingsOfCoach(o.tx, o.a.Principal.ID)
		if err != nil {
			return err
		}
		slices.SortFunc(ps, func(a, b Pairing) int { return strings.Compare(a.Client.Key(), b.Client.Key()) })
		for _, pr := range ps {
			if after != "" && pr.Client.Key()+"/\xff" < after {
				continue
			}
			full := false
			err := each(o.tx, colLinks, Query{Index: "pair", Prefix: pr.Client.Key() + "/", After: after}, func(l ContactLink) (bool, error) {
				ok, err := add(l)
				full = !ok
				return ok, err
			})
			if err != nil || full {
				return err
			}
		}
		return nil
	})
	return out, more, err
}

// matchesPerson: search (lower-case) is part of p's handle or name.
func matchesPerson(p Person, search string) bool {
	return strings.Contains(p.Handle, search) || strings.Contains(strings.ToLower(p.Name), search)
}
