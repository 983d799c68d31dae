package main

import (
	"context"
	"log/slog"

	"behalf/domain"
	"behalf/internal/worker"
)

// startRenewals runs the subscriptions' scheduler (R55) on the server's
// worker loop: at once — so periods missed while the server was down are
// issued as it comes back — then when the next period starts, or sooner
// when practice data changes (a subscription resumed). Exactly once is
// the domain's doing (each period's invoice has a unique key), so two
// servers on one store may both run it. The function it returns stops it.
func startRenewals(svc *domain.Service, log *slog.Logger) func() {
	ctx, cancel := context.WithCancel(context.Background())
	wake, stop := svc.WatchPractice()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer stop()
		worker.Loop(ctx, worker.Job{Name: "renewals", Run: svc.RenewRound, Wake: wake, Now: svc.Now, Log: log})
	}()
	return func() { cancel(); <-done }
}
