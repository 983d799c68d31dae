package demo

import (
	"time"

	"behalf/domain"
)

// Runs after seedPractice (extras run in file order): it needs jane's
// sessions.
func init() { extras = append(extras, seedSessionAgenda) }

// seedSessionAgenda gives rob a session template of his own and puts its
// agenda on jane's next session with him, as booking with --template
// would (R21).
func seedSessionAgenda(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	headings, err := domain.ParseTemplateText(domain.KindSession, "# Wins since last time\n# Actions: done and not done\n# The decision in front of you\n# Next actions")
	if err != nil {
		return err
	}
	rob, jane := people["rob"].ID, people["jane"].ID
	t := domain.Template{Kind: domain.KindSession, Name: "Executive check-in", Owner: rob, Version: 1, Maker: rob,
		Created: now.AddDate(0, 0, -20), Changed: now.AddDate(0, 0, -20), Questions: headings}
	if err := w.Put(&t); err != nil {
		return err
	}
	// jane's next session with rob: the first hour from now in which she
	// is busy with him.
	for end := now.Add(time.Hour); end.Before(now.AddDate(0, 0, 21)); end = end.Add(time.Hour) {
		ses, busy, err := w.Busy(jane, now, end)
		if err != nil {
			return err
		}
		if !busy || ses.Coach != rob || ses.Status != domain.SessionScheduled {
			continue
		}
		ses.Agenda = &domain.Agenda{Template: t.ID, Name: t.Name, Version: t.Version}
		for _, q := range headings {
			ses.Agenda.Headings = append(ses.Agenda.Headings, q.Text)
		}
		return w.Put(&ses)
	}
	return nil
}
