package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Verify checks, in one read transaction, that the organisation's records
// hang together the way the rules say: everything that belongs to a client
// names a client who exists; an invoice's total is the sum of its items and
// its paid amount the sum of its payments, which belong to its client; a
// package never used more than it holds; pairings and links join people
// who exist; every active client has exactly one primary coach (R11).
// Nil means sound. The store checks its own indexes (store.DB.Check); this
// is the layer above, for restores and crash tests.
func (s *Service) Verify() error {
	var problems []string
	add := func(format string, a ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, a...))
		}
	}
	err := s.store.View(func(tx Tx) error { return verify(tx, add) })
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return errors.New("the organisation is inconsistent: " + strings.Join(problems, "; "))
	}
	return nil
}

func verify(tx Tx, add func(string, ...any)) error {
	if _, err := loadOrg(tx); err != nil {
		return err
	}
	people := map[ID]Person{}
	err := each(tx, colPeople, Query{}, func(p Person) (bool, error) {
		people[p.ID] = p
		if err := ValidHandle(p.Handle); err != nil && p.Handle != "" {
			add("person %s: %v", p.ID, err)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	exists := func(id ID) bool { _, ok := people[id]; return ok }

	primaries := map[ID]int{}
	err = each(tx, colPairings, Query{}, func(p Pairing) (bool, error) {
		if !exists(p.Client) || !exists(p.Coach) {
			add("pairing %s joins someone who does not exist", p.ID)
			return true, nil
		}
		if !people[p.Client].Client || !people[p.Coach].IsCoach() {
			add("pairing %s is not of a pool coach with a client (R10)", p.ID)
		}
		if p.Level == LevelPrimary {
			primaries[p.Client]++
			if !people[p.Coach].Active() {
				add("client %s has a deactivated primary coach (R11)", people[p.Client].Handle)
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for id, p := range people {
		if p.Client && primaries[id] != 1 {
			add("client %s has %d primary coaches, not 1 (R11)", p.Handle, primaries[id])
		}
	}
	err = each(tx, colLinks, Query{}, func(l ContactLink) (bool, error) {
		if !exists(l.Client) || !exists(l.Contact) {
			add("contact link %s joins someone who does not exist", l.ID)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	err = each(tx, colAssistants, Query{}, func(l AssistantLink) (bool, error) {
		if !exists(l.Assistant) || !exists(l.Practitioner) {
			add("assistant link %s joins someone who does not exist", l.ID)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	err = each(tx, colSessions, Query{}, func(x Session) (bool, error) {
		if !exists(x.Client) {
			add("session %s belongs to a client who does not exist", x.ID)
		}
		if x.Coach == 0 || x.Minutes < MinSessionMinutes || x.Minutes > MaxSessionMinutes || x.Start.IsZero() {
			add("session %s is incomplete", x.ID)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	err = each(tx, colPackages, Query{}, func(p ClientPackage) (bool, error) {
		if !exists(p.Client) {
			add("package %s belongs to a client who does not exist", p.ID)
		}
		if p.SessionsUsed < 0 || p.SessionsUsed > p.SessionsTotal {
			add("package %s has used %d of %d sessions", p.ID, p.SessionsUsed, p.SessionsTotal)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	invoices := map[ID]Invoice{}
	err = each(tx, colInvoices, Query{}, func(inv Invoice) (bool, error) {
		invoices[inv.ID] = inv
		if !exists(inv.Client) {
			add("invoice %s belongs to a client who does not exist", inv.ID)
		}
		var sum int64
		for _, it := range inv.Items {
			sum += it.AmountCents
		}
		if sum != inv.TotalCents || len(inv.Items) == 0 {
			add("invoice %s: total %d is not the sum of its %d items (%d)", inv.ID, inv.TotalCents, len(inv.Items), sum)
		}
		if inv.PaidCents < 0 || inv.PaidCents > inv.TotalCents {
			add("invoice %s: paid %d of %d", inv.ID, inv.PaidCents, inv.TotalCents)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	paid := map[ID]int64{}
	err = each(tx, colPayments, Query{}, func(p Payment) (bool, error) {
		inv, ok := invoices[p.Invoice]
		switch {
		case !ok:
			add("payment %s is for an invoice that does not exist", p.ID)
		case inv.Client != p.Client:
			add("payment %s belongs to another client than its invoice", p.ID)
		}
		if p.AmountCents <= 0 {
			add("payment %s of %d", p.ID, p.AmountCents)
		}
		paid[p.Invoice] += p.AmountCents
		return true, nil
	})
	if err != nil {
		return err
	}
	for id, inv := range invoices {
		if paid[id] != inv.PaidCents {
			add("invoice %s: paid %d, but its payments sum to %d", id, inv.PaidCents, paid[id])
		}
	}
	for _, c := range []Collection{colNotes, colProgress} {
		err := tx.Scan(c, Query{}, func(_ string, id ID) (bool, error) {
			var v struct {
				Client ID `json:"client"`
			}
			if err := tx.Get(c, id, &v); err != nil {
				return false, err
			}
			if !exists(v.Client) {
				add("%s %s belongs to a client who does not exist", strings.TrimSuffix(string(c), "s"), id)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
