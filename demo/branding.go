package demo

import (
	"time"

	"behalf/domain"
)

func init() { extras = append(extras, seedBranding) }

// seedBranding gives the demo organisation its branding (its name as the
// display name, a deep teal accent, a banner) and its own session
// reminder email (R24).
func seedBranding(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	accent, err := domain.CheckAccent("#115e59")
	if err != nil {
		return err
	}
	if err := w.Put(&domain.Branding{Name: org.Name, Accent: accent, Banner: "Coaching for leaders and families", Updated: ago(60)}); err != nil {
		return err
	}
	return w.Put(&domain.EmailTemplateRecord{Event: domain.EmailSessionReminder, Editor: people["olivia"].ID, Edited: ago(30),
		Subject: "Reminder from {{org}}: your session on {{start}}",
		Body: "Hello {{recipient}},\n\n" +
			"A friendly reminder: {{client}} meets {{coach}} on {{start}} ({{minutes}} minutes).\n\n" +
			"Bring the actions you worked on since last time; your coach will start from them.\n\n" +
			"To see or change the session, connect with:\n    {{ssh}}"})
}
