package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// The renewals burst (--resume-burst N): at --burst-at into the run, the
// tool signs in as --burst-as (a key among --keys allowed to manage every
// client's subscriptions, such as admin01), lists the subscriptions and
// resumes the first N paused ones at once, over burstConns connections at
// a time (one person may hold ten sessions at once; the poller takes one). The large organisation's newest subscriptions are paused with a
// period starting on the day it was generated, so resuming them makes
// their invoices due at once and the server's renewals worker issues them
// while the sessions type. The tool then reads the list again every
// burstPoll until each of those has moved on to its next period (issued),
// and reports how long that took and key → screen for the keys sent
// meanwhile.

// BurstReport is what the burst measured.
type BurstReport struct {
	AtS     float64 `json:"at_s"`    // when the resumes went out, from the first dial
	Resumed int     `json:"resumed"` // resumes answered
	// Due is how many resumed subscriptions were due at once: those whose
	// next invoice is on the earliest day among them (the burst's day).
	Due      int     `json:"due"`
	ResumeMS float64 `json:"resume_ms"` // first resume sent → last answered
	// IssuedMS is first resume sent → every due one seen issued (moved on
	// to its next period); null when not seen before the run ended.
	IssuedMS *float64 `json:"issued_ms"`
	// KeyToScreenMS is key → screen for the keys sent from the first
	// resume until every due one was seen issued (or the run ended).
	KeyToScreenMS Percentiles `json:"key_to_screen_ms"`
}

const (
	burstConns = 8
	burstPoll  = 500 * time.Millisecond // a poll lists up to 500 subscriptions: not free
	burstLimit = 500                    // the most one `subscriptions list` gives
)

// subscriptionRow is what the burst reads of a subscription in the
// commands' JSON.
type subscriptionRow struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	NextInvoiceOn string `json:"next_invoice_on"`
}

// burstKey is the index of the --burst-as key.
func (c *Config) burstKey() (int, error) {
	for i, k := range c.Keys {
		if k.Handle == c.BurstAs {
			return i, nil
		}
	}
	return 0, fmt.Errorf("--burst-as %s: no key of that name among the keys", c.BurstAs)
}

// burst runs the renewals burst and records what it saw; errors are
// counted under kind "burst".
func (r *runner) burst(start time.Time) {
	key, err := r.cfg.burstKey()
	if err == nil && sleepUntil(r.soft, start.Add(r.cfg.BurstAt)) {
		err = r.resumeBurst(start, key)
	}
	if err != nil && r.hard.Err() == nil {
		r.rec.addError(fail("burst", err))
	}
}

func (r *runner) resumeBurst(start time.Time, key int) error {
	var rows []subscriptionRow
	if err := r.runJSON(key, fmt.Sprintf("subscriptions list --json --limit %d", burstLimit), &rows); err != nil {
		return err
	}
	var paused []string
	upTo := 0 // the list's rows up to the last one resumed: what the polls read
	for i, s := range rows {
		if s.Status == "paused" && len(paused) < r.cfg.ResumeBurst {
			paused, upTo = append(paused, s.ID), i+1
		}
	}
	if len(paused) == 0 {
		return errors.New("no paused subscription to resume (a large organisation made by behalf serve --demo-scale has them)")
	}
	t0 := time.Now()
	got := make([]subscriptionRow, len(paused))
	errs := make([]error, len(paused))
	var wg sync.WaitGroup
	slots := make(chan struct{}, burstConns)
	for i, id := range paused {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			errs[i] = r.runJSON(key, "subscriptions resume "+id+" --json", &got[i])
		})
	}
	wg.Wait()
	resumed := time.Since(t0)
	rep := &BurstReport{AtS: round2(t0.Sub(start).Seconds()), ResumeMS: ms(resumed)}
	day := ""
	for i, s := range got {
		if errs[i] != nil {
			r.rec.addError(fail("burst", errs[i]))
			continue
		}
		rep.Resumed++
		if s.NextInvoiceOn != "" && (day == "" || s.NextInvoiceOn < day) {
			day = s.NextInvoiceOn
		}
	}
	due := map[string]bool{}
	for i, s := range got {
		if errs[i] == nil && s.NextInvoiceOn == day && day != "" {
			due[s.ID] = true
		}
	}
	rep.Due = len(due)
	// Wait until every due one has moved on to its next period.
	end := time.Now()
	for len(due) > 0 && r.soft.Err() == nil {
		var now []subscriptionRow
		if err := r.runJSON(key, fmt.Sprintf("subscriptions list --json --limit %d", upTo), &now); err != nil {
			r.rec.addError(fail("burst", err))
		}
		end = time.Now()
		for _, s := range now {
			if due[s.ID] && s.NextInvoiceOn != day {
				delete(due, s.ID)
			}
		}
		if len(due) > 0 && !sleepUntil(r.soft, time.Now().Add(burstPoll)) {
			end = time.Now()
		}
	}
	if len(due) == 0 {
		rep.IssuedMS = ptr(ms(end.Sub(t0)))
	}
	r.rec.setBurst(rep, t0, end)
	return nil
}

// runJSON runs cmd over a fresh connection with key and decodes what it
// prints into v.
func (r *runner) runJSON(key int, cmd string, v any) error {
	deadline := time.Now().Add(r.cfg.Timeout)
	client, _, err := r.dial(r.hard, key, deadline)
	if err != nil {
		return err
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return fail(timedOut(deadline, "session_open"), err)
	}
	var stdout bytes.Buffer
	var stderr headBuffer
	sess.Stdout, sess.Stderr = &stdout, &stderr
	if err := sess.Run(cmd); err != nil {
		var exit *ssh.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("%q exited with %d: %q", cmd, exit.ExitStatus(), stderr.String())
		}
		return fmt.Errorf("%q: %w", cmd, err)
	}
	if err := json.Unmarshal(stdout.Bytes(), v); err != nil {
		return fmt.Errorf("%q printed no JSON it could read: %w", cmd, err)
	}
	return nil
}
