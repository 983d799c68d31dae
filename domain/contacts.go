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
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return "", nil
	}
	loc := o.a.Org.Location()
	d, err := time.ParseInLocation(DateLayout, s, loc)
	if err != nil {
		return "", invalidf("%q is not a date: write it as 2006-01-02", clip(s, 20))
	}
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
		return Person{}, Person{}, err
	}
	if err := o.authorize(act, Target{Client: &c}); err != nil {
		return Person{}, Person{}, err
	}
	k, err := o.person(contact)
	if err != nil {
		return Person{}, Person{}, err
	}
	if k.ID == c.ID {
		return Person{}, Person{}, invalidf("a client cannot be their own contact")
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
	perms, err := ParseContactPerms(in.Perms)
	if err != nil {
		return ContactLink{}, err
	}
	exp, err := o.parseExpiry(in.Expires)
	if err != nil {
		return ContactLink{}, err
	}
	if _, err := linkOf(o.tx, c.ID, k.ID); err == nil {
		return ContactLink{}, conflictf("%s is already a contact of %s; use `contacts set` to change the link", k.Handle, c.Handle)
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
	o.tx.Changed(c.ID)
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
		o.tx.Changed(c.ID)
		out = l
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
		o.tx.Changed(c.ID)
		return o.audit(ActContactsUnlink, record{Target: k.Handle + " for " + c.Handle, Client: c.ID, Person: k.ID})
	})
}

// ListLinks lists who may act for a client (or, without a client, for
// every client this workspace may see).
func (s *Service) ListLinks(who Who, client string) ([]LinkView, error) {
	var out []LinkView
	err := s.read(who, func(o *op) error {
		var clients []Person
		if client != "" || !o.a.Teamish() {
			c, err := o.client(client)
			if err != nil {
				return err
			}
			clients = []Person{c}
		} else if o.a.Has(PermManageClients) || o.a.Has(PermViewAllClients) || o.a.Has(PermCoachAllClients) {
			all, err := peopleWith(o.tx, "client")
			if err != nil {
				return err
			}
			clients = all
		} else {
			// Only clients paired with the principal can pass the check
			// below: start from the pairings, not from every client.
			ps, err := pairingsOfCoach(o.tx, o.a.Principal.ID)
			if err != nil {
				return err
			}
			for _, pr := range ps {
				if c, err := loadPerson(o.tx, pr.Client); err == nil && c.Client {
					clients = append(clients, c)
				}
			}
			slices.SortFunc(clients, func(a, b Person) int { return strings.Compare(a.Handle, b.Handle) })
		}
		loc := o.a.Org.Location()
		for i := range clients {
			c := clients[i]
			d := decide(o.tx, o.a, ActContactsList, Target{Client: &c})
			if !d.Allowed {
				if len(clients) == 1 {
					return d.Err()
				}
				continue
			}
			links, err := linksOfClient(o.tx, c.ID)
			if err != nil {
				return err
			}
			for _, l := range links {
				k, err := loadPerson(o.tx, l.Contact)
				if err != nil {
					continue
				}
				out = append(out, LinkView{Client: c, Contact: k, Link: l, Live: l.Live(o.now, loc)})
			}
		}
		return nil
	})
	return out, err
}
