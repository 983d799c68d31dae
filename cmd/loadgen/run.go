package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// Config is one load run. Run fills in defaults for zero durations.
type Config struct {
	Addr      string
	Keys      []Key         // sessions and exec connections take them round-robin
	Sessions  int           // workers: PTY sessions plus exec workers
	LoginRate float64       // workers started per second; 0 starts them all at once
	Duration  time.Duration // from the first dial until workers stop

	Rate   float64 // key presses per second per PTY session
	KeySeq KeySeq  // keys pressed in turn
	// KeySeqFor is the keys pressed by the people of one kind instead
	// (the kind: a key file's name without its trailing digits, as
	// "coach" for coach001): what their screens answer.
	KeySeqFor  map[string]KeySeq
	KeyUntil   string        // "first": time to the first output byte; "quiet": to the last byte before a settle pause
	Ready      string        // text that shows the first screen is drawn; "" waits for quiet instead
	ReadyBytes int           // without Ready: output needed before a pause counts as drawn
	Settle     time.Duration // output pause that counts as "drawn" / "quiet"
	Timeout    time.Duration // connect→first screen, and one exec round trip
	KeyTimeout time.Duration // key press → screen update
	Quit       bool          // end sessions by pressing q rather than dropping the connection

	ExecShare float64 // fraction of workers that run exec commands instead of a PTY session
	ExecOnly  bool    // every worker runs exec commands
	ExecCmd   string
	ExecRate  float64 // commands per second per exec worker; 0 runs them back to back

	ServerPID int // when > 0, the server process whose CPU and memory are reported

	// Slow > 0 writes each first screen and key that took at least that
	// long to SlowTo, one line each: when it happened and whose it was.
	Slow   time.Duration
	SlowTo io.Writer

	// ResumeBurst > 0 resumes that many paused subscriptions at once,
	// BurstAt into the run, as BurstAs (burst.go).
	ResumeBurst int
	BurstAt     time.Duration
	BurstAs     string
}

var errNoKeys = errors.New("no keys to sign in with")

const (
	defaultDuration   = 10 * time.Second
	defaultSettle     = 30 * time.Millisecond
	defaultTimeout    = 10 * time.Second
	defaultKeyTimeout = 2 * time.Second
	defaultReadyBytes = 100             // less than any 80x24 screen, more than terminal set-up sequences
	quitWait          = 2 * time.Second // how long a polite quit may take
	retryPause        = time.Second     // before a failed PTY session reconnects
	rssEvery          = time.Second
)

func (c *Config) fill() error {
	if c.Settle <= 0 {
		c.Settle = defaultSettle
	}
	if c.Timeout <= 0 {
		c.Timeout = defaultTimeout
	}
	if c.KeyTimeout <= 0 {
		c.KeyTimeout = defaultKeyTimeout
	}
	if c.ReadyBytes <= 0 {
		c.ReadyBytes = defaultReadyBytes
	}
	if c.ResumeBurst > 0 && c.BurstAt == 0 {
		c.BurstAt = c.Duration / 2
	}
	if c.BurstAs == "" {
		c.BurstAs = "admin01"
	}
	if c.KeyUntil == "" {
		c.KeyUntil = "first"
	}
	if c.ExecCmd == "" {
		c.ExecCmd = "whoami"
	}
	if len(c.KeySeq.Bytes) == 0 {
		var err error
		if c.KeySeq, err = parseKeySeq(defaultKeySeq); err != nil {
			return err
		}
	}
	switch {
	case c.Addr == "":
		return errors.New("no address to connect to")
	case c.Sessions < 1:
		return errors.New("--sessions must be at least 1")
	case c.Duration <= 0:
		return errors.New("--duration must be positive")
	case c.LoginRate < 0:
		return errors.New("--login-rate must not be negative")
	case c.ExecShare < 0 || c.ExecShare > 1:
		return errors.New("--exec-share must be between 0 and 1")
	case c.ExecRate < 0:
		return errors.New("--exec-rate must not be negative")
	case c.KeyUntil != "first" && c.KeyUntil != "quiet":
		return fmt.Errorf("--key-until is first or quiet, not %q", c.KeyUntil)
	case !c.ExecOnly && c.ExecShare < 1 && c.Rate <= 0:
		return errors.New("--rate must be positive")
	case c.ResumeBurst < 0 || c.ResumeBurst > burstLimit:
		return fmt.Errorf("--resume-burst is from 0 to %d", burstLimit)
	case c.ResumeBurst > 0 && (c.BurstAt < 0 || c.BurstAt >= c.Duration):
		return errors.New("--burst-at must fall within --duration")
	case len(c.Keys) == 0:
		return errNoKeys // last: main checks the flags before it loads keys
	}
	if c.ResumeBurst > 0 {
		if _, err := c.burstKey(); err != nil {
			return err
		}
	}
	return nil
}

// execWorkers is how many of the workers run exec commands.
func (c *Config) execWorkers() int {
	if c.ExecOnly {
		return c.Sessions
	}
	return int(float64(c.Sessions)*c.ExecShare + 0.5)
}

// isExec spreads n exec workers evenly among total workers, so the login ramp
// mixes both kinds.
func isExec(i, n, total int) bool { return (i+1)*n/total > i*n/total }

type runner struct {
	cfg  Config
	rec  *recorder
	hard context.Context // cancelled only when the whole run is abandoned (^C)
	soft context.Context // done when the run's duration is up: workers stop starting things

	clientConfigs []*ssh.ClientConfig // one per key
	execSeq       atomic.Uint64

	start  time.Time  // the first dial's moment, for --slow's lines
	slowMu sync.Mutex // one --slow line at a time
}

// Run opens the sessions, drives them for cfg.Duration and reports what it
// measured. Cancelling ctx ends the run early; the report covers what ran.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, rec: newRecorder(), hard: ctx}
	r.rec.everyone = cfg.Sessions - cfg.execWorkers()
	for _, k := range cfg.Keys {
		r.clientConfigs = append(r.clientConfigs, &ssh.ClientConfig{
			User: k.Handle, // the server ignores it; it names the key in server logs
			Auth: []ssh.AuthMethod{ssh.PublicKeys(k.Signer)},
			// Accepting any host key is deliberate: a load tool talks to a
			// server its operator just started (often with a fresh data folder
			// and so a fresh host key), signs in with throwaway demo keys and
			// sends nothing secret, so pinning would only add a known_hosts
			// step without protecting anything.
			HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		})
	}

	var (
		serverCPU *cpuClock
		serverRSS *rssWatch
		pid       = strconv.Itoa(cfg.ServerPID)
	)
	if cfg.ServerPID > 0 {
		var err error
		if serverCPU, err = startCPU(pid); err != nil {
			return nil, fmt.Errorf("--server-pid %d: %w", cfg.ServerPID, err)
		}
		if serverRSS, err = watchRSS(pid, rssEvery); err != nil {
			return nil, fmt.Errorf("--server-pid %d: %w", cfg.ServerPID, err)
		}
	}
	selfCPU, selfErr := startCPU("self")

	start := time.Now()
	r.start = start
	soft, cancel := context.WithDeadline(ctx, start.Add(cfg.Duration))
	defer cancel()
	r.soft = soft

	nExec := cfg.execWorkers()
	var wg sync.WaitGroup
	for i := range cfg.Sessions {
		exec := isExec(i, nExec, cfg.Sessions)
		at := start
		if cfg.LoginRate > 0 {
			at = start.Add(time.Duration(float64(i) / cfg.LoginRate * float64(time.Second)))
		}
		wg.Go(func() {
			if !sleepUntil(soft, at) {
				return
			}
			if exec {
				r.execWorker()
			} else {
				r.ptyWorker(i)
			}
		})
	}
	if cfg.ResumeBurst > 0 {
		wg.Go(func() { r.burst(start) })
	}
	wg.Wait()
	elapsed := time.Since(start)

	rep := r.report(elapsed, nExec)
	if serverCPU != nil {
		if pct, err := serverCPU.percent(); err == nil {
			rep.ServerCPUPct = &pct
			if rep.KeysSent > 0 {
				rep.ServerCPUPerKeyMS = ptr(round3(pct / 100 * elapsed.Seconds() * 1000 / float64(rep.KeysSent)))
			}
		} else {
			r.rec.addError(fail("server_proc", err))
		}
		base, peak, err := serverRSS.finish()
		if err != nil {
			r.rec.addError(fail("server_proc", err))
		}
		rep.ServerRSSMB = ptr(round2(float64(peak) / 1024))
		rep.ServerRSSBaseMB = ptr(round2(float64(base) / 1024))
		if rep.SessionsPeakOpen > 0 {
			rep.RSSPerSessionKB = ptr(round2(float64(peak-base) / float64(rep.SessionsPeakOpen)))
		}
	}
	if selfErr == nil {
		if pct, err := selfCPU.percent(); err == nil {
			rep.LoadgenCPUPct = &pct
		}
	}
	r.rec.fillErrors(rep)
	return rep, nil
}

func ptr[T any](v T) *T { return &v }

// sleepUntil waits until t; false when ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// dial connects and signs in with the worker's key, all before deadline; ctx
// ending aborts the connection attempt. It returns the raw connection too so
// the caller can move its deadline.
func (r *runner) dial(ctx context.Context, keyIndex int, deadline time.Time) (*ssh.Client, net.Conn, error) {
	d := net.Dialer{Deadline: deadline}
	conn, err := d.DialContext(ctx, "tcp", r.cfg.Addr)
	if err != nil {
		return nil, nil, fail(timedOut(deadline, "dial"), err)
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return nil, nil, fail("dial", err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, chans, reqs, err := ssh.NewClientConn(conn, r.cfg.Addr, r.clientConfigs[keyIndex])
	if err != nil {
		conn.Close()
		kind := timedOut(deadline, "handshake")
		if strings.Contains(err.Error(), "unable to authenticate") {
			kind = "auth"
		}
		return nil, nil, fail(kind, err)
	}
	return ssh.NewClient(c, chans, reqs), conn, nil
}

// slow writes one --slow line when d reached the threshold: what took d,
// how far into the run it ended, and as whom (detail: its steps).
func (r *runner) slow(what string, d time.Duration, key int, detail string) {
	if r.cfg.Slow <= 0 || d < r.cfg.Slow || r.cfg.SlowTo == nil {
		return
	}
	r.slowMu.Lock()
	defer r.slowMu.Unlock()
	fmt.Fprintf(r.cfg.SlowTo, "slow %s: %s at %.2fs as %s%s\n", what, d.Round(100*time.Microsecond),
		time.Since(r.start).Seconds(), r.cfg.Keys[key].Handle, detail)
}

// timedOut names the error kind of a step: step_timeout once the deadline
// has passed (whatever error the expired deadline surfaced as), else step.
func timedOut(deadline time.Time, step string) string {
	if !time.Now().Before(deadline) {
		return step + "_timeout"
	}
	return step
}

func (r *runner) report(elapsed time.Duration, nExec int) *Report {
	rec := r.rec
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rep := &Report{
		Addr:             r.cfg.Addr,
		Sessions:         r.cfg.Sessions,
		PTYSessions:      r.cfg.Sessions - nExec,
		ExecWorkers:      nExec,
		DurationS:        round2(elapsed.Seconds()),
		SessionsReady:    len(rec.firstScreen),
		SessionsPeakOpen: rec.peak,
		KeysSent:         rec.keysSent,
		KeysSkippedBusy:  rec.busySkips,
		Execs:            len(rec.exec),
		FirstScreenMS:    summarize(rec.firstScreen),
		KeyToScreenMS:    summarize(rec.keyToScreen),
		KeyAfterSignIns:  summarize(rec.keySteady),
		ExecMS:           summarize(rec.exec),
		Burst:            rec.burstReport(),
	}
	if s := elapsed.Seconds(); s > 0 {
		rep.ExecPerS = round2(float64(len(rec.exec)) / s)
	}
	return rep
}

func (r *recorder) fillErrors(rep *Report) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep.ErrorKinds = map[string]int{}
	rep.ErrorExamples = map[string]string{}
	for k, n := range r.errors {
		rep.Errors += n
		rep.ErrorKinds[k] = n
		rep.ErrorExamples[k] = r.examples[k]
	}
}

// errStopped ends a wait because the run is over; it is not counted.
var errStopped = errors.New("run over")
