package domain

import (
	"crypto/rand"
	"net"
	"strconv"
	"strings"
	"time"

	"behalf/sanitize"
)

// The outbox as a queue. Every email a change causes is queued in the
// same transaction as the change (sendOut), so a change and its email
// commit together or not at all. A worker outside the domain (package
// mailer) takes what is due (DueMail), hands it to the mail server and
// reports the answer (MailDelivered, MailRefused): sent, tried again
// later with backoff, or failed, each with the server's reply. A message
// keeps the Message-ID it was queued with, so sending it again after a
// crash — between the server's acceptance and MailDelivered — gives mail
// systems a copy they drop.
//
// A server that sends no mail (no --smtp) keeps emails in the outbox
// only, as "kept": they are never sent later by another server.

// MailStatus is where an outbox item stands.
type MailStatus string

const (
	MailQueued MailStatus = "queued" // waiting to be sent (again)
	MailSent   MailStatus = "sent"   // the mail server accepted it
	MailFailed MailStatus = "failed" // refused for good, or too many tries
	// MailKept: recorded only — an SMS (behalf keeps no phone numbers), an
	// email on a server that sends none, or an item from before delivery.
	MailKept MailStatus = "kept"
)

// MailStatuses lists the statuses `notifications outbox --status` takes.
var MailStatuses = []MailStatus{MailQueued, MailSent, MailFailed, MailKept}

// ParseMailStatus reads queued|sent|failed|kept.
func ParseMailStatus(s string) (MailStatus, error) {
	st := MailStatus(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range MailStatuses {
		if st == x {
			return st, nil
		}
	}
	return "", invalidf("%q is not a status: use queued, sent, failed or kept", clip(s, 20))
}

// StatusOf is it's status, "kept" for items from before delivery.
func (it OutboxItem) StatusOf() MailStatus {
	if it.Status == "" {
		return MailKept
	}
	return it.Status
}

// Retries: a temporary refusal (4xx, a connection that failed) is tried
// again after 1, 2, 4 … minutes, at most an hour apart, MaxMailAttempts
// times in all (about seven hours), then marked failed.
const (
	MaxMailAttempts = 12
	mailFirstRetry  = time.Minute
	mailMaxRetry    = time.Hour
	// maxReply bounds the server reply kept with an item.
	maxReply = 300
)

// mailBackoff is the wait after the n-th failed attempt (n ≥ 1).
func mailBackoff(n int) time.Duration {
	d := mailFirstRetry
	for i := 1; i < n && d < mailMaxRetry; i++ {
		d *= 2
	}
	return min(d, mailMaxRetry)
}

// WatchOutbox tells when an email was queued (the mail worker's wake-up).
func (s *Service) WatchOutbox() (<-chan struct{}, func()) { return s.store.Watch(OutboxFeed) }

// SetSSHAddress sets host:port as people reach the server (once bound,
// before serving anyone).
func (s *Service) SetSSHAddress(addr string) { s.sshAddress = addr }

// SendsMail reports whether this server hands emails to a mail server.
func (s *Service) SendsMail() bool { return s.sendsMail }

func queueIndexes(it *OutboxItem) []Index {
	if it.Status != MailQueued {
		return nil
	}
	return []Index{{Name: "queue", Key: practiceTimeKey(it.NextAt) + "/" + it.ID.Key()}}
}

// sendOut records it for r by email or SMS in the outbox; an email is
// written out whole (subject, text, footer) and queued for sending when
// this server sends mail.
func (s *Service) sendOut(tx Tx, org Org, r Person, ch Channel, it OutboxItem) error {
	it.Person, it.Handle, it.Channel, it.To = r.ID, r.Handle, ch, r.Email
	it.Status = MailKept
	if ch == ChannelSMS {
		it.To = "sms:" + r.Handle // no phone numbers are kept; the record says whom
		return saveOutboxItem(tx, &it)
	}
	if it.Subject == "" {
		vals := map[string]string{"recipient": r.Name, "org": org.Name, "text": it.Text}
		for k, v := range it.fields {
			vals[k] = v
		}
		em, err := composeEmail(tx, s, org, string(it.Event), vals)
		if err != nil {
			return err
		}
		it.Subject, it.Body = em.Subject, em.Body
	}
	it.MessageID = s.messageID()
	if s.sendsMail {
		it.Status, it.NextAt = MailQueued, it.At
		tx.Changed(OutboxFeed)
	}
	return saveOutboxItem(tx, &it)
}

// messageID is a new Message-ID, unique across servers and restores (an
// outbox id alone is not: a restored backup counts the same ids again).
func (s *Service) messageID() string {
	host := "behalf.invalid"
	if h, _, err := net.SplitHostPort(s.sshAddress); err == nil && h != "" && !strings.ContainsAny(h, ":[]") {
		host = h
	}
	return strings.ToLower(rand.Text()) + "@" + host
}

// Mail is one queued email as the mail worker sends it.
type Mail struct {
	ID        ID
	To        string // the address
	ToName    string
	From      string // the organisation's name, for the From line
	Subject   string
	Text      string // plain text, footer included
	MessageID string // "…@…" (no angle brackets), the same on every attempt
	Attempts  int    // failed attempts so far
}

// DueMail returns up to max queued emails whose time has come, oldest
// first. It is not a person's use case: only the server's mail worker
// calls it.
func (s *Service) DueMail(max int) ([]Mail, error) {
	var out []Mail
	now := s.Now()
	err := s.store.View(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		return each(tx, colOutbox, Query{Index: "queue"}, func(it OutboxItem) (bool, error) {
			if it.NextAt.After(now) || len(out) >= max {
				return false, nil
			}
			name := it.Handle
			if p, err := loadPerson(tx, it.Person); err == nil {
				name = p.Name
			}
			out = append(out, Mail{ID: it.ID, To: it.To, ToName: sanitize.Line(name), From: sanitize.Line(org.Name), Subject: it.Subject,
				Text: strings.ReplaceAll(it.Body, codeMarker, it.Secret), MessageID: it.MessageID, Attempts: it.Attempts})
			return true, nil
		})
	})
	return out, err
}

// NextMail is when the next queued email is due; ok is false when none is
// queued.
func (s *Service) NextMail() (at time.Time, ok bool, err error) {
	err = s.store.View(func(tx Tx) error {
		return each(tx, colOutbox, Query{Index: "queue"}, func(it OutboxItem) (bool, error) {
			at, ok = it.NextAt, true
			return false, nil
		})
	})
	return at, ok, err
}

// MailDelivered marks an email sent with the mail server's reply.
func (s *Service) MailDelivered(id ID, reply string) error {
	return s.markMail(id, func(it *OutboxItem, now time.Time) {
		it.Status, it.SentAt, it.Reply, it.NextAt = MailSent, now, clipReply(reply), time.Time{}
	})
}

// MailRefused records a failed attempt with the server's reply (or what
// went wrong reaching it): a temporary one is tried again later, unless it
// was the last try; a permanent one fails at once.
func (s *Service) MailRefused(id ID, reply string, temporary bool) error {
	return s.markMail(id, func(it *OutboxItem, now time.Time) {
		it.Attempts++
		it.LastError = clipReply(reply)
		if temporary && it.Attempts < MaxMailAttempts {
			it.NextAt = now.Add(mailBackoff(it.Attempts))
			return
		}
		it.Status, it.NextAt = MailFailed, time.Time{}
	})
}

func (s *Service) markMail(id ID, change func(*OutboxItem, time.Time)) error {
	now := s.Now()
	return s.store.Update(func(tx Tx) error {
		it, err := get[OutboxItem](tx, colOutbox, id)
		if KindOf(err) == KindNotFound {
			return nil // deleted with its person meanwhile (R6)
		}
		if err != nil {
			return err
		}
		if it.Status != MailQueued {
			return nil // already settled
		}
		change(&it, now)
		if it.Status != MailQueued {
			it.Secret = "" // an invitation code is not kept once its email went (invite_email.go)
		}
		if err := dropClaim(tx, mailItem(it.ID), ""); err != nil { // claims.go
			return err
		}
		return tx.Put(colOutbox, it.ID, &it, queueIndexes(&it)...)
	})
}

func clipReply(s string) string {
	s = strings.TrimSpace(sanitize.Line(s))
	if len(s) > maxReply {
		s = s[:maxReply]
	}
	return s
}

// SSHLine is the command a person types to reach this server: "ssh -p
// 23234 host", or "ssh host" on port 22.
func (s *Service) SSHLine() string {
	host, port, err := net.SplitHostPort(s.sshAddress)
	if err != nil || host == "" {
		return "ssh " + s.sshAddress
	}
	if port == "22" {
		return "ssh " + host
	}
	if _, err := strconv.Atoi(port); err != nil {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}
