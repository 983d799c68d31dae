package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testConfig is a short run against addr with keys from dir.
func testConfig(t *testing.T, addr, dir string) Config {
	t.Helper()
	keys, _, err := loadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		Addr:      addr,
		Keys:      keys,
		Sessions:  5,
		LoginRate: 100,
		Rate:      10,
		Duration:  time.Second,
		Ready:     "quit",
		ExecShare: 0.4,
	}
}

func TestMixedRunMeasuresEverything(t *testing.T) {
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "olivia", "rob", "jane"))

	cfg := testConfig(t, srv.addr, dir)
	cfg.ServerPID = os.Getpid() // the fake server lives in this process
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}

	if rep.Errors != 0 {
		t.Fatalf("errors %d: %v", rep.Errors, rep.ErrorExamples)
	}
	if rep.PTYSessions != 3 || rep.ExecWorkers != 2 {
		t.Errorf("split %d PTY + %d exec, want 3 + 2 for 5 sessions at share 0.4", rep.PTYSessions, rep.ExecWorkers)
	}
	if rep.SessionsReady != 3 || rep.FirstScreenMS.N != 3 {
		t.Errorf("first screens %d (samples %d), want every PTY session's", rep.SessionsReady, rep.FirstScreenMS.N)
	}
	if rep.SessionsPeakOpen != 3 {
		t.Errorf("peak open sessions %d, want 3", rep.SessionsPeakOpen)
	}
	if rep.KeyToScreenMS.N == 0 || rep.KeysSent < rep.KeyToScreenMS.N {
		t.Errorf("key samples %d of %d keys sent", rep.KeyToScreenMS.N, rep.KeysSent)
	}
	if rep.ExecMS.N == 0 || rep.Execs != rep.ExecMS.N || rep.ExecPerS <= 0 {
		t.Errorf("exec samples %d, execs %d, per second %v", rep.ExecMS.N, rep.Execs, rep.ExecPerS)
	}
	if got := srv.execs.Load(); got < int64(rep.Execs) {
		t.Errorf("server ran %d commands, loadgen counted %d", got, rep.Execs)
	}
	if rep.ServerCPUPct == nil || rep.ServerRSSMB == nil || rep.RSSPerSessionKB == nil {
		t.Errorf("server figures missing with --server-pid: cpu %v rss %v per session %v", rep.ServerCPUPct, rep.ServerRSSMB, rep.RSSPerSessionKB)
	}

	var out bytes.Buffer
	if err := writeJSON(&out, rep); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("JSON %s: %v", out.Bytes(), err)
	}
	for _, f := range []string{"sessions", "duration_s", "errors", "error_kinds", "first_screen_ms", "key_to_screen_ms", "exec_ms", "server_cpu_pct", "server_rss_mb", "rss_per_session_kb", "exec_per_s"} {
		if _, ok := m[f]; !ok {
			t.Errorf("JSON lacks %q: %s", f, out.Bytes())
		}
	}
	for _, f := range []string{"first_screen_ms", "key_to_screen_ms", "exec_ms"} {
		p, _ := m[f].(map[string]any)
		for _, q := range []string{"p50", "p95", "p99"} {
			if _, ok := p[q].(float64); !ok {
				t.Errorf("JSON %s lacks %s: %v", f, q, m[f])
			}
		}
	}
	if m["sessions"] != float64(5) {
		t.Errorf("sessions = %v, want 5", m["sessions"])
	}

	out.Reset()
	if err := writeTable(&out, rep); err != nil {
		t.Fatal(err)
	}
	t.Logf("the report for a person:\n%s", out.String())
	for _, want := range []string{"connect → first screen", "key → screen", "exec round trip", "errors: 0", "server: cpu"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// The renewals burst: mid-run the tool resumes the first paused
// subscriptions at once as --burst-as, sees which were due and waits
// until each is issued, measuring the keys sent meanwhile.
func TestResumeBurst(t *testing.T) {
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "admin01", "rob"))
	cfg := testConfig(t, srv.addr, dir)
	cfg.ExecShare, cfg.ResumeBurst, cfg.BurstAt = 0, 2, 200*time.Millisecond
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := rep.Burst
	if rep.Errors != 0 || b == nil {
		t.Fatalf("errors %v, burst %+v", rep.ErrorExamples, b)
	}
	if b.Resumed != 2 || b.Due != 2 || b.IssuedMS == nil || b.AtS < 0.2 {
		t.Errorf("burst %+v: want 2 resumed at 0.2 s, 2 due and seen issued", *b)
	}
	srv.mu.Lock()
	for _, s := range srv.subs {
		if s.ID == "1" && s.Status != "paused" {
			t.Errorf("the third paused subscription was resumed too: %+v", srv.subs)
		}
	}
	srv.mu.Unlock()
	var out bytes.Buffer
	if err := writeTable(&out, rep); err != nil || !strings.Contains(out.String(), "2 resumed") {
		t.Errorf("the table lacks the burst (%v):\n%s", err, out.String())
	}
	cfg.BurstAs = "nobody"
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "--burst-as nobody") {
		t.Errorf("a --burst-as with no key: %v", err)
	}
}

func TestQuitEndsSessionsPolitely(t *testing.T) {
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "olivia", "rob"))

	cfg := testConfig(t, srv.addr, dir)
	cfg.Sessions, cfg.ExecShare, cfg.Duration, cfg.Quit = 2, 0, 300*time.Millisecond, true
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 {
		t.Fatalf("errors %d: %v", rep.Errors, rep.ErrorExamples)
	}
	if got := srv.quits.Load(); got != 2 {
		t.Errorf("%d sessions ended by q, want 2", got)
	}
}

// Without --ready the first screen is the first pause in output, and with
// --key-until quiet a key's time runs to the last byte before a pause.
// The run is long enough for one quiet first screen and one key on a
// loaded machine (a 300 ms run sometimes ended before the first key was
// answered); it runs beside the other tests instead of adding to them.
func TestFirstScreenByQuietOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "olivia"))

	cfg := testConfig(t, srv.addr, dir)
	cfg.Sessions, cfg.ExecShare, cfg.Duration = 1, 0, 3*time.Second
	cfg.Ready, cfg.KeyUntil = "", "quiet"
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 || rep.SessionsReady != 1 || rep.KeyToScreenMS.N == 0 {
		t.Errorf("errors %v, first screens %d, key samples %d", rep.ErrorExamples, rep.SessionsReady, rep.KeyToScreenMS.N)
	}
}

func TestExecOnlyReportsThroughput(t *testing.T) {
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "olivia", "rob"))

	cfg := testConfig(t, srv.addr, dir)
	cfg.Sessions, cfg.ExecOnly, cfg.Duration = 3, true, 300*time.Millisecond
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 {
		t.Fatalf("errors %d: %v", rep.Errors, rep.ErrorExamples)
	}
	if rep.ExecWorkers != 3 || rep.PTYSessions != 0 || rep.SessionsReady != 0 {
		t.Errorf("exec-only ran %d exec workers and %d PTY sessions", rep.ExecWorkers, rep.PTYSessions)
	}
	if rep.Execs == 0 || rep.ExecPerS <= 0 {
		t.Errorf("execs %d, per second %v", rep.Execs, rep.ExecPerS)
	}
	if rep.ServerCPUPct != nil || rep.ServerRSSMB != nil {
		t.Errorf("server figures without --server-pid: %v %v", rep.ServerCPUPct, rep.ServerRSSMB)
	}
}

func TestErrorsAreCountedByKind(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir, "stranger")
	srv := startFakeServer(t, nil) // knows no key

	cfg := testConfig(t, srv.addr, dir)
	cfg.Sessions, cfg.ExecShare, cfg.Duration = 2, 0.5, 300*time.Millisecond
	cfg.ExecCmd = "whoami"
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ErrorKinds["auth"] != 2 || rep.Errors != 2 {
		t.Errorf("error kinds %v, want auth: 2 (one per worker, then a pause)", rep.ErrorKinds)
	}
	if !strings.Contains(rep.ErrorExamples["auth"], "unable to authenticate") {
		t.Errorf("auth example %q", rep.ErrorExamples["auth"])
	}

	// A command that fails is counted with its exit status.
	dir2 := t.TempDir()
	srv2 := startFakeServer(t, writeKeys(t, dir2, "olivia"))
	cfg = testConfig(t, srv2.addr, dir2)
	cfg.Sessions, cfg.ExecOnly, cfg.Duration, cfg.ExecCmd = 1, true, 200*time.Millisecond, "nonsense"
	rep, err = Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ErrorKinds["exec_exit_status"] != 1 || !strings.Contains(rep.ErrorExamples["exec_exit_status"], "exited with 2") {
		t.Errorf("error kinds %v, examples %v", rep.ErrorKinds, rep.ErrorExamples)
	}
}

func TestRefusedConnectionsAreDialErrors(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir, "olivia")
	// A port that was just free: nothing listens there now.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	cfg := testConfig(t, ln.Addr().String(), dir)
	cfg.Sessions, cfg.ExecShare, cfg.Duration = 1, 0, 200*time.Millisecond
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ErrorKinds["dial"] != 1 {
		t.Errorf("error kinds %v, want dial: 1", rep.ErrorKinds)
	}
}

func TestLoadKeysSkipsWhatIsNotAPrivateKey(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir, "rob", "adam")
	os.WriteFile(filepath.Join(dir, "adam.pub"), []byte("ssh-ed25519 AAAA adam\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README"), []byte("demo keys\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)

	keys, skipped, err := loadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	var handles []string
	for _, k := range keys {
		handles = append(handles, k.Handle)
	}
	if strings.Join(handles, ",") != "adam,rob" {
		t.Errorf("handles %v, want adam,rob in name order", handles)
	}
	if strings.Join(skipped, ",") != "README,adam.pub" {
		t.Errorf("skipped %v", skipped)
	}

	if _, _, err := loadKeys(t.TempDir()); err == nil {
		t.Error("an empty folder gave no error")
	}
}

func TestParseKeySeq(t *testing.T) {
	keys, err := parseKeySeq("tab, shift+tab,j,Down")
	names, seq := keys.Names, keys.Bytes
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"\t", "\x1b[Z", "j", "\x1b[B"}
	if len(seq) != len(want) || len(names) != len(want) {
		t.Fatalf("got %q", seq)
	}
	for i := range want {
		if string(seq[i]) != want[i] {
			t.Errorf("key %d (%s) = %q, want %q", i, names[i], seq[i], want[i])
		}
	}
	if _, err := parseKeySeq(" , "); err == nil {
		t.Error("an empty sequence gave no error")
	}
}

func TestExecWorkersAreSpreadEvenly(t *testing.T) {
	for _, c := range []struct {
		total int
		share float64
		want  int
	}{{5, 0.4, 2}, {200, 0.1, 20}, {10, 0, 0}, {3, 1, 3}, {7, 0.5, 4}} {
		cfg := Config{Sessions: c.total, ExecShare: c.share}
		n := cfg.execWorkers()
		got := 0
		for i := range c.total {
			if isExec(i, n, c.total) {
				got++
			}
		}
		if n != c.want || got != c.want {
			t.Errorf("%d workers at share %v: %d exec (%d marked), want %d", c.total, c.share, n, got, c.want)
		}
	}
}

func TestFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--exec-share", "2"}, &out, &errb); code != 2 {
		t.Errorf("--exec-share 2: exit %d, want 2 (%s)", code, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"--keys", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no private keys") {
		t.Errorf("empty --keys: exit %d, %s", code, errb.String())
	}

	// The whole program against the fake server, as a person would run it.
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "olivia"))
	out.Reset()
	errb.Reset()
	code := run(context.Background(), []string{"--addr", srv.addr, "--keys", dir, "--sessions", "2", "--exec-share", "0.5",
		"--duration", "300ms", "--rate", "10", "--json"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
	}
	if m["server_cpu_pct"] != nil {
		t.Errorf("server_cpu_pct = %v without --server-pid, want null", m["server_cpu_pct"])
	}
}

// --slow names every first screen and key at or over the threshold, with
// whose it was and a first screen's steps; without it nothing is written.
func TestSlowLines(t *testing.T) {
	dir := t.TempDir()
	srv := startFakeServer(t, writeKeys(t, dir, "olivia"))
	cfg := testConfig(t, srv.addr, dir)
	cfg.Sessions, cfg.ExecShare, cfg.Duration = 1, 0, 400*time.Millisecond
	var out bytes.Buffer
	cfg.Slow, cfg.SlowTo = time.Nanosecond, &out
	rep, err := Run(context.Background(), cfg)
	if err != nil || rep.Errors != 0 {
		t.Fatalf("run: %v, errors %v", err, rep.ErrorExamples)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1+rep.KeyToScreenMS.N {
		t.Fatalf("%d lines for a first screen and %d keys:\n%s", len(lines), rep.KeyToScreenMS.N, out.String())
	}
	if !strings.HasPrefix(lines[0], "slow first screen: ") || !strings.Contains(lines[0], " as olivia (dial and handshake ") {
		t.Errorf("first line %q", lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "slow key ") || !strings.HasSuffix(l, " as olivia") {
			t.Errorf("key line %q", l)
		}
	}

	out.Reset()
	cfg.Slow = time.Hour
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("nothing took an hour, yet: %q", out.String())
	}
}
