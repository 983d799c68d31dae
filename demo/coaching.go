package demo

import (
	"behalf/domain"
	"fmt"
	"time"
)

func init() { extras = append(extras, seedCoaching) }

// seedCoaching gives the demo organisation coaching work to show (R22,
// R23): actions for jane and alex (one of jane's overdue, one done with a
// note), a metric each with a weekly trend toward its target, and a study
// group of olivia's with alex and casey, with a short discussion. It makes
// no session, so the practice's sessions keep their ids.
func seedCoaching(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	loc := org.Location()
	id := func(h string) domain.ID { return people[h].ID }
	day := func(days int) string { return now.In(loc).AddDate(0, 0, days).Format(domain.DateLayout) }
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }

	for _, a := range []domain.ActionItem{
		{Client: id("jane"), Title: "Send the board the quarterly report", Due: day(-2), Author: id("rob"), Created: ago(9)},
		{Client: id("jane"), Title: "Draft the delegation plan for your two directors", Details: "One page: what each of them takes over, and by when.",
			Due: day(5), Author: id("rob"), Created: ago(3)},
		{Client: id("jane"), Title: "Walk 20 minutes after lunch", Author: id("mira"), Created: ago(14)},
		{Client: id("jane"), Title: "Book the team offsite venue", Author: id("asa"), Behalf: id("rob"), Created: ago(12),
			Done: true, DoneAt: ago(6), DoneNote: "Booked the lake house for 14 January."},
		{Client: id("alex"), Title: "Practise timed answers: one past paper", Due: day(3), Author: id("mira"), Created: ago(4)},
		{Client: id("alex"), Title: "Keep the study timetable for a week", Author: id("mira"), Created: ago(16),
			Done: true, DoneAt: ago(9), DoneNote: "Kept it every day but Sunday."},
	} {
		if err := w.Put(&a); err != nil {
			return err
		}
	}

	for _, m := range []struct {
		client, by, name, unit, target string
		values                         []string // weekly, oldest first, the last one this week
	}{
		{"jane", "rob", "Weight", "kg", "70.5", []string{"79.2", "78.6", "78.9", "77.8", "77.1", "76.5", "76.8", "75.6", "74.9", "74.4", "73.7", "73.2"}},
		{"alex", "mira", "Reading", "pages a week", "150", []string{"40", "55", "52", "70", "86", "95.5", "110", "104", "122", "131"}},
	} {
		target, err := domain.ParseDecimal(m.target)
		if err != nil {
			return err
		}
		mt := domain.Metric{Client: id(m.client), Name: m.name, Unit: m.unit, Target: &target, Author: id(m.by), Created: ago(7*len(m.values) + 1)}
		if err := w.Put(&mt); err != nil {
			return err
		}
		for i, s := range m.values {
			v, err := domain.ParseDecimal(s)
			if err != nil {
				return err
			}
			weeks := len(m.values) - 1 - i
			p := domain.MetricPoint{Metric: mt.ID, Client: mt.Client, On: day(-7 * weeks), Value: v, By: mt.Client, At: ago(7 * weeks)}
			if err := w.Put(&p); err != nil {
				return err
			}
		}
	}

	// The owner coaches it: she coaches neither member one to one, and
	// no change to the team can take her away from it (R18).
	g := domain.Group{Handle: "study", Name: "Study skills", Coaches: []domain.ID{id("olivia")}, Members: []domain.ID{id("alex"), id("casey")}, Created: ago(20)}
	if err := w.Put(&g); err != nil {
		return err
	}
	for i, p := range []domain.Post{
		{Author: id("olivia"), Body: "Welcome! This week: one past paper each, timed. Post how it went.", At: ago(5)},
		{Author: id("alex"), Body: "Did mine: ran out of time on the last question again.", At: ago(3)},
		{Author: id("casey"), Body: "Same here. Reading the questions first helped a bit.", At: ago(2)},
	} {
		p.Group = g.ID
		if err := w.Put(&p); err != nil {
			return fmt.Errorf("demo post %d: %w", i, err)
		}
	}
	return nil
}
