// Package mailer hands the domain's queued emails to a mail server over
// SMTP (github.com/wneessen/go-mail) and reports each answer back, so the
// outbox says what was sent, what waits for another try and what failed.
package mailer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"behalf/domain"
	"behalf/internal/worker"
)

// Security is how the connection to the mail server is protected.
type Security string

const (
	StartTLS Security = "starttls" // smtp://: STARTTLS required
	TLS      Security = "tls"      // smtps://: TLS from the start
	Plain    Security = "none"     // smtp://…?starttls=off: a local relay
)

// Config is where and how mail goes out.
type Config struct {
	Host     string
	Port     int
	Security Security
	User     string
	Password string
	From     string // the envelope and From address
	Timeout  time.Duration
}

// ParseURL reads --smtp: smtp://user:pass@host:587 (STARTTLS required),
// smtps://user:pass@host:465 (TLS from the start) or
// smtp://host:25?starttls=off (no TLS: a local relay, or tests). password,
// when not empty, is used where the URL has none (BEHALF_SMTP_PASSWORD).
func ParseURL(raw, password, from string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return Config{}, fmt.Errorf("%q is not a mail server URL: write smtp://user:pass@host:587, smtps://user:pass@host:465 or smtp://host:25?starttls=off", redact(raw))
	}
	c := Config{Host: u.Hostname(), Timeout: 30 * time.Second}
	port := 0
	switch u.Scheme {
	case "smtp":
		c.Security, port = StartTLS, 587
	case "smtps":
		c.Security, port = TLS, 465
	default:
		return Config{}, fmt.Errorf("%q: the URL starts with smtp:// or smtps://", redact(raw))
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("%q: the port is not a number from 1 to 65535", redact(raw))
		}
		port = n
	}
	c.Port = port
	for k, v := range u.Query() {
		switch {
		case k == "starttls" && u.Scheme == "smtp" && len(v) == 1 && v[0] == "off":
			c.Security = Plain
		case k == "starttls" && u.Scheme == "smtp" && len(v) == 1 && v[0] == "on":
		default:
			return Config{}, fmt.Errorf("%q: the only option is ?starttls=off (smtp:// only)", redact(raw))
		}
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if c.Password == "" {
		c.Password = password
	}
	if c.Password != "" && c.User == "" {
		return Config{}, fmt.Errorf("%q: a password needs a user name (smtp://user:pass@host)", redact(raw))
	}
	addr, err := mail.ParseAddress(from)
	if err != nil || addr.Name != "" || strings.ContainsAny(from, "<>") {
		return Config{}, fmt.Errorf("--mail-from %q is not an email address like portal@example.com", from)
	}
	c.From = addr.Address
	return c, nil
}

// redact leaves a password out of a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// String describes the server for the start-up line, without the password.
func (c Config) String() string {
	sec := map[Security]string{StartTLS: "STARTTLS", TLS: "TLS", Plain: "no TLS"}[c.Security]
	return fmt.Sprintf("%s (%s) as %s", net.JoinHostPort(c.Host, strconv.Itoa(c.Port)), sec, c.From)
}

// Sender sends the queue's due emails and reports each result.
type Sender struct {
	Config  Config
	Service *domain.Service
	Log     *slog.Logger
	// Batch is how many emails one connection carries (default 50).
	Batch int
}

func (s *Sender) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.Config.Port), gomail.WithTimeout(s.Config.Timeout)}
	switch s.Config.Security {
	case StartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLS:
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	case Plain:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.Config.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.Config.User), gomail.WithPassword(s.Config.Password))
	}
	return gomail.NewClient(s.Config.Host, opts...)
}

// claimFor is how long a claim on an email lasts: longer than sending a
// batch takes; a server that dies holding claims leaves them to the others
// after it.
const claimFor = 2 * time.Minute

// Flush sends every email due now and returns when the next one is due.
func (s *Sender) Flush(ctx context.Context) (next time.Time, ok bool, err error) {
	batch := s.Batch
	if batch <= 0 {
		batch = 50
	}
	for ctx.Err() == nil {
		due, err := s.Service.DueMail(batch)
		if err != nil {
			return time.Time{}, false, err
		}
		if len(due) == 0 {
			break
		}
		full := len(due) == batch
		// With several servers on one organisation (etcd), each email
		// is sent by the one that claims it (domain/claims.go).
		mine := due[:0]
		for _, m := range due {
			ok, err := s.Service.ClaimMail(m.ID, claimFor)
			if err != nil {
				return time.Time{}, false, err
			}
			if ok {
				mine = append(mine, m)
			}
		}
		if due = mine; len(due) == 0 {
			break // all taken by other servers
		}
		reached, err := s.sendBatch(ctx, due)
		if err != nil {
			return time.Time{}, false, err
		}
		if !reached || !full {
			break // the rest waits for its own next try
		}
	}
	return s.Service.NextMail()
}

// sendBatch sends due over one connection; reached says whether the
// server was reached at all.
func (s *Sender) sendBatch(ctx context.Context, due []domain.Mail) (reached bool, err error) {
	c, err := s.client()
	if err == nil {
		err = c.DialWithContext(ctx)
	}
	if err != nil {
		why := "could not reach the mail server: " + err.Error()
		for _, m := range due {
			if err := s.Service.MailRefused(m.ID, why, true); err != nil {
				return false, err
			}
		}
		s.Log.Warn("mail: the server could not be reached; the emails wait for another try", "emails", len(due), "err", err)
		return false, nil
	}
	defer c.Close()
	for _, m := range due {
		msg, err := s.message(m)
		if err != nil {
			if err := s.Service.MailRefused(m.ID, "could not be written: "+err.Error(), false); err != nil {
				return true, err
			}
			continue
		}
		if err := c.Send(msg); err != nil {
			temporary := true
			var se *gomail.SendError
			if errors.As(err, &se) {
				temporary = se.IsTemp() || se.ErrorCode() == 0
			}
			s.Log.Warn("mail: not sent", "outbox", m.ID, "to", m.To, "temporary", temporary, "err", err)
			if err := s.Service.MailRefused(m.ID, err.Error(), temporary); err != nil {
				return true, err
			}
			continue
		}
		s.Log.Info("mail: sent", "outbox", m.ID, "to", m.To, "reply", msg.ServerResponse())
		if err := s.Service.MailDelivered(m.ID, msg.ServerResponse()); err != nil {
			return true, err
		}
	}
	return true, nil
}

// message is m as MIME: plain text with a simple HTML alternative.
func (s *Sender) message(m domain.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(m.From, s.Config.From); err != nil {
		return nil, err
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.Trim(m.MessageID, "<>"))
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, HTML(m.Subject, m.Text))
	return msg, nil
}

// HTML is text as a simple HTML page: paragraphs, with indented lines
// (commands, codes) set apart as code; every character of text is
// escaped, so nothing in it is read as markup.
func HTML(subject, text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(subject))
	b.WriteString("</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n")
	body, footer, _ := strings.Cut(text, "\n-- \n")
	for para := range strings.SplitSeq(body, "\n\n") {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			if code, ok := strings.CutPrefix(line, "    "); ok {
				b.WriteString("<code style=\"font-size: 1.1em\">" + html.EscapeString(strings.TrimSpace(code)) + "</code>")
			} else {
				b.WriteString(html.EscapeString(line))
			}
		}
		b.WriteString("</p>\n")
	}
	if footer != "" {
		b.WriteString("<hr>\n<p style=\"color: #555; font-size: 0.9em\">")
		b.WriteString(strings.ReplaceAll(html.EscapeString(footer), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// Run sends mail until ctx ends: at once, then whenever an email is queued
// or the next retry is due.
func (s *Sender) Run(ctx context.Context) {
	wake, stop := s.Service.WatchOutbox()
	defer stop()
	worker.Loop(ctx, worker.Job{Name: "mail", Run: s.Flush, Wake: wake, Now: s.Service.Now, Log: s.Log})
}
