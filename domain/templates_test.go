package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

const consentText = `# About you
text*: Your full name
date: Date of birth
choice*: Who may collect you? | parent | guardian | either
scale: How do you feel about coaching?
signature*: I consent to coaching sessions.
office: File number
witness: Witnessed by`

// The text a template is written in reads back the same, and each kind
// takes only the questions it allows.
func TestTemplateTextRoundTrip(t *testing.T) {
	t.Parallel()
	qs, err := domain.ParseTemplateText(domain.KindForm, consentText)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 8 || qs[0].Type != domain.QHeading || !qs[1].Required || len(qs[3].Options) != 3 || qs[5].Type != domain.QSignature {
		t.Fatalf("parsed %+v", qs)
	}
	again, err := domain.ParseTemplateText(domain.KindForm, domain.TemplateText(qs))
	if err != nil || domain.TemplateText(again) != domain.TemplateText(qs) {
		t.Fatalf("round trip: %v\n%s", err, domain.TemplateText(again))
	}
	for _, c := range []struct {
		kind domain.TemplateKind
		text string
		want string
	}{
		{domain.KindWorksheet, "rating: How was it?", `line 1: "rating" is not a question type`},
		{domain.KindWorksheet, "text: Goal?\nchoice: Pick one", "line 2: a choice question needs at least two options"},
		{domain.KindWorksheet, "signature: Sign here", "line 1: signature questions belong on forms"},
		{domain.KindSession, "# Check-in\ntext: Goal?", "line 2: a session template is an agenda"},
		{domain.KindForm, "office*: File", "cannot be required"},
		{domain.KindWorksheet, "text: " + strings.Repeat("x", domain.MaxLineLen+1), "line 1: the question is too long"},
		{domain.KindWorksheet, strings.Repeat("text: Q\n", domain.MaxQuestions+1), "at most 200 questions"},
		{domain.KindWorksheet, "# Only a heading", "needs at least one question besides its headings"},
		{domain.KindWorksheet, "What is your goal?", "line 1: write a question as TYPE: TEXT"},
	} {
		_, err := domain.ParseTemplateText(c.kind, c.text)
		if domain.KindOf(err) != domain.KindInvalid || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v; want one line with %q", c.text[:min(len(c.text), 30)], err, c.want)
		}
	}
}

// R21: the owner edits their own; manage_templates shares one's own with
// the team and stops sharing it; reassign_ownership passes any template
// on, after which the former owner no longer edits it; an assistant makes
// templates for the practitioner (R41), attributed to the assistant (R44).
func TestTemplateOwnershipAndSharing(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	rob, mira, olivia := d.as("rob", "team"), d.as("mira", "team"), d.as("olivia", "team")
	tv, err := d.svc.AddTemplate(rob, domain.NewTemplate{Kind: "worksheet", Name: "Weekly review", Questions: "text*: What went well?"})
	if err != nil {
		t.Fatal(err)
	}
	id := tv.Template.ID
	if _, err := d.svc.TemplateByID(mira, id); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("mira sees rob's unshared template: %v", err)
	}
	_, err = d.svc.ShareTemplate(rob, id, true)
	wantKind(t, err, domain.KindDenied) // rob lacks manage_templates
	if !strings.Contains(err.Error(), "manage_templates") {
		t.Fatalf("refusal: %v", err)
	}
	if _, err := d.svc.ChangePerms(olivia, "rob", true, []string{"manage_templates"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.ShareTemplate(rob, id, true); err != nil {
		t.Fatal(err)
	}
	if got, ok := findTemplate(t, d.svc, mira, domain.TemplateFilter{Team: true}, id); !ok || got.CanEdit || !got.CanUse {
		t.Fatalf("mira's team templates lack rob's, or let her edit it: %+v", got)
	}
	_, err = d.svc.EditTemplate(mira, id, domain.TemplateEdit{Name: ptr("Mine now")})
	wantKind(t, err, domain.KindDenied) // only the owner edits
	if _, err := d.svc.ShareTemplate(rob, id, false); err != nil {
		t.Fatal(err)
	}
	if _, ok := findTemplate(t, d.svc, mira, domain.TemplateFilter{}, id); ok {
		t.Fatal("unshared, mira still lists it")
	}
	// reassign_ownership: olivia (owner) passes it to mira.
	_, err = d.svc.ReassignTemplate(rob, id, "mira")
	wantKind(t, err, domain.KindDenied)
	if _, err := d.svc.ReassignTemplate(olivia, id, "jane"); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("reassign to a client: %v", err)
	}
	if _, err := d.svc.ReassignTemplate(olivia, id, "mira"); err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.EditTemplate(rob, id, domain.TemplateEdit{Name: ptr("Still mine")})
	wantKind(t, err, domain.KindNotFound) // no longer his, nor shared: out of his sight
	if _, err := d.svc.EditTemplate(mira, id, domain.TemplateEdit{Name: ptr("Mira's review")}); err != nil {
		t.Fatal(err)
	}
	// An assistant makes one for the practitioner.
	av, err := d.svc.AddTemplate(d.as("asa", "assistant:rob"), domain.NewTemplate{Kind: "session", Name: "First session", Questions: "# Goals\n# Next steps"})
	if err != nil {
		t.Fatal(err)
	}
	if av.Owner.Handle != "rob" || av.Maker.Label() != "Asa Ahmed (assistant) for Rob Reyes (coach)" {
		t.Fatalf("owner %+v, maker %q", av.Owner, av.Maker.Label())
	}
	_, err = d.svc.ListTemplates(d.as("jane", "me"), domain.TemplateFilter{})
	wantKind(t, err, domain.KindDenied)
}

// Bad input is refused with one line and changes nothing.
func TestTemplateBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	rob := d.as("rob", "team")
	tv, err := d.svc.AddTemplate(rob, domain.NewTemplate{Kind: "form", Name: "Intake", Questions: "text: Name\nscale: Energy"})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := d.svc.TemplateByID(rob, tv.Template.ID)
	all, _ := d.svc.ListTemplates(rob, domain.TemplateFilter{})
	for _, text := range []string{"mood: How?", "choice: Pick", strings.Repeat("text: Q\n", 201), "text: " + strings.Repeat("y", 201)} {
		_, err := d.svc.EditTemplate(rob, tv.Template.ID, domain.TemplateEdit{Questions: ptr(text)})
		wantKind(t, err, domain.KindInvalid)
		if domain.FieldOf(err) != "questions" {
			t.Errorf("field %q", domain.FieldOf(err))
		}
	}
	_, err = d.svc.AddTemplate(rob, domain.NewTemplate{Kind: "quiz", Name: "X", Questions: "text: Q"})
	wantKind(t, err, domain.KindInvalid)
	after, _ := d.svc.TemplateByID(rob, tv.Template.ID)
	if after.Template.Version != before.Template.Version || domain.TemplateText(after.Template.Questions) != domain.TemplateText(before.Template.Questions) {
		t.Fatal("a refused edit changed the template")
	}
	if got, _ := d.svc.ListTemplates(rob, domain.TemplateFilter{}); len(got) != len(all) {
		t.Fatalf("%d templates after refusals, %d before", len(got), len(all))
	}
}

// R21: a form keeps the version it was sent with; editing the template
// changes only what is sent later.
func TestEditingATemplateKeepsWhatWasSent(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	mira := d.as("mira", "team")
	tv, err := d.svc.AddTemplate(mira, domain.NewTemplate{Kind: "form", Name: "Consent", Questions: consentText})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := d.svc.SendForm(mira, domain.NewPaper{Client: "alex", Template: tv.Template.ID, Message: "Please fill this in."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.EditTemplate(mira, tv.Template.ID, domain.TemplateEdit{Questions: ptr("text: Just one question\nsignature: Sign")}); err != nil {
		t.Fatal(err)
	}
	got, err := d.svc.ShowPaper(mira, domain.KindForm, sent.Paper.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Paper.TemplateVersion != 1 || len(got.Paper.Questions) != 8 || got.Paper.Questions[1].Text != "Your full name" {
		t.Fatalf("the sent form changed: version %d, %d questions", got.Paper.TemplateVersion, len(got.Paper.Questions))
	}
	later, err := d.svc.SendForm(mira, domain.NewPaper{Client: "alex", Template: tv.Template.ID})
	if err != nil || later.Paper.TemplateVersion != 2 || len(later.Paper.Questions) != 2 {
		t.Fatalf("a later form: %+v, %v", later.Paper, err)
	}
	// A worksheet template is not a form.
	ws, _ := d.svc.AddTemplate(mira, domain.NewTemplate{Kind: "worksheet", Name: "W", Questions: "text: Q"})
	_, err = d.svc.SendForm(mira, domain.NewPaper{Client: "alex", Template: ws.Template.ID})
	wantKind(t, err, domain.KindInvalid)
}

// R30, R46, R44: a parent with `forms` completes and signs a child's
// consent, attributed to them for the child; signing needs an adopted
// signature; the signed form is frozen; the witness is the team's, by name.
func TestParentSignsChildConsent(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	mira, pat := d.as("mira", "team"), d.as("pat", "contact:alex")
	tv, err := d.svc.AddTemplate(mira, domain.NewTemplate{Kind: "form", Name: "Consent", Questions: consentText})
	if err != nil {
		t.Fatal(err)
	}
	f, err := d.svc.SendForm(mira, domain.NewPaper{Client: "alex", Template: tv.Template.ID})
	if err != nil {
		t.Fatal(err)
	}
	id := f.Paper.ID
	_, err = d.svc.ShowPaper(pat, domain.KindForm, id)
	wantKind(t, err, domain.KindDenied) // the link does not carry forms yet
	if _, err := d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "alex", Contact: "pat", Perms: "schedule,packages,payments,progress,forms"}); err != nil {
		t.Fatal(err)
	}
	// Bad answers: one line, nothing changed.
	for _, c := range []struct {
		n     int
		value string
		kind  domain.Kind
	}{{99, "x", domain.KindInvalid}, {5, "11", domain.KindInvalid}, {4, "uncle", domain.KindInvalid}, {3, "soon", domain.KindInvalid}, {1, "x", domain.KindInvalid}} {
		_, err := d.svc.AnswerPaper(pat, domain.KindForm, id, c.n, c.value)
		wantKind(t, err, c.kind)
	}
	if got, _ := d.svc.ShowPaper(pat, domain.KindForm, id); len(got.Paper.Answers) != 0 || got.Paper.Status != domain.PaperSent {
		t.Fatalf("refused answers changed the form: %+v", got.Paper)
	}
	_, err = d.svc.SubmitPaper(pat, domain.KindForm, id)
	wantKind(t, err, domain.KindConflict) // required questions
	for n, v := range map[int]string{2: "Alex Johnson", 4: "Parent", 5: "8"} {
		if _, err := d.svc.AnswerPaper(pat, domain.KindForm, id, n, v); err != nil {
			t.Fatalf("answer %d: %v", n, err)
		}
	}
	_, err = d.svc.AnswerPaper(mira, domain.KindForm, id, 2, "Mira writes")
	wantKind(t, err, domain.KindDenied) // the team does not answer for the client
	_, err = d.svc.SignForm(pat, id, 6)
	wantKind(t, err, domain.KindConflict) // no adopted signature yet (R46)
	if _, err := d.svc.SetProfile(pat, domain.ProfileChange{Signature: ptr("Pat Johnson")}); err != nil {
		t.Fatal(err)
	}
	signed, err := d.svc.SignForm(pat, id, 6)
	if err != nil {
		t.Fatal(err)
	}
	sg := signed.Signatures[0]
	if sg.ByLabel != "Pat Johnson (contact) for Alex Johnson" || sg.Capacity != domain.AsContact || sg.Adopted != "Pat Johnson" || sg.Behalf != d.ids["alex"] {
		t.Fatalf("signature %+v, %q", sg.Signature, sg.ByLabel)
	}
	if a := signed.Answers[0]; a.ByLabel != "Pat Johnson (contact) for Alex Johnson" {
		t.Fatalf("answer by %q", a.ByLabel)
	}
	_, err = d.svc.AnswerPaper(pat, domain.KindForm, id, 2, "Alexander Johnson")
	wantKind(t, err, domain.KindConflict) // signed: frozen
	_, err = d.svc.SignForm(pat, id, 6)
	wantKind(t, err, domain.KindConflict)
	// The witness signs only once it is submitted, and never the contact.
	asa := d.as("asa", "assistant:olivia")
	if _, err := d.svc.SetProfile(asa, domain.ProfileChange{Signature: ptr("A. Ahmed")}); err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.SignForm(asa, id, 8)
	wantKind(t, err, domain.KindConflict)
	if _, err := d.svc.SubmitPaper(pat, domain.KindForm, id); err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.SignForm(pat, id, 8)
	wantKind(t, err, domain.KindDenied)
	w, err := d.svc.SignForm(asa, id, 8)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Signatures[1]; got.ByLabel != "Asa Ahmed (assistant) for Olivia Owens (coach)" || got.Capacity != domain.AsAssistant {
		t.Fatalf("witness %q as %s", got.ByLabel, got.Capacity)
	}
	if _, err := d.svc.AnswerPaper(mira, domain.KindForm, id, 7, "F-1042"); err != nil {
		t.Fatal(err)
	}
	// Pat's other child's link has no forms: nothing shows there.
	_, err = d.svc.ListPapers(d.as("pat", "contact:casey"), domain.KindForm, domain.PaperFilter{})
	wantKind(t, err, domain.KindDenied)
}

// R23, R31: a worksheet is coaching work — the client answers it, no
// contact sees it whatever the link carries; required answers come first.
func TestWorksheetsAreTheClientsAlone(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	rob, jane := d.as("rob", "team"), d.as("jane", "me")
	tv, err := d.svc.AddTemplate(rob, domain.NewTemplate{Kind: "worksheet", Name: "Weekly review", Questions: "# The week\ntext*: What went well?\nmulti: Which days? | Mon | Tue | Wed"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := d.svc.AssignWorksheet(rob, domain.NewPaper{Client: "jane", Template: tv.Template.ID, Due: "2026-12-01", Message: "For Friday"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.AssignWorksheet(d.as("john", "team"), domain.NewPaper{Client: "jane", Template: tv.Template.ID})
	wantKind(t, err, domain.KindDenied) // view-only (R14), and not his template
	if _, err := d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "eve", Perms: "schedule,billing,forms"}); err != nil {
		t.Fatal(err)
	}
	eve := d.as("eve", "contact:jane")
	_, err = d.svc.ShowPaper(eve, domain.KindWorksheet, w.Paper.ID)
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.AnswerPaper(eve, domain.KindWorksheet, w.Paper.ID, 2, "x")
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.ListPapers(eve, domain.KindWorksheet, domain.PaperFilter{})
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.AnswerPaper(rob, domain.KindWorksheet, w.Paper.ID, 2, "x")
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.AnswerPaper(jane, domain.KindWorksheet, w.Paper.ID, 1, "x")
	wantKind(t, err, domain.KindInvalid) // a heading
	got, err := d.svc.AnswerPaper(jane, domain.KindWorksheet, w.Paper.ID, 3, "wed, 1")
	if err != nil || got.Paper.Answers[0].Value != "Mon, Wed" || got.Paper.Status != domain.PaperDraft {
		t.Fatalf("%+v, %v", got.Paper, err)
	}
	_, err = d.svc.SubmitPaper(jane, domain.KindWorksheet, w.Paper.ID)
	wantKind(t, err, domain.KindConflict)
	if _, err := d.svc.AnswerPaper(jane, domain.KindWorksheet, w.Paper.ID, 2, "Slept well"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.SubmitPaper(jane, domain.KindWorksheet, w.Paper.ID); err != nil {
		t.Fatal(err)
	}
	list, err := d.svc.ListPapers(rob, domain.KindWorksheet, domain.PaperFilter{Client: "jane", Status: "submitted"})
	if err != nil || len(list) == 0 || list[0].Paper.ID != w.Paper.ID || list[0].SubmitBy.Label() != "Jane Smith (client)" {
		t.Fatalf("%+v, %v", list, err)
	}
	_, err = d.svc.AnswerPaper(jane, domain.KindWorksheet, w.Paper.ID, 2, "Changed")
	wantKind(t, err, domain.KindConflict)
}

// findTemplate is template id in who's list, if it is there.
func findTemplate(t *testing.T, svc *domain.Service, who domain.Who, f domain.TemplateFilter, id domain.ID) (domain.TemplateView, bool) {
	t.Helper()
	list, err := svc.ListTemplates(who, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range list {
		if v.Template.ID == id {
			return v, true
		}
	}
	return domain.TemplateView{}, false
}

// R21: deleting a coach who owns templates asks who receives them; the
// receiver then owns and edits them.
func TestDeletingACoachPassesTheirTemplates(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	tv, err := d.svc.AddTemplate(d.as("john", "team"), domain.NewTemplate{Kind: "worksheet", Name: "John's review", Questions: "text: How was it?"})
	if err != nil {
		t.Fatal(err)
	}
	err = d.svc.DeletePerson(olivia, "john", "john")
	wantKind(t, err, domain.KindConflict)
	if !strings.Contains(err.Error(), "owns 1 template") || domain.FieldOf(err) != "templates-to" {
		t.Fatalf("refusal: %v (%s)", err, domain.FieldOf(err))
	}
	err = d.svc.DeletePersonPassing(olivia, "john", "john", "jane")
	wantKind(t, err, domain.KindInvalid) // not on the team
	if err := d.svc.DeletePersonPassing(olivia, "john", "john", "mira"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.EditTemplate(d.as("mira", "team"), tv.Template.ID, domain.TemplateEdit{Name: ptr("Mira's review")}); err != nil {
		t.Fatal(err)
	}
}
