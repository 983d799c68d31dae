package domain

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Worksheets and forms: a template's questions as a client received them
// (R21: a copy, so editing the template changes nothing sent), with the
// answers and signatures given since.
//
//   - A worksheet is coaching work (R23): coaching access assigns it, the
//     client alone answers and submits it, and no contact ever sees it (R31).
//   - A form (intake, consent) is sent by the team; the client completes
//     and signs it, or a contact whose link carries `forms` does for them —
//     a parent for a child (R30). Office Use Only and witness fields are
//     the team's, an assistant's included, each signing with their own name
//     (R44).
//   - Signing uses the signer's adopted signature (R46) and records who,
//     when, in which capacity and for whom. Once the client's side is signed
//     its answers are frozen: a later change needs a new form.

const (
	colWorksheets Collection = "worksheets"
	colForms      Collection = "forms"
)

const (
	ActWorksheetsList   Action = "worksheets.list"
	ActWorksheetsShow   Action = "worksheets.show"
	ActWorksheetsAssign Action = "worksheets.assign"
	ActWorksheetsAnswer Action = "worksheets.answer"
	ActWorksheetsSubmit Action = "worksheets.submit"
	ActFormsList        Action = "forms.list"
	ActFormsShow        Action = "forms.show"
	ActFormsSend        Action = "forms.send"
	ActFormsAnswer      Action = "forms.answer"
	ActFormsSubmit      Action = "forms.submit"
	ActFormsSign        Action = "forms.sign"
	ActFormsPrint       Action = "forms.print"
)

// PaperStatus is where a worksheet or form stands.
type PaperStatus string

const (
	PaperSent      PaperStatus = "sent"      // nothing answered yet
	PaperDraft     PaperStatus = "draft"     // answers saved, not submitted
	PaperSubmitted PaperStatus = "submitted" // handed in; the client's side is final
)

// ParsePaperStatus reads sent|draft|submitted ("" for all).
func ParsePaperStatus(s string) (PaperStatus, error) {
	switch st := PaperStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case "", PaperSent, PaperDraft, PaperSubmitted:
		return st, nil
	}
	return "", inField("status", invalidf("%q is not a status: use sent, draft or submitted", clip(s, 20)))
}

// Answer is one question's value. Stored names avoid the audit's words.
type Answer struct {
	N      int       `json:"n"`
	Value  string    `json:"value"`
	Who    ID        `json:"answered_by"`
	Behalf ID        `json:"behalf,omitempty"` // the client for a contact, the practitioner for an assistant
	At     time.Time `json:"at"`
}

// Signature is one signed question (R46): who signed, in which capacity,
// for whom, when, and the adopted signature they signed with.
type Signature struct {
	N        int       `json:"n"`
	Who      ID        `json:"signed_by"`
	Behalf   ID        `json:"behalf,omitempty"`
	Capacity Capacity  `json:"capacity"`
	Adopted  string    `json:"signature"`
	At       time.Time `json:"at"`
}

// Paper is a worksheet or a form a client received.
type Paper struct {
	ID              ID           `json:"id"`
	Kind            TemplateKind `json:"kind"` // worksheet or form
	Client          ID           `json:"client"`
	Template        ID           `json:"template"`
	TemplateName    string       `json:"name"`
	TemplateVersion int          `json:"template_version"`
	Questions       []Question   `json:"questions"` // as they stood when sent
	// Sender sent it; SenderFor is the practitioner an assistant sent it for (R44).
	Sender      ID          `json:"sender"`
	SenderFor   ID          `json:"sender_for,omitempty"`
	Sent        time.Time   `json:"sent"`
	Due         string      `json:"due,omitempty"`
	Message     string      `json:"body,omitempty"`
	Status      PaperStatus `json:"status"`
	Submitted   time.Time   `json:"submitted,omitzero"`
	Submitter   ID          `json:"submitter,omitempty"`
	SubmitterOf ID          `json:"submitter_for,omitempty"`
	Answers     []Answer    `json:"answers,omitempty"`
	Signatures  []Signature `json:"signatures,omitempty"`
}

func paperCol(kind TemplateKind) Collection {
	if kind == KindWorksheet {
		return colWorksheets
	}
	return colForms
}

// Answer returns question n's answer, if any.
func (p Paper) Answer(n int) (Answer, bool) {
	for _, a := range p.Answers {
		if a.N == n {
			return a, true
		}
	}
	return Answer{}, false
}

// Signature returns question n's signature, if any.
func (p Paper) Signature(n int) (Signature, bool) {
	for _, s := range p.Signatures {
		if s.N == n {
			return s, true
		}
	}
	return Signature{}, false
}

// ClientSigned reports whether the client's side carries a signature:
// from then on its answers are frozen.
func (p Paper) ClientSigned() bool {
	for _, s := range p.Signatures {
		if p.question(s.N).Type == QSignature {
			return true
		}
	}
	return false
}

func (p Paper) question(n int) Question {
	if n < 1 || n > len(p.Questions) {
		return Question{}
	}
	return p.Questions[n-1]
}

// Missing lists the required questions of the client's side not yet
// answered or signed.
func (p Paper) Missing() []int {
	var out []int
	for i, q := range p.Questions {
		n := i + 1
		if !q.Required || q.Type.ForTeam() {
			continue
		}
		_, answered := p.Answer(n)
		_, signed := p.Signature(n)
		if !answered && !signed {
			out = append(out, n)
		}
	}
	return out
}

func paperIndexes(p *Paper) []Index {
	return []Index{{Name: "client", Key: pairKey(p.Client, p.ID)}}
}

func savePaper(tx Tx, p *Paper) error {
	col := paperCol(p.Kind)
	if err := newID(tx, col, &p.ID); err != nil {
		return err
	}
	return tx.Put(col, p.ID, p, paperIndexes(p)...)
}

func noPaper(kind TemplateKind, id ID) error { return notFoundf("no %s %s", kind, id) }

// --- rules

// ruleFormsTeam: the team sends forms and fills their office and witness
// fields with coaching access to the client, or manage_clients.
func ruleFormsTeam(what string) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("you cannot %s %s", what, j.where())
		}
		if j.a.Has(PermManageClients) {
			return allow("%s hold manage_clients", j.whose())
		}
		return ruleCoachLevel(LevelCoaching, what)(j, t)
	}
}

// ruleFormsFill: a form's own questions are the client's, or a contact's
// whose link carries forms (R30); office and witness fields the team's.
func ruleFormsFill(what string) rule {
	return func(j judge, t Target) Decision {
		if t.Question.ForTeam() {
			return ruleFormsTeam(what+" office and witness fields")(j, t)
		}
		if j.teamish() {
			return deny("the client, or a contact they allow, fills in and signs their own answers; the team fills only office and witness fields")
		}
		return ruleClientSide(ContactForms, what+" forms")(j, t)
	}
}

// ruleWorksheetsFill: the client alone answers their worksheets (R23, R31).
func ruleWorksheetsFill(j judge, t Target) Decision {
	switch j.a.Workspace.Kind {
	case WSContact:
		return deny("worksheets are coaching work, never shown to contacts") // R23, R31
	case WSMe:
		if ok, d := j.forOwnClient(t.Client); !ok {
			return d
		}
		return allow("these are your own worksheets")
	}
	return deny("the client answers their own worksheets")
}

// ruleTemplatesUse: a template is used by its owner or, shared, by the
// whole team (R21).
func ruleTemplatesUse(j judge, t Target) Decision {
	if !j.teamish() {
		return deny("templates are the team's")
	}
	if t.Template == nil || t.Template.Owner == j.a.Principal.ID {
		return allow("it is %s own template", j.possessive())
	}
	if t.Template.Team {
		return allow("it is a team template")
	}
	return deny("this template is neither %s nor shared with the team", j.possessive())
}

// Acts are the actions of a kind of paper: list, show, send, answer, submit.
func (k TemplateKind) Acts() (list, show, send, answer, submit Action) { return k.acts() }

func (k TemplateKind) acts() (list, show, send, answer, submit Action) {
	if k == KindWorksheet {
		return ActWorksheetsList, ActWorksheetsShow, ActWorksheetsAssign, ActWorksheetsAnswer, ActWorksheetsSubmit
	}
	return ActFormsList, ActFormsShow, ActFormsSend, ActFormsAnswer, ActFormsSubmit
}

// --- views

// AnswerView is an answer with who gave it, as this reader sees them.
type AnswerView struct {
	Answer
	By Party
	// ByLabel names them in a sentence, a contact with the client they
	// acted for: "Pat Johnson (contact) for Alex Johnson" (R44).
	ByLabel string
	At      time.Time
}

// SignatureView is a signature with its signer, as this reader sees them.
type SignatureView struct {
	Signature
	By      Party
	ByLabel string
	At      time.Time
}

// byLabel is a party's label, with the client a contact acted for.
func byLabel(p Party, behalf ID, client Person) string {
	if p.As == AsContact && behalf == client.ID {
		return p.Label() + " for " + client.Name
	}
	return p.Label()
}

// PaperView is a worksheet or form as this workspace sees it.
type PaperView struct {
	Paper      Paper
	Client     Person
	SentBy     Party
	Sent       time.Time
	Submitted  time.Time
	SubmitBy   *Party
	Answers    []AnswerView
	Signatures []SignatureView
	// What may be done here: answer (the client's side), fill office
	// fields, sign (some question), submit.
	CanAnswer, CanOffice, CanSign, CanSubmit bool
}

// Frozen reports whether the client's answers can no longer change.
func (v PaperView) Frozen() bool {
	return v.Paper.Status == PaperSubmitted || v.Paper.ClientSigned()
}

func (v *practiceView) paper(p Paper) PaperView {
	c := v.person(p.Client)
	pv := PaperView{Paper: p, Client: c, SentBy: v.party(p.Sender, p.SenderFor, p.Client), Sent: p.Sent.In(v.loc)}
	if !p.Submitted.IsZero() {
		pv.Submitted = p.Submitted.In(v.loc)
		b := v.party(p.Submitter, p.SubmitterOf, p.Client)
		pv.SubmitBy = &b
	}
	for _, a := range p.Answers {
		by := v.party(a.Who, a.Behalf, p.Client)
		pv.Answers = append(pv.Answers, AnswerView{Answer: a, By: by, ByLabel: byLabel(by, a.Behalf, c), At: a.At.In(v.loc)})
	}
	for _, s := range p.Signatures {
		by := v.party(s.Who, s.Behalf, p.Client)
		pv.Signatures = append(pv.Signatures, SignatureView{Signature: s, By: by, ByLabel: byLabel(by, s.Behalf, c), At: s.At.In(v.loc)})
	}
	_, _, _, answer, submit := p.Kind.acts()
	t := Target{Client: &c}
	frozen := pv.Frozen()
	pv.CanAnswer = !frozen && v.o.allowed(answer, t)
	pv.CanSubmit = p.Status != PaperSubmitted && v.o.allowed(submit, t)
	if p.Kind == KindForm {
		pv.CanOffice = p.Status == PaperSubmitted && v.o.allowed(ActFormsAnswer, Target{Client: &c, Question: QOffice})
		pv.CanSign = !frozen && v.o.allowed(ActFormsSign, Target{Client: &c, Question: QSignature}) || pv.CanOffice
	}
	return pv
}

// --- use cases

// NewPaper is what `worksheets assign` and `forms send` collect.
type NewPaper struct {
	Client   string // handle
	Template ID
	Due      string // worksheets: YYYY-MM-DD, optional
	Message  string // optional, shown to the client with the sender's name
}

// AssignWorksheet gives a client a worksheet from a template (coaching
// access, R23).
func (s *Service) AssignWorksheet(who Who, in NewPaper) (PaperView, error) {
	return s.sendPaper(who, KindWorksheet, in)
}

// SendForm sends a client a form from a template (the team, R21).
func (s *Service) SendForm(who Who, in NewPaper) (PaperView, error) {
	return s.sendPaper(who, KindForm, in)
}

func (s *Service) sendPaper(who Who, kind TemplateKind, in NewPaper) (PaperView, error) {
	var out PaperView
	_, _, send, _, _ := kind.acts()
	err := s.write(who, func(o *op) error {
		c, err := o.client(in.Client)
		if err != nil {
			return inField("client", err)
		}
		if err := o.authorize(send, Target{Client: &c}); err != nil {
			return err
		}
		t, err := o.loadTemplateFor(in.Template, ActTemplatesUse)
		if err != nil {
			return inField("template", err)
		}
		if t.Kind != kind {
			return inField("template", invalidf("template %s is a %s template, not a %s", t.ID, t.Kind, kind))
		}
		due := ""
		if kind == KindWorksheet {
			if due, err = o.parseDue(in.Due); err != nil {
				return inField("due", err)
			}
		} else if strings.TrimSpace(in.Due) != "" {
			return inField("due", invalidf("a form has no due date; say when in the message"))
		}
		msg := ""
		if strings.TrimSpace(in.Message) != "" {
			if msg, err = cleanText("the message", in.Message, MaxTextLen); err != nil {
				return inField("message", err)
			}
		}
		p := Paper{Kind: kind, Client: c.ID, Template: t.ID, TemplateName: t.Name, TemplateVersion: t.Version,
			Questions: slices.Clone(t.Questions), Sender: o.a.Actor.ID, SenderFor: o.a.OnBehalfOf(), Sent: o.now,
			Due: due, Message: msg, Status: PaperSent}
		if err := savePaper(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().paper(p)
		to := []ID{c.ID}
		if kind == KindForm {
			to = o.clientSide(c.ID, ContactForms)
		}
		w := say(o.me(), " sent you a "+string(kind)+": "+t.Name+dueWords(due)+".")
		if err := o.practiceNotify(string(EventActionAssigned), c.ID, w, to...); err != nil {
			return err
		}
		return o.audit(send, record{Target: string(kind) + " " + p.ID.String() + " for " + c.Handle, Client: c.ID,
			Detail: "from template " + t.ID.String() + " version " + strconv.Itoa(t.Version)})
	})
	return out, err
}

// loadPaperFor loads a worksheet or form this workspace may see and
// authorises act on it (with the question type, for answers and
// signatures); one out of sight answers as one that does not exist.
func (o *op) loadPaperFor(kind TemplateKind, id ID, act Action, q QuestionType) (Paper, Person, error) {
	p, err := get[Paper](o.tx, paperCol(kind), id)
	if KindOf(err) == KindNotFound {
		return p, Person{}, noPaper(kind, id)
	}
	if err != nil {
		return p, Person{}, err
	}
	if err := o.inSight(p.Client, noPaper(kind, id)); err != nil {
		return p, Person{}, err
	}
	c, err := o.loadPerson(p.Client)
	if err != nil {
		return p, c, err
	}
	_, show, _, _, _ := kind.acts()
	if act != show {
		if err := o.authorize(show, Target{Client: &c}); err != nil {
			return p, c, err
		}
	}
	return p, c, o.authorize(act, Target{Client: &c, Question: q})
}

// ShowPaper is one worksheet or form.
func (s *Service) ShowPaper(who Who, kind TemplateKind, id ID) (PaperView, error) {
	var out PaperView
	_, show, _, _, _ := kind.acts()
	err := s.read(who, func(o *op) error {
		p, _, err := o.loadPaperFor(kind, id, show, "")
		if err != nil {
			return err
		}
		out = o.newViewer().paper(p)
		return nil
	})
	return out, err
}

// PrintForm is a form for `forms print` (whoever may read it).
func (s *Service) PrintForm(who Who, id ID) (PaperView, error) {
	var out PaperView
	err := s.read(who, func(o *op) error {
		p, _, err := o.loadPaperFor(KindForm, id, ActFormsPrint, "")
		if err != nil {
			return err
		}
		out = o.newViewer().paper(p)
		return nil
	})
	return out, err
}

// questionOf is question n of p, refusing one that does not exist.
func questionOf(p Paper, n int) (Question, error) {
	if n < 1 || n > len(p.Questions) {
		return Question{}, inField("question", invalidf("%s %s has no question %d: its questions are numbered 1 to %d", p.Kind, p.ID, n, len(p.Questions)))
	}
	return p.Questions[n-1], nil
}

// AnswerPaper saves question n's answer (a draft until submitted); an
// empty value takes the answer back.
func (s *Service) AnswerPaper(who Who, kind TemplateKind, id ID, n int, value string) (PaperView, error) {
	var out PaperView
	_, _, _, answer, _ := kind.acts()
	err := s.write(who, func(o *op) error {
		p, err := get[Paper](o.tx, paperCol(kind), id)
		if err == nil && n >= 1 && n <= len(p.Questions) {
			_, c, err := o.loadPaperFor(kind, id, answer, p.Questions[n-1].Type)
			if err != nil {
				return err
			}
			return o.answer(&p, c, n, value, &out)
		}
		if _, _, err := o.loadPaperFor(kind, id, answer, ""); err != nil {
			return err
		}
		_, err = questionOf(p, n)
		return err
	})
	return out, err
}

func (o *op) answer(p *Paper, c Person, n int, value string, out *PaperView) error {
	q := p.Questions[n-1]
	switch {
	case q.Type == QHeading:
		return inField("question", invalidf("question %d is a heading; there is nothing to answer", n))
	case q.Type.Signed():
		return inField("question", invalidf("question %d is signed, not answered: use sign", n))
	}
	if q.Type.ForTeam() {
		if p.Status != PaperSubmitted {
			return conflictf("office fields are filled once the client has submitted the form")
		}
		if sg, ok := p.Signature(n); ok {
			return conflictf("question %d was signed on %s; it cannot change", n, sg.At.In(o.a.Org.Location()).Format(DateLayout))
		}
	} else {
		if p.Status == PaperSubmitted {
			return conflictf("%s %s is submitted; its answers cannot change", p.Kind, p.ID)
		}
		if p.ClientSigned() {
			return conflictf("%s %s is signed; its answers cannot change — ask for a new form", p.Kind, p.ID)
		}
	}
	v, err := cleanAnswer(q, value)
	if err != nil {
		return inField("value", err)
	}
	_, _, _, act, _ := p.Kind.acts()
	prev, had := p.Answer(n)
	p.Answers = slices.DeleteFunc(p.Answers, func(a Answer) bool { return a.N == n })
	detail := "question " + strconv.Itoa(n)
	switch {
	case v == "" && !had:
		return conflictf("question %d has no answer to take back", n)
	case v == "":
		detail += " answer taken back"
	case had && prev.Value == v:
		return conflictf("question %d already reads so; nothing changed", n)
	default:
		p.Answers = append(p.Answers, Answer{N: n, Value: v, Who: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), At: o.now})
		slices.SortFunc(p.Answers, func(a, b Answer) int { return cmp.Compare(a.N, b.N) })
	}
	if !q.Type.ForTeam() && p.Status == PaperSent {
		p.Status = PaperDraft
	}
	if err := savePaper(o.tx, p); err != nil {
		return err
	}
	o.touchPractice(c.ID)
	*out = o.newViewer().paper(*p)
	return o.audit(act, record{Target: string(p.Kind) + " " + p.ID.String() + " for " + c.Handle, Client: c.ID, Detail: detail})
}

// cleanAnswer checks a value against its question's type and returns it
// as stored; "" takes an answer back.
func cleanAnswer(q Question, value string) (string, error) {
	if strings.TrimSpace(value) == "" {
		return "", nil
	}
	switch q.Type {
	case QLong:
		return cleanText("the answer", value, MaxTextLen)
	case QChoice:
		return pickOption(q, value)
	case QMulti:
		var got []string
		for _, part := range strings.Split(value, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			o, err := pickOption(q, part)
			if err != nil {
				return "", err
			}
			if !slices.Contains(got, o) {
				got = append(got, o)
			}
		}
		slices.SortFunc(got, func(a, b string) int { return slices.Index(q.Options, a) - slices.Index(q.Options, b) })
		return strings.Join(got, ", "), nil
	case QScale:
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || n < 1 || n > 10 {
			return "", invalidf("%q is not on the scale: give a whole number from 1 to 10", clip(value, 20))
		}
		return strconv.Itoa(n), nil
	case QDate:
		d, err := ParseDay(value)
		if err != nil {
			return "", err
		}
		return d.Format(DateLayout), nil
	}
	return cleanLine("the answer", value, MaxLineLen, true)
}

// pickOption reads one option, by its text (any case) or its number.
func pickOption(q Question, value string) (string, error) {
	v := strings.TrimSpace(value)
	for _, o := range q.Options {
		if strings.EqualFold(o, v) {
			return o, nil
		}
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= len(q.Options) {
		return q.Options[n-1], nil
	}
	return "", invalidf("%q is not one of the options: %s", clip(v, 30), strings.Join(q.Options, ", "))
}

// SignForm signs question n with the signer's adopted signature (R46): a
// signature field by the client or a contact with forms (R30), office and
// witness fields by the team once the client submitted it (R44).
func (s *Service) SignForm(who Who, id ID, n int) (PaperView, error) {
	var out PaperView
	err := s.write(who, func(o *op) error {
		p, err := get[Paper](o.tx, colForms, id)
		qt := QuestionType("")
		if err == nil && n >= 1 && n <= len(p.Questions) {
			qt = p.Questions[n-1].Type
		}
		p, c, err := o.loadPaperFor(KindForm, id, ActFormsSign, qt)
		if err != nil {
			return err
		}
		q, err := questionOf(p, n)
		if err != nil {
			return err
		}
		if !q.Type.Signed() && q.Type != QOffice {
			return inField("question", invalidf("question %d is answered, not signed: only signature, office and witness fields are signed", n))
		}
		if sg, ok := p.Signature(n); ok {
			return conflictf("question %d was signed on %s; a later change needs a new form", n, sg.At.In(o.a.Org.Location()).Format(DateLayout))
		}
		if o.a.Actor.Signature == "" {
			return conflictf("adopt a signature first: account set --signature \"Your Name\", or on your account screen") // R46
		}
		if q.Type.ForTeam() {
			if p.Status != PaperSubmitted {
				return conflictf("office and witness fields are signed once the client has submitted the form")
			}
			if _, ok := p.Answer(n); q.Type == QOffice && !ok {
				return conflictf("fill in office field %d before signing it", n)
			}
		} else {
			if p.Status == PaperSubmitted {
				return conflictf("form %s is submitted; it cannot be signed again", p.ID)
			}
			var missing []string
			for _, m := range p.Missing() {
				if !p.question(m).Type.Signed() {
					missing = append(missing, strconv.Itoa(m))
				}
			}
			if len(missing) > 0 {
				return conflictf("answer the required %s %s before signing: signing freezes the answers", questionWord(len(missing)), strings.Join(missing, ", "))
			}
		}
		p.Signatures = append(p.Signatures, Signature{N: n, Who: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Capacity: o.signingCapacity(), Adopted: o.a.Actor.Signature, At: o.now})
		slices.SortFunc(p.Signatures, func(a, b Signature) int { return cmp.Compare(a.N, b.N) })
		if p.Status == PaperSent {
			p.Status = PaperDraft
		}
		if err := savePaper(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(c.ID, p.Sender, p.SenderFor)
		out = o.newViewer().paper(p)
		return o.audit(ActFormsSign, record{Target: "form " + p.ID.String() + " for " + c.Handle, Client: c.ID, Detail: "question " + strconv.Itoa(n) + " signed as " + string(o.signingCapacity())})
	})
	return out, err
}

// signingCapacity is the role the actor signs in here.
func (o *op) signingCapacity() Capacity {
	switch o.a.Workspace.Kind {
	case WSMe:
		return AsClient
	case WSContact:
		return AsContact
	case WSAssistant:
		return AsAssistant
	}
	if o.a.Actor.IsCoach() {
		return AsCoach
	}
	return AsStaff
}

// SubmitPaper hands a worksheet or form in, once every required question
// of the client's side is answered or signed; the sender is told.
func (s *Service) SubmitPaper(who Who, kind TemplateKind, id ID) (PaperView, error) {
	var out PaperView
	_, _, _, _, submit := kind.acts()
	err := s.write(who, func(o *op) error {
		p, c, err := o.loadPaperFor(kind, id, submit, "")
		if err != nil {
			return err
		}
		if p.Status == PaperSubmitted {
			return conflictf("%s %s is submitted already", kind, id)
		}
		if m := p.Missing(); len(m) > 0 {
			ns := make([]string, len(m))
			for i, n := range m {
				ns[i] = strconv.Itoa(n)
			}
			return conflictf("answer the required %s %s first; what you answered is saved", questionWord(len(m)), strings.Join(ns, ", "))
		}
		p.Status, p.Submitted, p.Submitter, p.SubmitterOf = PaperSubmitted, o.now, o.a.Actor.ID, o.a.OnBehalfOf()
		if err := savePaper(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(c.ID, p.Sender, p.SenderFor)
		out = o.newViewer().paper(p)
		w := say(o.me(), " submitted a "+string(kind)+": "+p.TemplateName+".")
		if err := o.practiceNotify(string(EventActionDone), c.ID, w, p.Sender, p.SenderFor); err != nil {
			return err
		}
		return o.audit(submit, record{Target: string(kind) + " " + id.String() + " for " + c.Handle, Client: c.ID})
	})
	return out, err
}

// PaperFilter selects worksheets or forms, newest first.
type PaperFilter struct {
	Client string
	Status string // "", sent, draft, submitted
	Open   bool   // not submitted (a to-do list)
	Before ID
	Limit  int
}

// ListPapers lists worksheets or forms newest first: one client's, or for
// the team every client's it may read.
func (s *Service) ListPapers(who Who, kind TemplateKind, f PaperFilter) ([]PaperView, error) {
	var out []PaperView
	list, _, _, _, _ := kind.acts()
	err := s.read(who, func(o *op) error {
		status, err := ParsePaperStatus(f.Status)
		if err != nil {
			return err
		}
		v := o.newViewer()
		var got []Paper
		limit := pageSize(f.Limit)
		col := paperCol(kind)
		err = o.scanClientRecords(col, list, PermManageClients, f.Client, f.Before, limit, func(id ID) (bool, error) {
			p, err := get[Paper](o.tx, col, id)
			if err != nil || status != "" && p.Status != status || f.Open && p.Status == PaperSubmitted || !v.may(list, p.Client) {
				return false, err
			}
			got = append(got, p)
			return true, nil
		})
		slices.SortStableFunc(got, func(a, b Paper) int { return cmp.Compare(b.ID, a.ID) })
		for _, p := range got[:min(len(got), limit)] {
			out = append(out, v.paper(p))
		}
		return err
	})
	return out, err
}

// A deleted client's worksheets and forms go with them (R19).
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		if !p.Client {
			return nil
		}
		for _, col := range []Collection{colWorksheets, colForms} {
			ids, err := idsUnder(o.tx, col, "client", p.ID.Key()+"/")
			if err == nil {
				err = deleteAll(o.tx, col, ids)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// verifyPapers: a worksheet or form belongs to a client who exists, was
// sent by someone, holds questions its kind allows, answers and signatures
// only for questions that take them (once each), and is submitted exactly
// when it records when.
func verifyPapers(kind TemplateKind) func(v *verification) error {
	return func(v *verification) error {
		return each(v.tx, paperCol(kind), Query{}, func(p Paper) (bool, error) {
			if p.Kind != kind {
				v.add("%s %s is stored as a %s", kind, p.ID, p.Kind)
			}
			if !v.isClient(p.Client) {
				v.add("%s %s belongs to a client who does not exist", kind, p.ID)
			}
			if p.Sender == 0 || p.Sent.IsZero() || p.TemplateVersion < 1 {
				v.add("%s %s is incomplete", kind, p.ID)
			}
			if err := checkQuestionList(kind, p.Questions, nil, questionShape); err != nil {
				v.add("%s %s has questions its kind refuses: %v", kind, p.ID, err)
			}
			if (p.Status == PaperSubmitted) != !p.Submitted.IsZero() || !slices.Contains([]PaperStatus{PaperSent, PaperDraft, PaperSubmitted}, p.Status) {
				v.add("%s %s has status %q with no matching time", kind, p.ID, p.Status)
			}
			seen := map[int]bool{}
			for _, a := range p.Answers {
				if seen[a.N] || !p.question(a.N).Type.Answerable() || a.Who == 0 {
					v.add("%s %s has an answer to question %d that cannot be", kind, p.ID, a.N)
				}
				seen[a.N] = true
			}
			seen = map[int]bool{}
			for _, s := range p.Signatures {
				t := p.question(s.N).Type
				if seen[s.N] || !(t.Signed() || t == QOffice) || s.Who == 0 || kind != KindForm {
					v.add("%s %s has a signature on question %d that cannot be", kind, p.ID, s.N)
				}
				seen[s.N] = true
			}
			return true, nil
		})
	}
}

func questionWord(n int) string {
	if n == 1 {
		return "question"
	}
	return "questions"
}
