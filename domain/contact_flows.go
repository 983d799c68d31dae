package domain

import (
	"fmt"
	"strings"
)

// NewContact describes a contact to link while inviting or adding: an
// existing person is found by email first (R35); otherwise one is made.
type NewContact struct {
	Handle  string // for a new person
	Name    string // for a new person
	Email   string
	Perms   string // comma-separated contact permissions
	Expires string // optional last day
}

// ContactAdded reports one contact of a flow.
type ContactAdded struct {
	Person   Person
	Link     ContactLink
	Existing bool    // found by email, not created (R35)
	Invite   *Invite // a code for a person who has no key yet
	// NoInvite says why no code was made when one was asked for.
	NoInvite string
}

// ClientInvite is the first flow of seed 000: a new client with one or
// more contacts, each invitee getting a code of their own (R34).
type ClientInvite struct {
	Client   NewPerson
	Contacts []NewContact
	Invite   bool // make codes for the client and every new contact
	// Package, when set, is a catalogue entry assigned to the new client
	// in the same step; BoughtBy names (by handle or email) one of
	// Contacts who paid for it (R37).
	Package  ID
	BoughtBy string
}

// ClientInvited is what InviteClient did.
type ClientInvited struct {
	Client   Person
	Invite   *Invite
	Contacts []ContactAdded
	Package  *PackageView // the package assigned in the same step
}

// maxContactsPerFlow bounds one invitation flow.
const maxContactsPerFlow = 10

// InviteClient adds a client with their contacts in one step, all or
// nothing: if any contact cannot be linked, no one is added.
func (s *Service) InviteClient(who Who, in ClientInvite) (ClientInvited, error) {
	var out ClientInvited
	err := s.write(who, func(o *op) error {
		out = ClientInvited{} // a retry starts afresh (Store.Update)
		if len(in.Contacts) > maxContactsPerFlow {
			return invalidf("at most %d contacts in one step", maxContactsPerFlow)
		}
		in.Client.As = AsClient
		added, err := o.addPerson(in.Client)
		if err != nil {
			return err
		}
		if added.Existing {
			return conflictf("%s already exists", added.Person.Handle)
		}
		out.Client = added.Person
		if in.Invite {
			inv, err := o.invite(out.Client)
			if err != nil {
				return err
			}
			out.Invite = &inv
			o.touchTeam()
			if err := o.audit(ActPeopleInvite, record{Target: out.Client.Handle, Person: out.Client.ID, Client: out.Client.ID}); err != nil {
				return err
			}
		}
		for i, nc := range in.Contacts {
			ca, err := o.addContact(out.Client, nc, in.Invite)
			if err != nil {
				return underField(fmt.Sprintf("contacts.%d.", i+1), err)
			}
			out.Contacts = append(out.Contacts, ca)
		}
		return o.inviteWithPackage(in, &out)
	})
	return out, err
}

// inviteWithPackage assigns the invitation's package, if it names one,
// bought by one of the contacts added in the same step.
func (o *op) inviteWithPackage(in ClientInvite, out *ClientInvited) error {
	if in.Package == 0 {
		if strings.TrimSpace(in.BoughtBy) != "" {
			return inField("bought-by", invalidf("say which package they bought with --package"))
		}
		return nil
	}
	var buyer *Person
	if b := strings.ToLower(strings.TrimSpace(in.BoughtBy)); b != "" {
		for _, ca := range out.Contacts {
			if ca.Person.Handle == b || strings.EqualFold(ca.Person.Email, b) {
				buyer = &ca.Person
			}
		}
		if buyer == nil {
			return inField("bought-by", invalidf("%s is not one of the contacts added with this client; name one of them", clip(in.BoughtBy, 40)))
		}
	}
	p, err := o.assignPackage(out.Client, in.Package, buyer)
	if err != nil {
		return err
	}
	v := o.newViewer().pkg(p)
	out.Package = &v
	return nil
}

// AddContactIn is the third flow of seed 000: a contact for an existing
// client. Only the new contact is invited (R36); the client and the other
// contacts may be told.
type AddContactIn struct {
	Client  string
	Contact NewContact
	Invite  bool
	Notify  bool // tell the client and the other contacts (R36)
}

// AddContact finds or creates the contact, links them to the client and,
// if asked, invites them and notifies the others — in one transaction.
func (s *Service) AddContact(who Who, in AddContactIn) (ContactAdded, error) {
	var out ContactAdded
	err := s.write(who, func(o *op) error {
		c, err := o.client(in.Client)
		if err != nil {
			return inField("client", err)
		}
		if out, err = o.addContact(c, in.Contact, in.Invite); err != nil {
			return err
		}
		if in.Notify {
			return o.notifyContactAdded(c, out.Person)
		}
		return nil
	})
	return out, err
}

// addContact: authorise, find by email or create, link, maybe invite.
func (o *op) addContact(client Person, nc NewContact, invite bool) (ContactAdded, error) {
	if err := o.authorize(ActContactsLink, Target{Client: &client}); err != nil {
		return ContactAdded{}, err
	}
	email, err := CleanEmail(nc.Email)
	if err != nil {
		return ContactAdded{}, inField("email", err)
	}
	var res ContactAdded
	if p, err := personByEmail(o.tx, email); err == nil {
		// R35: the person exists; link them instead of making a duplicate.
		res.Person, res.Existing = p, true
		if nc.Handle != "" && !strings.EqualFold(strings.TrimSpace(nc.Handle), p.Handle) {
			// The handle typed for a new person is moot; the existing one stands.
			nc.Handle = p.Handle
		}
	} else {
		added, err := o.addPerson(NewPerson{Handle: nc.Handle, Name: nc.Name, Email: email, As: AsContact})
		if err != nil {
			return ContactAdded{}, err
		}
		res.Person = added.Person
	}
	if res.Person.ID == client.ID {
		return ContactAdded{}, inField("email", invalidf("%s is the client; a client cannot be their own contact", res.Person.Handle))
	}
	// The person found by email (R35) is linked as found: the email named
	// them, so no handle lookup (which sees only the workspace's sight).
	link, err := o.link(client, res.Person, LinkChange{Perms: nc.Perms, Expires: nc.Expires})
	if err != nil {
		return ContactAdded{}, err
	}
	res.Link = link
	if res.Existing && signedIn(o.tx, res.Person) {
		// Someone already in behalf gets a notice of the new client, not a
		// code (R36): inbox and email, by their settings.
		if err := o.noticeNewClient(client, res.Person); err != nil {
			return ContactAdded{}, err
		}
	}
	if !invite {
		return res, nil
	}
	// Invite only whom people.invite allows (R36): someone who never signed
	// in, and only with authority over everything they reach — linking an
	// existing person gives no power over their account.
	p, err := loadPerson(o.tx, res.Person.ID) // now a contact, with this link
	if err != nil {
		return ContactAdded{}, err
	}
	res.Person = p
	if d := decide(o.tx, o.a, ActPeopleInvite, Target{Person: &p}); !d.Allowed {
		res.NoInvite = d.Reason
		return res, nil
	}
	inv, err := o.invite(p)
	if err != nil {
		return ContactAdded{}, err
	}
	res.Invite = &inv
	o.touchTeam()
	return res, o.audit(ActPeopleInvite, record{Target: p.Handle, Person: p.ID, Client: client.ID})
}

// notifyContactAdded tells the client and their other contacts (R36).
// notifyHook is filled in by the notifications part of the domain; without
// it the flow still links, and nobody is told.
func (o *op) notifyContactAdded(client, contact Person) error {
	if notifyHook == nil {
		return nil
	}
	recipients := []ID{client.ID}
	links, err := linksOfClient(o.tx, client.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.Contact != contact.ID {
			recipients = append(recipients, l.Contact)
		}
	}
	return notifyHook(o, "contact_added", client.ID, recipients, say(contact, " can now act for ", client, "."))
}

// noticeNewClient tells a contact who signs in already that they may now
// act for client. Only the client is named (the one who linked them may
// be someone the client's side does not see, R14), and the notice is for
// the contact alone: no copy for the client's primary coach.
func (o *op) noticeNewClient(client, contact Person) error {
	scope := string(WSContact) + ":" + client.Handle
	return o.notifyScoped(EventContactAdded, 0, []ID{contact.ID}, say("You can now act for ", client, ": their workspace is in your list when you sign in."),
		func(Person) string { return scope })
}

// notifyHook delivers an event to people (set by the notifications code).
var notifyHook func(o *op, event string, about ID, to []ID, w []Word) error
