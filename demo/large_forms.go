package demo

import (
	"fmt"
	"time"

	"behalf/domain"
)

// The generated organisation's paperwork (R21, R30): every coach owns a
// consent form and a weekly worksheet, the first ten coaches' forms are
// shared with the team, and each client holds FormsPerClient forms from
// their primary coach's template: the oldest submitted and signed by the
// client, the others sent and not yet filled in.

const (
	largeConsent = "# About you\ntext*: Your full name\ndate: Date of birth\nchoice*: How did you hear of us? | a friend | the web | my employer\n" +
		"scale: How ready do you feel?\nsignature*: I consent to coaching and to my records being kept.\noffice: File number\nwitness: Witnessed by"
	largeReview = "# The week\nlong*: What went well?\nlong: What got in the way?\nscale: Energy this week"
)

func (g *largeGen) paperwork() error {
	sc := g.sc
	if sc.FormsPerClient == 0 {
		return nil
	}
	consent, err := domain.ParseTemplateText(domain.KindForm, largeConsent)
	if err != nil {
		return err
	}
	review, err := domain.ParseTemplateText(domain.KindWorksheet, largeReview)
	if err != nil {
		return err
	}
	created := g.now.AddDate(0, -6, 0).UTC()
	forms := make([]domain.ID, len(g.coaches))
	err = g.batch(len(g.coaches), func(w *domain.Seeder, i int) error {
		k := g.coaches[i]
		f := domain.Template{Kind: domain.KindForm, Name: "Consent and intake", Owner: k.ID, Team: i < 10, Version: 1, Maker: k.ID,
			Created: created, Changed: created, Questions: consent}
		if err := w.Put(&f); err != nil {
			return err
		}
		forms[i] = f.ID
		ws := domain.Template{Kind: domain.KindWorksheet, Name: fmt.Sprintf("Weekly review (%s)", k.Handle), Owner: k.ID, Version: 1, Maker: k.ID,
			Created: created, Changed: created, Questions: review}
		return w.Put(&ws)
	})
	if err != nil {
		return err
	}
	return g.batch(sc.Clients*sc.FormsPerClient, func(w *domain.Seeder, i int) error {
		ci, n := i/sc.FormsPerClient, i%sc.FormsPerClient
		c, k := g.clients[ci], g.coaches[g.primary[ci]]
		sent := g.now.AddDate(0, 0, -7*(sc.FormsPerClient-n)-g.rng.IntN(7)).UTC()
		p := domain.Paper{Kind: domain.KindForm, Client: c.ID, Template: forms[g.primary[ci]], TemplateName: "Consent and intake", TemplateVersion: 1,
			Questions: consent, Sender: k.ID, Sent: sent, Status: domain.PaperSent}
		if n == 0 { // the oldest: filled in, signed and submitted by the client
			at := sent.Add(time.Duration(1+g.rng.IntN(72)) * time.Hour)
			p.Answers = []domain.Answer{
				{N: 2, Value: c.Name, Who: c.ID, At: at},
				{N: 4, Value: consent[3].Options[g.rng.IntN(3)], Who: c.ID, At: at},
				{N: 5, Value: fmt.Sprint(1 + g.rng.IntN(10)), Who: c.ID, At: at},
			}
			p.Signatures = []domain.Signature{{N: 6, Who: c.ID, Capacity: domain.AsClient, Adopted: c.Name, At: at}}
			p.Status, p.Submitted, p.Submitter = domain.PaperSubmitted, at, c.ID
		}
		return w.Put(&p)
	})
}
