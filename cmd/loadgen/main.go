// Command loadgen puts a behalf server under the load of many people at
// once: concurrent SSH sessions with terminals that sign in at a set rate,
// wait for their first screen and press navigation keys, beside workers that
// run commands over fresh connections. It reports connect→first screen,
// key→screen update and exec round trip percentiles, errors by kind, and
// with --server-pid the server's CPU and memory.
//
//	go run ./cmd/loadgen --addr 127.0.0.1:23234 --keys data/demo-keys \
//	    --sessions 200 --login-rate 100 --rate 2 --duration 30s \
//	    --exec-share 0.1 --server-pid $(pgrep -x behalf) --json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program; exit codes: 0 measured, 1 failed (could not
// start, or measured nothing at all), 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		cfg     Config
		keysDir = fs.String("keys", "data/demo-keys", "folder of private key files, file name = handle (as `behalf serve --demo` writes them)")
		keySeq  = fs.String("keys-seq", defaultKeySeq, "keys pressed in turn, comma-separated: names (up, down, left, right, tab, shift+tab, enter, esc, space, pgup, pgdown, home, end, comma) or literal text such as j,k")
		asJSON  = fs.Bool("json", false, "print the report as one JSON object")
		floor   = fs.Bool("floor", false, "first run the same scenario against a bare Wish + Bubble Tea server (started here, as a process of its own), then against --addr, and report both and behalf's figures as ratios to the floor's")
		serveAt = fs.String("serve-floor", "", "run only the floor's server on this address (what --floor starts)")
	)
	seqFor := keySeqFor{}
	fs.Var(seqFor, "keys-seq-for", "KIND=KEYS: the keys the people of one kind press instead of --keys-seq (KIND: a key file's name without its digits, as coach for coach001), e.g. coach=tab,down,up,shift+tab; repeatable")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:23234", "server address")
	fs.IntVar(&cfg.Sessions, "sessions", 10, "concurrent workers: PTY sessions, exec workers among them per --exec-share")
	fs.Float64Var(&cfg.LoginRate, "login-rate", 100, "workers started per second (0: all at once)")
	fs.Float64Var(&cfg.Rate, "rate", 2, "key presses per second per PTY session")
	fs.DurationVar(&cfg.Duration, "duration", defaultDuration, "length of the run from the first dial, login ramp included")
	fs.Float64Var(&cfg.ExecShare, "exec-share", 0, "fraction of workers (0..1) that run --exec-cmd over fresh connections instead of a PTY session")
	fs.BoolVar(&cfg.ExecOnly, "exec-only", false, "every worker runs --exec-cmd back to back; reports exec_per_s")
	fs.StringVar(&cfg.ExecCmd, "exec-cmd", "whoami", "the command exec workers run")
	fs.Float64Var(&cfg.ExecRate, "exec-rate", 0, "commands per second per exec worker (0: back to back)")
	fs.IntVar(&cfg.ServerPID, "server-pid", 0, "the server's process id, to report its CPU and memory (Linux /proc)")
	fs.StringVar(&cfg.Ready, "ready", "quit", "text whose arrival means the first screen is drawn: the footer's last word, drawn last on every screen (empty: wait for output to pause)")
	fs.IntVar(&cfg.ReadyBytes, "ready-bytes", defaultReadyBytes, "with --ready \"\": bytes of output needed before a pause counts as the first screen")
	fs.StringVar(&cfg.KeyUntil, "key-until", "first", "key → screen ends at the first output byte (first) or at the last before a --settle pause (quiet)")
	fs.DurationVar(&cfg.Settle, "settle", defaultSettle, "output pause that counts as a finished screen")
	fs.DurationVar(&cfg.Timeout, "timeout", defaultTimeout, "limit for connect→first screen and for one exec round trip")
	fs.DurationVar(&cfg.KeyTimeout, "key-timeout", defaultKeyTimeout, "limit for a key press to change the screen")
	fs.IntVar(&cfg.ResumeBurst, "resume-burst", 0, "resume this many paused subscriptions at once mid-run, as --burst-as, and report how long their invoices took to be issued and key → screen meanwhile (0: none)")
	fs.DurationVar(&cfg.BurstAt, "burst-at", 0, "with --resume-burst: when, from the first dial (default: half of --duration)")
	fs.StringVar(&cfg.BurstAs, "burst-as", "admin01", "with --resume-burst: the key (file name in --keys) that lists and resumes every client's subscriptions")
	fs.DurationVar(&cfg.Slow, "slow", 0, "write each first screen and key that takes at least this long to stderr, with when it happened, as whom, and a first screen's steps (0: none)")
	fs.BoolVar(&cfg.Quit, "quit", false, "end sessions by pressing q (default: drop the connections, as a network failure would)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: loadgen [flags]\n\nOpens SSH sessions against a behalf server and measures it.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *serveAt != "" {
		if err := serveFloor(ctx, *serveAt, stdout); err != nil {
			fmt.Fprintf(stderr, "loadgen: the floor: %v\n", err)
			return 1
		}
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "loadgen: unexpected argument %q (all settings are flags; see --help)\n", fs.Arg(0))
		if _, err := strconv.Atoi(fs.Arg(0)); err == nil && cfg.ServerPID > 0 {
			// `pgrep -f 'behalf serve'` also finds `go run ./cmd/behalf serve`.
			fmt.Fprintln(stderr, "loadgen: --server-pid takes one process; under `make run` use --server-pid $(pgrep -x behalf)")
		}
		return 2
	}
	var err error
	if cfg.KeySeq, err = parseKeySeq(*keySeq); err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 2
	}
	cfg.KeySeqFor = seqFor
	if err := cfg.fill(); err != nil && !errors.Is(err, errNoKeys) {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 2
	}

	keys, skipped, err := loadKeys(*keysDir)
	if err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 1
	}
	cfg.Keys, cfg.SlowTo = keys, stderr
	fmt.Fprintf(stderr, "loadgen: %d keys from %s", len(keys), *keysDir)
	if len(skipped) > 0 {
		fmt.Fprintf(stderr, " (%d other files skipped)", len(skipped))
	}
	fmt.Fprintf(stderr, "; %d workers, %d running %q, for %s\n", cfg.Sessions, cfg.execWorkers(), cfg.ExecCmd, cfg.Duration)

	var floorRep *Report
	if *floor {
		f, err := startFloor(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "loadgen: %v\n", err)
			return 1
		}
		fcfg := cfg
		fcfg.Addr, fcfg.ServerPID = f.addr, f.pid
		fmt.Fprintf(stderr, "loadgen: the floor first, on %s (pid %d)\n", f.addr, f.pid)
		floorRep, err = Run(ctx, fcfg)
		f.stop()
		if err != nil {
			fmt.Fprintf(stderr, "loadgen: the floor: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "loadgen: now %s\n", cfg.Addr)
	}
	rep, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 1
	}
	switch {
	case floorRep != nil && *asJSON:
		err = writeJSONValue(stdout, compare(floorRep, rep))
	case floorRep != nil:
		err = writeCompared(stdout, compare(floorRep, rep))
	case *asJSON:
		err = writeJSON(stdout, rep)
	default:
		err = writeTable(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 1
	}
	if (rep.PTYSessions > 0 && rep.SessionsReady == 0) || (rep.ExecWorkers > 0 && rep.Execs == 0) {
		fmt.Fprintln(stderr, "loadgen: nothing was measured (see errors)")
		return 1
	}
	return 0
}
