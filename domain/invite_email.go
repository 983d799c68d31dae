package domain

import "strings"

// Invitations that reach people (R34, R36): each invitee's own code goes
// to their own address, with what a person who never used SSH needs to
// follow it (email_templates.go, "invitation").
//
// The code is kept in the queued email only until it is sent or fails:
// the body is stored with a marker where the code goes and the code beside
// it (OutboxItem.Secret), put together when sent and forgotten after, so
// the database holds no invitation code once its email has gone — codes
// are otherwise only stored as hashes.

// codeMarker stands for the code in a stored body. Control characters
// never survive into a body otherwise (values and templates are cleaned).
const codeMarker = "\x1acode\x1a"

// emailInvite queues inv's code to its person's address, when they have
// one; inv.EmailedTo says where it went.
func (o *op) emailInvite(inv *Invite) error {
	p := inv.Person
	if p.Email == "" {
		return nil
	}
	loc := o.a.Org.Location()
	em, err := composeEmail(o.tx, o.s, o.a.Org, EmailInvitation, map[string]string{
		"recipient": p.Name, "org": o.a.Org.Name, "code": inv.Code,
		"expires": inv.Expires.In(loc).Format(DateLayout + " 15:04"),
	})
	if err != nil {
		return err
	}
	it := OutboxItem{Event: Event(EmailInvitation), At: o.now, Subject: em.Subject,
		Text: notifyText("Invitation to " + o.a.Org.Name + ", valid until " + inv.Expires.In(loc).Format(DateLayout)),
		Body: strings.ReplaceAll(em.Body, inv.Code, codeMarker)}
	if o.s.sendsMail {
		it.Secret = inv.Code
		inv.EmailedTo = p.Email
	} else {
		it.Body = strings.ReplaceAll(it.Body, codeMarker, "(not kept)")
	}
	return o.s.sendOut(o.tx, o.a.Org, p, ChannelEmail, it)
}
