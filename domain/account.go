package domain

import (
	"slices"
	"strings"
	"time"
)

// Own account (R46): everyone — assistants too — edits their own name,
// email, SSH keys and adopted signature, whatever workspace they are in.
// These are never done on anyone's behalf, so they are recorded in the
// workspace "account" with no on-behalf-of. The organisation's
// subscription page is something else: ActAccount, owner only (R18, R43).

const (
	ActProfileShow Action = "account.show"
	ActProfileEdit Action = "account.set"
	ActKeysList    Action = "account.keys"
	ActKeyAdd      Action = "account.key-add"
	ActKeyRemove   Action = "account.key-remove"
)

// AccountWorkspace is the workspace own-account changes are recorded in.
const AccountWorkspace = "account"

// ruleOwnAccount (R46): one's own account is one's own, in every workspace.
func ruleOwnAccount(j judge, _ Target) Decision {
	return allow("everyone manages their own name, email, keys and signature") // R46
}

// self runs fn on the signed-in person's own account. A --ws value, if
// given, must still be one of theirs; the change is theirs alone either way.
func (s *Service) self(who Who, write bool, fn func(*op) error) error {
	run := func(tx Tx) error {
		now := s.Now()
		if who.Workspace != "" {
			if _, err := resolveAccess(tx, who, now); err != nil {
				return err
			}
		}
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
		if !actor.IsTeam() && !actor.Assistant { // a client or contact only: nothing before the terms (R24)
			if err := termsGate(tx, actor, org); err != nil {
				return err
			}
		}
		ws := Workspace{ID: AccountWorkspace, Subject: actor.Handle, SubjectName: actor.Name, subject: actor}
		a := &Access{Org: org, Actor: actor, Workspace: ws, Principal: actor, now: now}
		o := &op{s: s, tx: tx, a: a, now: now}
		if write {
			if err := o.writable(); err != nil {
				return err
			}
		}
		return fn(o)
	}
	if write {
		return s.store.Update(run)
	}
	return s.store.View(run)
}

// KeyView is one of a person's keys; InUse marks the one this session
// signed in with.
type KeyView struct {
	SSHKey
	InUse bool
}

// AccountView is what `account show` and the account screen show.
type AccountView struct {
	Person     Person
	Keys       []KeyView
	Workspaces []Workspace
}

func keyViews(p Person, inUse string) []KeyView {
	out := make([]KeyView, 0, len(p.Keys))
	for _, k := range p.Keys {
		out = append(out, KeyView{SSHKey: k, InUse: k.Fingerprint == inUse})
	}
	return out
}

// Account returns the signed-in person's own account; inUse is the
// fingerprint of the key this session signed in with.
func (s *Service) Account(who Who, inUse string) (AccountView, error) {
	var v AccountView
	err := s.self(who, false, func(o *op) error {
		if err := o.authorize(ActProfileShow, Target{}); err != nil {
			return err
		}
		ws, err := workspacesOf(o.tx, o.a.Org, o.a.Actor, o.now)
		v = AccountView{Person: o.a.Actor, Keys: keyViews(o.a.Actor, inUse), Workspaces: ws}
		return err
	})
	return v, err
}

// ProfileChange is what `account set` and the account form send; nil
// fields stay as they are. An empty Signature removes it.
type ProfileChange struct {
	Name      *string
	Email     *string
	Signature *string
	Theme     *string // auto, light or dark
}

// SetProfile changes the signed-in person's name, email, adopted
// signature or screen theme (R46). An email belongs to one person (R35).
func (s *Service) SetProfile(who Who, ch ProfileChange) (Person, error) {
	var out Person
	err := s.self(who, true, func(o *op) error {
		if err := o.authorize(ActProfileEdit, Target{}); err != nil {
			return err
		}
		if ch.Name == nil && ch.Email == nil && ch.Signature == nil && ch.Theme == nil {
			return invalidf("say what to change: --name, --email, --signature or --theme")
		}
		p := o.a.Actor
		var changed []string
		if ch.Name != nil {
			name, err := CleanName(*ch.Name)
			if err != nil {
				return inField("name", err)
			}
			if name != p.Name {
				changed = append(changed, "name "+p.Name+" → "+name)
				p.Name = name
			}
		}
		if ch.Email != nil {
			email, err := CleanEmail(*ch.Email)
			if err != nil {
				return inField("email", err)
			}
			if email != p.Email {
				if other, err := personByEmail(o.tx, email); err == nil && other.ID != p.ID {
					return inField("email", conflictf("%s is already used by someone else; one email belongs to one person", email))
				}
				changed = append(changed, "email "+p.Email+" → "+email)
				p.Email = email
			}
		}
		if ch.Signature != nil {
			sig, err := cleanNameLine("the signature", *ch.Signature, true)
			if err != nil {
				return inField("signature", err)
			}
			if sig != p.Signature {
				if sig == "" {
					changed = append(changed, "signature removed")
				} else {
					changed = append(changed, "signature adopted")
				}
				p.Signature = sig
			}
		}
		if ch.Theme != nil {
			theme, err := ParseTheme(*ch.Theme)
			if err != nil {
				return inField("theme", err)
			}
			if theme != p.Theme {
				changed = append(changed, "theme "+p.Theme.String()+" → "+theme.String())
				p.Theme = theme
			}
		}
		if len(changed) == 0 {
			return conflictf("nothing changed: your account already says that")
		}
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		o.touchRelated(p) // their name shows in others' workspaces and records
		out = p
		return o.audit(ActProfileEdit, record{Target: p.Handle, Person: p.ID, Detail: strings.Join(changed, "; ")})
	})
	return out, err
}

// Keys lists the signed-in person's SSH keys, marking the one in use.
func (s *Service) Keys(who Who, inUse string) ([]KeyView, error) {
	var out []KeyView
	err := s.self(who, false, func(o *op) error {
		if err := o.authorize(ActKeysList, Target{}); err != nil {
			return err
		}
		out = keyViews(o.a.Actor, inUse)
		return nil
	})
	return out, err
}

// PendingKey is a key a person pasted that does not sign in yet: it is
// bound when a connection signed by it redeems Code (`invite redeem CODE`),
// which proves the person holds its private half (R46). Without that proof
// anyone could paste a colleague's published public key into their own
// account, so that the colleague would sign in as them.
type PendingKey struct {
	Key     SSHKey
	Code    string
	Expires time.Time
}

// KeyProofTTL is how long a pasted key waits for its proof.
const KeyProofTTL = time.Hour

// AddKey starts adding a pasted key (read by package sshkey from a line
// like `ssh-ed25519 AAAA… comment`) to the signed-in person's keys; the
// key signs in once proved (see PendingKey). Pasting the same key again
// replaces its earlier code.
func (s *Service) AddKey(who Who, key SSHKey) (PendingKey, error) {
	var out PendingKey
	err := s.self(who, true, func(o *op) error {
		if err := o.authorize(ActKeyAdd, Target{}); err != nil {
			return err
		}
		k, err := checkKey(key)
		if err != nil {
			return err
		}
		p := o.a.Actor
		if p.HasKey(k.Fingerprint) {
			return conflictf("this key already signs you in")
		}
		if _, err := personByKey(o.tx, k.Fingerprint); err == nil {
			return conflictf("this key is registered to someone else; use a key of your own")
		}
		if len(p.Keys) >= MaxKeys {
			return conflictf("you already have %d keys, the most allowed; remove one first", MaxKeys)
		}
		old, err := all[Invitation](o.tx, colInvitations, Query{Index: "person", Prefix: p.ID.Key() + "/"})
		if err != nil {
			return err
		}
		for _, inv := range old {
			if inv.ExpectKey == k.Fingerprint && inv.Redeemed.IsZero() && !inv.Revoked {
				inv.Revoked = true
				if err := saveInvitation(o.tx, &inv); err != nil {
					return err
				}
			}
		}
		code, err := o.s.newCode()
		if err != nil {
			return err
		}
		inv := Invitation{Person: p.ID, CodeHash: hashCode(code), Created: o.now, CreatedBy: p.ID,
			Expires: o.now.Add(KeyProofTTL), ExpectKey: k.Fingerprint, KeyComment: k.Comment}
		if err := saveInvitation(o.tx, &inv); err != nil {
			return err
		}
		out = PendingKey{Key: k, Code: code, Expires: inv.Expires}
		return o.audit(ActKeyAdd, record{Target: "key " + k.Fingerprint, Person: p.ID, Detail: "waiting for proof until " + inv.Expires.Format(time.RFC3339)})
	})
	return out, err
}

// RemoveKey removes one of the signed-in person's keys by fingerprint. It
// never removes the key this session signed in with (inUse), nor the last
// one: nobody locks themself out.
func (s *Service) RemoveKey(who Who, fingerprint, inUse string) error {
	return s.self(who, true, func(o *op) error {
		if err := o.authorize(ActKeyRemove, Target{}); err != nil {
			return err
		}
		fp := strings.TrimSpace(fingerprint)
		if fp != "" && !strings.HasPrefix(fp, "SHA256:") {
			fp = "SHA256:" + fp
		}
		p := o.a.Actor
		i := slices.IndexFunc(p.Keys, func(k SSHKey) bool { return k.Fingerprint == fp })
		if i < 0 {
			return notFoundf("you have no key %s; `account keys` lists yours", clip(fingerprint, 60))
		}
		if strings.TrimSpace(inUse) == "" {
			return invalidf("the key this session signed in with is unknown, so no key can be removed safely")
		}
		if fp == inUse {
			return conflictf("this is the key you are signed in with; sign in with another of your keys to remove it")
		}
		if len(p.Keys) == 1 {
			return conflictf("this is your last key; add another before removing it")
		}
		p.Keys = slices.Delete(slices.Clone(p.Keys), i, i+1)
		if err := savePerson(o.tx, &p); err != nil {
			return err
		}
		return o.audit(ActKeyRemove, record{Target: "key " + fp, Person: p.ID})
	})
}
