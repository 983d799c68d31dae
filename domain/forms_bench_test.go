package domain_test

import (
	"fmt"
	"testing"

	"behalf/domain"
)

// Paperwork at the large organisation: two templates per coach (ten
// shared with the team) and two forms per client, the older submitted and
// signed. coach001 is client00101's primary coach. The bound:
// listing a client's forms and opening one within 20 ms at p99.
func BenchmarkForms(b *testing.B) {
	o := largeOrg(b)
	coach := o.Who(b, "coach001", "team")
	c := person(b, o, coach, "client00101") // not among the people with a key: acts by id
	client := domain.Who{Person: c.ID, Workspace: "me"}
	for name, who := range map[string]domain.Who{"coach": coach, "client": client} {
		b.Run("list-and-open/"+name, func(b *testing.B) {
			timed(b, func(int) error {
				fs, err := o.Svc.ListPapers(who, domain.KindForm, domain.PaperFilter{Client: "client00101", Limit: domain.DefaultPage})
				if err == nil && len(fs) == 0 {
					err = fmt.Errorf("no forms")
				}
				if err == nil {
					var f domain.PaperView
					f, err = o.Svc.ShowPaper(who, domain.KindForm, fs[len(fs)-1].Paper.ID)
					if err == nil && len(f.Signatures) == 0 {
						err = fmt.Errorf("the older form is not signed")
					}
				}
				return err
			})
		})
	}
	b.Run("templates/coach", func(b *testing.B) {
		timed(b, func(int) error {
			ts, err := o.Svc.ListTemplates(coach, domain.TemplateFilter{})
			if err == nil && len(ts) < 2 {
				err = fmt.Errorf("%d templates", len(ts))
			}
			return err
		})
	})
}
