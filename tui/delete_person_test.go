package tui

import (
	"testing"

	"behalf/domain"
)

// R19, R21: deleting a team member who owns templates from the Team
// screen asks who receives them, offering the active team; the templates
// pass to the one chosen.
func TestTeamDeleteAsksWhoReceivesTemplates(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	tpl, err := d.svc.AddTemplate(d.as("john", "team"), domain.NewTemplate{Kind: "session", Name: "John's agenda", Questions: "# Goals\n"})
	mustNot(t, err)
	m := practiceModel(t, d, "olivia", "team", "team")
	keys(m, "down") // john
	keys(m, "?")
	practiceHas(t, practiceView(t, m), "x delete")
	keys(m, "?", "x")
	v := practiceView(t, m)
	practiceHas(t, v, "Delete John Jensen (john) for good?", "John Jensen owns 1 template: choose who receives them.", "Templates to", "Adam Alvarez (adam)")
	practiceLacks(t, v, "John Jensen (john) ·") // not offered to himself
	keys(m, "right", "tab", "john")
	practicePress(m, "ctrl+s")
	if m.status.Err || m.status.Text != "Saved: deleted John Jensen (john) for good" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	got, err := d.svc.TemplateByID(d.as("olivia", "team"), tpl.Template.ID)
	mustNot(t, err)
	if got.Owner.Name != "Mira Moss" {
		t.Fatalf("the template went to %+v", got.Owner)
	}

	// Someone who owns none is asked nothing about templates.
	m = practiceModel(t, d, "olivia", "team", "clients")
	keys(m, "x")
	practiceLacks(t, practiceView(t, m), "Templates to")
}
