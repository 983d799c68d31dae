package cli

import (
	"strconv"
	"strings"
	"time"

	"behalf/domain"
)

// Worksheets and forms a client received: the same verbs for both, one
// domain use case behind each; forms are also signed and printed.

func init() {
	for _, k := range []domain.TemplateKind{domain.KindWorksheet, domain.KindForm} {
		noun := string(k) + "s"
		register(
			&command{noun: noun, verb: "list", maxArgs: 0, summary: paperSummary(k, "list"),
				flags: []flagSpec{
					{name: "client", arg: "H", usage: "only this client's (in me: yours)"},
					{name: "status", arg: "S", usage: "sent, draft or submitted"},
					{name: "before", arg: "ID", usage: "the page older than this one"},
					{name: "limit", arg: "N", usage: "at most N (default 50)"},
				}, run: paperRun(k, runPapersList)},
			&command{noun: noun, verb: "show", args: "ID", minArgs: 1, maxArgs: 1, summary: "one " + string(k) + " with its questions and answers", run: paperRun(k, runPapersShow)},
			&command{noun: noun, verb: "answer", args: "ID", minArgs: 1, maxArgs: 1, summary: paperSummary(k, "answer"),
				flags: []flagSpec{
					{name: "question", arg: "N", usage: "the question's number", req: true},
					{name: "value", arg: "V", usage: "the answer: text, an option (or its number; several by commas), 1–10, or YYYY-MM-DD; empty takes it back", req: true},
				}, run: paperRun(k, runPapersAnswer)},
			&command{noun: noun, verb: "submit", args: "ID", minArgs: 1, maxArgs: 1, summary: "hand in a " + string(k) + " once its required questions are answered", run: paperRun(k, runPapersSubmit)},
		)
	}
	register(
		&command{noun: "worksheets", verb: "assign", maxArgs: 0, summary: "give a client a worksheet from a template (coaching access)",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "template", arg: "ID", usage: "a worksheet template", req: true},
				{name: "due", arg: "DATE", usage: "when it is due, YYYY-MM-DD"},
				{name: "message", arg: "TEXT", usage: "a word to the client, shown with your name"},
			}, run: paperRun(domain.KindWorksheet, runPapersSend)},
		&command{noun: "forms", verb: "send", maxArgs: 0, summary: "send a client a form from a template",
			flags: []flagSpec{
				{name: "client", arg: "H", usage: "the client", req: true},
				{name: "template", arg: "ID", usage: "a form template", req: true},
				{name: "message", arg: "TEXT", usage: "a word to the client, shown with your name"},
			}, run: paperRun(domain.KindForm, runPapersSend)},
		&command{noun: "forms", verb: "sign", args: "ID", minArgs: 1, maxArgs: 1, summary: "sign a signature, office or witness field with your adopted signature",
			flags: []flagSpec{{name: "question", arg: "N", usage: "the field's number", req: true}}, run: runFormsSign},
		&command{noun: "forms", verb: "print", args: "ID", minArgs: 1, maxArgs: 1, summary: "a form as plain text, with every signature line", run: runFormsPrint},
	)
}

func paperSummary(k domain.TemplateKind, verb string) string {
	switch {
	case verb == "list" && k == domain.KindWorksheet:
		return "worksheets given to clients, newest first (never shown to contacts)"
	case verb == "list":
		return "forms sent to clients, newest first"
	case k == domain.KindWorksheet:
		return "answer a question of your worksheet (saved as a draft until you submit)"
	}
	return "answer a question of a form (saved as a draft until submitted)"
}

// paperRun binds a kind to a run function shared by worksheets and forms.
func paperRun(k domain.TemplateKind, run func(c *call, k domain.TemplateKind) error) func(*call) error {
	return func(c *call) error { return run(c, k) }
}

type answerJSON struct {
	N      int    `json:"n"`
	Value  string `json:"value"`
	By     string `json:"by"` // a handle; "" for the organisation
	ByName string `json:"by_name"`
	ByRole string `json:"by_role"`
	For    string `json:"for"` // the client a contact acted for, the practitioner an assistant did
	At     string `json:"at"`
}

type signatureJSON struct {
	N         int    `json:"n"`
	By        string `json:"by"`
	ByName    string `json:"by_name"`
	For       string `json:"for"`
	Capacity  string `json:"capacity"`
	Signature string `json:"signature"` // the adopted signature signed with
	At        string `json:"at"`
}

type paperJSON struct {
	ID              string          `json:"id"`
	Kind            string          `json:"kind"`
	Client          string          `json:"client"`
	Template        string          `json:"template"`
	TemplateVersion int             `json:"template_version"`
	Name            string          `json:"name"`
	Status          string          `json:"status"`
	SentBy          string          `json:"sent_by"`
	SentByName      string          `json:"sent_by_name"`
	SentByRole      string          `json:"sent_by_role"`
	For             string          `json:"for"`
	Sent            string          `json:"sent"`
	Due             *string         `json:"due"`
	Message         string          `json:"message"`
	Submitted       *string         `json:"submitted"`
	Questions       []questionJSON  `json:"questions"`
	Answers         []answerJSON    `json:"answers"`
	Signatures      []signatureJSON `json:"signatures"`
}

// forOf is the handle of whom a party acted for: the practitioner of an
// assistant, or the client a contact acted for.
func forOf(p domain.Party, behalf domain.ID, client domain.Person) string {
	switch {
	case p.For != nil:
		return p.For.Handle
	case behalf != 0 && behalf == client.ID:
		return client.Handle
	}
	return ""
}

func paperView(v domain.PaperView) paperJSON {
	p := v.Paper
	j := paperJSON{ID: p.ID.String(), Kind: string(p.Kind), Client: v.Client.Handle, Template: p.Template.String(), TemplateVersion: p.TemplateVersion,
		Name: p.TemplateName, Status: string(p.Status), SentBy: v.SentBy.Handle, SentByName: v.SentBy.Name, SentByRole: string(v.SentBy.As),
		For: forOf(v.SentBy, p.SenderFor, v.Client), Sent: v.Sent.Format(time.RFC3339), Message: p.Message,
		Questions: questionsJSON(p.Questions), Answers: []answerJSON{}, Signatures: []signatureJSON{}}
	if p.Due != "" {
		d := p.Due
		j.Due = &d
	}
	if !v.Submitted.IsZero() {
		s := v.Submitted.Format(time.RFC3339)
		j.Submitted = &s
	}
	for _, a := range v.Answers {
		j.Answers = append(j.Answers, answerJSON{N: a.N, Value: a.Value, By: a.By.Handle, ByName: a.By.Name, ByRole: string(a.By.As),
			For: forOf(a.By, a.Behalf, v.Client), At: a.At.Format(time.RFC3339)})
	}
	for _, s := range v.Signatures {
		sig := s.Adopted
		if s.By.Hidden() {
			sig = "" // someone the reader does not see signs as the organisation
		}
		j.Signatures = append(j.Signatures, signatureJSON{N: s.N, By: s.By.Handle, ByName: s.By.Name, For: forOf(s.By, s.Behalf, v.Client),
			Capacity: string(s.Capacity), Signature: sig, At: s.At.Format(time.RFC3339)})
	}
	return j
}

// PaperStatusWords is a worksheet's or form's status for people.
func paperStatusWords(v domain.PaperView) string {
	if v.Paper.Status != domain.PaperSubmitted && v.Paper.ClientSigned() {
		return "signed"
	}
	return string(v.Paper.Status)
}

func runPapersList(c *call, k domain.TemplateKind) error {
	f := domain.PaperFilter{Client: c.str("client"), Status: c.str("status")}
	var err error
	if f.Before, f.Limit, err = c.pageFlags(); err != nil {
		return err
	}
	list, err := c.env.Service.ListPapers(c.who, k, f)
	if err != nil {
		return err
	}
	out := make([]paperJSON, 0, len(list))
	for _, v := range list {
		out = append(out, paperView(v))
	}
	return c.emit(out, func(w *textOut) {
		if len(list) == 0 {
			w.line("No " + string(k) + "s.")
			return
		}
		w.row("ID", "CLIENT", "NAME", "STATUS", "SENT", "SENT BY")
		for _, v := range list {
			w.row(v.Paper.ID.String(), v.Client.Handle, v.Paper.TemplateName, paperStatusWords(v), v.Sent.Format(domain.DateLayout), v.SentBy.Label())
		}
	})
}

// emitPaper prints a worksheet or form: a sentence after a change, the
// whole of it for show and print.
func (c *call) emitPaper(v domain.PaperView, say string, full bool) error {
	return c.emit(paperView(v), func(w *textOut) {
		p := v.Paper
		head := string(p.Kind) + " " + p.ID.String() + " for " + v.Client.Name + ": " + p.TemplateName
		if !full {
			w.line(say + ": " + head + " (" + paperStatusWords(v) + ").")
			return
		}
		writePaper(w, v, head)
	})
}

const paperTime = "2006-01-02 15:04"

// writePaper writes a worksheet or form as plain text: every question
// with its answer and who gave it, and every signature line.
func writePaper(w *textOut, v domain.PaperView, head string) {
	p := v.Paper
	w.line(head)
	line := "Sent " + v.Sent.Format(domain.DateLayout) + " by " + v.SentBy.Label()
	if p.Due != "" {
		line += "; due " + p.Due
	}
	w.line(line + "; " + paperStatusWords(v) + "; template " + p.Template.String() + " version " + strconv.Itoa(p.TemplateVersion) + ".")
	if p.Message != "" {
		w.line("Message:")
		w.para(p.Message)
	}
	answers := map[int]domain.AnswerView{}
	for _, a := range v.Answers {
		answers[a.N] = a
	}
	signs := map[int]domain.SignatureView{}
	for _, s := range v.Signatures {
		signs[s.N] = s
	}
	for i, q := range p.Questions {
		n := i + 1
		w.line("")
		if q.Type == domain.QHeading {
			w.line(strconv.Itoa(n) + ". " + strings.ToUpper(q.Text))
			continue
		}
		label := strconv.Itoa(n) + ". " + q.Text
		if q.Required {
			label += " (required)"
		}
		if len(q.Options) > 0 {
			label += " [" + strings.Join(q.Options, " / ") + "]"
		}
		if q.Type == domain.QOffice {
			label += " — office use only"
		}
		w.line(label)
		if a, ok := answers[n]; ok {
			w.para(a.Value)
			w.line("    answered by " + a.ByLabel + ", " + a.At.Format(paperTime))
		} else if q.Type.Answerable() {
			w.line("    (no answer)")
		}
		if s, ok := signs[n]; ok {
			sig := s.Adopted
			if s.By.Hidden() {
				sig = s.By.Name
			}
			w.line("    Signed: " + sig + " — " + s.ByLabel + ", as " + string(s.Capacity) + ", " + s.At.Format(paperTime))
		} else if q.Type.Signed() || q.Type == domain.QOffice {
			w.line("    Signed: ____________________ (not signed)")
		}
	}
	if !v.Submitted.IsZero() && v.SubmitBy != nil {
		w.line("")
		w.line("Submitted " + v.Submitted.Format(paperTime) + " by " + v.SubmitBy.Label() + ".")
	}
}

func runPapersShow(c *call, k domain.TemplateKind) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.ShowPaper(c.who, k, id)
	if err != nil {
		return err
	}
	return c.emitPaper(v, "", true)
}

func runFormsPrint(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.PrintForm(c.who, id)
	if err != nil {
		return err
	}
	return c.emitPaper(v, "", true)
}

func runPapersSend(c *call, k domain.TemplateKind) error {
	tid, err := domain.ParseID(c.str("template"))
	if err != nil {
		return err
	}
	in := domain.NewPaper{Client: c.str("client"), Template: tid, Due: c.str("due"), Message: c.rawFlag("message")}
	var v domain.PaperView
	if k == domain.KindWorksheet {
		v, err = c.env.Service.AssignWorksheet(c.who, in)
	} else {
		v, err = c.env.Service.SendForm(c.who, in)
	}
	if err != nil {
		return err
	}
	return c.emitPaper(v, "Sent", false)
}

func (c *call) questionFlag() (int, error) {
	return parseCount(c, "question", 1, domain.MaxQuestions)
}

func runPapersAnswer(c *call, k domain.TemplateKind) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	n, err := c.questionFlag()
	if err != nil {
		return err
	}
	v, err := c.env.Service.AnswerPaper(c.who, k, id, n, c.rawFlag("value"))
	if err != nil {
		return err
	}
	return c.emitPaper(v, "Saved question "+strconv.Itoa(n), false)
}

func runPapersSubmit(c *call, k domain.TemplateKind) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	v, err := c.env.Service.SubmitPaper(c.who, k, id)
	if err != nil {
		return err
	}
	return c.emitPaper(v, "Submitted", false)
}

func runFormsSign(c *call) error {
	id, err := c.idArg()
	if err != nil {
		return err
	}
	n, err := c.questionFlag()
	if err != nil {
		return err
	}
	v, err := c.env.Service.SignForm(c.who, id, n)
	if err != nil {
		return err
	}
	return c.emitPaper(v, "Signed question "+strconv.Itoa(n), false)
}
