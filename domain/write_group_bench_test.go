package domain_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"behalf/domain"
	"behalf/internal/benchorg"
	"behalf/internal/heapfloor"
)

// Bookings from 1, 10 and 50 writers at once, each a coach booking one of
// their own clients (coach0KK is primary of client000KK, client001KK, …;
// the 25 coaches with keys take two writers each at 50) more than a year
// ahead, where the generated calendar leaves every slot free. With
// group commit, writers that arrive during a commit share the next one.
// Reported: durable bookings per second, each booking's wait (p50, p99,
// as the writer sees it: queue, transaction, fsync), and the process's
// CPU per booking (what a booking costs, whatever the disk). The garbage
// collector is paced as behalf serve paces it (its default heap floor).
func BenchmarkWriteConcurrent(b *testing.B) {
	o := largeOrg(b)
	heapfloor.Keep(heapfloor.Default)
	defer heapfloor.Keep(0)
	loc := time.UTC
	if org, err := o.Svc.Org(); err == nil {
		loc = org.Location()
	}
	const most, coaches = 50, 25
	type writer struct {
		coach  domain.Who
		client string
		next   *atomic.Int64 // the coach's next free slot, kept across runs
	}
	writers := make([]*writer, most)
	slots := make([]atomic.Int64, coaches)
	for k := range most {
		c := k % coaches
		writers[k] = &writer{
			coach:  o.Who(b, fmt.Sprintf("coach%03d", c+1), "team"),
			client: fmt.Sprintf("client%05d", c+1+100*(k/coaches)),
			next:   &slots[c],
		}
	}
	// Beside the slots BenchmarkWrite takes (from 100 days ahead, 19:00–
	// 23:00) and past the generated calendar (90 days): from 100 days
	// ahead, fourteen 45-minute slots a day from 08:00 to 18:30. A coach
	// has 8,800 before bookings reach the two years' limit: the lone
	// writer's (all coach001's) and the others' of one process at
	// -benchtime 6000x take 6,000 + 600 + 3 × 240 + the offered runs'
	// first seconds (40 + 80) = 7,440.
	const perDay = 14
	first := time.Now().In(loc).AddDate(0, 0, 100)
	book := func(w *writer) error {
		slot := int(w.next.Add(1) - 1)
		day := first.AddDate(0, 0, slot/perDay)
		start := time.Date(day.Year(), day.Month(), day.Day(), 8, 45*(slot%perDay), 0, 0, loc)
		_, err := o.Svc.BookSession(w.coach, domain.Booking{Client: w.client, Start: start.Format(domain.TimeLayout), Minutes: 45})
		return err
	}
	// Closed: each writer books again as soon as it is answered, so the
	// figures are the store's capacity (and by Little's law the wait is
	// writers ÷ throughput). Offered: the writers book between them at a
	// set rate, each at its own times (writer k's i-th booking at
	// (i×writers + k) ÷ rate), and a booking's wait runs from the moment
	// it was due, so a writer that falls behind counts its lateness too.
	runs := []struct{ writers, rate int }{{1, 0}, {10, 0}, {50, 0}, {50, 1000}, {50, 2000}}
	for _, r := range runs {
		n := r.writers
		name := fmt.Sprintf("writers=%d", n)
		if r.rate > 0 {
			name += fmt.Sprintf("/offered=%d", r.rate)
		}
		b.Run(name, func(b *testing.B) {
			// drive has the writers book total between them, and answers
			// each booking's wait and the time it all took.
			drive := func(total int) ([]time.Duration, time.Duration) {
				lat := make([][]time.Duration, n)
				errs := make([]error, n)
				var wg sync.WaitGroup
				start := time.Now()
				due := func(k, i int) time.Time {
					if r.rate == 0 {
						return time.Now()
					}
					return start.Add(time.Duration(i*n+k) * time.Second / time.Duration(r.rate))
				}
				for k := range n {
					share := total / n
					if k < total%n {
						share++
					}
					wg.Go(func() {
						for i := range share {
							t := due(k, i)
							if wait := time.Until(t); wait > 0 {
								time.Sleep(wait)
							}
							if err := book(writers[k]); err != nil {
								errs[k] = err
								return
							}
							lat[k] = append(lat[k], time.Since(t))
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start)
				var all []time.Duration
				for k := range n {
					if errs[k] != nil {
						b.Fatalf("writer %d: %v", k, errs[k])
					}
					all = append(all, lat[k]...)
				}
				return all, elapsed
			}
			if r.rate > 0 && b.N > 1 {
				// A second at the offered rate first, not counted: the
				// figures are the store's as a server that has been up
				// runs it, not its first second in a fresh process (a
				// fresh copy's first second carried 10–25 bookings a
				// commit at three times the steady cost).
				drive(r.rate)
			}
			defer pagesPerOp(b, o)()
			defer commitsPerOp(b, o)()
			cpu := cpuPerOp(b)
			b.ResetTimer()
			all, elapsed := drive(b.N)
			b.StopTimer()
			cpu()
			reportLatency(b, all)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "bookings/s")
		})
	}
}

// commitsPerOp reports how many bookings a commit carried and, per
// booking, the writers' time running use cases and committing them
// (puts, spill, page writes, fsyncs): under load a batch runs while the
// one before commits, so the larger of the two bounds the throughput.
func commitsPerOp(b *testing.B, o *benchorg.Org) func() {
	before := o.DB.CommitStats()
	return func() {
		st := o.DB.CommitStats()
		n := float64(b.N)
		b.ReportMetric(float64(st.Calls-before.Calls)/float64(max(1, st.Transactions-before.Transactions)), "bookings/commit")
		b.ReportMetric(float64(st.Running-before.Running)/float64(time.Microsecond)/n, "run-µs/op")
		b.ReportMetric(float64(st.Committing-before.Committing)/float64(time.Microsecond)/n, "commit-µs/op")
	}
}
