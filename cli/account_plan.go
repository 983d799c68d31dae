package cli

import (
	"strconv"

	"behalf/domain"
)

// The owner's account page (R18, R56): plan and seats, the payment
// method's reference, cancelling and reopening the account.

func init() {
	register(
		&command{noun: "account", verb: "payment-method", maxArgs: 0, summary: "(owner only) the payment method on file, as a reference",
			flags: []flagSpec{{name: "set", arg: "\"BRAND LAST4 MM/YY\"", usage: "e.g. \"Visa 4242 12/28\"; never a full card number (empty removes it)"}},
			run:   runAccountPaymentMethod},
		&command{noun: "account", verb: "cancel", maxArgs: 0, summary: "(owner only) cancel the account: everything becomes read-only until reopened",
			flags: []flagSpec{{name: "confirm", arg: "ORG", usage: "type the organisation's name to confirm", req: true}}, run: runAccountCancel},
		&command{noun: "account", verb: "reopen", maxArgs: 0, summary: "(owner only) reopen a cancelled account, within 30 days", run: runAccountReopen},
	)
}

type planJSON struct {
	Org           string `json:"org"`
	Plan          string `json:"plan"`
	Seats         int    `json:"seats"` // 0: no limit
	SeatsUsed     int    `json:"seats_used"`
	PaymentMethod string `json:"payment_method"`
	Status        string `json:"status"` // active, cancelled
	ReopenUntil   string `json:"reopen_until,omitempty"`
	Owner         string `json:"owner"`
	Currency      string `json:"currency"`
	TimeZone      string `json:"time_zone"`
}

func (c *call) emitPlan(v domain.PlanView, say string) error {
	out := planJSON{Org: v.Org.Name, Plan: v.Org.Plan, Seats: v.Org.Seats, SeatsUsed: v.SeatsUsed, PaymentMethod: v.Org.PaymentMethod,
		Status: v.Status(), ReopenUntil: v.ReopenUntil, Owner: v.Owner.Handle, Currency: v.Org.Currency, TimeZone: v.Org.TimeZone}
	return c.emit(out, func(w *textOut) {
		if say != "" {
			w.line(say)
		}
		seats := "no limit"
		if out.Seats > 0 {
			seats = strconv.Itoa(out.Seats)
		}
		w.row("organisation", out.Org)
		w.row("plan", orNone(out.Plan))
		w.row("client seats", seats)
		w.row("seats used", domain.Plural(out.SeatsUsed, "active client", "active clients"))
		w.row("payment method", orNone(out.PaymentMethod))
		status := out.Status
		if out.ReopenUntil != "" {
			status += " (read-only; the owner can reopen it until " + out.ReopenUntil + ")"
		}
		w.row("status", status)
		w.row("owner", out.Owner)
		w.row("currency", out.Currency)
		w.row("time zone", out.TimeZone)
	})
}

func runAccountPlan(c *call) error {
	var ch domain.PlanChange
	if c.set("set") {
		p := c.str("set")
		ch.Plan = &p
	}
	if c.set("seats") {
		n, err := parseCount(c, "seats", 0, domain.MaxSeats)
		if err != nil {
			return err
		}
		ch.Seats = &n
	}
	if ch.Plan == nil && ch.Seats == nil {
		v, err := c.env.Service.AccountPlan(c.who)
		if err != nil {
			return err
		}
		return c.emitPlan(v, "")
	}
	v, err := c.env.Service.SetPlan(c.who, ch)
	if err != nil {
		return err
	}
	return c.emitPlan(v, "Saved.")
}

func runAccountPaymentMethod(c *call) error {
	if !c.set("set") {
		v, err := c.env.Service.AccountPlan(c.who)
		if err != nil {
			return err
		}
		return c.emitPlan(v, "")
	}
	v, err := c.env.Service.SetPaymentMethod(c.who, c.rawFlag("set"))
	if err != nil {
		return err
	}
	return c.emitPlan(v, "Saved: the payment method on file is "+orNone(v.Org.PaymentMethod)+".")
}

func runAccountCancel(c *call) error {
	v, err := c.env.Service.CancelAccount(c.who, c.str("confirm"))
	if err != nil {
		return err
	}
	return c.emitPlan(v, "Cancelled: "+v.Org.Name+" is read-only for everyone; you can reopen it until "+v.ReopenUntil+" (account reopen).")
}

func runAccountReopen(c *call) error {
	v, err := c.env.Service.ReopenAccount(c.who)
	if err != nil {
		return err
	}
	return c.emitPlan(v, "Reopened: "+v.Org.Name+" can be changed again.")
}
