package domain

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Templates (R21): session agendas, worksheets and forms, each owned by
// one team member. The owner edits their own; manage_templates makes one's
// own a team template (usable by every team coach) or stops sharing it;
// reassign_ownership passes any template to another team member. An
// assistant makes templates for the practitioner they manage (R41: they
// own nothing), attributed to the assistant (R44). What a client received
// is a copy of the questions as they stood (forms.go), so editing a
// template never changes a worksheet or form already sent.

const colTemplates Collection = "templates"

const (
	ActTemplatesList     Action = "templates.list"
	ActTemplatesShow     Action = "templates.show"
	ActTemplatesAdd      Action = "templates.add"
	ActTemplatesEdit     Action = "templates.edit"
	ActTemplatesDelete   Action = "templates.delete"
	ActTemplatesShare    Action = "templates.share"
	ActTemplatesReassign Action = "templates.reassign"
	// ActTemplatesUse: attaching a template to a booking, a worksheet or
	// a form (decided with the send action's own rule too).
	ActTemplatesUse Action = "templates.use"
)

// TemplateKind is what a template is for.
type TemplateKind string

const (
	KindSession   TemplateKind = "session"
	KindWorksheet TemplateKind = "worksheet"
	KindForm      TemplateKind = "form"
)

// TemplateKinds in the order screens offer them.
var TemplateKinds = []TemplateKind{KindSession, KindWorksheet, KindForm}

// ParseTemplateKind reads session|worksheet|form; "" when optional and empty.
func ParseTemplateKind(s string, optional bool) (TemplateKind, error) {
	k := TemplateKind(strings.ToLower(strings.TrimSpace(s)))
	if k == "" && optional {
		return "", nil
	}
	if slices.Contains(TemplateKinds, k) {
		return k, nil
	}
	return "", inField("kind", invalidf("%q is not a kind of template: use session, worksheet or form", clip(s, 20)))
}

// QuestionType is one line of a template.
type QuestionType string

const (
	QHeading   QuestionType = "heading"   // "# Heading": a section title, nothing to answer
	QText      QuestionType = "text"      // a short answer, one line
	QLong      QuestionType = "long"      // a longer answer, several lines
	QChoice    QuestionType = "choice"    // one of the options
	QMulti     QuestionType = "multi"     // any of the options
	QScale     QuestionType = "scale"     // 1 to 10
	QDate      QuestionType = "date"      // YYYY-MM-DD
	QSignature QuestionType = "signature" // forms: the client (or a contact with forms) signs
	QOffice    QuestionType = "office"    // forms: Office Use Only, filled and signed by the team
	QWitness   QuestionType = "witness"   // forms: a witness signature by the team or an assistant
)

// questionTypes are the types a line may name, in the order help lists them.
var questionTypes = []QuestionType{QText, QLong, QChoice, QMulti, QScale, QDate, QSignature, QOffice, QWitness}

// ForTeam reports whether the team, not the client, fills the question.
func (t QuestionType) ForTeam() bool { return t == QOffice || t == QWitness }

// Signed reports whether the question is answered by a signature.
func (t QuestionType) Signed() bool { return t == QSignature || t == QWitness }

// Answerable reports whether the question takes a value (headings do not;
// signatures are signed, not typed).
func (t QuestionType) Answerable() bool { return slices.Contains(questionTypes, t) && !t.Signed() }

// Words is the type for people ("single choice").
func (t QuestionType) Words() string {
	switch t {
	case QText:
		return "short text"
	case QLong:
		return "long text"
	case QChoice:
		return "single choice"
	case QMulti:
		return "multiple choice"
	case QScale:
		return "scale 1–10"
	case QOffice:
		return "office use only"
	}
	return string(t)
}

// Question is one line of a template, and of the copy a client received.
type Question struct {
	Type     QuestionType `json:"type"`
	Text     string       `json:"text"`
	Options  []string     `json:"options,omitempty"`
	Required bool         `json:"required,omitempty"`
}

// Limits on templates.
const (
	MaxQuestions     = 200
	MaxOptions       = 20
	MaxOptionLen     = 80
	MaxTemplateBytes = 64 << 10 // the text a template is given as
)

// Template is one team resource of questions (R21).
type Template struct {
	ID      ID           `json:"id"`
	Kind    TemplateKind `json:"kind"`
	Name    string       `json:"name"`
	Owner   ID           `json:"owner"` // a team member (R21, R41)
	Team    bool         `json:"team,omitempty"`
	Version int          `json:"version"` // 1, and one more at every edit
	// Maker made it; MakerFor the practitioner an assistant acted for (R44).
	Maker     ID         `json:"maker"`
	MakerFor  ID         `json:"maker_for,omitempty"`
	Created   time.Time  `json:"created"`
	Changed   time.Time  `json:"changed"`
	Questions []Question `json:"questions"`
}

func templateIndexes(t *Template) []Index {
	idx := []Index{{Name: "owner", Key: pairKey(t.Owner, t.ID)}}
	if t.Team {
		idx = append(idx, Index{Name: "team", Key: t.ID.Key()})
	}
	return idx
}

// templateChanged tells the team's screens: templates are team
// resources every coach's list may show (a rare change).
func (o *op) templateChanged() { o.tx.Changed(TeamFeed) }

func saveTemplate(tx Tx, t *Template) error {
	if err := newID(tx, colTemplates, &t.ID); err != nil {
		return err
	}
	return tx.Put(colTemplates, t.ID, t, templateIndexes(t)...)
}

func noTemplate(id ID) error { return notFoundf("no template %s", id) }

// --- the text a template is written in

// ParseTemplateText reads a template's questions, one a line:
//
//	# Heading
//	text: What is your main goal?
//	long*: Tell us about your week.        (a * after the type: required)
//	choice: How was the week? | good | mixed | hard
//	multi: Which days suit you? | Mon | Tue | Wed
//	scale: How confident are you?
//	date: When did you start?
//	signature*: I consent to coaching.     (forms only; also office, witness)
//
// Blank lines are skipped. A session template holds headings only: its
// agenda. Every refusal names the line.
func ParseTemplateText(kind TemplateKind, text string) ([]Question, error) {
	if len(text) > MaxTemplateBytes {
		return nil, inField("questions", invalidf("the questions are too long: %d bytes, at most %d", len(text), MaxTemplateBytes))
	}
	if !utf8.ValidString(text) {
		return nil, inField("questions", invalidf("the questions are not valid UTF-8 text"))
	}
	var out []Question
	var lines []int
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		q, err := parseQuestionLine(line)
		if err != nil {
			return nil, inField("questions", invalidf("line %d: %s", i+1, err.Error()))
		}
		out, lines = append(out, q), append(lines, i+1)
		if len(out) > MaxQuestions {
			return nil, inField("questions", invalidf("a template holds at most %d questions and headings; line %d is one more", MaxQuestions, i+1))
		}
	}
	if err := checkQuestionList(kind, out, lines, checkQuestion); err != nil {
		return nil, inField("questions", err)
	}
	return out, nil
}

func parseQuestionLine(line string) (Question, error) {
	if rest, ok := strings.CutPrefix(line, "#"); ok {
		return Question{Type: QHeading, Text: strings.TrimSpace(strings.TrimLeft(rest, "#"))}, nil
	}
	head, body, ok := strings.Cut(line, ":")
	if !ok {
		return Question{}, fmt.Errorf("write a question as TYPE: TEXT (as in text: What is your goal?) or a heading as # TEXT")
	}
	head = strings.ToLower(strings.TrimSpace(head))
	q := Question{}
	if h, star := strings.CutSuffix(head, "*"); star {
		head, q.Required = strings.TrimSpace(h), true
	}
	q.Type = QuestionType(head)
	if !slices.Contains(questionTypes, q.Type) {
		return q, fmt.Errorf("%q is not a question type: use text, long, choice, multi, scale, date, signature, office or witness", clip(head, 20))
	}
	parts := strings.Split(body, "|")
	q.Text = strings.TrimSpace(parts[0])
	for _, o := range parts[1:] {
		q.Options = append(q.Options, strings.TrimSpace(o))
	}
	return q, nil
}

// checkQuestions validates questions for a template of kind: what the
// text parser reads and what a screen's editor builds alike.
func checkQuestions(kind TemplateKind, qs []Question) error {
	return checkQuestionList(kind, qs, nil, checkQuestion)
}

// checkQuestionList names a question at fault by its line of text when
// lines are given, by its number otherwise.
func checkQuestionList(kind TemplateKind, qs []Question, lines []int, check func(TemplateKind, Question) error) error {
	if len(qs) == 0 {
		if kind == KindSession {
			return invalidf("a session template needs at least one heading (# Heading) for its agenda")
		}
		return invalidf("a template needs at least one question, one a line, as in text: What is your goal?")
	}
	if len(qs) > MaxQuestions {
		return invalidf("a template holds at most %d questions and headings, not %d", MaxQuestions, len(qs))
	}
	answerable := 0
	for i, q := range qs {
		if err := check(kind, q); err != nil {
			if lines != nil {
				return invalidf("line %d: %s", lines[i], err.Error())
			}
			return invalidf("question %d: %s", i+1, err.Error())
		}
		if q.Type != QHeading {
			answerable++
		}
	}
	if kind != KindSession && answerable == 0 {
		return invalidf("a %s needs at least one question besides its headings", kind)
	}
	return nil
}

func checkQuestion(kind TemplateKind, q Question) error {
	if err := questionShape(kind, q); err != nil {
		return err
	}
	what := "the question"
	if q.Type == QHeading {
		what = "the heading"
	}
	if _, err := cleanLine(what, q.Text, MaxLineLen, true); err != nil {
		return err
	}
	for j, o := range q.Options {
		if _, err := cleanLine(fmt.Sprintf("option %d", j+1), o, MaxOptionLen, true); err != nil {
			return err
		}
		if strings.Contains(o, ",") && q.Type == QMulti {
			return invalidf("option %d may not contain a comma: answers list options separated by commas", j+1)
		}
		for _, p := range q.Options[:j] {
			if strings.EqualFold(p, o) {
				return invalidf("option %q is given twice", clip(o, 30))
			}
		}
	}
	return nil
}

// questionShape checks what a question is, not what its text says: the
// part Verify repeats on stored records.
func questionShape(kind TemplateKind, q Question) error {
	if q.Type != QHeading && !slices.Contains(questionTypes, q.Type) {
		return invalidf("%q is not a question type", clip(string(q.Type), 20))
	}
	if kind == KindSession && q.Type != QHeading {
		return invalidf("a session template is an agenda: write its lines as headings (# Topic)")
	}
	if kind == KindWorksheet && (q.Type.Signed() || q.Type == QOffice) {
		return invalidf("%s questions belong on forms, not worksheets", q.Type)
	}
	if q.Type == QHeading && (q.Required || len(q.Options) > 0) {
		return invalidf("a heading takes no options and is not required")
	}
	if q.Required && q.Type.ForTeam() {
		return invalidf("%s fields are filled by the team, so they cannot be required of the client", q.Type)
	}
	switch q.Type {
	case QChoice, QMulti:
		if len(q.Options) < 2 {
			return invalidf("a %s question needs at least two options, after the text: %s: %s | yes | no", q.Type, q.Type, clip(q.Text, 30))
		}
		if len(q.Options) > MaxOptions {
			return invalidf("a question has at most %d options, not %d", MaxOptions, len(q.Options))
		}
	default:
		if len(q.Options) > 0 {
			return invalidf("only choice and multi questions take options (after |)")
		}
	}
	return nil
}

// TemplateText writes questions back in the text ParseTemplateText reads.
func TemplateText(qs []Question) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(QuestionLine(q))
		b.WriteByte('\n')
	}
	return b.String()
}

// QuestionLine is one question as a line of template text.
func QuestionLine(q Question) string {
	if q.Type == QHeading {
		return "# " + q.Text
	}
	s := string(q.Type)
	if q.Required {
		s += "*"
	}
	s += ": " + q.Text
	for _, o := range q.Options {
		s += " | " + o
	}
	return s
}

// --- rules

// ruleTemplates: templates are the team's (R21); an assistant works with
// their practitioner's (R41, R42).
func ruleTemplates(what string) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("templates are the team's; you cannot %s %s", what, j.where())
		}
		if t.Template == nil {
			return allow("the team may %s", what)
		}
		if t.Template.Owner == j.a.Principal.ID {
			return allow("it is %s own template", j.possessive())
		}
		if t.Template.Team {
			return allow("it is a team template")
		}
		if j.a.Has(PermReassignOwnership) {
			return allow("%s hold reassign_ownership, which reaches every template", j.whose())
		}
		return deny("this template is neither %s nor shared with the team", j.possessive())
	}
}

// ruleTemplatesOwn: changing a template is its owner's (R21).
func ruleTemplatesOwn(what string) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("templates are the team's; you cannot %s %s", what, j.where())
		}
		if t.Template == nil || t.Template.Owner == j.a.Principal.ID {
			return allow("the owner may %s their template", what)
		}
		return deny("only the template's owner may %s it", what)
	}
}

// ruleTemplatesShare (R21): manage_templates, for one's own template.
func ruleTemplatesShare(j judge, t Target) Decision {
	if d := ruleNeed(PermManageTemplates, "share templates with the team")(j, t); !d.Allowed {
		return d
	}
	if t.Template != nil && t.Template.Owner != j.a.Principal.ID {
		return deny("manage_templates shares %s own templates; this one belongs to someone else", j.possessive())
	}
	return allow("%s hold manage_templates", j.whose())
}

// possessive is "your" in the team workspace, "Rob Reyes's" for an assistant.
func (j judge) possessive() string {
	if j.a.Workspace.Kind == WSAssistant {
		return j.a.Principal.Name + "'s"
	}
	return "your"
}

// --- views

// TemplateView is a template as this workspace sees it.
type TemplateView struct {
	Template Template
	Owner    Party
	Maker    Party
	Changed  time.Time // in the organisation's zone
	// What may be done with it here.
	CanEdit, CanShare, CanReassign, CanUse bool
}

func (o *op) templateView(v *practiceView, t Template) TemplateView {
	tv := TemplateView{Template: t, Owner: v.party(t.Owner, 0, 0), Maker: v.party(t.Maker, t.MakerFor, 0), Changed: t.Changed.In(v.loc)}
	tg := Target{Template: &t}
	tv.CanEdit = o.allowed(ActTemplatesEdit, tg)
	tv.CanShare = o.allowed(ActTemplatesShare, tg)
	tv.CanReassign = o.allowed(ActTemplatesReassign, tg)
	tv.CanUse = o.allowed(ActTemplatesUse, tg)
	return tv
}

// --- use cases

// NewTemplate is what `templates add` and the editor collect. Questions
// is the text ParseTemplateText reads; Parsed, when set, is used instead
// (the screen's editor builds the list itself).
type NewTemplate struct {
	Kind      string
	Name      string
	Questions string
	Parsed    []Question
}

func cleanTemplateName(s string) (string, error) {
	n, err := cleanLine("the template's name", s, MaxNameLen, true)
	return n, inField("name", err)
}

func questionsOf(kind TemplateKind, text string, parsed []Question) ([]Question, error) {
	if parsed != nil {
		if err := checkQuestions(kind, parsed); err != nil {
			return nil, inField("questions", err)
		}
		return slices.Clone(parsed), nil
	}
	return ParseTemplateText(kind, text)
}

// AddTemplate makes a template owned by the workspace's principal: the
// team member, or the practitioner an assistant manages (R41).
func (s *Service) AddTemplate(who Who, in NewTemplate) (TemplateView, error) {
	var out TemplateView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActTemplatesAdd, Target{}); err != nil {
			return err
		}
		kind, err := ParseTemplateKind(in.Kind, false)
		if err != nil {
			return err
		}
		name, err := cleanTemplateName(in.Name)
		if err != nil {
			return err
		}
		qs, err := questionsOf(kind, in.Questions, in.Parsed)
		if err != nil {
			return err
		}
		t := Template{Kind: kind, Name: name, Owner: o.a.Principal.ID, Version: 1, Maker: o.a.Actor.ID, MakerFor: o.a.OnBehalfOf(),
			Created: o.now, Changed: o.now, Questions: qs}
		if err := saveTemplate(o.tx, &t); err != nil {
			return err
		}
		out = o.templateView(o.newViewer(), t)
		o.templateChanged()
		return o.audit(ActTemplatesAdd, record{Target: "template " + t.ID.String(), Person: t.Owner, Detail: string(kind) + " " + name})
	})
	return out, err
}

// loadTemplateFor loads a template and authorises act on it; one the
// workspace may not see answers as one that does not exist.
func (o *op) loadTemplateFor(id ID, act Action) (Template, error) {
	if !o.a.Teamish() { // the same answer whether or not the id exists
		return Template{}, o.authorize(ActTemplatesList, Target{})
	}
	t, err := get[Template](o.tx, colTemplates, id)
	if KindOf(err) == KindNotFound {
		return t, noTemplate(id)
	}
	if err != nil {
		return t, err
	}
	if !o.allowed(ActTemplatesShow, Target{Template: &t}) {
		return t, noTemplate(id)
	}
	return t, o.authorize(act, Target{Template: &t})
}

// TemplateByID is one template, for anyone whose workspace may see it
// (courses link worksheet templates by id).
func (s *Service) TemplateByID(who Who, id ID) (TemplateView, error) {
	var out TemplateView
	err := s.read(who, func(o *op) error {
		t, err := o.loadTemplateFor(id, ActTemplatesShow)
		if err != nil {
			return err
		}
		out = o.templateView(o.newViewer(), t)
		return nil
	})
	return out, err
}

// TemplateEdit changes a template; nil fields stay.
type TemplateEdit struct {
	Name      *string
	Questions *string
	Parsed    []Question // the editor's list, instead of Questions
}

// EditTemplate renames a template or replaces its questions (the owner,
// R21). What clients received stays as it was: they hold a copy.
func (s *Service) EditTemplate(who Who, id ID, in TemplateEdit) (TemplateView, error) {
	var out TemplateView
	err := s.write(who, func(o *op) error {
		t, err := o.loadTemplateFor(id, ActTemplatesEdit)
		if err != nil {
			return err
		}
		if in.Name == nil && in.Questions == nil && in.Parsed == nil {
			return invalidf("say what to change: --name, or the questions on standard input")
		}
		var changed []string
		if in.Name != nil {
			n, err := cleanTemplateName(*in.Name)
			if err != nil {
				return err
			}
			if n != t.Name {
				t.Name, changed = n, append(changed, "name")
			}
		}
		if in.Questions != nil || in.Parsed != nil {
			text := ""
			if in.Questions != nil {
				text = *in.Questions
			}
			qs, err := questionsOf(t.Kind, text, in.Parsed)
			if err != nil {
				return err
			}
			if !slices.EqualFunc(qs, t.Questions, sameQuestion) {
				t.Questions, changed = qs, append(changed, "questions")
			}
		}
		if len(changed) == 0 {
			return conflictf("template %s already reads so; nothing changed", id)
		}
		t.Version++
		t.Changed = o.now
		if err := saveTemplate(o.tx, &t); err != nil {
			return err
		}
		out = o.templateView(o.newViewer(), t)
		o.templateChanged()
		return o.audit(ActTemplatesEdit, record{Target: "template " + id.String(), Person: t.Owner, Detail: "changed " + strings.Join(changed, " and ") + ", now version " + strconv.Itoa(t.Version)})
	})
	return out, err
}

func sameQuestion(a, b Question) bool {
	return a.Type == b.Type && a.Text == b.Text && a.Required == b.Required && slices.Equal(a.Options, b.Options)
}

// DeleteTemplate removes a template (the owner); worksheets and forms
// sent from it keep their copy.
func (s *Service) DeleteTemplate(who Who, id ID) (TemplateView, error) {
	var out TemplateView
	err := s.write(who, func(o *op) error {
		t, err := o.loadTemplateFor(id, ActTemplatesDelete)
		if err != nil {
			return err
		}
		out = o.templateView(o.newViewer(), t)
		if err := o.tx.Delete(colTemplates, t.ID); err != nil {
			return err
		}
		o.templateChanged()
		return o.audit(ActTemplatesDelete, record{Target: "template " + id.String(), Person: t.Owner, Detail: string(t.Kind) + " " + t.Name})
	})
	return out, err
}

// ShareTemplate makes one's own template a team template, or (off) stops
// sharing it (manage_templates, R21).
func (s *Service) ShareTemplate(who Who, id ID, on bool) (TemplateView, error) {
	var out TemplateView
	err := s.write(who, func(o *op) error {
		t, err := o.loadTemplateFor(id, ActTemplatesShare)
		if err != nil {
			return err
		}
		if t.Team == on {
			if on {
				return conflictf("template %s is a team template already", id)
			}
			return conflictf("template %s is not shared with the team", id)
		}
		t.Team, t.Changed = on, o.now
		if err := saveTemplate(o.tx, &t); err != nil {
			return err
		}
		out = o.templateView(o.newViewer(), t)
		detail := "shared with the team"
		if !on {
			detail = "no longer shared"
		}
		o.templateChanged()
		return o.audit(ActTemplatesShare, record{Target: "template " + id.String(), Person: t.Owner, Detail: detail})
	})
	return out, err
}

// ReassignTemplate passes a template to another team member
// (reassign_ownership, R21); the former owner no longer edits it.
func (s *Service) ReassignTemplate(who Who, id ID, to string) (TemplateView, error) {
	var out TemplateView
	err := s.write(who, func(o *op) error {
		t, err := o.loadTemplateFor(id, ActTemplatesReassign)
		if err != nil {
			return err
		}
		p, err := o.templateReceiver(to)
		if err != nil {
			return err
		}
		if p.ID == t.Owner {
			return conflictf("%s owns template %s already", p.Name, id)
		}
		from := t.Owner
		t.Owner, t.Changed = p.ID, o.now
		if err := saveTemplate(o.tx, &t); err != nil {
			return err
		}
		o.changed(from)
		out = o.templateView(o.newViewer(), t)
		fromHandle := "(deleted)"
		if f, err := loadPerson(o.tx, from); err == nil {
			fromHandle = f.Handle
		}
		o.templateChanged()
		return o.audit(ActTemplatesReassign, record{Target: "template " + id.String(), Person: p.ID, Detail: "from " + fromHandle + " to " + p.Handle})
	})
	return out, err
}

// templateReceiver is the team member a template passes to: active, on
// the team (assistants own nothing, R41).
func (o *op) templateReceiver(handle string) (Person, error) {
	if strings.TrimSpace(handle) == "" {
		return Person{}, inField("to", invalidf("name the team member who receives it with --to"))
	}
	p, err := o.person(handle)
	if err != nil {
		return p, inField("to", err)
	}
	if !p.IsTeam() {
		return p, inField("to", invalidf("%s is not on the team; templates belong to team members", p.Name))
	}
	if !p.Active() {
		return p, inField("to", invalidf("%s is deactivated; pass it to an active team member", p.Name))
	}
	return p, nil
}

// TemplateFilter selects templates.
type TemplateFilter struct {
	Kind string // "", session, worksheet or form
	Team bool   // team templates only
}

// ListTemplates lists the templates this workspace may see: its
// principal's own and the team's — every one with reassign_ownership —
// by kind, then name.
func (s *Service) ListTemplates(who Who, f TemplateFilter) ([]TemplateView, error) {
	var out []TemplateView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActTemplatesList, Target{}); err != nil {
			return err
		}
		kind, err := ParseTemplateKind(f.Kind, true)
		if err != nil {
			return err
		}
		var got []Template
		seen := map[ID]bool{}
		take := func(t Template) (bool, error) {
			if seen[t.ID] || kind != "" && t.Kind != kind || f.Team && !t.Team {
				return true, nil
			}
			seen[t.ID] = true
			if o.allowed(ActTemplatesShow, Target{Template: &t}) {
				got = append(got, t)
			}
			return true, nil
		}
		switch {
		case o.a.Has(PermReassignOwnership) && !f.Team:
			err = each(o.tx, colTemplates, Query{}, take)
		default:
			err = each(o.tx, colTemplates, Query{Index: "team"}, take)
			if err == nil && !f.Team {
				err = each(o.tx, colTemplates, Query{Index: "owner", Prefix: o.a.Principal.ID.Key() + "/"}, take)
			}
		}
		if err != nil {
			return err
		}
		slices.SortFunc(got, func(a, b Template) int {
			return cmp.Or(cmp.Compare(slices.Index(TemplateKinds, a.Kind), slices.Index(TemplateKinds, b.Kind)),
				strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
		})
		v := o.newViewer()
		for _, t := range got {
			out = append(out, o.templateView(v, t))
		}
		return nil
	})
	return out, err
}

// verifyTemplates: a template has a known kind, a name, an owner on the
// team, a maker, a version, and questions its kind allows (their shape:
// the text was checked when typed).
func verifyTemplates(v *verification) error {
	return each(v.tx, colTemplates, Query{}, func(t Template) (bool, error) {
		if !slices.Contains(TemplateKinds, t.Kind) || t.Name == "" || t.Version < 1 || t.Maker == 0 || t.Created.IsZero() {
			v.add("template %s is incomplete", t.ID)
		}
		if o, ok := v.people[t.Owner]; !ok || !o.IsTeam() {
			v.add("template %s belongs to no team member", t.ID)
		}
		if err := checkQuestionList(t.Kind, t.Questions, nil, questionShape); err != nil {
			v.add("template %s has questions its kind refuses: %v", t.ID, err)
		}
		return true, nil
	})
}

// A deleted team member's templates pass to the team member the deletion
// names (R21): deleting someone who owns templates asks who receives them.
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		ids, err := idsUnder(o.tx, colTemplates, "owner", p.ID.Key()+"/")
		if err != nil || len(ids) == 0 {
			return err
		}
		if strings.TrimSpace(o.templatesTo) == "" {
			return inField("templates-to", conflictf("%s owns %s: say which team member receives them (--templates-to H)", p.Name, Plural(len(ids), "template", "templates")))
		}
		to, err := o.templateReceiver(o.templatesTo)
		if err != nil {
			return inField("templates-to", err)
		}
		if to.ID == p.ID {
			return inField("templates-to", invalidf("%s is the one being deleted; name another team member", p.Name))
		}
		for _, id := range ids {
			t, err := get[Template](o.tx, colTemplates, id)
			if err != nil {
				return err
			}
			t.Owner, t.Changed = to.ID, o.now
			if err := saveTemplate(o.tx, &t); err != nil {
				return err
			}
			if err := o.audit(ActTemplatesReassign, record{Target: "template " + id.String(), Person: to.ID, Detail: "from " + p.Handle + " (deleted) to " + to.Handle}); err != nil {
				return err
			}
		}
		o.templateChanged()
		o.changed(to.ID)
		return nil
	})
}

// TemplateHeirs is what deleting handle asks about its templates (R21):
// how many they own and the team members who may receive them (active,
// on the team, not them), so the screen asks exactly what the deletion
// needs; no one when they own none.
func (s *Service) TemplateHeirs(who Who, handle string) (owned int, heirs []Person, err error) {
	err = s.read(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil {
			return err
		}
		if err := o.authorize(ActPeopleDelete, Target{Person: &p}); err != nil {
			return err
		}
		ids, err := idsUnder(o.tx, colTemplates, "owner", p.ID.Key()+"/")
		if err != nil || len(ids) == 0 {
			owned, heirs = 0, nil
			return err
		}
		team, err := peopleWith(o.tx, "team")
		if err != nil {
			return err
		}
		owned, heirs = len(ids), nil
		for _, t := range team {
			if t.ID != p.ID && t.Active() && t.IsTeam() {
				heirs = append(heirs, t)
			}
		}
		slices.SortFunc(heirs, func(a, b Person) int { return strings.Compare(a.Handle, b.Handle) })
		return nil
	})
	return owned, heirs, err
}
