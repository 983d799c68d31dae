package main

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// execWorker runs the exec command over a fresh connection each time, as a
// script would, until the run is over. Connections take keys round-robin.
func (r *runner) execWorker() {
	var pace <-chan time.Time
	if r.cfg.ExecRate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / r.cfg.ExecRate))
		defer t.Stop()
		pace = t.C
	}
	for r.soft.Err() == nil {
		key := int((r.execSeq.Add(1) - 1) % uint64(len(r.cfg.Keys)))
		d, err := r.execOnce(key)
		switch {
		case err == nil:
			r.rec.addExec(d)
		case r.hard.Err() != nil:
			return // abandoned, not failed
		default:
			r.rec.addError(err)
			// Pause so a refusing server is not hammered into millions of errors.
			if !sleepUntil(r.soft, time.Now().Add(retryPause)) {
				return
			}
		}
		if pace != nil {
			select {
			case <-r.soft.Done():
				return
			case <-pace:
			}
		}
	}
}

// execOnce connects, signs in, runs the command and waits for its exit
// status: the round trip a script sees. A command that started before the
// run's end finishes; the whole round trip must fit in cfg.Timeout.
func (r *runner) execOnce(key int) (time.Duration, error) {
	t0 := time.Now()
	deadline := t0.Add(r.cfg.Timeout)
	client, _, err := r.dial(r.hard, key, deadline) // the deadline stays on for the command too
	if err != nil {
		return 0, err
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return 0, fail(timedOut(deadline, "session_open"), err)
	}
	var stderr headBuffer
	sess.Stderr = &stderr // stdout is discarded
	if err := sess.Run(r.cfg.ExecCmd); err != nil {
		var exit *ssh.ExitError
		var missing *ssh.ExitMissingError
		switch {
		case errors.As(err, &exit):
			return 0, fail("exec_exit_status", fmt.Errorf("%q exited with %d: %q", r.cfg.ExecCmd, exit.ExitStatus(), stderr.String()))
		case !time.Now().Before(deadline):
			return 0, fail("exec_timeout", err)
		case errors.As(err, &missing):
			return 0, fail("exec_no_exit_status", err)
		default:
			return 0, fail("exec", err)
		}
	}
	return time.Since(t0), nil
}

// headBuffer keeps the start of what is written to it, for error messages.
// The SSH session writes from its own goroutine, hence the lock.
type headBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (h *headBuffer) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room := 200 - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (h *headBuffer) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return string(bytes.TrimSpace(h.b))
}
