package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// R24: the Emails screen lists the system emails, opens one with its
// placeholders, refuses an unknown placeholder with the domain's own
// message (nothing saved), saves a good one, previews it with sample
// values and resets it to the default after a question.
func TestEmailsScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	olivia := d.as("olivia", "team")
	m := practiceModel(t, d, "olivia", "", "emails")
	v := practiceView(t, m)
	practiceHas(t, v, "System emails", "invitation", "session_reminder", "default")
	practicePress(m, "enter")
	v = practiceView(t, m)
	practiceHas(t, v, "The invitation email · the default", "Placeholders", "{{code}}", "{{ssh}}", "Subject")
	practicePress(m, "e")
	practiceHas(t, practiceView(t, m), "The invitation email", "Placeholders: {{recipient}}, {{org}}", "Subject: ")
	practicePress(m, " {{nope}}", "ctrl+s")
	_, want := d.svc.SetEmailTemplate(olivia, "invitation", "Hi", "Body {{nope}}")
	practiceHas(t, practiceView(t, m), "uses {{nope}}, which this email does not have")
	if want == nil || !strings.Contains(want.Error(), "uses {{nope}}, which this email does not have") {
		t.Fatalf("the domain's refusal: %v", want)
	}
	if e, _ := d.svc.EmailTemplate(olivia, "invitation"); e.Custom {
		t.Fatal("a refused template was saved")
	}
	practicePress(m, "bs", "bs", "bs", "bs", "bs", "bs", "bs", "bs", "bs", " Kind regards, {{org}}.", "ctrl+s")
	if m.status.Err || m.status.Text != "Saved the invitation email; p previews it" {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	practicePress(m, "G")
	practiceHas(t, practiceView(t, m), "The invitation email · your own", "Kind regards, {{org}}.")
	practicePress(m, "p", "G")
	v = practiceView(t, m)
	practiceHas(t, v, "Preview · the invitation email, with sample values", "Kind regards, Northwind Coaching.")
	practiceLacks(t, v, "{{org}}")
	practicePress(m, "r")
	practiceHas(t, practiceView(t, m), "Put the invitation email back to the default?")
	practicePress(m, "y")
	if m.status.Text != "The invitation email is back to the default" {
		t.Fatalf("status %+v", m.status)
	}
	if e, _ := d.svc.EmailTemplate(olivia, "invitation"); e.Custom {
		t.Fatal("the reset did not reach the domain")
	}
	practicePress(m, "esc")
	practiceHas(t, practiceView(t, m), "System emails")

	// A bigger terminal lays the detail out again; it still fits.
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	practicePress(m, "enter")
	practiceHas(t, practiceView(t, m), "The invitation email")
}

// R24: the Terms screen shows the version in force, whether earlier
// acceptances still count and who accepted; T and R write new versions.
func TestTermsScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	olivia := d.as("olivia", "team")
	_, err := d.svc.SetTerms(olivia, "Be kind to one another.", true)
	mustNot(t, err)
	tv, err := d.svc.TermsFor(d.as("jane", ""))
	mustNot(t, err)
	_, err = d.svc.AcceptTerms(d.as("jane", ""), tv.Terms.ID)
	mustNot(t, err)
	version := func() domain.ID {
		v, err := d.svc.TermsFor(olivia)
		mustNot(t, err)
		return v.Terms.ID
	}

	accepted, err := d.svc.TermsAcceptances(olivia, "")
	mustNot(t, err)

	m := practiceModel(t, d, "olivia", "", "terms")
	v := practiceView(t, m)
	practiceHas(t, v, fmt.Sprintf("Terms · version %d of 2026-11-23", version()), "Everyone accepts this version",
		"Be kind to one another.", "Accepted · "+domain.Plural(len(accepted), "acceptance", "acceptances"), fmt.Sprintf("Jane Smith (jane) · version %d · 2026-11-23 10:00 · as client", version()))
	practicePress(m, "T")
	practiceHas(t, practiceView(t, m), "New terms", "Those who accepted earlier terms need not accept again")
	practicePress(m, " Be on time.", "ctrl+s")
	if m.status.Err || m.status.Text != fmt.Sprintf("Saved the terms as version %d", version()) {
		t.Fatalf("status %+v\n%s", m.status, practiceView(t, m))
	}
	practiceHas(t, practiceView(t, m), fmt.Sprintf("Terms · version %d", version()), fmt.Sprintf("Acceptances of version %d and later still count", version()-1), "Be on time.")
	practicePress(m, "R", "!", "ctrl+s")
	practiceHas(t, practiceView(t, m), fmt.Sprintf("Terms · version %d", version()), "Everyone accepts this version")
	if tv, _ := d.svc.TermsFor(d.as("jane", "")); !tv.Due {
		t.Fatal("new terms everyone accepts again are not due for jane")
	}
	practicePress(m, "?")
	practiceHas(t, practiceView(t, m), "T new terms", "R new terms, everyone accepts again")
}

// The owner's Outbox shows each email's status, failed tries, the mail
// server's last refusal and when it was sent, and filters by status; an
// invitation's code never shows.
func TestOutboxScreen(t *testing.T) {
	t.Parallel()
	d := newDemoWith(t, domain.Options{Now: fixedClock, SendsMail: true})
	olivia := d.as("olivia", "team")
	var codes []string
	for _, h := range []string{"kim", "lee", "max"} {
		_, err := d.svc.AddPerson(olivia, domain.NewPerson{Handle: h, Name: strings.ToUpper(h[:1]) + h[1:] + " Newman", Email: h + "@example.com", As: domain.AsContact})
		mustNot(t, err)
		inv, err := d.svc.InvitePerson(olivia, h)
		mustNot(t, err)
		codes = append(codes, inv.Code)
	}
	due, err := d.svc.DueMail(10)
	mustNot(t, err)
	if len(due) < 3 {
		t.Fatalf("%d emails due", len(due))
	}
	mustNot(t, d.svc.MailDelivered(due[0].ID, "250 2.0.0 queued as 12345"))
	mustNot(t, d.svc.MailRefused(due[1].ID, "550 5.1.1 no such mailbox", false))

	m := practiceModel(t, d, "olivia", "", "outbox")
	v := practiceView(t, m)
	practiceHas(t, v, "Outbox", "every status", "sent", "failed", "queued", "Status", "Last error")
	for _, c := range codes {
		practiceLacks(t, v, c)
	}
	practicePress(m, "s", "s", "s") // queued, sent, failed
	v = practiceView(t, m)
	practiceHas(t, v, "failed only", "1 message", "550 5.1.1 no such mailbox", "failed · 1 failed try")
	practicePress(m, "s", "s") // kept, then every status again
	practiceHas(t, practiceView(t, m), "every status")
	practicePress(m, "s", "s")
	practiceHas(t, practiceView(t, m), "sent only", "sent 2026-11-23 10:00")
	practicePress(m, "?")
	practiceHas(t, practiceView(t, m), "s status filter")
}
