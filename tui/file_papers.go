package tui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Worksheets and Forms parts of a client file: what the client
// received from a template, newest first. Coaching access assigns a
// worksheet, the team sends a form (n); enter opens one in the filler — a
// scrolling page of its questions, each answer a field — where the client
// (or a contact with forms, for forms) saves a draft, signs and submits,
// and the team fills office and witness fields once it is submitted.
// Contacts never have the Worksheets part (R31).

type papersPart struct {
	pagedList[domain.PaperView]
	kind domain.TemplateKind
}

func newPapersPart(f *clientFile, kind domain.TemplateKind) *papersPart {
	p := &papersPart{kind: kind}
	p.pagedList = pagedList[domain.PaperView]{f: f,
		read: func(before domain.ID) ([]domain.PaperView, error) {
			return f.Svc.ListPapers(f.Who, kind, domain.PaperFilter{Client: f.client.Handle, Before: before, Limit: filePage})
		},
		id: func(v domain.PaperView) domain.ID { return v.Paper.ID }}
	return p
}

func (p *papersPart) spaced() bool { return false }

func (p *papersPart) empty() string { return "no " + string(p.kind) + "s yet" }

// paperStatus is a worksheet's or form's status for people.
func paperStatus(v domain.PaperView) string {
	if v.Paper.Status != domain.PaperSubmitted && v.Paper.ClientSigned() {
		return "signed"
	}
	return string(v.Paper.Status)
}

func (p *papersPart) blocks(width int) [][]string {
	st := p.f.Styles
	out := make([][]string, 0, len(p.rows))
	for _, v := range p.rows {
		status := paperStatus(v)
		switch v.Paper.Status {
		case domain.PaperSubmitted:
			status = st.Yes.Render(status)
		default:
			status = st.Warn.Render(status)
		}
		line := clean(v.Paper.TemplateName) + "  " + status + "  " + st.Subtle.Render("sent "+v.Sent.Format(domain.DateLayout)+" by "+partyLabel(v.SentBy))
		if v.Paper.Due != "" {
			line += st.Subtle.Render(" · due " + v.Paper.Due)
		}
		out = append(out, []string{trunc(line, width)})
	}
	return out
}

func (p *papersPart) open() {
	if p.f.sel < len(p.rows) {
		p.f.openPane(newPaperFiller(p.f.Context, p.rows[p.f.sel]))
	}
}

func (p *papersPart) canNew() (bool, string) {
	c := *p.f.client
	if p.kind == domain.KindWorksheet {
		return p.f.Decide(domain.ActWorksheetsAssign, domain.Target{Client: &c}).Allowed, "assign worksheet"
	}
	return p.f.Decide(domain.ActFormsSend, domain.Target{Client: &c}).Allowed, "send form"
}

// newItem sends the open client a worksheet or form from a template this
// workspace may use.
func (p *papersPart) newItem() tea.Cmd {
	if ok, _ := p.canNew(); !ok {
		return nil
	}
	ts, err := p.f.Svc.ListTemplates(p.f.Who, domain.TemplateFilter{Kind: string(p.kind)})
	if err != nil {
		return Failed(err)
	}
	var opts []choiceOpt
	for _, t := range ts {
		if t.CanUse {
			opts = append(opts, choiceOpt{label: clean(t.Template.Name), value: t.Template.ID.String()})
		}
	}
	if len(opts) == 0 {
		return Status("There is no %s template to use yet: make one on the Templates screen.", p.kind)
	}
	c := *p.f.client
	verb := "Send a form to "
	if p.kind == domain.KindWorksheet {
		verb = "Assign a worksheet to "
	}
	fm := newForm(p.f.Common, verb+personLabel(c))
	if a := p.f.Access(); a.Principal.ID != a.Actor.ID {
		fm.note("The client sees it from " + clean(a.Actor.Name) + " for " + clean(a.Principal.Name) + ".") // R44
	}
	fm.choice("template", "Template", opts)
	if p.kind == domain.KindWorksheet {
		fm.text("due", "Due", "", domain.DateHint+", optional", domain.MaxDateLen).help = "the day it is due; empty: no due day"
	}
	fm.text("message", "Message", "", "a word to the client; optional", domain.MaxTextLen)
	fm.button("save", "Send")
	who, kind := p.f.Who, p.kind
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		id, err := domain.ParseID(fm.value("template"))
		if err != nil {
			return nil, nil, err
		}
		in := domain.NewPaper{Client: c.Handle, Template: id, Due: fm.value("due"), Message: fm.value("message")}
		var v domain.PaperView
		if kind == domain.KindWorksheet {
			v, err = p.f.Svc.AssignWorksheet(who, in)
		} else {
			v, err = p.f.Svc.SendForm(who, in)
		}
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Sent to %s: %s", clean(c.Name), clean(v.Paper.TemplateName)), nil
	}
	p.f.openPane(fm)
	return nil
}

// --- the filler

// newPaperFiller is a worksheet or form as one scrolling page: each
// question with its answer as a field where this workspace may answer it,
// and as text where it may not; signatures are boxes to check. Saving
// stores each changed answer (a draft), then the signatures checked;
// Submit does that and hands it in.
func newPaperFiller(c Context, v domain.PaperView) *form {
	p := v.Paper
	fm := newForm(c.Common, clean(p.TemplateName)+" · "+string(p.Kind)+" "+p.ID.String()+" for "+clean(v.Client.Name))
	fm.note(fmt.Sprintf("Sent %s by %s · %s", v.Sent.Format(domain.DateLayout), partyLabel(v.SentBy), paperStatus(v)))
	if p.Message != "" {
		fm.note("“" + clean(p.Message) + "”")
	}
	answers := map[int]domain.AnswerView{}
	for _, a := range v.Answers {
		answers[a.N] = a
	}
	signs := map[int]domain.SignatureView{}
	for _, s := range v.Signatures {
		signs[s.N] = s
	}
	signature := c.Access().Actor.Signature
	for i, q := range p.Questions {
		n := i + 1
		id := strconv.Itoa(n)
		if q.Type == domain.QHeading {
			fm.heading(clean(q.Text))
			continue
		}
		label := id + ". " + clean(q.Text)
		if q.Required {
			label += " *"
		}
		fm.note(label)
		a, answered := answers[n]
		mayAnswer := q.Type.Answerable() && (q.Type.ForTeam() && v.CanOffice || !q.Type.ForTeam() && v.CanAnswer)
		switch {
		case mayAnswer && q.Type == domain.QChoice:
			opts := []choiceOpt{{label: "(no answer)", value: ""}}
			for _, o := range q.Options {
				opts = append(opts, choiceOpt{label: clean(o), value: o})
			}
			fm.choice("q"+id, "Answer", opts).choose(a.Value)
		case mayAnswer && q.Type == domain.QMulti:
			chosen := strings.Split(a.Value, ", ")
			for j, o := range q.Options {
				on := answered && slices.Contains(chosen, o)
				fm.check("q"+id+"."+strconv.Itoa(j), "", clean(o), on)
			}
		case mayAnswer:
			fm.text("q"+id, "Answer", a.Value, questionExample(q.Type), answerLimit(q.Type))
		case answered:
			fm.note("    " + clean(a.Value) + " — " + clean(a.ByLabel))
		case q.Type.Answerable():
			fm.note("    (no answer)")
		}
		if q.Type.Signed() || q.Type == domain.QOffice {
			s, signed := signs[n]
			maySign := !signed && (q.Type.ForTeam() && v.CanOffice || q.Type == domain.QSignature && v.CanSign && !q.Type.ForTeam() && v.CanAnswer)
			switch {
			case signed:
				fm.note("    Signed: " + clean(s.Adopted) + " — " + clean(s.ByLabel) + ", " + s.At.Format("2006-01-02 15:04"))
			case maySign && signature == "":
				fm.note("    To sign, adopt a signature on your Account screen first.") // R46
			case maySign:
				fm.check("s"+id, "Sign", "as “"+clean(signature)+"”", false)
			default:
				fm.note("    (not signed)")
			}
		}
	}
	if v.SubmitBy != nil {
		fm.note("Submitted " + v.Submitted.Format("2006-01-02 15:04") + " by " + partyLabel(*v.SubmitBy) + ".")
	}
	editable := v.CanAnswer || v.CanOffice || v.CanSign
	if editable {
		fm.button("save", "Save")
	}
	if v.CanSubmit {
		fm.button("submit", "Submit")
	}
	fm.cancelled = "Closed; what was saved stays"
	who, kind, id := c.Who, p.Kind, p.ID
	svc := c.Svc
	store := func(fm *form) (domain.PaperView, int, error) {
		cur, err := svc.ShowPaper(who, kind, id)
		if err != nil {
			return cur, 0, err
		}
		have := map[int]string{}
		for _, a := range cur.Answers {
			have[a.N] = a.Value
		}
		n := 0
		for i, q := range cur.Paper.Questions {
			qid := strconv.Itoa(i + 1)
			var val string
			switch {
			case q.Type == domain.QMulti && fm.field("q"+qid+".0").kind == checkField:
				var on []string
				for j, o := range q.Options {
					if fm.checked("q" + qid + "." + strconv.Itoa(j)) {
						on = append(on, o)
					}
				}
				val = strings.Join(on, ", ")
			case fm.field("q"+qid).kind == textField || fm.field("q"+qid).kind == choiceField:
				val = fm.value("q" + qid)
			default:
				continue
			}
			if strings.TrimSpace(val) == strings.TrimSpace(have[i+1]) {
				continue
			}
			if cur, err = svc.AnswerPaper(who, kind, id, i+1, val); err != nil {
				return cur, n, fieldNamed(err, "q"+qid)
			}
			n++
		}
		for i := range cur.Paper.Questions {
			sid := "s" + strconv.Itoa(i+1)
			if fm.field(sid).kind == checkField && fm.checked(sid) {
				if cur, err = svc.SignForm(who, id, i+1); err != nil {
					return cur, n, fieldNamed(err, sid)
				}
				fm.field(sid).on = false
				n++
			}
		}
		return cur, n, nil
	}
	fm.submit = func(fm *form) (modalPane, tea.Cmd, error) {
		_, n, err := store(fm)
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved %s: %s.", domain.Plural(n, "change", "changes"), clean(p.TemplateName)), nil
	}
	fm.pressed = func(fm *form, button string) {
		if button != "submit" {
			return
		}
		if _, _, err := store(fm); err != nil {
			fm.err = errText(err)
			fm.focusFault(err)
			return
		}
		if _, err := svc.SubmitPaper(who, kind, id); err != nil {
			fm.err = errText(err)
			return
		}
		fm.err = ""
		fm.fields = nil
		fm.focus = -1
		fm.note("Submitted: " + clean(p.TemplateName) + ". The sender is told. Press esc to close.")
	}
	return fm
}

// fieldNamed puts a refusal on the filler's field for the question.
func fieldNamed(err error, field string) error {
	var e *domain.Error
	if errors.As(err, &e) {
		named := *e
		named.Field = field
		return &named
	}
	return err
}

func questionExample(t domain.QuestionType) string {
	switch t {
	case domain.QScale:
		return "1 to 10"
	case domain.QDate:
		return domain.DateHint
	}
	return ""
}

func answerLimit(t domain.QuestionType) int {
	switch t {
	case domain.QLong:
		return domain.MaxTextLen
	case domain.QScale:
		return 2
	case domain.QDate:
		return domain.MaxDateLen
	}
	return domain.MaxLineLen
}

// papersAvailable: a contact's link with forms opens the file for them (R30).
func papersAvailable(c Context) bool {
	p := c.Access().Principal
	return c.Decide(domain.ActFormsList, domain.Target{Client: &p}).Allowed
}

// toDoShown is how many open worksheets and forms a home lists.
const toDoShown = 8

// loadToDo is what the workspace's client has yet to fill in: their open
// worksheets (never for a contact, R31) and forms, the newest first.
func loadToDo(c Context) ([]domain.PaperView, error) {
	var out []domain.PaperView
	p := c.Access().Principal
	for _, k := range []domain.TemplateKind{domain.KindForm, domain.KindWorksheet} {
		list, _, _, _, _ := k.Acts()
		if !c.Decide(list, domain.Target{Client: &p}).Allowed {
			continue
		}
		got, err := c.Svc.ListPapers(c.Who, k, domain.PaperFilter{Open: true, Limit: toDoShown})
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// todoLines is the "To do" part of a home, when there is something to do.
func todoLines(d *doc, st *Styles, todo []domain.PaperView) {
	if len(todo) == 0 {
		return
	}
	d.blank()
	d.heading("To do")
	for _, v := range todo[:min(len(todo), toDoShown)] {
		line := "[ ] " + clean(v.Paper.TemplateName) + st.Subtle.Render("  "+string(v.Paper.Kind)+" · "+paperStatus(v))
		if v.Paper.Due != "" {
			line += st.Subtle.Render(" · due " + v.Paper.Due)
		}
		d.line("  " + line)
	}
	d.line(st.Subtle.Render("  fill them in on the File screen: Forms, Worksheets"))
}
