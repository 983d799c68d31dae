package demo

import (
	"behalf/domain"
	"fmt"
	"time"
)

// The generated organisation's coaching work (R22, R23): actions and
// metrics for every client, and groups of a coach's own clients with a
// discussion. Drawn from the generation's seed like the rest.

var (
	largeActions = []string{
		"Draft the quarterly goals", "Walk 20 minutes after lunch", "Send the board report", "Book the team offsite",
		"Practise the presentation twice", "One past paper, timed", "Write three things that went well", "Call the mentor",
		"Read chapter 4", "Plan next week on Friday",
	}
	largeMetrics = []struct {
		name, unit string
		start, aim int // in tenths
	}{
		{"Weight", "kg", 820, 740}, {"Sleep", "hours", 62, 75}, {"Steps", "thousands", 48, 80}, {"Focus", "hours a day", 21, 40},
	}
	largePosts = []string{
		"Welcome, everyone: this week's exercise is in the notes.", "Did mine, harder than it looked.",
		"Same here; the second part took twice as long.", "Thanks for the tip about mornings.",
		"Running late on Thursday, sorry.", "What worked for me: one thing at a time.",
	}
)

func (g *largeGen) coaching() error {
	if err := g.actions(); err != nil {
		return err
	}
	if err := g.metrics(); err != nil {
		return err
	}
	return g.groups()
}

// actions: due days from two months back to two months ahead; most of
// those whose day has passed are done, some with a note.
func (g *largeGen) actions() error {
	sc := g.sc
	if sc.ActionsPerClient == 0 {
		return nil
	}
	today := domain.StartOfDay(g.now.In(g.loc), g.loc)
	return g.batch(sc.Clients*sc.ActionsPerClient, func(w *domain.Seeder, i int) error {
		ci := i / sc.ActionsPerClient
		c := g.clients[ci]
		author := g.coaches[g.primary[ci]]
		if g.second[ci] >= 0 && g.rng.IntN(4) == 0 {
			author = g.coaches[g.second[ci]]
		}
		due := domain.AddDays(today, g.rng.IntN(121)-60, g.loc)
		a := domain.ActionItem{Client: c.ID, Title: largeActions[g.rng.IntN(len(largeActions))], Author: author.ID,
			Created: due.Add(-time.Duration(1+g.rng.IntN(20)) * 24 * time.Hour).UTC()}
		if g.rng.IntN(5) > 0 {
			a.Due = due.In(g.loc).Format(domain.DateLayout)
		}
		if due.Before(today) && g.rng.IntN(4) > 0 {
			a.Done, a.DoneAt = true, due.Add(-time.Duration(g.rng.IntN(48))*time.Hour).UTC()
			if a.DoneAt.Before(a.Created) {
				a.DoneAt = a.Created.Add(time.Hour)
			}
			if g.rng.IntN(3) == 0 {
				a.DoneNote = "Done, finally."
			}
		}
		return w.Put(&a)
	})
}

// metrics: distinct names per client, a weekly value drifting from where
// the client started toward the target, the latest this week.
func (g *largeGen) metrics() error {
	sc := g.sc
	if sc.MetricsPerClient == 0 {
		return nil
	}
	today := domain.StartOfDay(g.now.In(g.loc), g.loc)
	per := 1 + sc.MetricWeeks // the metric, then its values
	var m domain.Metric
	var tenths int
	return g.batch(sc.Clients*sc.MetricsPerClient*per, func(w *domain.Seeder, i int) error {
		ci, k, week := i/(sc.MetricsPerClient*per), (i/per)%sc.MetricsPerClient, i%per
		c := g.clients[ci]
		spec := largeMetrics[(ci+k)%len(largeMetrics)]
		if week == 0 {
			aim := domain.Decimal(spec.aim) * domain.DecimalOne / 10
			m = domain.Metric{Client: c.ID, Name: spec.name, Unit: spec.unit, Target: &aim, Author: g.coaches[g.primary[ci]].ID,
				Created: today.AddDate(0, 0, -7*sc.MetricWeeks-1).UTC()}
			tenths = spec.start + g.rng.IntN(41) - 20
			return w.Put(&m)
		}
		weeksAgo := sc.MetricWeeks - week
		tenths += (spec.aim-spec.start)/max(sc.MetricWeeks, 1) + g.rng.IntN(9) - 4
		on := domain.AddDays(today, -7*weeksAgo, g.loc)
		return w.Put(&domain.MetricPoint{Metric: m.ID, Client: c.ID, On: on.In(g.loc).Format(domain.DateLayout),
			Value: domain.Decimal(tenths) * domain.DecimalOne / 10, By: c.ID, At: on.Add(19 * time.Hour).UTC()})
	})
}

// groups: each of a coach's (in turn) with 5–20 of their own clients, and
// its discussion over the last three months, newest last.
func (g *largeGen) groups() error {
	sc := g.sc
	if sc.Groups == 0 {
		return nil
	}
	nc := len(g.coaches)
	perCoach := sc.Clients / nc // clients i with i % nc == k are coach k's
	groups := make([]domain.Group, sc.Groups)
	for gi := range groups {
		k := gi % nc
		n := 5 + g.rng.IntN(16)
		gr := domain.Group{Handle: fmt.Sprintf("group%03d", gi+1), Name: fmt.Sprintf("Group %03d", gi+1), Coaches: []domain.ID{g.coaches[k].ID}, Created: g.ago(sc.Days)}
		for _, j := range g.rng.Perm(perCoach)[:min(n, perCoach)] {
			gr.Members = append(gr.Members, g.clients[k+nc*j].ID)
		}
		groups[gi] = gr
	}
	err := g.batch(len(groups), func(w *domain.Seeder, i int) error { return w.Put(&groups[i]) })
	if err != nil || sc.PostsPerGroup == 0 {
		return err
	}
	return g.batch(sc.Groups*sc.PostsPerGroup, func(w *domain.Seeder, i int) error {
		gr := &groups[i/sc.PostsPerGroup]
		k := i % sc.PostsPerGroup
		author := gr.Coaches[0]
		if g.rng.IntN(3) > 0 {
			author = gr.Members[g.rng.IntN(len(gr.Members))]
		}
		at := g.now.Add(-time.Duration(sc.PostsPerGroup-k) * 72 * time.Hour).UTC() // every three days
		return w.Put(&domain.Post{Group: gr.ID, Author: author, Body: largePosts[g.rng.IntN(len(largePosts))], At: at})
	})
}
