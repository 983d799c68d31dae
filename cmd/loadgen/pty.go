package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// defaultKeySeq moves to the next screen and back: unlike up/down, which draw
// nothing on a page that does not scroll, every press changes the screen, so
// every press has an update to time.
const defaultKeySeq = "tab,shift+tab"

// ptyWorker keeps one PTY session busy for the whole run, reconnecting (after
// a pause, so a refusing server is not hammered) when a session fails.
func (r *runner) ptyWorker(i int) {
	key := i % len(r.cfg.Keys)
	for r.soft.Err() == nil {
		err := r.ptySession(key)
		if err == nil {
			return
		}
		r.rec.addError(err)
		if !sleepUntil(r.soft, time.Now().Add(retryPause)) {
			return
		}
	}
}

// ptySession signs in with a terminal, waits for the first screen, then
// presses keys at the configured rate until the run is over. It returns nil
// when the session lasted until the end of the run.
func (r *runner) ptySession(key int) error {
	cfg := &r.cfg
	t0 := time.Now()
	deadline := t0.Add(cfg.Timeout) // for everything up to the first screen
	client, conn, err := r.dial(r.soft, key, deadline)
	if err != nil {
		return r.unlessOver(err)
	}
	dialed := time.Now()
	defer client.Close() // without --quit this is the whole goodbye: a dropped connection
	// Until the first screen, the end of the run aborts the connection.
	stop := context.AfterFunc(r.soft, func() { client.Close() })
	defer stop()

	sess, err := client.NewSession()
	if err != nil {
		return r.unlessOver(fail(timedOut(deadline, "session_open"), err))
	}
	modes := ssh.TerminalModes{ssh.ECHO: 1, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
	if err := sess.RequestPty("xterm-256color", 24, 80, modes); err != nil {
		return r.unlessOver(fail(timedOut(deadline, "pty"), err))
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		return fail("pty", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return fail("pty", err)
	}
	var stderr headBuffer // a refusal may come this way; it goes into the error
	sess.Stderr = &stderr
	opened := time.Now()
	if err := sess.Shell(); err != nil {
		return r.unlessOver(fail(timedOut(deadline, "shell"), err))
	}
	shell := time.Now()
	scr := readScreen(stdout)
	defer scr.stop()

	drawn, err := scr.waitFirst(r.soft, cfg.Ready, cfg.ReadyBytes, cfg.Settle)
	if err != nil {
		if errors.Is(err, errStopped) {
			return nil
		}
		kind := "first_screen_eof" // the session ended without a screen: refused, or crashed
		if !time.Now().Before(deadline) {
			kind = "first_screen_timeout"
			err = fmt.Errorf("no first screen within %s: %w", cfg.Timeout, err)
		} else if werr := sess.Wait(); werr != nil { // at once: the session is over; and all stderr is in
			err = fmt.Errorf("%w (%v)", err, werr)
		}
		if msg := stderr.String(); msg != "" {
			err = fmt.Errorf("%w; stderr: %q", err, msg)
		}
		return r.unlessOver(fail(kind, err))
	}
	if !stop() || conn.SetDeadline(time.Time{}) != nil {
		return nil // the run ended just now
	}
	r.rec.addFirstScreen(drawn.Sub(t0))
	r.slow("first screen", drawn.Sub(t0), key, fmt.Sprintf(" (dial and handshake %s, session and terminal %s, shell %s, drawing %s)",
		dialed.Sub(t0).Round(100*time.Microsecond), opened.Sub(dialed).Round(100*time.Microsecond),
		shell.Sub(opened).Round(100*time.Microsecond), drawn.Sub(shell).Round(100*time.Microsecond)))
	defer r.rec.closed()
	scr.keep.Store(false) // from here on only the arrival times matter

	err = r.pressKeys(scr, stdin, key)
	if errors.Is(err, errStopped) {
		return r.goodbye(scr, stdin)
	}
	return err
}

// unlessOver drops an error that the end of the run caused.
func (r *runner) unlessOver(err error) error {
	if r.soft.Err() != nil {
		return nil
	}
	return err
}

// pressKeys presses the key sequence at cfg.Rate and records how long each
// press takes to change the screen, until the run is over (errStopped) or
// the session fails.
func (r *runner) pressKeys(scr *screen, stdin io.Writer, key int) error {
	cfg := &r.cfg
	seq := cfg.keysOf(cfg.Keys[key].Handle)
	interval := time.Duration(float64(time.Second) / cfg.Rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for k := 0; ; {
		select {
		case <-r.soft.Done():
			return errStopped
		case c, ok := <-scr.out: // output nobody asked for (a refresh pushed by the server)
			if !ok {
				return scr.eof("unexpected_eof")
			}
			scr.last = c.at
			continue
		case <-tick.C:
		}
		// Wait for the screen to be still, so output already on its way is
		// not taken for the answer to this key.
		quiet, err := scr.waitQuiet(r.soft, cfg.Settle, interval)
		if err != nil {
			return err
		}
		if !quiet {
			r.rec.busySkip()
			continue
		}
		i := k % len(seq.Bytes)
		k++
		sent := time.Now()
		if _, err := stdin.Write(seq.Bytes[i]); err != nil {
			return fail("write", err)
		}
		r.rec.keySent()
		d, err := scr.waitUpdate(r.soft, sent, cfg.KeyUntil == "quiet", cfg.Settle, cfg.KeyTimeout)
		switch {
		case errors.Is(err, errStopped):
			return err
		case errors.Is(err, errNoUpdate):
			// The session goes on: a late update is drained before the next key.
			r.rec.addError(fail("key_timeout", fmt.Errorf("no screen update within %s after %q (a key that changes nothing draws nothing: see --keys-seq)",
				cfg.KeyTimeout, seq.Names[i])))
		case err != nil:
			return err
		default:
			r.rec.addKey(sent, d)
			r.slow("key "+seq.Names[i], d, key, "")
		}
	}
}

// goodbye ends a session at the end of the run: by default the deferred
// Close drops the connection; with --quit the person presses q and the
// server should close the session by itself.
func (r *runner) goodbye(scr *screen, stdin io.Writer) error {
	if !r.cfg.Quit {
		return nil
	}
	if _, err := stdin.Write([]byte("q")); err != nil {
		return fail("quit", err)
	}
	timer := time.NewTimer(quitWait)
	defer timer.Stop()
	for {
		select {
		case <-r.hard.Done():
			return nil
		case <-timer.C:
			return fail("quit_timeout", fmt.Errorf("the session was still open %s after q", quitWait))
		case _, ok := <-scr.out:
			if !ok {
				return nil
			}
		}
	}
}

var errNoUpdate = errors.New("no screen update")

// chunk is one read of terminal output and when it arrived.
type chunk struct {
	at   time.Time
	data []byte // only while screen.keep is set
}

// screen reads a session's terminal output on its own goroutine, so the
// server is never held up by the load tool, and hands over arrival times.
type screen struct {
	out  chan chunk // closed when the output ends; err says why
	err  error
	keep atomic.Bool
	done chan struct{}
	last time.Time // arrival of the latest chunk taken from out
}

func readScreen(r io.Reader) *screen {
	s := &screen{out: make(chan chunk, 64), done: make(chan struct{})}
	s.keep.Store(true)
	go func() {
		defer close(s.out)
		buf := make([]byte, 16<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				c := chunk{at: time.Now()}
				if s.keep.Load() {
					c.data = bytes.Clone(buf[:n])
				}
				select {
				case s.out <- c:
				case <-s.done:
					return
				}
			}
			if err != nil {
				s.err = err
				return
			}
		}
	}()
	return s
}

// stop lets the reader goroutine end even if nobody takes its last chunk.
func (s *screen) stop() { close(s.done) }

// eof is the error for output that ended while the session should be open.
func (s *screen) eof(kind string) error {
	err := s.err
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fail(kind, err)
}

// waitFirst reads until the first screen is drawn: when the ready text has
// arrived, or with no ready text when at least minBytes have arrived and the
// output has paused for settle (a terminal set-up sequence alone is not a
// screen). It
// returns when the screen was complete (the arrival of the chunk that
// finished it), not when the wait noticed.
func (s *screen) waitFirst(ctx context.Context, ready string, minBytes int, settle time.Duration) (time.Time, error) {
	want := []byte(ready)
	var tail []byte // the latest output, to find the ready text across reads and to quote on failure
	total := 0
	var quiet <-chan time.Time
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return time.Time{}, errStopped
		case <-quiet:
			return s.last, nil
		case c, ok := <-s.out:
			if !ok {
				what := "the session ended"
				if s.err != nil && !errors.Is(s.err, io.EOF) {
					what = s.err.Error()
				}
				switch {
				case len(want) == 0:
					return time.Time{}, fmt.Errorf("%s before the first screen (%d bytes)", what, total)
				case total == 0:
					return time.Time{}, fmt.Errorf("%s before any output", what)
				}
				return time.Time{}, fmt.Errorf("%s before %q appeared in %d bytes of output; it ended with %q", what, ready, total, tail)
			}
			s.last = c.at
			total += len(c.data)
			if len(want) == 0 {
				if total < minBytes {
					continue
				}
				if timer == nil {
					timer = time.NewTimer(settle)
					quiet = timer.C
				} else {
					timer.Reset(settle)
				}
				continue
			}
			tail = append(tail, c.data...)
			if bytes.Contains(tail, want) {
				return c.at, nil
			}
			if keep := max(len(want)-1, 120); len(tail) > keep {
				tail = append(tail[:0], tail[len(tail)-keep:]...)
			}
		}
	}
}

// waitQuiet returns true once no output has arrived for settle, and false if
// the output is still going after limit.
func (s *screen) waitQuiet(ctx context.Context, settle, limit time.Duration) (bool, error) {
	giveUp := time.Now().Add(limit)
	for {
		// Take what has already arrived first: its arrival time counts.
	drain:
		for {
			select {
			case c, ok := <-s.out:
				if !ok {
					return false, s.eof("unexpected_eof")
				}
				s.last = c.at
			default:
				break drain
			}
		}
		now := time.Now()
		wait := s.last.Add(settle).Sub(now)
		if wait <= 0 {
			return true, nil
		}
		if !now.Add(wait).Before(giveUp) {
			return false, nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return false, errStopped
		case c, ok := <-s.out:
			timer.Stop()
			if !ok {
				return false, s.eof("unexpected_eof")
			}
			s.last = c.at
		case <-timer.C:
		}
	}
}

// waitUpdate waits for the screen's answer to a key sent at sent: the first
// output after it, or with untilQuiet the last output before a settle pause.
func (s *screen) waitUpdate(ctx context.Context, sent time.Time, untilQuiet bool, settle, timeout time.Duration) (time.Duration, error) {
	limit := time.NewTimer(timeout)
	defer limit.Stop()
	var quiet <-chan time.Time
	var settleTimer *time.Timer
	defer func() {
		if settleTimer != nil {
			settleTimer.Stop()
		}
	}()
	var lastAt time.Time
	for {
		select {
		case <-ctx.Done():
			return 0, errStopped
		case <-limit.C:
			if !lastAt.IsZero() { // it answered but never paused: the answer so far
				return lastAt.Sub(sent), nil
			}
			return 0, errNoUpdate
		case <-quiet:
			return lastAt.Sub(sent), nil
		case c, ok := <-s.out:
			if !ok {
				return 0, s.eof("unexpected_eof")
			}
			s.last = c.at
			if c.at.Before(sent) {
				continue // read before the key went out
			}
			if !untilQuiet {
				return c.at.Sub(sent), nil
			}
			lastAt = c.at
			if settleTimer == nil {
				settleTimer = time.NewTimer(settle)
				quiet = settleTimer.C
			} else {
				settleTimer.Reset(settle)
			}
		}
	}
}
