package domain_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"behalf/domain"
	"behalf/internal/benchorg"
)

// Deleting someone at the large organisation once its outbox holds a
// year of emails. The generator writes none (a year is 530,000, 2.3 a
// session, and would double the time it takes); they are seeded here, to
// and about people at random, each as long as a booking's email (one in
// 5,000 failed). The
// outbox keeps no index by person, so a deletion walks all of it for what
// was sent to or about them — in a read transaction before its write.
// Reported beside the time a deletion takes: writer-ms/op, the time it
// holds the writer (its write running and committing), which every other
// write of the organisation waits for. It runs on a copy of its own, so
// that no other benchmark meets the emails or the deletions.
func BenchmarkDeletePerson(b *testing.B) {
	o := withOutbox(b, 530_000)
	admin := o.Who(b, "admin01", "team")
	before := o.DB.CommitStats()
	n := 0
	timed(b, func(int) error {
		// contact19001 on, each once across the benchmark's runs
		h := fmt.Sprintf("contact%05d", 19001+deletedContacts%1000)
		deletedContacts++
		n++
		return o.Svc.DeletePerson(admin, h, h)
	})
	st := o.DB.CommitStats()
	held := (st.Running - before.Running) + (st.Committing - before.Committing)
	b.ReportMetric(float64(held)/float64(time.Millisecond)/float64(n), "writer-ms/op")
}

// The owner's Outbox screen filtered by status (its s key; the command's
// --status), at the same year of emails: one in 5,000 failed (106), the
// rest kept. The first page of the failed ones walks the whole outbox.
func BenchmarkOutboxByStatus(b *testing.B) {
	o := withOutbox(b, 530_000)
	owner := o.Who(b, "olivia", "team") // the owner: only they read the outbox
	for _, st := range []domain.MailStatus{domain.MailFailed, domain.MailKept} {
		b.Run(string(st), func(b *testing.B) {
			timed(b, func(int) error {
				items, err := o.Svc.Outbox(owner, domain.OutboxQuery{Status: st})
				if err == nil && len(items) == 0 {
					err = fmt.Errorf("no %s emails", st)
				}
				return err
			})
		})
	}
}

// withOutbox is a copy of the organisation, its own, with n emails added
// to its outbox; made once per binary.
func withOutbox(b *testing.B, n int) *benchorg.Org {
	b.Helper()
	if outboxOrg != nil {
		return outboxOrg
	}
	o := benchorg.Copy(b)
	const body = "Hello Eve Evans,\n\nSession booked: Jane Smith with Rob Reyes, 2027-06-01 10:00 EDT (45 min).\n\n-- \nNorthwind Coaching\n" +
		"You get this email because your notification settings have email on for it. To stop it, sign in and open Notifications, or run:\n" +
		"    ssh -p 23234 localhost notifications set --event session_booked --channel email --off"
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Now().UTC().AddDate(-1, 0, 0)
	for lo := 0; lo < n; lo += 20_000 {
		err := o.Svc.Seed(func(w *domain.Seeder) error {
			for i := lo; i < min(lo+20_000, n); i++ {
				it := &domain.OutboxItem{Person: domain.ID(1 + rng.IntN(30_000)), Handle: "someone", To: "someone@example.com",
					Channel: domain.ChannelEmail, Event: domain.EventSessionBooked, About: domain.ID(1 + rng.IntN(30_000)),
					Text: "Session booked: Jane Smith with Rob Reyes, 2027-06-01 10:00 EDT (45 min).", Subject: "Session booked",
					Body: body, Status: domain.MailKept, At: start.Add(time.Duration(i) * 365 * 24 * time.Hour / time.Duration(n))}
				if i%5000 == 4999 {
					it.Status, it.MessageID, it.Attempts, it.LastError = domain.MailFailed, fmt.Sprintf("<%d@bench>", i), 1, "550 no such user"
				}
				if err := w.Put(it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	outboxOrg = o
	return o
}

var (
	outboxOrg       *benchorg.Org
	deletedContacts int
)
