package domain

import (
	"slices"
	"strings"
	"time"
)

// The organisation's own system email templates (R24, manage_branding):
// a stored subject and body replace behalf's default for one email; reset
// goes back to the default. A template may use only its email's
// placeholders — a name it does not know is refused when saving, as is a
// "{{" that opens none — and the values are always inserted as text
// (fillTemplate).

const colEmailTemplates Collection = "email_templates"

// Actions of the email templates.
const (
	ActEmailsList    Action = "emails.list"
	ActEmailsShow    Action = "emails.show"
	ActEmailsSet     Action = "emails.set"
	ActEmailsReset   Action = "emails.reset"
	ActEmailsPreview Action = "emails.preview"
)

// Limits of a template.
const (
	MaxEmailSubject = 200
	MaxEmailBody    = 5000
)

// EmailTemplateRecord is a stored template for one email (the
// organisation's own; none means the default).
type EmailTemplateRecord struct {
	ID      ID        `json:"id"`
	Event   string    `json:"event"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	Editor  ID        `json:"editor"`
	Edited  time.Time `json:"edited"`
}

// EmailTemplateView is one system email's template as shown.
type EmailTemplateView struct {
	Event        string
	Subject      string
	Body         string
	Custom       bool     // the organisation's own, not the default
	Placeholders []string // what {{…}} it may use
}

// EmailEvents lists the system emails, in a stable order.
func EmailEvents() []string {
	out := []string{EmailInvitation, EmailSessionReminder, EmailActionDue, string(KindAccount)}
	for _, e := range Events {
		if !slices.Contains(out, string(e)) {
			out = append(out, string(e))
		}
	}
	return out
}

func placeholdersOf(event string) []string {
	return append([]string{"recipient", "org"}, emailDefaults[event].Fields...)
}

func loadEmailTemplate(tx Tx, event string) (EmailTemplateRecord, bool, error) {
	id, err := tx.Lookup(colEmailTemplates, "event", event)
	if KindOf(err) == KindNotFound {
		return EmailTemplateRecord{}, false, nil
	}
	if err != nil {
		return EmailTemplateRecord{}, false, err
	}
	t, err := get[EmailTemplateRecord](tx, colEmailTemplates, id)
	return t, err == nil, err
}

// templateFor is the subject and body event's emails are written from.
func templateFor(tx Tx, event string) (subject, body string, err error) {
	d, ok := emailDefaults[event]
	if !ok {
		d = notice("News from {{org}}")
	}
	t, custom, err := loadEmailTemplate(tx, event)
	if err != nil || !custom {
		return d.Subject, d.Body, err
	}
	return t.Subject, t.Body, nil
}

func parseEmailEvent(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	if slices.Contains(EmailEvents(), e) {
		return e, nil
	}
	return "", inField("event", invalidf("%q is not a system email: use %s", clip(s, 30), strings.Join(EmailEvents(), ", ")))
}

// checkPlaceholders refuses a name the email does not know and a "{{"
// that opens no placeholder.
func checkPlaceholders(field, t string, known []string) error {
	for rest := t; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			return nil
		}
		j := strings.Index(rest[i+2:], "}}")
		if j < 0 {
			return inField(field, invalidf("the %s has a {{ with no }}: write placeholders as {{name}}", field))
		}
		name := strings.TrimSpace(rest[i+2 : i+2+j])
		if !slices.Contains(known, name) {
			return inField(field, invalidf("the %s uses {{%s}}, which this email does not have: use %s", field, clip(name, 30), "{{"+strings.Join(known, "}}, {{")+"}}"))
		}
		rest = rest[i+2+j+2:]
	}
}

func (o *op) emailView(event string) (EmailTemplateView, error) {
	subject, body, err := templateFor(o.tx, event)
	if err != nil {
		return EmailTemplateView{}, err
	}
	_, custom, err := loadEmailTemplate(o.tx, event)
	return EmailTemplateView{Event: event, Subject: subject, Body: body, Custom: custom, Placeholders: placeholdersOf(event)}, err
}

// EmailTemplates lists every system email's template.
func (s *Service) EmailTemplates(who Who) ([]EmailTemplateView, error) {
	var out []EmailTemplateView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActEmailsList, Target{}); err != nil {
			return err
		}
		for _, e := range EmailEvents() {
			v, err := o.emailView(e)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// EmailTemplate shows one system email's template.
func (s *Service) EmailTemplate(who Who, event string) (EmailTemplateView, error) {
	var out EmailTemplateView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActEmailsShow, Target{}); err != nil {
			return err
		}
		e, err := parseEmailEvent(event)
		if err != nil {
			return err
		}
		out, err = o.emailView(e)
		return err
	})
	return out, err
}

// SetEmailTemplate saves the organisation's own subject and body for one
// system email.
func (s *Service) SetEmailTemplate(who Who, event, subject, body string) (EmailTemplateView, error) {
	var out EmailTemplateView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActEmailsSet, Target{}); err != nil {
			return err
		}
		e, err := parseEmailEvent(event)
		if err != nil {
			return err
		}
		if subject, err = cleanLine("subject", subject, MaxEmailSubject, true); err != nil {
			return inField("subject", err)
		}
		if body, err = cleanText("body", body, MaxEmailBody); err != nil {
			return inField("body", err)
		}
		known := placeholdersOf(e)
		if err := checkPlaceholders("subject", subject, known); err != nil {
			return err
		}
		if err := checkPlaceholders("body", body, known); err != nil {
			return err
		}
		t, _, err := loadEmailTemplate(o.tx, e)
		if err != nil {
			return err
		}
		if t.Subject == subject && t.Body == body {
			return conflictf("the %s email already says that", e)
		}
		t.Event, t.Subject, t.Body, t.Editor, t.Edited = e, subject, body, o.a.Actor.ID, o.now
		if err := newID(o.tx, colEmailTemplates, &t.ID); err != nil {
			return err
		}
		if err := o.tx.Put(colEmailTemplates, t.ID, &t, Index{Name: "event", Key: e, Unique: true}); err != nil {
			return err
		}
		if out, err = o.emailView(e); err != nil {
			return err
		}
		return o.audit(ActEmailsSet, record{Target: "email " + e, Detail: "subject: " + clip(subject, 60)})
	})
	return out, err
}

// ResetEmailTemplate goes back to behalf's default for one system email.
func (s *Service) ResetEmailTemplate(who Who, event string) (EmailTemplateView, error) {
	var out EmailTemplateView
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActEmailsReset, Target{}); err != nil {
			return err
		}
		e, err := parseEmailEvent(event)
		if err != nil {
			return err
		}
		t, custom, err := loadEmailTemplate(o.tx, e)
		if err != nil {
			return err
		}
		if !custom {
			return conflictf("the %s email already uses the default", e)
		}
		if err := o.tx.Delete(colEmailTemplates, t.ID); err != nil {
			return err
		}
		if out, err = o.emailView(e); err != nil {
			return err
		}
		return o.audit(ActEmailsReset, record{Target: "email " + e, Detail: "back to the default"})
	})
	return out, err
}

// EmailPreview is a system email written out with sample values.
type EmailPreview struct {
	Event, Subject, Body string
}

// PreviewEmail writes one system email with sample values, as it would be
// sent now (footer included).
func (s *Service) PreviewEmail(who Who, event string) (EmailPreview, error) {
	var out EmailPreview
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActEmailsPreview, Target{}); err != nil {
			return err
		}
		e, err := parseEmailEvent(event)
		if err != nil {
			return err
		}
		vals := map[string]string{"recipient": "Jane Smith", "org": o.a.Org.Name}
		for k, v := range emailDefaults[e].Sample {
			vals[k] = v
		}
		em, err := composeEmail(o.tx, s, o.a.Org, e, vals)
		out = EmailPreview{Event: e, Subject: em.Subject, Body: em.Body}
		return err
	})
	return out, err
}

// The stored templates name a known email, keep within the limits and use
// only its placeholders.
func verifyEmailTemplates(v *verification) error {
	return each(v.tx, colEmailTemplates, Query{}, func(t EmailTemplateRecord) (bool, error) {
		if !slices.Contains(EmailEvents(), t.Event) || t.Subject == "" || t.Body == "" ||
			checkPlaceholders("subject", t.Subject, placeholdersOf(t.Event)) != nil || checkPlaceholders("body", t.Body, placeholdersOf(t.Event)) != nil {
			v.add("email template %s is damaged", t.ID)
		}
		return true, nil
	})
}
