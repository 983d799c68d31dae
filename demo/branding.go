package demo

import (
	"time"

	"behalf/domain"
)

func init() { extras = append(extras, seedBranding) }

// termsPending is the demo client who has not accepted the current terms,
// so signing in as them shows the terms first (R24); everyone else bound
// by the terms has accepted them.
const termsPending = "casey"

// seedBranding gives the demo organisation its branding (its name as the
// display name, a deep teal accent, a banner), the client terms in force,
// accepted by every client and contact but termsPending, and its own
// session reminder email (R24).
func seedBranding(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	accent, err := domain.CheckAccent("#115e59")
	if err != nil {
		return err
	}
	if err := w.Put(&domain.Branding{Name: org.Name, Accent: accent, Banner: "Coaching for leaders and families", Updated: ago(60)}); err != nil {
		return err
	}
	terms := domain.Terms{Reaccept: true, Created: ago(60), Author: people["olivia"].ID,
		Text: "Terms of use of " + org.Name + "'s client portal\n\n" +
			"1. Sessions cancelled more than 24 hours ahead are not charged; later cancellations use a package credit.\n" +
			"2. What you share with your coach stays between you and the coaching team. Your coach's private notes are never shared.\n" +
			"3. A contact you authorise sees only what their permissions allow, and acts in your name within them.\n" +
			"4. Invoices are due within 14 days.\n\n" +
			"Accepting means you have read these terms and agree to them."}
	if err := w.Put(&terms); err != nil {
		return err
	}
	i := 0
	for _, h := range []string{"jane", "alex", "casey", "eve", "pat", "sam"} {
		p := people[h]
		if h == termsPending {
			continue
		}
		i++
		as := "client"
		if !p.Client {
			as = "contact"
		}
		if err := w.Put(&domain.TermsAcceptance{Person: p.ID, Version: terms.ID, At: ago(60 - i), As: as}); err != nil {
			return err
		}
	}
	return w.Put(&domain.EmailTemplateRecord{Event: domain.EmailSessionReminder, Editor: people["olivia"].ID, Edited: ago(30),
		Subject: "Reminder from {{org}}: your session on {{start}}",
		Body: "Hello {{recipient}},\n\n" +
			"A friendly reminder: {{client}} meets {{coach}} on {{start}} ({{minutes}} minutes).\n\n" +
			"Bring the actions you worked on since last time; your coach will start from them.\n\n" +
			"To see or change the session, connect with:\n    {{ssh}}"})
}

// AcceptPendingTerms records the acceptance the demo leaves out, as
// termsPending would give it at their first sign-in: test fixtures call it
// so that tests about other things can act as every demo person, while
// `make run` shows the terms first.
func AcceptPendingTerms(s *domain.Service, keys map[string]domain.SSHKey) error {
	k, ok := keys[termsPending]
	if !ok {
		return nil
	}
	p, err := s.Identify(k.Fingerprint)
	if err != nil {
		return err
	}
	v, err := s.TermsFor(domain.Who{Person: p.ID})
	if err != nil || !v.Due {
		return err
	}
	return s.Seed(func(w *domain.Seeder) error {
		return w.Put(&domain.TermsAcceptance{Person: p.ID, Version: v.Terms.ID, At: s.Now(), As: "client"})
	})
}
