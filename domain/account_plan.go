package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The owner's account page (R18, R56): the plan and its client seats, the
// payment method on file (a reference, never a card number), and
// cancelling the account, which makes it read-only for everyone until the
// owner reopens it.

const (
	ActAccountPayment Action = "account.payment-method"
	ActAccountCancel  Action = "account.cancel"
	ActAccountReopen  Action = "account.reopen"
)

const (
	// MaxSeats bounds a plan's client seats.
	MaxSeats = 1_000_000
	// ReopenDays is how long after cancelling the owner may reopen (R56).
	ReopenDays = 30
)

// PlanView is the account's page.
type PlanView struct {
	Org       Org
	Owner     Person
	SeatsUsed int // active clients (R56)
	// ReopenUntil is the last day a cancelled account may be reopened.
	ReopenUntil string
}

// Status is "active" or "cancelled".
func (v PlanView) Status() string {
	if v.Org.Cancelled.IsZero() {
		return "active"
	}
	return "cancelled"
}

// reopenUntil is the last instant a cancelled account may be reopened.
func (o Org) reopenUntil() time.Time { return o.Cancelled.AddDate(0, 0, ReopenDays) }

// readOnly is the one refusal of every write while the account is
// cancelled (R56); nil while it is open.
func (o Org) readOnly(now time.Time) error {
	if o.Cancelled.IsZero() {
		return nil
	}
	if now.Before(o.reopenUntil()) {
		return conflictf("the account of %s is cancelled, so nothing can be changed; the account owner can reopen it until %s",
			o.Name, o.reopenUntil().In(o.Location()).Format(DateLayout))
	}
	return conflictf("the account of %s was cancelled on %s and can only be read", o.Name, o.Cancelled.In(o.Location()).Format(DateLayout))
}

// writable is the gate every write passes, in one place (R56).
func (o *op) writable() error { return o.a.Org.readOnly(o.now) }

func (o *op) planView(org Org) (PlanView, error) {
	owner, err := loadPerson(o.tx, org.Owner)
	if err != nil {
		return PlanView{}, err
	}
	used, err := activeClients(o.tx)
	v := PlanView{Org: org, Owner: owner, SeatsUsed: used}
	if !org.Cancelled.IsZero() {
		v.ReopenUntil = org.reopenUntil().In(org.Location()).Format(DateLayout)
	}
	return v, err
}

// activeClients counts the clients who take a seat (R56): active ones.
func activeClients(tx Tx) (int, error) {
	n := 0
	err := each(tx, colPeople, Query{Index: "cap", Prefix: "client/"}, func(p Person) (bool, error) {
		if p.Client && p.Active() {
			n++
		}
		return true, nil
	})
	return n, err
}

// seatForClient refuses a client added or reactivated beyond the plan's
// seats (R56), saying how many are used and who can change the plan.
func (o *op) seatForClient() error {
	seats := o.a.Org.Seats
	if seats == 0 {
		return nil
	}
	used, err := activeClients(o.tx)
	if err != nil || used < seats {
		return err
	}
	owner, err := loadPerson(o.tx, o.a.Org.Owner)
	if err != nil {
		return err
	}
	return conflictf("all %s of the plan are used (%s); %s, the account owner, can change the plan, or deactivate a client to free a seat",
		Plural(seats, "client seat", "client seats"), Plural(used, "active client", "active clients"), owner.Name)
}

// AccountPlan shows the account's page (owner only; an admin-level
// assistant never sees it, R18, R43).
func (s *Service) AccountPlan(who Who) (PlanView, error) {
	var v PlanView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActAccount, Target{}); err != nil {
			return err
		}
		var err error
		v, err = o.planView(o.a.Org)
		return err
	})
	return v, err
}

// PlanChange is what `account plan --set PLAN --seats N` asks; nil fields
// stay as they are. Seats 0 means no limit.
type PlanChange struct {
	Plan  *string
	Seats *int
}

// SetPlan changes the plan and its client seats (owner only, R18). Seats
// below the active clients are refused: none is beyond them (R56).
func (s *Service) SetPlan(who Who, ch PlanChange) (PlanView, error) {
	var v PlanView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActAccount, Target{}); err != nil {
			return err
		}
		org := o.a.Org
		var changed []string
		if ch.Plan != nil {
			name, err := cleanLine("the plan", *ch.Plan, MaxNameLen, true)
			if err != nil {
				return inField("set", err)
			}
			if name != org.Plan {
				changed = append(changed, "plan "+org.Plan+" → "+name)
				org.Plan = name
			}
		}
		if ch.Seats != nil {
			n := *ch.Seats
			if n < 0 || n > MaxSeats {
				return inField("seats", invalidf("a plan has 0 (no limit) to %d client seats, not %d", MaxSeats, n))
			}
			used, err := activeClients(o.tx)
			if err != nil {
				return err
			}
			if n > 0 && n < used {
				return inField("seats", conflictf("%s active; choose at least %d seats, or deactivate clients first",
					Plural(used, "client is", "clients are"), used)) // R56
			}
			if n != org.Seats {
				changed = append(changed, "seats "+seatWords(org.Seats)+" → "+seatWords(n))
				org.Seats = n
			}
		}
		if len(changed) == 0 {
			return conflictf("nothing changed: the plan already says that")
		}
		if err := o.saveOrg(org); err != nil {
			return err
		}
		o.changed(o.a.Actor.ID)
		var err error
		if v, err = o.planView(org); err != nil {
			return err
		}
		return o.audit(ActAccount, record{Target: "plan", Detail: strings.Join(changed, "; ")})
	})
	return v, err
}

func seatWords(n int) string {
	if n == 0 {
		return "no limit"
	}
	return strconv.Itoa(n)
}

// SetPaymentMethod records the payment method on file as a reference
// only — "BRAND LAST4 MM/YY" — and never anything that looks like a card
// number (owner only, R18). An empty reference removes it.
func (s *Service) SetPaymentMethod(who Who, ref string) (PlanView, error) {
	var v PlanView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActAccountPayment, Target{}); err != nil {
			return err
		}
		pm, err := parsePaymentMethod(ref, o.now.In(o.a.Org.Location()))
		if err != nil {
			return inField("set", err)
		}
		org := o.a.Org
		if pm == org.PaymentMethod {
			return conflictf("the payment method on file is already %s", orNoneWord(pm))
		}
		org.PaymentMethod = pm
		if err := o.saveOrg(org); err != nil {
			return err
		}
		if v, err = o.planView(org); err != nil {
			return err
		}
		return o.audit(ActAccountPayment, record{Target: "payment method", Detail: orNoneWord(pm)})
	})
	return v, err
}

func orNoneWord(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// parsePaymentMethod reads "BRAND LAST4 MM/YY" (e.g. "Visa 4242 12/28"):
// a brand of letters, exactly four digits, an expiry month not past. Text
// holding more digits than that is refused as a possible card number
// before anything else is said about it, and is never echoed back.
func parsePaymentMethod(s string, now time.Time) (string, error) {
	digits := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits > 8 {
		return "", invalidf("that looks like a full card number, which is never kept here; give only the brand, the last four digits and the expiry, e.g. \"Visa 4242 12/28\"")
	}
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	f := strings.Fields(s)
	bad := invalidf("write the payment method as BRAND LAST4 MM/YY, e.g. \"Visa 4242 12/28\"")
	if len(f) != 3 || len(f[0]) > 20 || len(f[1]) != 4 || len(f[2]) != 5 || f[2][2] != '/' {
		return "", bad
	}
	for _, r := range f[0] {
		if !unicode.IsLetter(r) && r != '-' {
			return "", bad
		}
	}
	if _, err := strconv.Atoi(f[1]); err != nil || strings.ContainsAny(f[1], "+-") {
		return "", bad
	}
	mm, err1 := strconv.Atoi(f[2][:2])
	yy, err2 := strconv.Atoi(f[2][3:])
	if err1 != nil || err2 != nil || mm < 1 || mm > 12 || yy < 0 {
		return "", bad
	}
	if y := 2000 + yy; y < now.Year() || y == now.Year() && time.Month(mm) < now.Month() {
		return "", invalidf("that card expired in %s; give one that is still valid", f[2])
	}
	return f[0] + " " + f[1] + " " + f[2], nil
}

// CancelAccount cancels the account (owner only, R18): from then on it is
// read-only for everyone (R56) — people still sign in and read, the owner
// takes backups — until the owner reopens it. The owner types the
// organisation's name to confirm.
func (s *Service) CancelAccount(who Who, confirm string) (PlanView, error) {
	var v PlanView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActAccountCancel, Target{}); err != nil {
			return err
		}
		org := o.a.Org
		if strings.TrimSpace(confirm) != org.Name {
			return inField("confirm", invalidf("to cancel the account, type the organisation's name exactly: %s", org.Name))
		}
		org.Cancelled, org.CancelledBy = o.now, o.a.Actor.ID
		if err := o.saveOrg(org); err != nil {
			return err
		}
		o.touchTeam()
		var err error
		if v, err = o.planView(org); err != nil {
			return err
		}
		return o.audit(ActAccountCancel, record{Target: "account", Detail: "read-only; can be reopened until " + v.ReopenUntil})
	})
	return v, err
}

// ReopenAccount ends a cancellation within ReopenDays of it (owner only).
// It is the one write a cancelled account lets through.
func (s *Service) ReopenAccount(who Who) (PlanView, error) {
	var v PlanView
	err := s.writeIf(who, false, func(o *op) error {
		if err := o.authorize(ActAccountReopen, Target{}); err != nil {
			return err
		}
		org := o.a.Org
		if org.Cancelled.IsZero() {
			return conflictf("the account is not cancelled")
		}
		if !o.now.Before(org.reopenUntil()) {
			return conflictf("the account was cancelled on %s; it could be reopened for %d days, until %s",
				org.Cancelled.In(org.Location()).Format(DateLayout), ReopenDays, org.reopenUntil().In(org.Location()).Format(DateLayout))
		}
		since := org.Cancelled
		org.Cancelled, org.CancelledBy = time.Time{}, 0
		if err := o.saveOrg(org); err != nil {
			return err
		}
		o.touchTeam()
		var err error
		if v, err = o.planView(org); err != nil {
			return err
		}
		return o.audit(ActAccountReopen, record{Target: "account", Detail: "reopened; cancelled since " + since.In(org.Location()).Format(DateLayout)})
	})
	return v, err
}

// verifySeats: no more active clients than the plan's seats (R56), and no
// card number on file.
func verifySeats(v *verification) {
	used := 0
	for _, p := range v.people {
		if p.Client && p.Active() {
			used++
		}
	}
	if v.org.Seats > 0 && used > v.org.Seats {
		v.add("%d active clients on a plan of %d seats", used, v.org.Seats) // R56
	}
	if pm := v.org.PaymentMethod; pm != "" {
		if _, err := parsePaymentMethod(pm, time.Time{}); err != nil {
			v.add("the payment method on file is not a reference of the form BRAND LAST4 MM/YY")
		}
	}
}
