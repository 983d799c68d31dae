// Package worker runs the server's background jobs — the mail queue, the
// scheduler of reminders (and what else keeps due times in the store) —
// each as one loop: do what is due, then sleep until the next due time, a
// wake-up from the change feed, or the end.
package worker

import (
	"context"
	"log/slog"
	"time"
)

// MaxSleep bounds one sleep: a due time written by another process (or a
// clock that jumped) is still seen within it.
const MaxSleep = 10 * time.Minute

// retryAfter is the pause after a round that failed (the database
// refusing, not a job's own failure, which the job records itself).
const retryAfter = 30 * time.Second

// Job is one background job.
type Job struct {
	Name string
	// Run does everything due now and says when something is next due
	// (ok false: nothing is).
	Run func(ctx context.Context) (next time.Time, ok bool, err error)
	// Wake tells that something new may be due sooner (the change feed).
	Wake <-chan struct{}
	// Wakes are more such channels (merged into one).
	Wakes []<-chan struct{}
	// Now is the clock next is measured against (the service's).
	Now func() time.Time
	Log *slog.Logger
}

// Loop runs j until ctx ends.
func Loop(ctx context.Context, j Job) {
	wake := merge(ctx, append(j.Wakes, j.Wake))
	for ctx.Err() == nil {
		sleep := MaxSleep
		next, ok, err := j.Run(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			j.Log.Error(j.Name+": a round failed; trying again soon", "err", err)
			sleep = retryAfter
		case ok:
			sleep = min(max(next.Sub(j.Now()), 0), MaxSleep)
		}
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// merge is one channel that gets a value (coalesced) whenever any of cs
// does, until ctx ends.
func merge(ctx context.Context, cs []<-chan struct{}) <-chan struct{} {
	out := make(chan struct{}, 1)
	for _, c := range cs {
		if c == nil {
			continue
		}
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-c:
					select {
					case out <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	return out
}
