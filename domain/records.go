package domain

import (
	"strconv"
	"strings"
)

// Collections: one per kind of record.
const (
	colOrg         Collection = "org"
	colPeople      Collection = "people"
	colPairings    Collection = "pairings"
	colLinks       Collection = "contact_links"
	colAssistants  Collection = "assistant_links"
	colInvitations Collection = "invitations"
	colAudit       Collection = "audit"
)

const orgID ID = 1

// get loads one record of type T.
func get[T any](tx Tx, c Collection, id ID) (T, error) {
	m, memo := tx.(*memoTx)
	if memo {
		if v, ok := recall[T](m, c, id); ok {
			return v, nil
		}
		tx = m.Tx
	}
	var v T
	err := tx.Get(c, id, &v)
	if memo && err == nil {
		keep(m, c, id, v)
	}
	return v, err
}

// each visits the records a query selects, loading each one.
func each[T any](tx Tx, c Collection, q Query, fn func(T) (bool, error)) error {
	return tx.Scan(c, q, func(_ string, id ID) (bool, error) {
		v, err := get[T](tx, c, id)
		if err != nil {
			return false, err
		}
		return fn(v)
	})
}

// all collects every record a query selects.
func all[T any](tx Tx, c Collection, q Query) ([]T, error) {
	var out []T
	err := each(tx, c, q, func(v T) (bool, error) {
		out = append(out, v)
		return true, nil
	})
	return out, err
}

// getAll loads the records ids name, in that order.
func getAll[T any](tx Tx, c Collection, ids []ID) ([]T, error) {
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		v, err := get[T](tx, c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// newID gives *id a fresh id if it has none.
func newID(tx Tx, c Collection, id *ID) error {
	if *id != 0 {
		return nil
	}
	n, err := tx.NextID(c)
	*id = n
	return err
}

func pairKey(a, b ID) string { return a.Key() + "/" + b.Key() }

// pairSecond is b of a key made by pairKey(a, b); 0 if it is not one.
func pairSecond(key string) ID {
	const n = len("0123456789abcdef")
	if len(key) != 2*n+1 || key[n] != '/' {
		return 0
	}
	v, err := strconv.ParseUint(key[n+1:], 16, 64)
	if err != nil {
		return 0
	}
	return ID(v)
}

// --- organisation

func loadOrg(tx Tx) (Org, error) {
	o, err := get[Org](tx, colOrg, orgID)
	if KindOf(err) == KindNotFound {
		return o, notFoundf("this server has no organisation yet")
	}
	return o, err
}

func saveOrg(tx Tx, o Org) error { return tx.Put(colOrg, orgID, o) }

// saveOrg saves the organisation's record and keeps the op's copy the
// same: what the rest of the use case says (an email's footer) reads it.
func (o *op) saveOrg(org Org) error {
	if err := saveOrg(o.tx, org); err != nil {
		return err
	}
	o.a.Org = org
	return nil
}

// --- people

func personIndexes(p *Person) []Index {
	idx := []Index{{Name: "handle", Key: p.Handle, Unique: true}}
	if p.Email != "" {
		idx = append(idx, Index{Name: "email", Key: strings.ToLower(p.Email), Unique: true})
	}
	for _, k := range p.Keys {
		idx = append(idx, Index{Name: "key", Key: k.Fingerprint, Unique: true})
	}
	for _, c := range p.Capacities() {
		idx = append(idx, Index{Name: "cap", Key: c + "/" + p.Handle})
	}
	return idx
}

func savePerson(tx Tx, p *Person) error {
	if err := newID(tx, colPeople, &p.ID); err != nil {
		return err
	}
	if err := tx.Put(colPeople, p.ID, p, personIndexes(p)...); err != nil {
		if KindOf(err) == KindConflict {
			return conflictf("%s", strings.Replace(err.Error(), "key ", "SSH key ", 1))
		}
		return err
	}
	return nil
}

func loadPerson(tx Tx, id ID) (Person, error) {
	p, err := get[Person](tx, colPeople, id)
	if KindOf(err) == KindNotFound {
		return p, notFoundf("no person with id %s", id)
	}
	return p, err
}

func personByHandle(tx Tx, handle string) (Person, error) {
	h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(handle, "@")))
	id, err := tx.Lookup(colPeople, "handle", h)
	if err != nil {
		if KindOf(err) == KindNotFound {
			return Person{}, noOneHas(handle)
		}
		return Person{}, err
	}
	return loadPerson(tx, id)
}

func personByEmail(tx Tx, email string) (Person, error) {
	id, err := tx.Lookup(colPeople, "email", strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return Person{}, err
	}
	return loadPerson(tx, id)
}

func personByKey(tx Tx, fingerprint string) (Person, error) {
	id, err := tx.Lookup(colPeople, "key", fingerprint)
	if err != nil {
		return Person{}, err
	}
	return loadPerson(tx, id)
}

// peopleWith lists people of a capacity ("team", "client", …) in handle order.
func peopleWith(tx Tx, capacity string) ([]Person, error) {
	return all[Person](tx, colPeople, Query{Index: "cap", Prefix: capacity + "/"})
}

// --- pairings (R11)

func savePairing(tx Tx, p *Pairing) error {
	if p.Level == LevelNone {
		if p.ID != 0 {
			return tx.Delete(colPairings, p.ID)
		}
		return nil
	}
	if err := newID(tx, colPairings, &p.ID); err != nil {
		return err
	}
	return tx.Put(colPairings, p.ID, p,
		Index{Name: "pair", Key: pairKey(p.Client, p.Coach), Unique: true},
		Index{Name: "coach", Key: pairKey(p.Coach, p.Client), Unique: true})
}

// pairingOf returns the pairing of coach with client; Level none if unpaired.
func pairingOf(tx Tx, client, coach ID) (Pairing, error) {
	id, err := tx.Lookup(colPairings, "pair", pairKey(client, coach))
	if KindOf(err) == KindNotFound {
		return Pairing{Client: client, Coach: coach}, nil
	}
	if err != nil {
		return Pairing{}, err
	}
	return get[Pairing](tx, colPairings, id)
}

func pairingsOfClient(tx Tx, client ID) ([]Pairing, error) {
	return all[Pairing](tx, colPairings, Query{Index: "pair", Prefix: client.Key() + "/"})
}

func pairingsOfCoach(tx Tx, coach ID) ([]Pairing, error) {
	return all[Pairing](tx, colPairings, Query{Index: "coach", Prefix: coach.Key() + "/"})
}

// --- contact links (R30–R38)

func saveLink(tx Tx, l *ContactLink) error {
	if err := newID(tx, colLinks, &l.ID); err != nil {
		return err
	}
	return tx.Put(colLinks, l.ID, l,
		Index{Name: "pair", Key: pairKey(l.Client, l.Contact), Unique: true},
		Index{Name: "contact", Key: pairKey(l.Contact, l.Client), Unique: true})
}

func linkOf(tx Tx, client, contact ID) (ContactLink, error) {
	id, err := tx.Lookup(colLinks, "pair", pairKey(client, contact))
	if err != nil {
		return ContactLink{}, err
	}
	return get[ContactLink](tx, colLinks, id)
}

func linksOfClient(tx Tx, client ID) ([]ContactLink, error) {
	return all[ContactLink](tx, colLinks, Query{Index: "pair", Prefix: client.Key() + "/"})
}

func linksOfContact(tx Tx, contact ID) ([]ContactLink, error) {
	return all[ContactLink](tx, colLinks, Query{Index: "contact", Prefix: contact.Key() + "/"})
}

// --- assistant links (R40)

func saveAssistantLink(tx Tx, l *AssistantLink) error {
	if err := newID(tx, colAssistants, &l.ID); err != nil {
		return err
	}
	return tx.Put(colAssistants, l.ID, l,
		Index{Name: "pair", Key: pairKey(l.Assistant, l.Practitioner), Unique: true},
		Index{Name: "practitioner", Key: pairKey(l.Practitioner, l.Assistant), Unique: true})
}

func assistantLinkOf(tx Tx, assistant, practitioner ID) (AssistantLink, error) {
	id, err := tx.Lookup(colAssistants, "pair", pairKey(assistant, practitioner))
	if err != nil {
		return AssistantLink{}, err
	}
	return get[AssistantLink](tx, colAssistants, id)
}

func linksOfAssistant(tx Tx, assistant ID) ([]AssistantLink, error) {
	return all[AssistantLink](tx, colAssistants, Query{Index: "pair", Prefix: assistant.Key() + "/"})
}

func assistantsOf(tx Tx, practitioner ID) ([]AssistantLink, error) {
	return all[AssistantLink](tx, colAssistants, Query{Index: "practitioner", Prefix: practitioner.Key() + "/"})
}
