package demo

import (
	"time"

	"behalf/domain"
)

func init() { extras = append(extras, seedPaperwork) }

// seedPaperwork gives the demo organisation paperwork to show (R21, R23,
// R30): olivia's consent form, shared with the team, and a session
// agenda; rob's weekly worksheet; jane's worksheet (answered, submitted)
// and her signed intake; alex's consent sent by mira, waiting for him or
// a parent whose link carries forms.
func seedPaperwork(w *domain.Seeder, org domain.Org, people map[string]*domain.Person, now time.Time) error {
	id := func(h string) domain.ID { return people[h].ID }
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	consent, err := domain.ParseTemplateText(domain.KindForm, "# About the client\ntext*: Full name\ndate: Date of birth\n"+
		"choice*: Who may collect the client after sessions? | a parent | a guardian | the client alone\n"+
		"signature*: I consent to coaching and to the records being kept.\noffice: File number\nwitness: Witnessed by")
	if err != nil {
		return err
	}
	agenda, err := domain.ParseTemplateText(domain.KindSession, "# Check-in\n# Review of actions\n# Main topic\n# Next steps")
	if err != nil {
		return err
	}
	review, err := domain.ParseTemplateText(domain.KindWorksheet, "# The week\nlong*: What went well?\nlong: What got in the way?\n"+
		"scale: Energy this week\nmulti: Which days did you walk? | Mon | Tue | Wed | Thu | Fri")
	if err != nil {
		return err
	}
	tpl := []domain.Template{
		{Kind: domain.KindForm, Name: "Consent and intake", Owner: id("olivia"), Team: true, Questions: consent},
		{Kind: domain.KindSession, Name: "Coaching session", Owner: id("olivia"), Team: true, Questions: agenda},
		{Kind: domain.KindWorksheet, Name: "Weekly review", Owner: id("rob"), Questions: review},
	}
	for i := range tpl {
		t := &tpl[i]
		t.Version, t.Maker, t.Created, t.Changed = 1, t.Owner, ago(40), ago(40)
		if err := w.Put(t); err != nil {
			return err
		}
	}
	papers := []domain.Paper{
		{Kind: domain.KindForm, Client: id("jane"), Template: tpl[0].ID, Sender: id("rob"), Sent: ago(30), Status: domain.PaperSubmitted,
			Answers:    []domain.Answer{{N: 2, Value: "Jane Smith", Who: id("jane"), At: ago(29)}, {N: 4, Value: "the client alone", Who: id("jane"), At: ago(29)}},
			Signatures: []domain.Signature{{N: 5, Who: id("jane"), Capacity: domain.AsClient, Adopted: "Jane Smith", At: ago(29)}},
			Submitted:  ago(29), Submitter: id("jane")},
		{Kind: domain.KindForm, Client: id("alex"), Template: tpl[0].ID, Sender: id("mira"), Sent: ago(2), Status: domain.PaperSent,
			Message: "Please fill this in before the next session; a parent may sign it."},
		{Kind: domain.KindWorksheet, Client: id("jane"), Template: tpl[2].ID, Sender: id("rob"), Sent: ago(9), Status: domain.PaperSubmitted,
			Answers: []domain.Answer{{N: 2, Value: "Delegated the budget review to Sam.", Who: id("jane"), At: ago(7)},
				{N: 4, Value: "7", Who: id("jane"), At: ago(7)}, {N: 5, Value: "Mon, Wed, Fri", Who: id("jane"), At: ago(7)}},
			Submitted: ago(7), Submitter: id("jane")},
		{Kind: domain.KindWorksheet, Client: id("jane"), Template: tpl[2].ID, Sender: id("asa"), SenderFor: id("rob"), Sent: ago(1),
			Due: now.In(org.Location()).AddDate(0, 0, 6).Format(domain.DateLayout), Status: domain.PaperSent, Message: "Rob's weekly review, as usual."},
	}
	for i := range papers {
		p := &papers[i]
		t := tpl[0]
		if p.Kind == domain.KindWorksheet {
			t = tpl[2]
		}
		p.TemplateName, p.TemplateVersion, p.Questions = t.Name, 1, t.Questions
		if err := w.Put(p); err != nil {
			return err
		}
	}
	return nil
}
