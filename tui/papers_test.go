package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R30, R46, R44: on an 80×24 screen pat, whose link to alex carries
// forms, opens alex's consent in the filler, answers, signs with his
// adopted signature and submits; the domain then holds every answer and
// the signature, attributed to him for alex.
func TestFormFillerOnScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	mira := d.as("mira", "team")
	tv, err := d.svc.AddTemplate(mira, domain.NewTemplate{Kind: "form", Name: "Consent",
		Questions: "# About Alex\ntext*: Full name\nchoice: Collected by | parent | guardian\nsignature*: I consent to coaching."})
	mustNot(t, err)
	f, err := d.svc.SendForm(mira, domain.NewPaper{Client: "alex", Template: tv.Template.ID, Message: "Before Monday, please."})
	mustNot(t, err)
	_, err = d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "alex", Contact: "pat", Perms: "schedule,packages,payments,progress,forms"})
	mustNot(t, err)
	sig := "Pat J."
	_, err = d.svc.SetProfile(d.as("pat", "contact:alex"), domain.ProfileChange{Signature: &sig})
	mustNot(t, err)

	x := openIn(d, "pat", "contact:alex", "file", "Sessions")
	x.keys("left") // forms: the last part
	x.waitText("Forms", "Consent", "sent")
	x.keys("enter")
	x.waitText("Consent · form", "Before Monday, please.", "About Alex", "2. Full name *")
	x.keys("Alex Johnson", "tab", "right", "tab", "space", "tab", "tab", "enter") // name, parent, sign, save → submit
	x.waitText("Submitted: Consent")
	got, err := d.svc.ShowPaper(d.as("mira", "team"), domain.KindForm, f.Paper.ID)
	mustNot(t, err)
	if got.Paper.Status != domain.PaperSubmitted || len(got.Answers) != 2 || got.Answers[1].Value != "parent" || len(got.Signatures) != 1 {
		t.Fatalf("the form after the filler: %+v", got.Paper)
	}
	if s := got.Signatures[0]; s.ByLabel != "Pat Johnson (contact) for Alex Johnson" || s.Adopted != "Pat J." {
		t.Fatalf("signed by %q as %q", s.ByLabel, s.Adopted)
	}
	for _, l := range x.lines() {
		if w := len([]rune(strings.TrimRight(l, " "))); w > 80 {
			t.Fatalf("a line wider than the screen: %q", l)
		}
	}
}

// R31: a contact never has the Worksheets part, whatever the link says.
func TestNoWorksheetsForContacts(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	mira := d.as("mira", "team")
	tv, err := d.svc.AddTemplate(mira, domain.NewTemplate{Kind: "worksheet", Name: "Reading log", Questions: "text: What did you read?"})
	mustNot(t, err)
	_, err = d.svc.AssignWorksheet(mira, domain.NewPaper{Client: "alex", Template: tv.Template.ID})
	mustNot(t, err)
	_, err = d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "alex", Contact: "pat", Perms: "schedule,forms"})
	mustNot(t, err)
	x := openIn(d, "pat", "contact:alex", "file", "Sessions")
	x.waitText("Forms")
	if s := x.screen(); strings.Contains(s, "Worksheets") || strings.Contains(s, "Reading log") {
		t.Fatalf("a contact sees worksheets:\n%s", s)
	}
	y := openIn(d, "alex", "", "file", "Sessions")
	y.keys("left", "left") // forms, then worksheets: the client's own
	y.waitText("Reading log", "sent")
}

// R21: the Templates screen makes a template line by line (ctrl+n adds a
// line, alt+↑ moves one); a coach without manage_templates is told why he
// cannot share it.
func TestTemplatesScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "rob", "", "templates", "Templates · yours and the team's")
	x.keys("a")
	x.waitText("New template", "Kind", "Line")
	x.keys("tab", "Weekly review", "tab", "text*: What went well?")
	x.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlN})
	x.keys("# The week")
	x.tm.Send(tea.KeyMsg{Type: tea.KeyUp, Alt: true})
	x.keys("ctrl+s")
	x.waitText("Made: Weekly review")
	list, err := d.svc.ListTemplates(d.as("rob", "team"), domain.TemplateFilter{})
	mustNot(t, err)
	var got *domain.TemplateView
	for i, v := range list {
		if v.Template.Name == "Weekly review" && v.Template.Version == 1 && v.Template.Kind == domain.KindWorksheet && v.Template.Owner == d.ids["rob"] && v.Template.ID > 3 {
			got = &list[i]
		}
	}
	if got == nil || domain.TemplateText(got.Template.Questions) != "# The week\ntext*: What went well?\n" {
		t.Fatalf("templates: %+v", list)
	}
	x.keys("s")
	x.waitText("manage_templates")
}

// The client's home lists what they have yet to fill in.
func TestToDoOnClientHome(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	rob := d.as("rob", "team")
	tv, err := d.svc.AddTemplate(rob, domain.NewTemplate{Kind: "worksheet", Name: "Weekly review", Questions: "text: What went well?"})
	mustNot(t, err)
	_, err = d.svc.ChangePerms(d.as("olivia", "team"), "rob", true, []string{"coach_all_clients"})
	mustNot(t, err)
	_, err = d.svc.AssignWorksheet(rob, domain.NewPaper{Client: "alex", Template: tv.Template.ID, Due: "2026-12-04"})
	mustNot(t, err)
	x := openIn(d, "alex", "", "home", "Your coaches")
	x.keys("G") // the bottom of the home
	x.waitText("To do", "[ ] Weekly review  worksheet · sent · due 2026-12-04", "[ ] Consent and intake  form · sent")
}
