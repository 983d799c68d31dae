package mailer_test

import (
	"slices"
	"strings"
	"testing"

	"behalf/domain"
	"behalf/internal/smtptest"
)

// to returns the messages addressed to addr.
func to(got []smtptest.Message, addr string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range got {
		if slices.Contains(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
}

// invitation is the one invitation email addr received.
func invitation(t *testing.T, got []smtptest.Message, addr string) smtptest.Message {
	t.Helper()
	var inv []smtptest.Message
	for _, m := range to(got, addr) {
		if strings.HasPrefix(m.Subject, "Your invitation") {
			inv = append(inv, m)
		}
	}
	if len(inv) != 1 {
		t.Fatalf("%s got %d invitations", addr, len(inv))
	}
	return inv[0]
}

// R34: inviting a family emails the child and each parent their own
// code, with what someone who never used SSH needs: a key on macOS, Linux
// or Windows, the one ssh line, the code. Each code signs in only its own
// person, and once sent no code is left in the database.
func TestInvitingAFamilyEmailsEachTheirOwnCode(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res, err := w.svc.InviteClient(w.as("adam", "team"), domain.ClientInvite{
		Client: domain.NewPerson{Handle: "kai", Name: "Kai Kim", Email: "kai@example.com", Primary: "mira"},
		Contacts: []domain.NewContact{
			{Handle: "lena", Name: "Lena Kim", Email: "lena@example.com", Perms: "schedule,billing"},
			{Handle: "max", Name: "Max Kim", Email: "max@example.com", Perms: "progress"},
		},
		Invite: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{"kai@example.com": res.Invite.Code, "lena@example.com": res.Contacts[0].Invite.Code, "max@example.com": res.Contacts[1].Invite.Code}
	for addr, inv := range map[string]*domain.Invite{"kai@example.com": res.Invite, "lena@example.com": res.Contacts[0].Invite, "max@example.com": res.Contacts[1].Invite} {
		if inv.EmailedTo != addr {
			t.Errorf("%s: emailed to %q", addr, inv.EmailedTo)
		}
	}
	w.flush(t)
	got := w.smtp.Messages()
	for addr, code := range codes {
		m := invitation(t, got, addr)
		if m.Subject != "Your invitation to Northwind Coaching" {
			t.Errorf("%s: subject %q", addr, m.Subject)
		}
		for _, want := range []string{code, "ssh -p 2222 portal.example.com\n", "ssh-keygen -t ed25519", "macOS", "Linux", "PowerShell"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s: the text lacks %q:\n%s", addr, want, m.Text)
			}
		}
		if !strings.Contains(m.HTML, code) || !strings.Contains(m.HTML, "<code style=\"font-size: 1.1em\">ssh -p 2222 portal.example.com</code>") {
			t.Errorf("%s: the HTML lacks the code or the ssh line:\n%s", addr, m.HTML)
		}
		for other, c := range codes {
			if other != addr && strings.Contains(m.Text+m.HTML, c) {
				t.Errorf("%s's email holds %s's code", addr, other)
			}
		}
		if lines := strings.Count(m.Text, "\n"); lines > 30 {
			t.Errorf("%s: %d lines is long for a phone", addr, lines)
		}
	}
	// Each code, as emailed, binds its own person.
	p, err := w.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:lena-key"}, "10.0.0.1:1", codes["lena@example.com"])
	if err != nil || p.Handle != "lena" {
		t.Fatalf("lena's emailed code: %v %v", p.Handle, err)
	}
	for _, it := range w.outbox(t, "") {
		for _, c := range codes {
			if strings.Contains(it.Body, c) || strings.Contains(it.Text, c) || strings.Contains(it.Subject, c) {
				t.Errorf("outbox item %s keeps a code after sending", it.ID)
			}
		}
	}
}

// R36: a contact added to an existing client is the only one invited; the
// client and the other contacts are told, with no code.
func TestAddingAContactInvitesOnlyTheNewContact(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ca, err := w.svc.AddContact(w.as("adam", "team"), domain.AddContactIn{Client: "jane", Invite: true, Notify: true,
		Contact: domain.NewContact{Handle: "tom", Name: "Tom Smith", Email: "tom@example.com", Perms: "schedule"}})
	if err != nil || ca.Invite == nil {
		t.Fatalf("%+v %v", ca, err)
	}
	w.flush(t)
	got := w.smtp.Messages()
	m := invitation(t, got, "tom@example.com")
	if !strings.Contains(m.Text, ca.Invite.Code) {
		t.Errorf("tom's email lacks his code")
	}
	for _, addr := range []string{"jane@example.com", "eve@example.com"} {
		ms := to(got, addr)
		if len(ms) != 1 || strings.HasPrefix(ms[0].Subject, "Your invitation") || !strings.Contains(ms[0].Text, "Tom Smith can now act for Jane Smith") {
			t.Errorf("%s: %d emails, want one notice: %+v", addr, len(ms), ms)
		}
		if strings.Contains(ms[0].Text, ca.Invite.Code) {
			t.Errorf("%s saw tom's code", addr)
		}
	}
}

// R36: a contact already in behalf who gains a client gets a notice by
// their settings (inbox and email), not a code.
func TestExistingContactGetsANoticeNotACode(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ca, err := w.svc.AddContact(w.as("adam", "team"), domain.AddContactIn{Client: "jane", Invite: true,
		Contact: domain.NewContact{Email: "pat@example.com", Perms: "schedule"}})
	if err != nil || !ca.Existing || ca.Invite != nil {
		t.Fatalf("%+v %v", ca, err)
	}
	w.flush(t)
	ms := to(w.smtp.Messages(), "pat@example.com")
	if len(ms) != 1 || strings.HasPrefix(ms[0].Subject, "Your invitation") || !strings.Contains(ms[0].Text, "You can now act for Jane Smith") {
		t.Fatalf("pat's emails: %+v", ms)
	}
	inbox, err := w.svc.Inbox(w.as("pat", "contact:jane"), domain.InboxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inbox) != 1 || !strings.Contains(inbox[0].Item.Text, "You can now act for Jane Smith") {
		t.Fatalf("pat's inbox in contact:jane: %+v", inbox)
	}
	// Not in another client's workspace (R32).
	other, err := w.svc.Inbox(w.as("pat", "contact:alex"), domain.InboxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range other {
		if strings.Contains(it.Item.Text, "Jane") {
			t.Errorf("the notice shows for alex: %+v", it.Item)
		}
	}
}

// `people invite --resend` sends a fresh code by email only: the old code
// stops working, the new one reaches only the invitee.
func TestResendSendsAFreshCodeByEmailOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.svc.AddPerson(w.as("olivia", "team"), domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "rob"}); err != nil {
		t.Fatal(err)
	}
	first, err := w.svc.InvitePerson(w.as("olivia", "team"), "kim")
	if err != nil || first.Code == "" {
		t.Fatal(first, err)
	}
	again, err := w.svc.ResendInvitation(w.as("olivia", "team"), "kim")
	if err != nil || again.Code != "" || again.EmailedTo != "kim@example.com" {
		t.Fatalf("%+v %v", again, err)
	}
	w.flush(t)
	ms := to(w.smtp.Messages(), "kim@example.com")
	if len(ms) != 2 {
		t.Fatalf("kim got %d emails", len(ms))
	}
	fresh := ""
	for _, line := range strings.Split(ms[1].Text, "\n") {
		if l := strings.TrimSpace(line); len(l) == 14 && strings.Count(l, "-") == 2 && l != first.Code {
			fresh = l
		}
	}
	if fresh == "" {
		t.Fatalf("no fresh code in:\n%s", ms[1].Text)
	}
	if _, err := w.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:kim-old"}, "10.0.0.2:1", first.Code); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("the first code still works: %v", err)
	}
	if p, err := w.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:kim-new"}, "10.0.0.2:1", fresh); err != nil || p.Handle != "kim" {
		t.Errorf("the resent code: %v %v", p.Handle, err)
	}
	// A server that sends no email cannot resend: the code would reach no one.
	off := newWorldMail(t, false)
	if _, err := off.svc.AddPerson(off.as("olivia", "team"), domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "rob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := off.svc.ResendInvitation(off.as("olivia", "team"), "kim"); domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "sends no email") {
		t.Errorf("resend without mail: %v", err)
	}
}

// Names are inserted as text: a name holding a placeholder or HTML
// arrives as those characters, and the HTML part escapes them.
func TestNamesArriveAsText(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	name := "Kim {{code}} <b>Bold</b> & Co"
	if _, err := w.svc.AddPerson(w.as("olivia", "team"), domain.NewPerson{Handle: "kim", Name: name, Email: "kim@example.com", As: domain.AsClient, Primary: "rob"}); err != nil {
		t.Fatal(err)
	}
	inv, err := w.svc.InvitePerson(w.as("olivia", "team"), "kim")
	if err != nil {
		t.Fatal(err)
	}
	w.flush(t)
	m := invitation(t, w.smtp.Messages(), "kim@example.com")
	if !strings.Contains(m.Text, "Hello "+name+",") || strings.Count(m.Text, inv.Code) != 1 {
		t.Errorf("the name was not taken as text:\n%s", m.Text)
	}
	if strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, "Kim {{code}} &lt;b&gt;Bold&lt;/b&gt; &amp; Co") {
		t.Errorf("html:\n%s", m.HTML)
	}
}

// The organisation's own template (R24): an unknown placeholder is
// refused when saving; what is saved is used, values go in as text, the
// HTML part escapes them; reset goes back to the default.
func TestEmailTemplateInjection(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	owner := w.as("olivia", "team")
	if _, err := w.svc.SetEmailTemplate(owner, "invitation", "Welcome {{client}}", "x"); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("an unknown placeholder was saved: %v", err)
	}
	if _, err := w.svc.SetEmailTemplate(w.as("rob", "team"), "invitation", "Hi", "x"); domain.KindOf(err) != domain.KindDenied {
		t.Fatalf("rob without manage_branding: %v", err)
	}
	if _, err := w.svc.SetEmailTemplate(owner, "invitation", "Join {{org}}, {{recipient}}", "Hi {{recipient}}! <b>Code</b>: {{code}}\n    {{ssh}}"); err != nil {
		t.Fatal(err)
	}
	name := "Kim {{code}} <i>x</i> {{ssh}}"
	if _, err := w.svc.AddPerson(owner, domain.NewPerson{Handle: "kim", Name: name, Email: "kim@example.com", As: domain.AsClient, Primary: "rob"}); err != nil {
		t.Fatal(err)
	}
	inv, err := w.svc.InvitePerson(owner, "kim")
	if err != nil {
		t.Fatal(err)
	}
	w.flush(t)
	ms := to(w.smtp.Messages(), "kim@example.com")
	if len(ms) != 1 {
		t.Fatalf("%d emails", len(ms))
	}
	m := ms[0]
	if m.Subject != "Join Northwind Coaching, "+name {
		t.Errorf("subject %q", m.Subject)
	}
	if !strings.HasPrefix(m.Text, "Hi "+name+"! <b>Code</b>: "+inv.Code+"\n    ssh -p 2222 portal.example.com\n") || strings.Count(m.Text, inv.Code) != 1 {
		t.Errorf("text:\n%s", m.Text)
	}
	if strings.Contains(m.HTML, "<i>") || strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, "&lt;b&gt;Code&lt;/b&gt;") {
		t.Errorf("html:\n%s", m.HTML)
	}
	p, err := w.svc.PreviewEmail(owner, "invitation")
	if err != nil || !strings.Contains(p.Body, "ABCD-EFGH-JKMN") || !strings.HasPrefix(p.Subject, "Join Northwind Coaching") {
		t.Errorf("preview: %+v %v", p, err)
	}
	v, err := w.svc.ResetEmailTemplate(owner, "invitation")
	if err != nil || v.Custom || v.Subject != "Your invitation to {{org}}" {
		t.Errorf("reset: %+v %v", v, err)
	}
}
