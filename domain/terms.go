package domain

import (
	"errors"
	"fmt"
	"time"
)

// Client terms (R24): manage_branding sets the organisation's terms, each
// change a new version. A client who has not accepted the current terms —
// or, after a version marked for re-acceptance, that version or a later
// one — can do nothing else until they do (or leave). Contacts accept the
// same terms for themselves, as their own terms of use, never on a
// client's behalf: a client's acceptance does not count for their
// contacts, nor a contact's for the client.

const (
	colTerms       Collection = "terms"
	colTermsAccept Collection = "terms_acceptances"
)

const (
	ActTermsShow        Action = "terms.show"
	ActTermsSet         Action = "terms.set"
	ActTermsAccept      Action = "terms.accept"
	ActTermsAcceptances Action = "terms.acceptances"
)

// MaxTermsLen bounds the terms' text, in characters.
const MaxTermsLen = 20000

// ErrTermsDue is the cause of a refusal to someone who must accept the
// terms first (errors.Is): the screens show the terms instead.
var ErrTermsDue = errors.New("the terms are not accepted yet")

// Terms is one version of the organisation's terms; its id is its version.
type Terms struct {
	ID   ID     `json:"id"`
	Text string `json:"text"`
	// Reaccept: everyone accepts this version again, whatever they accepted
	// before. Counts is the first version whose acceptance still counts:
	// this one when Reaccept (or the first), else the one before's.
	Reaccept bool      `json:"reaccept,omitempty"`
	Counts   ID        `json:"counts"`
	Created  time.Time `json:"created"`
	Author   ID        `json:"author"`
}

// TermsAcceptance records who accepted which version, when, and as what.
type TermsAcceptance struct {
	ID      ID        `json:"id"`
	Person  ID        `json:"person"`
	Version ID        `json:"version"`
	At      time.Time `json:"at"`
	As      string    `json:"as"` // client, contact, or "client and contact"
}

func acceptKey(person, version ID) string { return pairKey(person, version) }

// currentTerms is the latest version; ok false while none is set.
func currentTerms(tx Tx) (Terms, bool, error) { return latestTerms[Terms](tx) }

// latestTerms reads the latest version as T: Terms, or termsHead for the
// version alone; ok false while none is set.
func latestTerms[T any](tx Tx) (T, bool, error) {
	var t T
	found := false
	err := tx.Scan(colTerms, Query{Reverse: true}, func(_ string, id ID) (bool, error) {
		err := tx.Get(colTerms, id, &t)
		found = err == nil
		return false, err
	})
	return t, found, err
}

// bound reports whether p must accept terms: clients and contacts do.
func termsBind(p Person) bool { return p.Client || p.Contact }

// acceptedSince is p's acceptance of version from or later, if any.
func acceptedSince(tx Tx, p ID, from ID) (TermsAcceptance, bool, error) {
	id, found, err := acceptanceSince(tx, p, from)
	if err != nil || !found {
		return TermsAcceptance{}, false, err
	}
	a, err := get[TermsAcceptance](tx, colTermsAccept, id)
	return a, err == nil, err
}

// acceptanceSince finds p's acceptance of version from or later by its
// index entry, written with it: finding the entry is finding the
// acceptance.
func acceptanceSince(tx Tx, p ID, from ID) (ID, bool, error) {
	var found ID
	ok := false
	err := tx.Scan(colTermsAccept, Query{Index: "person", Prefix: p.Key() + "/", From: acceptKey(p, from)}, func(_ string, id ID) (bool, error) {
		found, ok = id, true
		return false, nil
	})
	return found, ok, err
}

// termsHead is what the gate needs of the latest terms: the version from
// which acceptances count, read without the text (the gate runs on every
// use case in a client's or contact's workspace).
type termsHead struct {
	Counts ID `json:"counts"`
}

// termsGate refuses p while terms are due (R24).
func termsGate(tx Tx, p Person, org Org) error {
	if !termsBind(p) {
		return nil
	}
	t, set, err := latestTerms[termsHead](tx)
	if err != nil || !set {
		return err
	}
	_, accepted, err := acceptanceSince(tx, p.ID, t.Counts)
	if err != nil || accepted {
		return err
	}
	return &Error{Kind: KindDenied, cause: ErrTermsDue,
		Msg: fmt.Sprintf("first accept %s's terms: sign in with a terminal to read and accept them, or run `terms show`, then `terms accept`", org.Name)}
}

// termsGateFor applies the gate where it binds: in a client's own portal
// and a contact's workspaces (a team member or assistant who is also a
// client keeps their other work).
func termsGateFor(tx Tx, a *Access) error {
	if a.Workspace.Kind != WSMe && a.Workspace.Kind != WSContact {
		return nil
	}
	return termsGate(tx, a.Actor, a.Org)
}

// ruleOwnTerms: everyone reads the terms and accepts them for themselves
// (a contact never for the client, R24).
func ruleOwnTerms(judge, Target) Decision {
	return allow("everyone reads and accepts the terms for themselves")
}

// TermsView is the current terms as one person reads them.
type TermsView struct {
	Terms    Terms
	Set      bool // false: the organisation has no terms
	Due      bool // this person must accept them before anything else
	Accepted TermsAcceptance
	// HasAccepted: Accepted is an acceptance that still counts.
	HasAccepted bool
}

// readSelf runs fn as the signed-in person outside every workspace and
// outside the terms gate: reading and accepting the terms must work while
// they are due.
func (s *Service) readSelf(who Who, write bool, fn func(*op) error) error {
	run := func(tx Tx) error {
		now := s.Now()
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		actor, err := loadPerson(tx, who.Person)
		if err != nil {
			return deniedf("your account no longer exists")
		}
		if !actor.Active() {
			return deniedf("your account is deactivated; ask an admin of %s", org.Name) // R6
		}
		ws := Workspace{ID: AccountWorkspace, Subject: actor.Handle, SubjectName: actor.Name, subject: actor}
		return fn(&op{s: s, tx: tx, a: &Access{Org: org, Actor: actor, Workspace: ws, Principal: actor, now: now}, now: now})
	}
	if write {
		return s.store.Update(run)
	}
	return s.store.View(run)
}

func termsView(tx Tx, p Person) (TermsView, error) {
	t, ok, err := currentTerms(tx)
	if err != nil || !ok {
		return TermsView{}, err
	}
	v := TermsView{Terms: t, Set: true}
	v.Accepted, v.HasAccepted, err = acceptedSince(tx, p.ID, t.Counts)
	v.Due = termsBind(p) && !v.HasAccepted
	return v, err
}

// TermsFor is the current terms for the signed-in person, with whether
// they must accept them.
func (s *Service) TermsFor(who Who) (TermsView, error) {
	var v TermsView
	err := s.readSelf(who, false, func(o *op) error {
		if err := o.authorize(ActTermsShow, Target{}); err != nil {
			return err
		}
		var err error
		v, err = termsView(o.tx, o.a.Actor)
		return err
	})
	return v, err
}

// AcceptTerms records that the signed-in person accepts version (0: the
// current one). A version other than the current one is refused: the
// terms changed while they read.
func (s *Service) AcceptTerms(who Who, version ID) (TermsAcceptance, error) {
	var out TermsAcceptance
	err := s.readSelf(who, true, func(o *op) error {
		if err := o.authorize(ActTermsAccept, Target{}); err != nil {
			return err
		}
		p := o.a.Actor
		v, err := termsView(o.tx, p)
		if err != nil {
			return err
		}
		switch {
		case !v.Set:
			return conflictf("%s has no terms to accept", o.a.Org.Name)
		case version != 0 && version != v.Terms.ID:
			return conflictf("the terms changed while you read them; read version %d and accept that", v.Terms.ID)
		case v.HasAccepted && v.Accepted.Version == v.Terms.ID:
			return conflictf("you accepted these terms on %s", v.Accepted.At.In(o.a.Org.Location()).Format(DateLayout))
		}
		as := "client"
		switch {
		case p.Client && p.Contact:
			as = "client and contact"
		case p.Contact:
			as = "contact"
		case !p.Client:
			as = "team"
		}
		out = TermsAcceptance{Person: p.ID, Version: v.Terms.ID, At: o.now, As: as}
		if err := newID(o.tx, colTermsAccept, &out.ID); err != nil {
			return err
		}
		if err := o.tx.Put(colTermsAccept, out.ID, out, Index{Name: "person", Key: acceptKey(p.ID, v.Terms.ID), Unique: true}); err != nil {
			return err
		}
		return o.audit(ActTermsAccept, record{Target: fmt.Sprintf("terms version %d", v.Terms.ID), Person: p.ID, Detail: "as " + as})
	})
	return out, err
}

// SetTerms saves text as a new version of the terms (manage_branding,
// R24); reaccept asks everyone to accept it again.
func (s *Service) SetTerms(who Who, text string, reaccept bool) (Terms, error) {
	var out Terms
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActTermsSet, Target{}); err != nil {
			return err
		}
		body, err := cleanText("the terms", text, MaxTermsLen)
		if err != nil {
			return err
		}
		cur, ok, err := currentTerms(o.tx)
		if err != nil {
			return err
		}
		if ok && cur.Text == body && !reaccept {
			return conflictf("these are the terms already (version %d); change the text, or ask for re-acceptance with --reaccept", cur.ID)
		}
		t := Terms{Text: body, Reaccept: reaccept || !ok, Created: o.now, Author: o.a.Actor.ID}
		if err := newID(o.tx, colTerms, &t.ID); err != nil {
			return err
		}
		t.Counts = cur.Counts
		if t.Reaccept {
			t.Counts = t.ID
		}
		if err := o.tx.Put(colTerms, t.ID, t); err != nil {
			return err
		}
		out = t
		detail := fmt.Sprintf("%s; earlier acceptances still count", Plural(len([]rune(body)), "character", "characters"))
		if t.Reaccept {
			detail = fmt.Sprintf("%s; everyone accepts again", Plural(len([]rune(body)), "character", "characters"))
		}
		return o.audit(ActTermsSet, record{Target: fmt.Sprintf("terms version %d", t.ID), Detail: detail})
	})
	return out, err
}

// AcceptanceView is one acceptance as the team reads it.
type AcceptanceView struct {
	TermsAcceptance
	Who Person
}

// MaxAcceptances bounds one listing of acceptances.
const MaxAcceptances = 500

// TermsAcceptances lists acceptances, newest first (manage_branding):
// everyone's, or one person's.
func (s *Service) TermsAcceptances(who Who, handle string) ([]AcceptanceView, error) {
	var out []AcceptanceView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActTermsAcceptances, Target{}); err != nil {
			return err
		}
		q := Query{Reverse: true}
		if handle != "" {
			p, err := o.person(handle)
			if err != nil {
				return err
			}
			q = Query{Index: "person", Prefix: p.ID.Key() + "/", Reverse: true}
		}
		return each(o.tx, colTermsAccept, q, func(a TermsAcceptance) (bool, error) {
			p, err := o.loadPerson(a.Person)
			if err != nil {
				return false, err
			}
			out = append(out, AcceptanceView{TermsAcceptance: a, Who: p})
			return len(out) < MaxAcceptances, nil
		})
	})
	return out, err
}

func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		ids, err := idsUnder(o.tx, colTermsAccept, "person", p.ID.Key()+"/")
		if err != nil {
			return err
		}
		return deleteAll(o.tx, colTermsAccept, ids)
	})
}

// verifyTerms: every version has text and counts from a version at or
// before it; verifyTermsAcceptances: each names someone who exists and a
// version that does.
func verifyTerms(v *verification) error {
	return each(v.tx, colTerms, Query{}, func(t Terms) (bool, error) {
		if t.Text == "" || t.Counts == 0 || t.Counts > t.ID || t.Reaccept != (t.Counts == t.ID) {
			v.add("terms version %s is incomplete", t.ID)
		}
		return true, nil
	})
}

func verifyTermsAcceptances(v *verification) error {
	return each(v.tx, colTermsAccept, Query{}, func(a TermsAcceptance) (bool, error) {
		if !v.exists(a.Person) {
			v.add("terms acceptance %s names someone who does not exist", a.ID)
		}
		if _, err := get[Terms](v.tx, colTerms, a.Version); err != nil {
			if KindOf(err) != KindNotFound {
				return false, err
			}
			v.add("terms acceptance %s names a version that does not exist", a.ID)
		}
		return true, nil
	})
}
