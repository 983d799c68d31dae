package domain

import (
	"strings"

	"behalf/sanitize"
)

// System emails: each has a template (a subject and a body with named
// placeholders such as {{client}}); the footer — who sends it and how to
// change one's settings — is added after the body and is not the
// template's to change. Placeholders are filled by plain substitution, one
// pass, so a value is always inserted as text: a name holding "{{code}}"
// stays those characters (text/template would be the wrong tool here: a
// template typed by the organisation must not be a program).

// EmailInvitation, EmailSessionReminder and EmailActionDue are the system
// emails beside the notification events (Events) and KindAccount.
const (
	EmailInvitation      = "invitation"
	EmailSessionReminder = string(EventSessionReminder)
	EmailActionDue       = string(EventActionDue)
)

// emailDefault is one system email's template as behalf ships it.
type emailDefault struct {
	Subject, Body string
	// Fields are the placeholders beside {{recipient}} and {{org}}.
	Fields []string
	// Sample fills them for a preview.
	Sample map[string]string
}

// notificationBody is the body of an email that carries a notification.
const notificationBody = "Hello {{recipient}},\n\n{{text}}"

func notice(subject string) emailDefault {
	return emailDefault{Subject: subject, Body: notificationBody, Fields: []string{"text", "client"},
		Sample: map[string]string{"text": "A session was booked: Jane Smith with Rob Reyes, 2026-12-03 10:00 (60 minutes).", "client": "Jane Smith"}}
}

// emailDefaults are the system emails by event name.
var emailDefaults = map[string]emailDefault{
	EmailInvitation: {
		Subject: "Your invitation to {{org}}",
		Body: `Hello {{recipient}},

{{org}} invited you to its client portal. You reach it with SSH, a program your computer already has. It takes three steps, once:

1. Make a key. Open Terminal (macOS), a terminal (Linux) or PowerShell (Windows) and type:
    ssh-keygen -t ed25519
   Press Enter at each question.

2. Connect with this line:
    {{ssh}}
   The first time, answer yes when asked whether to continue.

3. Type your invitation code when asked:
    {{code}}

The code works once, until {{expires}}. After that, the line in step 2 is all you need.`,
		Fields: []string{"code", "expires", "ssh"},
		Sample: map[string]string{"code": "ABCD-EFGH-JKMN", "expires": "2026-12-09", "ssh": "ssh -p 23234 portal.example.com"},
	},
	EmailSessionReminder: {
		Subject: "Reminder: your session on {{start}}",
		Body: `Hello {{recipient}},

This is a reminder of the session of {{client}} with {{coach}} on {{start}} ({{minutes}} minutes).

To see or change it, connect with:
    {{ssh}}`,
		Fields: []string{"client", "coach", "start", "minutes", "ssh"},
		Sample: map[string]string{"client": "Jane Smith", "coach": "Rob Reyes", "start": "2026-12-03 10:00", "minutes": "60", "ssh": "ssh -p 23234 portal.example.com"},
	},
	EmailActionDue: {
		Subject: "Due today: {{action}}",
		Body: `Hello {{recipient}},

The action "{{action}}" for {{client}} is due on {{due}}.

To see it or mark it done, connect with:
    {{ssh}}`,
		Fields: []string{"action", "client", "due", "ssh"},
		Sample: map[string]string{"action": "Walk 20 minutes a day", "client": "Jane Smith", "due": "2026-12-03", "ssh": "ssh -p 23234 portal.example.com"},
	},
	string(KindAccount):         notice("About your account at {{org}}"),
	string(EventSessionBooked):  notice("Session booked"),
	string(EventSessionChanged): notice("Session changed"),
	string(EventInvoiceIssued):  notice("New invoice from {{org}}"),
	string(EventInvoicePaid):    notice("Invoice paid"),
	string(EventContactAdded):   notice("Who may act for a client changed"),
	string(EventProgressShared): notice("New progress update"),
	string(EventActionAssigned): notice("An action for you"),
	string(EventActionDone):     notice("An action was done"),
	string(EventMetricRecorded): notice("A metric was recorded"),
	string(EventGroupActivity):  notice("News from your group"),
}

// email is one written-out system email.
type email struct{ Subject, Body string }

// composeEmail writes the system email for event from its template, the
// values given (recipient, org and the template's fields) and the footer.
func composeEmail(tx Tx, s *Service, org Org, event string, vals map[string]string) (email, error) {
	subject, body, err := templateFor(tx, event)
	if err != nil {
		return email{}, err
	}
	if _, ok := vals["ssh"]; !ok {
		vals["ssh"] = s.SSHLine()
	}
	return email{
		Subject: sanitize.Line(fillTemplate(subject, vals)),
		Body:    fillTemplate(body, vals) + "\n\n" + emailFooter(s, org, event),
	}, nil
}

// emailFooter names who sends the email and, for a notification, how to
// stop it.
func emailFooter(s *Service, org Org, event string) string {
	f := "-- \n" + sanitize.Line(org.Name) + "\n"
	switch event {
	case EmailInvitation:
		return f + "You get this email because " + sanitize.Line(org.Name) + " invited you. If you did not expect it, ignore it: nothing happens without the code."
	case string(KindAccount):
		return f + "You get this email because it concerns your own account."
	}
	return f + "You get this email because your notification settings have email on for it. To stop it, sign in and open Notifications, or run:\n    " +
		s.SSHLine() + " notifications set --event " + event + " --channel email --off"
}

// fillTemplate replaces each {{name}} in t by vals[name], in one pass:
// what a value holds is never read as a placeholder. A name without a
// value (only a stored template from before a placeholder was dropped)
// becomes empty.
func fillTemplate(t string, vals map[string]string) string {
	var b strings.Builder
	for {
		i := strings.Index(t, "{{")
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.Index(t[i+2:], "}}")
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		name := strings.TrimSpace(t[i+2 : i+2+j])
		b.WriteString(t[:i])
		if placeholderName(name) {
			b.WriteString(sanitize.Line(vals[name]))
		} else {
			b.WriteString(t[i : i+2+j+2])
		}
		t = t[i+2+j+2:]
	}
}

// placeholderName: lower-case letters and underscores.
func placeholderName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}
