package demo

import (
	"time"

	"behalf/domain"
)

// terms: every generated client and contact has accepted the demo's
// terms (R24), an hour after both were there, and so has the one demo
// person `make run` leaves to accept them, so a large organisation is
// measured doing its work rather than answering "accept the terms first"
// (the load tool signs in as the demo's people too).
func (g *largeGen) terms() error {
	v, err := g.s.TermsFor(domain.Who{Person: g.owner.ID})
	if err != nil || !v.Set {
		return err
	}
	if err := AcceptPendingTerms(g.s, g.keys); err != nil {
		return err
	}
	bound := append(append([]domain.Person(nil), g.clients...), g.contacts...)
	return g.batch(len(bound), func(w *domain.Seeder, i int) error {
		p := bound[i]
		as := "client"
		if !p.Client {
			as = "contact"
		}
		at := p.Created // accepted at the first sign-in after both were there
		if v.Terms.Created.After(at) {
			at = v.Terms.Created
		}
		return w.Put(&domain.TermsAcceptance{Person: p.ID, Version: v.Terms.ID, At: at.Add(time.Hour), As: as})
	})
}
