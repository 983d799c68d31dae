package mailer_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
	"behalf/internal/smtptest"
	"behalf/mailer"
)

// clock is the service's clock, moved by the tests (no sleeps).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type world struct {
	svc  *domain.Service
	clk  *clock
	smtp *smtptest.Server
	send *mailer.Sender
	ids  map[string]domain.ID
}

// newWorld is the demo organisation on a server that sends mail, a test
// SMTP server, and a sender between them (no TLS: a local relay).
func newWorld(t *testing.T) *world { return newWorldMail(t, true) }

func newWorldMail(t *testing.T, sends bool) *world {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	keys := map[string]domain.SSHKey{}
	for _, p := range demo.People {
		keys[p.Handle] = domain.SSHKey{Fingerprint: "SHA256:" + p.Handle, Line: "ssh-ed25519 " + p.Handle}
	}
	db, svc := fixture.Demo(t, filepath.Join(t.TempDir(), "behalf.db"), keys, domain.Options{Now: clk.now, SendsMail: sends, SSHAddress: "portal.example.com:2222"})
	t.Cleanup(func() {
		if err := consistency.Check(db, svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	w := &world{svc: svc, clk: clk, smtp: smtptest.Start(t), ids: map[string]domain.ID{}}
	cfg, err := mailer.ParseURL("smtp://"+w.smtp.Addr+"?starttls=off", "", "portal@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 10 * time.Second
	w.send = &mailer.Sender{Config: cfg, Service: svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, p := range demo.People {
		who, err := svc.Identify("SHA256:" + p.Handle)
		if err != nil {
			t.Fatal(err)
		}
		w.ids[p.Handle] = who.ID
	}
	return w
}

func (w *world) as(h, ws string) domain.Who { return domain.Who{Person: w.ids[h], Workspace: ws} }

// book has rob book jane, which emails jane and her contact eve.
func (w *world) book(t *testing.T) {
	t.Helper()
	start := w.clk.now().Add(72*time.Hour).Format("2006-01-02") + "T10:00"
	if _, err := w.svc.BookSession(w.as("rob", "team"), domain.Booking{Client: "jane", Start: start, Minutes: 60}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) flush(t *testing.T) {
	t.Helper()
	if _, _, err := w.send.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (w *world) outbox(t *testing.T, st domain.MailStatus) []domain.OutboxItem {
	t.Helper()
	items, err := w.svc.Outbox(w.as("olivia", "team"), domain.OutboxQuery{Status: st, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func emailsTo(items []domain.OutboxItem, to string) []domain.OutboxItem {
	var out []domain.OutboxItem
	for _, it := range items {
		if it.Channel == domain.ChannelEmail && it.To == to {
			out = append(out, it)
		}
	}
	return out
}

// A change queues its emails in its own transaction; the worker sends
// them: plain text and HTML, the organisation as sender, the footer, and
// the outbox says sent with the server's reply.
func TestQueuedEmailsArrive(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.book(t)
	queued := emailsTo(w.outbox(t, domain.MailQueued), "jane@example.com")
	if len(queued) != 1 {
		t.Fatalf("queued for jane: %+v", queued)
	}
	w.flush(t)
	got := w.smtp.Messages()
	var jane *smtptest.Message
	for i, m := range got {
		if slices.Equal(m.To, []string{"jane@example.com"}) {
			jane = &got[i]
		}
	}
	if jane == nil {
		t.Fatalf("nothing arrived for jane: %d messages", len(got))
	}
	if jane.From != "portal@northwind.example" || !strings.Contains(jane.Header.Get("From"), "Northwind Coaching") {
		t.Errorf("from: %q / %q", jane.From, jane.Header.Get("From"))
	}
	if jane.Subject != "Session booked" {
		t.Errorf("subject %q", jane.Subject)
	}
	for _, want := range []string{"Hello Jane Smith,", "Rob Reyes", "Northwind Coaching",
		"ssh -p 2222 portal.example.com notifications set --event session_booked --channel email --off"} {
		if !strings.Contains(jane.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, jane.Text)
		}
	}
	if !strings.Contains(jane.HTML, "<p>Hello Jane Smith,</p>") || !strings.Contains(jane.HTML, "<hr>") {
		t.Errorf("html:\n%s", jane.HTML)
	}
	sent := emailsTo(w.outbox(t, domain.MailSent), "jane@example.com")
	if len(sent) != 1 || sent[0].SentAt.IsZero() || !strings.HasPrefix(sent[0].Reply, "2") || "<"+sent[0].MessageID+">" != jane.MessageID {
		t.Fatalf("outbox after sending: %+v (arrived with %s)", sent, jane.MessageID)
	}
	if q := w.outbox(t, domain.MailQueued); len(q) != 0 {
		t.Errorf("still queued: %+v", q)
	}
	// Sending again sends nothing twice.
	w.flush(t)
	if n := len(w.smtp.Messages()); n != len(got) {
		t.Errorf("a second round sent %d more", n-len(got))
	}
}

// A temporary refusal (4xx) is tried again after the backoff, not before;
// then it is sent, with the same Message-ID.
func TestTemporaryRefusalIsRetried(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.book(t)
	n := len(w.outbox(t, domain.MailQueued))
	codes := make([]int, n)
	for i := range codes {
		codes[i] = 451
	}
	w.smtp.Reply(codes...)
	w.flush(t)
	if got := w.smtp.Messages(); len(got) != 0 {
		t.Fatalf("accepted despite 451: %d", len(got))
	}
	waiting := w.outbox(t, domain.MailQueued)
	if len(waiting) != n {
		t.Fatalf("after 451: %d queued, want %d", len(waiting), n)
	}
	for _, it := range waiting {
		if it.Attempts != 1 || !strings.Contains(it.LastError, "451") {
			t.Fatalf("after 451: %+v", it)
		}
	}
	w.flush(t) // not due yet
	if got := w.smtp.Messages(); len(got) != 0 {
		t.Fatalf("tried again before the backoff: %d", len(got))
	}
	w.clk.add(time.Minute)
	w.flush(t)
	got := w.smtp.Wait(t, "every email", func(got, _ []smtptest.Message) bool { return len(got) == n })
	sent := w.outbox(t, domain.MailSent)
	if len(sent) != n {
		t.Fatalf("sent %d, want %d", len(sent), n)
	}
	for _, it := range sent {
		if !slices.ContainsFunc(got, func(m smtptest.Message) bool { return m.MessageID == "<"+it.MessageID+">" }) {
			t.Errorf("outbox item %s (%s) arrived with another Message-ID", it.ID, it.MessageID)
		}
		if it.Attempts != 1 || it.LastError == "" {
			t.Errorf("the failed try is not kept: %+v", it)
		}
	}
}

// A permanent refusal (5xx) fails the email at once, with the reply.
func TestPermanentRefusalFails(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.book(t)
	n := len(w.outbox(t, domain.MailQueued))
	codes := make([]int, n)
	for i := range codes {
		codes[i] = 550
	}
	w.smtp.Reply(codes...)
	w.flush(t)
	failed := w.outbox(t, domain.MailFailed)
	if len(failed) != n {
		t.Fatalf("failed %d, want %d", len(failed), n)
	}
	for _, it := range failed {
		if it.Attempts != 1 || !strings.Contains(it.LastError, "550") {
			t.Errorf("%+v", it)
		}
	}
	w.clk.add(24 * time.Hour)
	w.flush(t)
	if got := w.smtp.Messages(); len(got) != 0 {
		t.Errorf("a failed email was sent later: %d", len(got))
	}
}

// smtp:// without ?starttls=off insists on STARTTLS: a server that does
// not offer it gets nothing, and the outbox says why.
func TestStartTLSIsRequired(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cfg, err := mailer.ParseURL("smtp://"+w.smtp.Addr, "", "portal@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 10 * time.Second
	w.send.Config = cfg
	w.book(t)
	w.flush(t)
	if got := w.smtp.Messages(); len(got) != 0 {
		t.Fatalf("sent without TLS: %d", len(got))
	}
	for _, it := range w.outbox(t, domain.MailQueued) {
		if it.Attempts != 1 || !strings.Contains(strings.ToLower(it.LastError), "starttls") {
			t.Fatalf("%+v", it)
		}
	}
}

// A server that sends no mail keeps emails in the outbox only.
func TestWithoutSMTPEmailsAreKept(t *testing.T) {
	t.Parallel()
	w := newWorldMail(t, false)
	w.book(t)
	due, err := w.svc.DueMail(10)
	if err != nil || len(due) != 0 {
		t.Fatalf("due without --smtp: %v %+v", err, due)
	}
	if q := w.outbox(t, domain.MailQueued); len(q) != 0 {
		t.Fatalf("queued without --smtp: %+v", q)
	}
	if kept := emailsTo(w.outbox(t, domain.MailKept), "jane@example.com"); len(kept) != 1 {
		t.Fatalf("kept for jane: %+v", kept)
	}
}

func TestParseURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		url, pass string
		want      mailer.Config
		bad       string
	}{
		{url: "smtp://u:p@mail.example.com:587", want: mailer.Config{Host: "mail.example.com", Port: 587, Security: mailer.StartTLS, User: "u", Password: "p"}},
		{url: "smtp://u@mail.example.com", pass: "env", want: mailer.Config{Host: "mail.example.com", Port: 587, Security: mailer.StartTLS, User: "u", Password: "env"}},
		{url: "smtps://u:p@mail.example.com", want: mailer.Config{Host: "mail.example.com", Port: 465, Security: mailer.TLS, User: "u", Password: "p"}},
		{url: "smtp://relay:25?starttls=off", want: mailer.Config{Host: "relay", Port: 25, Security: mailer.Plain}},
		{url: "smtps://relay:465?starttls=off", bad: "starttls=off"},
		{url: "http://mail.example.com", bad: "smtp://"},
		{url: "smtp://mail.example.com:99999", bad: "port"},
		{url: "smtp://:p@mail.example.com", bad: "user name"},
		{url: "mail.example.com", bad: "not a mail server URL"},
	} {
		got, err := mailer.ParseURL(c.url, c.pass, "portal@example.com")
		if c.bad != "" {
			if err == nil || !strings.Contains(err.Error(), c.bad) {
				t.Errorf("%s: %v, want an error about %q", c.url, err, c.bad)
			}
			if err != nil && strings.Contains(err.Error(), ":p@") {
				t.Errorf("%s: the error shows the password: %v", c.url, err)
			}
			continue
		}
		c.want.From, c.want.Timeout = "portal@example.com", 30*time.Second
		if err != nil || got != c.want {
			t.Errorf("%s: %+v %v, want %+v", c.url, got, err, c.want)
		}
	}
	if _, err := mailer.ParseURL("smtp://relay:25", "", "Portal <portal@example.com>"); err == nil {
		t.Error("a From with a name was taken")
	}
}

// The HTML part escapes everything the text holds.
func TestHTMLEscapes(t *testing.T) {
	t.Parallel()
	h := mailer.HTML("<b>hi</b>", "Hello <script>x</script> & {{code}}\n    ssh -p 1 host\n\n-- \nOrg <i>")
	for _, bad := range []string{"<script>", "<b>hi", "<i>"} {
		if strings.Contains(h, bad) {
			t.Errorf("html holds %q:\n%s", bad, h)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "{{code}}", "<code style=\"font-size: 1.1em\">ssh -p 1 host</code>"} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q:\n%s", want, h)
		}
	}
}
