package domain_test

import (
	"fmt"
	"testing"

	"behalf/domain"
)

// Coaching work at the large organisation: ten actions and two metrics of
// 26 weekly values per client, 300 groups of 5–20 of a coach's clients
// with 30 posts each. coach001 coaches client00101 and group001.
func BenchmarkCoaching(b *testing.B) {
	o := largeOrg(b)
	coach := o.Who(b, "coach001", "team")
	b.Run("actions/client-file", func(b *testing.B) {
		timed(b, func(int) error {
			as, err := o.Svc.ListActions(coach, domain.ActionFilter{Client: "client00101", Limit: domain.DefaultPage})
			if err == nil && len(as) == 0 {
				err = fmt.Errorf("no actions")
			}
			return err
		})
	})
	b.Run("metrics/client-file", func(b *testing.B) {
		timed(b, func(int) error {
			ms, err := o.Svc.ListMetrics(coach, domain.MetricFilter{Client: "client00101", Limit: domain.DefaultPage})
			if err == nil && len(ms) == 0 {
				err = fmt.Errorf("no metrics")
			}
			if err == nil {
				var m domain.MetricView
				m, err = o.Svc.ShowMetric(coach, ms[0].Metric.ID, "", "")
				if err == nil && len(m.Points) == 0 {
					err = fmt.Errorf("no values")
				}
			}
			return err
		})
	})
	g, err := o.Svc.ShowGroup(coach, "group001")
	if err != nil || len(g.Members) == 0 {
		b.Fatalf("group001: %v", err)
	}
	member := domain.Who{Person: g.Members[0].ID, Workspace: "me"}
	for name, who := range map[string]domain.Who{"coach": coach, "member": member} {
		b.Run("posts/group/"+name, func(b *testing.B) {
			timed(b, func(int) error {
				ps, err := o.Svc.Posts(who, "group001", domain.PageQuery{Limit: domain.DefaultPage})
				if err == nil && len(ps) == 0 {
					err = fmt.Errorf("no posts")
				}
				return err
			})
		})
	}
	b.Run("overdue/agenda", func(b *testing.B) {
		timed(b, func(int) error {
			_, err := o.Svc.CoachOverdue(coach, 5)
			return err
		})
	})
}
