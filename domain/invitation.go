package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"

	"behalf/ratelimit"
)

// Invitation lets one person bind their first SSH key (R34): a single-use
// code, valid for InvitationTTL. Only a hash of the code is stored.
type Invitation struct {
	ID          ID        `json:"id"`
	Person      ID        `json:"person"`
	CodeHash    string    `json:"code_hash"`
	Created     time.Time `json:"created"`
	CreatedBy   ID        `json:"created_by"`
	Expires     time.Time `json:"expires"`
	Redeemed    time.Time `json:"redeemed,omitzero"`
	RedeemedKey string    `json:"redeemed_key,omitempty"`
	Revoked     bool      `json:"revoked,omitempty"` // replaced by a newer invitation
	// ExpectKey makes the invitation a proof of possession for a key a
	// signed-in person pasted: only a connection signed by that key may
	// redeem it (R46). Empty for a first invitation, which binds any key.
	ExpectKey  string `json:"expect_key,omitempty"`
	KeyComment string `json:"key_comment,omitempty"`
	// Recovery: the account owner's code for someone who lost every key
	// (people.recover); it adds a key to an account that signed in before.
	Recovery bool `json:"recovery,omitempty"`
}

// InvitationTTL is how long a code stays valid (R34).
const InvitationTTL = 7 * 24 * time.Hour

// RecoveryTTL is how long a recovery code stays valid: the owner hands it
// over at once, by a channel they trust.
const RecoveryTTL = 24 * time.Hour

// Redemption attempt limits (R34): per key and per network address.
const (
	redeemBurstKey  = 5
	redeemEveryKey  = time.Minute
	redeemBurstAddr = 20
	redeemEveryAddr = 15 * time.Second
	redeemTracked   = 10_000                           // keys and addresses each limiter remembers
	codeAlphabet    = "ABCDEFGHJKMNPQRSTVWXYZ23456789" // no 0/O, 1/I/L, U
	codeGroups      = 3
	codeGroupLen    = 4
)

// Invite is a fresh code for one person; the code is shown once, to the
// person who asked for it, and never stored.
type Invite struct {
	Person  Person
	Code    string
	Expires time.Time
	// EmailedTo is the address the code was queued to ("" when the
	// person has none or the server sends no email).
	EmailedTo string
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(normalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// normalizeCode accepts codes typed loosely: any case, with or without dashes and spaces.
func normalizeCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r == '-' || r == ' ' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// newCode draws a code from the service's random source. Each letter is
// drawn with crypto/rand.Int, which rejects out-of-range draws instead of
// folding them in with a modulo, so every letter of the alphabet is equally
// likely (a byte modulo 30 would favour the first 16 letters).
func (s *Service) newCode() (string, error) {
	size := big.NewInt(int64(len(codeAlphabet)))
	var b strings.Builder
	for i := range codeGroups * codeGroupLen {
		if i > 0 && i%codeGroupLen == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(s.random, size)
		if err != nil {
			return "", fmt.Errorf("drawing an invitation code: %w", err)
		}
		b.WriteByte(codeAlphabet[n.Int64()])
	}
	return b.String(), nil
}

// invite makes a first invitation for p inside the current use case,
// after deciding people.invite: only for someone who never signed in,
// from a workspace with authority over their whole account.
func (o *op) invite(p Person) (Invite, error) {
	if err := o.authorize(ActPeopleInvite, Target{Person: &p}); err != nil {
		return Invite{}, err
	}
	if !p.Active() {
		return Invite{}, conflictf("%s is deactivated; reactivate them before inviting", p.Handle)
	}
	inv, err := o.issue(p, false)
	if err != nil {
		return inv, err
	}
	return inv, o.emailInvite(&inv)
}

// issue stores a new code for p: a first invitation, or a recovery code.
// Earlier unused codes of either kind are revoked — only the newest one
// works; codes that prove a pasted key (R46) are the person's own and stay.
func (o *op) issue(p Person, recovery bool) (Invite, error) {
	code, err := o.s.newCode()
	if err != nil {
		return Invite{}, err
	}
	old, err := all[Invitation](o.tx, colInvitations, Query{Index: "person", Prefix: p.ID.Key() + "/"})
	if err != nil {
		return Invite{}, err
	}
	for _, inv := range old {
		if inv.Redeemed.IsZero() && !inv.Revoked && inv.ExpectKey == "" {
			inv.Revoked = true
			if err := saveInvitation(o.tx, &inv); err != nil {
				return Invite{}, err
			}
		}
	}
	ttl := InvitationTTL
	if recovery {
		ttl = RecoveryTTL
	}
	inv := Invitation{Person: p.ID, CodeHash: hashCode(code), Created: o.now, CreatedBy: o.a.Actor.ID, Expires: o.now.Add(ttl), Recovery: recovery}
	if err := saveInvitation(o.tx, &inv); err != nil {
		return Invite{}, err
	}
	return Invite{Person: p, Code: code, Expires: inv.Expires}, nil
}

func saveInvitation(tx Tx, inv *Invitation) error {
	if err := newID(tx, colInvitations, &inv.ID); err != nil {
		return err
	}
	return tx.Put(colInvitations, inv.ID, inv,
		Index{Name: "code", Key: inv.CodeHash, Unique: true},
		Index{Name: "person", Key: pairKey(inv.Person, inv.ID)})
}

// InvitePerson makes a new invitation code for handle (people.invite),
// emailed to them when they have an address and the server sends mail;
// the code is also returned, for whoever asked to hand over.
func (s *Service) InvitePerson(who Who, handle string) (Invite, error) {
	return s.invitePerson(who, handle, false)
}

// ResendInvitation makes a fresh code for handle and sends it only by
// email (people invite --resend): the earlier code stops working, and the
// new one is not returned — only the person reads it.
func (s *Service) ResendInvitation(who Who, handle string) (Invite, error) {
	return s.invitePerson(who, handle, true)
}

func (s *Service) invitePerson(who Who, handle string, emailOnly bool) (Invite, error) {
	var out Invite
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if emailOnly {
			switch {
			case !s.sendsMail:
				return conflictf("this server sends no email; run people invite %s without --resend and hand over the code", p.Handle)
			case p.Email == "":
				return inField("handle", conflictf("%s has no email address; run people invite %s without --resend and hand over the code", p.Handle, p.Handle))
			}
		}
		out, err = o.invite(p)
		if err != nil {
			return err
		}
		o.touchTeam()
		detail := "invitation valid until " + out.Expires.In(o.a.Org.Location()).Format(time.RFC3339)
		if out.EmailedTo != "" {
			detail += ", emailed"
		}
		if emailOnly {
			out.Code = ""
		}
		return o.audit(ActPeopleInvite, record{Target: p.Handle, Person: p.ID, Detail: detail})
	})
	return out, err
}

// Redeem binds the key that signed this connection to the person an
// invitation names (R2, R34). key is the verified public key, addr the
// connecting address; attempts are rate-limited per key and per address.
func (s *Service) Redeem(key SSHKey, addr, code string) (Person, error) {
	now := s.Now()
	if !s.redeemKey.Allow(key.Fingerprint, now) || !s.redeemAddr.Allow(ratelimit.Addr(addr), now) {
		return Person{}, &Error{Kind: KindConflict, Msg: "too many invitation attempts; wait a minute and try again"}
	}
	if normalizeCode(code) == "" {
		return Person{}, invalidf("type the invitation code you were given, like ABCD-EFGH-JKMN")
	}
	if len(code) > 40 {
		return Person{}, invalidf("that is not an invitation code: codes look like ABCD-EFGH-JKMN")
	}
	var out Person
	err := s.store.Update(func(tx Tx) error {
		if org, err := loadOrg(tx); err != nil {
			return err
		} else if err := org.readOnly(now); err != nil {
			return err // R56
		}
		id, err := tx.Lookup(colInvitations, "code", hashCode(code))
		if err != nil {
			if KindOf(err) == KindNotFound {
				return notFoundf("that invitation code is not valid; check it, or ask for a new one")
			}
			return err
		}
		inv, err := get[Invitation](tx, colInvitations, id)
		if err != nil {
			return err
		}
		if inv.ExpectKey != "" && inv.ExpectKey != key.Fingerprint {
			return conflictf("this code adds the key %s; sign in with that key to use it", inv.ExpectKey)
		}
		switch {
		case !inv.Redeemed.IsZero():
			return conflictf("that invitation was already used; ask for a new one")
		case inv.Revoked:
			return conflictf("that invitation was replaced by a newer one; use the newest code")
		case !now.Before(inv.Expires):
			org, err := loadOrg(tx)
			if err != nil {
				return err
			}
			return conflictf("that invitation expired on %s; ask whoever invited you for a new one", inv.Expires.In(org.Location()).Format(DateLayout+" at 15:04"))
		}
		p, err := loadPerson(tx, inv.Person)
		if err != nil {
			return notFoundf("the person this invitation was for no longer exists")
		}
		if !p.Active() {
			return deniedf("this account is deactivated; ask the organisation")
		}
		// A first invitation binds a key only for someone who never signed
		// in (R2): codes made before that rule held stop here.
		if inv.ExpectKey == "" && !inv.Recovery && signedIn(tx, p) {
			return conflictf("that invitation is no longer valid; ask for a new one")
		}
		if other, err := personByKey(tx, key.Fingerprint); err == nil {
			if other.ID == p.ID {
				return conflictf("this key already signs you in as %s", p.Handle)
			}
			return conflictf("this key already belongs to someone else; use a key of your own")
		}
		if len(p.Keys) >= MaxKeys {
			return conflictf("%s already has %d keys, the most allowed", p.Handle, MaxKeys)
		}
		key.Added = now
		if inv.KeyComment != "" && key.Comment == "" {
			key.Comment = inv.KeyComment
		}
		p.Keys = append(p.Keys, key)
		if err := savePerson(tx, &p); err != nil {
			return err
		}
		inv.Redeemed, inv.RedeemedKey = now, key.Fingerprint
		if err := saveInvitation(tx, &inv); err != nil {
			return err
		}
		tx.Changed(PersonFeed(p.ID))
		out = p
		detail := fmt.Sprintf("key %s from %s", key.Fingerprint, addr)
		if inv.Recovery {
			org, err := loadOrg(tx)
			if err != nil {
				return err
			}
			text := fmt.Sprintf("A new key (%s) was bound to your account with a recovery code on %s. %s",
				key.Fingerprint, now.In(org.Location()).Format(DateLayout+" 15:04"), keptText(p.Keys[:len(p.Keys)-1]))
			told, err := warnAccount(s, tx, p, now, p.Name, text)
			if err != nil {
				return err
			}
			detail = "recovery: " + detail + "; told by " + channelList(told)
		}
		return appendAudit(tx, &AuditEntry{
			At: now, Actor: p.ID, ActorHandle: p.Handle, Action: "invite.redeem",
			Target: p.Handle, Person: p.ID, Detail: detail,
		})
	})
	return out, err
}
