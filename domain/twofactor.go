package domain

import (
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"
	"time"

	"behalf/ratelimit"
	"behalf/totp"
)

// Two-factor sign-in: anyone may add a time-based code (RFC 6238) to their
// key (R2 stays: the key comes first, the code after it, the way OpenSSH's
// `AuthenticationMethods publickey,keyboard-interactive` asks). It is one's
// own account (R46), so it is recorded in the workspace "account"; only the
// account owner may take someone else's off (R18), and that is audited.

const colSecondFactors Collection = "second_factors"

const (
	ActTwoFactor      Action = "account.2fa"      // one's own: enable, confirm, disable
	ActTwoFactorReset Action = "people.2fa-reset" // the owner takes someone's off
)

// RecoveryCodes is how many recovery codes confirming gives: shown once,
// each good for one sign-in (or for turning the second factor off) without
// the phone.
const RecoveryCodes = 10

// Code attempts (sign-in, confirming, turning off) are limited per person
// and per address, like invitation codes (R34): in memory per server, or
// shared by the servers of one etcd cluster (Options.Budgets).
const (
	codeBurstPerson = 5
	codeEveryPerson = time.Minute
	codeBurstAddr   = 20
	codeEveryAddr   = 15 * time.Second
)

// SecondFactor is one person's TOTP secret. While Confirmed is zero it is
// being set up and asks nothing at sign-in.
type SecondFactor struct {
	ID        ID        `json:"id"`
	Person    ID        `json:"person"`
	Secret    string    `json:"secret"` // base32, as authenticator apps take it
	Created   time.Time `json:"created"`
	Confirmed time.Time `json:"confirmed,omitzero"`
	// LastStep is the time step of the last code taken: a code is good
	// once, so nobody who saw it typed can use it again.
	LastStep int64 `json:"last_step,omitempty"`
	// Recovery holds the SHA-256 hashes of the recovery codes not used yet.
	Recovery []string `json:"recovery,omitempty"`
}

func (f SecondFactor) on() bool { return !f.Confirmed.IsZero() }

func saveSecondFactor(tx Tx, f *SecondFactor) error {
	if err := newID(tx, colSecondFactors, &f.ID); err != nil {
		return err
	}
	return tx.Put(colSecondFactors, f.ID, f, Index{Name: "person", Key: f.Person.Key(), Unique: true})
}

// secondFactorOf is person's second factor; ok false if they have none.
func secondFactorOf(tx Tx, person ID) (SecondFactor, bool, error) {
	id, err := tx.Lookup(colSecondFactors, "person", person.Key())
	if KindOf(err) == KindNotFound {
		return SecondFactor{}, false, nil
	}
	if err != nil {
		return SecondFactor{}, false, err
	}
	f, err := get[SecondFactor](tx, colSecondFactors, id)
	return f, err == nil, err
}

func ruleTwoFactorReset(j judge, t Target) Decision {
	if j.a.Workspace.Kind != WSTeam || !j.a.Actor.IsOwner() {
		return deny("only the account owner takes someone's second factor off") // R18
	}
	if t.Person != nil && t.Person.ID == j.a.Actor.ID {
		return deny("turn your own second factor off under your account, with a code")
	}
	return allow("you are the account owner")
}

// TwoFactorView is what `account 2fa status` and the account screen show.
type TwoFactorView struct {
	On           bool
	Pending      bool // enabled, waiting for the first code
	Since        time.Time
	RecoveryLeft int
}

func twoFactorView(f SecondFactor, ok bool) TwoFactorView {
	if !ok {
		return TwoFactorView{}
	}
	return TwoFactorView{On: f.on(), Pending: !f.on(), Since: f.Confirmed, RecoveryLeft: len(f.Recovery)}
}

// TwoFactor is the signed-in person's second factor, as it stands.
func (s *Service) TwoFactor(who Who) (TwoFactorView, error) {
	var v TwoFactorView
	err := s.self(who, false, func(o *op) error {
		if err := o.authorize(ActTwoFactor, Target{}); err != nil {
			return err
		}
		f, ok, err := secondFactorOf(o.tx, o.a.Actor.ID)
		v = twoFactorView(f, ok)
		return err
	})
	return v, err
}

// TwoFactorSetup is what enabling gives: the secret to type or scan.
type TwoFactorSetup struct {
	Secret string
	URL    string // otpauth://, for the QR code
}

// EnableTwoFactor starts a second factor for the signed-in person: a new
// secret, asked for at sign-in only once ConfirmTwoFactor has seen one of
// its codes. Enabling again before confirming draws a new secret.
func (s *Service) EnableTwoFactor(who Who) (TwoFactorSetup, error) {
	var out TwoFactorSetup
	err := s.self(who, true, func(o *op) error {
		if err := o.authorize(ActTwoFactor, Target{}); err != nil {
			return err
		}
		f, ok, err := secondFactorOf(o.tx, o.a.Actor.ID)
		if err != nil {
			return err
		}
		if ok && f.on() {
			return conflictf("two-factor sign-in is already on; turn it off first to start again with a new secret")
		}
		secret, err := totp.NewSecret(o.s.random)
		if err != nil {
			return fmt.Errorf("drawing a two-factor secret: %w", err)
		}
		f = SecondFactor{ID: f.ID, Person: o.a.Actor.ID, Secret: secret, Created: o.now}
		if err := saveSecondFactor(o.tx, &f); err != nil {
			return err
		}
		out = TwoFactorSetup{Secret: secret, URL: totp.URL(o.a.Org.Name, o.a.Actor.Handle, secret)}
		return o.audit(ActTwoFactor, record{Target: "two-factor sign-in", Person: o.a.Actor.ID, Detail: "started setting up two-factor sign-in"})
	})
	return out, err
}

// ConfirmTwoFactor turns the second factor on with one valid code from the
// app, and returns the recovery codes: they are shown this once and kept
// only as hashes.
func (s *Service) ConfirmTwoFactor(who Who, code, addr string) ([]string, error) {
	var codes []string
	var try codeTry
	err := s.self(who, true, func(o *op) error {
		codes = nil // a retry starts afresh (Store.Update)
		if err := o.authorize(ActTwoFactor, Target{}); err != nil {
			return err
		}
		f, ok, err := secondFactorOf(o.tx, o.a.Actor.ID)
		if err != nil {
			return err
		}
		if !ok {
			return conflictf("two-factor sign-in has not been started; run `account 2fa enable` first")
		}
		if f.on() {
			return conflictf("two-factor sign-in is already on")
		}
		if err := try.allowed(o.s, o.a.Actor.ID, addr, o.now); err != nil {
			return err
		}
		step, good := totp.Match(f.Secret, code, o.now, f.LastStep)
		if !good {
			return inField("code", invalidf("that code is not the one your app shows now; type the six digits it shows for %s", o.a.Org.Name))
		}
		for range RecoveryCodes {
			c, err := o.s.newCode()
			if err != nil {
				return err
			}
			codes = append(codes, c)
			f.Recovery = append(f.Recovery, hashCode(c))
		}
		f.Confirmed, f.LastStep = o.now, step
		if err := saveSecondFactor(o.tx, &f); err != nil {
			return err
		}
		return o.audit(ActTwoFactor, record{Target: "two-factor sign-in", Person: o.a.Actor.ID, Detail: "turned two-factor sign-in on"})
	})
	return codes, err
}

// DisableTwoFactor turns the signed-in person's second factor off; it
// takes a current code or a recovery code, so a session left open is not
// enough to take it off.
func (s *Service) DisableTwoFactor(who Who, code, addr string) error {
	var try codeTry
	return s.self(who, true, func(o *op) error {
		if err := o.authorize(ActTwoFactor, Target{}); err != nil {
			return err
		}
		f, ok, err := secondFactorOf(o.tx, o.a.Actor.ID)
		if err != nil {
			return err
		}
		if !ok {
			return conflictf("two-factor sign-in is not on")
		}
		if f.on() {
			if err := try.allowed(o.s, o.a.Actor.ID, addr, o.now); err != nil {
				return err
			}
			if _, err := f.take(code, o.now); err != nil {
				return err
			}
		}
		if err := o.tx.Delete(colSecondFactors, f.ID); err != nil {
			return err
		}
		detail := "turned two-factor sign-in off"
		if !f.on() {
			detail = "cancelled setting up two-factor sign-in"
		}
		return o.audit(ActTwoFactor, record{Target: "two-factor sign-in", Person: o.a.Actor.ID, Detail: detail})
	})
}

// take checks a code typed for f: a current code not used before, or one
// of the unused recovery codes, which it uses up. It reports whether a
// recovery code was used; f is changed, for the caller to save.
func (f *SecondFactor) take(code string, now time.Time) (recovery bool, err error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return false, inField("code", invalidf("type the six-digit code from your app, or one of your recovery codes"))
	}
	if step, ok := totp.Match(f.Secret, strings.ReplaceAll(code, " ", ""), now, f.LastStep); ok {
		f.LastStep = step
		return false, nil
	}
	h := hashCode(code)
	if i := slices.IndexFunc(f.Recovery, func(r string) bool { return subtle.ConstantTimeCompare([]byte(r), []byte(h)) == 1 }); i >= 0 {
		f.Recovery = slices.Delete(slices.Clone(f.Recovery), i, i+1)
		return true, nil
	}
	return false, inField("code", invalidf("that code is not right, or it was used already; wait for the next one your app shows"))
}

// codeAllowed spends one code attempt of person and addr, or refuses.
func (s *Service) codeAllowed(person ID, addr string, now time.Time) error {
	if !s.codePerson.Allow(person.Key(), now) || !s.codeAddr.Allow(ratelimit.Addr(addr), now) {
		return deniedf("too many codes tried; wait a minute and try again")
	}
	return nil
}

// codeTry spends one code attempt for one use case, however often its
// function runs: a shared commit's retry runs it again (Store.Update), and
// must not spend a second attempt.
type codeTry struct {
	spent bool
	err   error
}

func (t *codeTry) allowed(s *Service, person ID, addr string, now time.Time) error {
	if !t.spent {
		t.err, t.spent = s.codeAllowed(person, addr, now), true
	}
	return t.err
}

// SecondFactorNeeded reports whether the key's owner must type a code
// after it: an active person whose second factor is on. A key nobody
// owns, or a deactivated person, is not asked (sign-in refuses them
// later, the same way with or without a code).
func (s *Service) SecondFactorNeeded(fingerprint string) (bool, error) {
	var need bool
	err := s.store.View(func(tx Tx) error {
		p, err := personByKey(tx, fingerprint)
		if KindOf(err) == KindNotFound {
			return nil
		}
		if err != nil || !p.Active() {
			return err
		}
		f, ok, err := secondFactorOf(tx, p.ID)
		need = ok && f.on()
		return err
	})
	return need, err
}

// SignInCode checks the code typed at sign-in after the key with
// fingerprint: rate-limited, each code once. A recovery code used here is
// audited and the person told, since it means the phone was not at hand —
// or that someone else has the codes.
func (s *Service) SignInCode(fingerprint, code, addr string) error {
	p, err := s.Identify(fingerprint)
	if err != nil {
		return err
	}
	var try codeTry
	return s.self(Who{Person: p.ID}, true, func(o *op) error {
		f, ok, err := secondFactorOf(o.tx, p.ID)
		if err != nil {
			return err
		}
		if !ok || !f.on() {
			return nil // taken off meanwhile: the key alone signs in
		}
		if err := try.allowed(o.s, p.ID, addr, o.now); err != nil {
			return err
		}
		recovery, err := f.take(code, o.now)
		if err != nil {
			return err
		}
		if err := saveSecondFactor(o.tx, &f); err != nil {
			return err
		}
		if !recovery {
			return nil
		}
		left := Plural(len(f.Recovery), "recovery code", "recovery codes")
		if _, err := o.warnAccount(p, fmt.Sprintf("You signed in with a recovery code; %s left. If it was not you, tell the account owner at once.", left)); err != nil {
			return err
		}
		return o.audit(ActTwoFactor, record{Target: "two-factor sign-in", Person: p.ID, Detail: "signed in with a recovery code; " + left + " left"})
	})
}

// ResetTwoFactor takes handle's second factor off (the account owner, for
// someone who lost their phone and their recovery codes). They are told,
// and it is audited.
func (s *Service) ResetTwoFactor(who Who, handle string) (Person, error) {
	var out Person
	err := s.write(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActTwoFactorReset, Target{Person: &p}); err != nil {
			return err
		}
		f, ok, err := secondFactorOf(o.tx, p.ID)
		if err != nil {
			return err
		}
		if !ok || !f.on() {
			return conflictf("%s has no second factor to take off", p.Handle)
		}
		if err := o.tx.Delete(colSecondFactors, f.ID); err != nil {
			return err
		}
		if _, err := o.warnAccount(p, fmt.Sprintf("%s, the account owner, took your two-factor sign-in off: your key alone signs you in now. Turn it on again under your account. If you did not ask for this, tell %s at once.", o.a.Actor.Name, o.a.Actor.Name)); err != nil {
			return err
		}
		out = p
		return o.audit(ActTwoFactorReset, record{Target: p.Handle, Person: p.ID, Detail: "second factor taken off"})
	})
	return out, err
}

func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		f, ok, err := secondFactorOf(o.tx, p.ID)
		if err != nil || !ok {
			return err
		}
		return o.tx.Delete(colSecondFactors, f.ID)
	})
}

// verifySecondFactors: each belongs to someone who exists, once, with a
// secret, and only a confirmed one has recovery codes.
func verifySecondFactors(v *verification) error {
	seen := map[ID]bool{}
	return each(v.tx, colSecondFactors, Query{}, func(f SecondFactor) (bool, error) {
		if !v.exists(f.Person) || seen[f.Person] {
			v.add("second factor %s names someone who does not exist, or twice", f.ID)
		}
		seen[f.Person] = true
		if f.Secret == "" || !f.on() && len(f.Recovery) > 0 || len(f.Recovery) > RecoveryCodes {
			v.add("second factor %s is incomplete", f.ID)
		}
		return true, nil
	})
}
