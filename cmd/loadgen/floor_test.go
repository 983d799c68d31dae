package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// The floor is a real Wish + Bubble Tea server: the load tool signs in,
// sees its first screen, and every key redraws it.
func TestFloorAnswersEveryKey(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- serveFloor(ctx, "127.0.0.1:0", pw); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	addr := strings.TrimSpace(strings.TrimPrefix(line, "listening "))

	dir := t.TempDir()
	writeKeys(t, dir, "anyone")
	cfg := testConfig(t, addr, dir)
	cfg.ExecShare = 0
	cfg.Sessions = 2
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 || rep.SessionsReady != 2 || rep.KeyToScreenMS.N == 0 || rep.KeyAfterSignIns.N == 0 || rep.KeyAfterSignIns.N > rep.KeyToScreenMS.N {
		t.Fatalf("against the floor: %d errors %v, %d first screens, %d keys measured, %d after the sign-ins", rep.Errors, rep.ErrorExamples, rep.SessionsReady, rep.KeyToScreenMS.N, rep.KeyAfterSignIns.N)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Ratios are behalf's figures over the floor's; a figure missing on
// either side has no ratio.
func TestCompareGivesRatiosToTheFloor(t *testing.T) {
	floor := &Report{KeyToScreenMS: Percentiles{P50: 2, P99: 10}, FirstScreenMS: Percentiles{P99: 20}, ServerCPUPct: ptr(40.0), ServerCPUPerKeyMS: ptr(0.2)}
	behalf := &Report{KeyToScreenMS: Percentiles{P50: 1, P99: 15}, FirstScreenMS: Percentiles{P99: 30}, ServerCPUPct: ptr(60.0), ServerCPUPerKeyMS: ptr(0.3)}
	r := compare(floor, behalf).Ratio
	for name, c := range map[string]struct {
		got  *float64
		want float64
	}{"key p50": {r.KeyP50, 0.5}, "key p99": {r.KeyP99, 1.5}, "first p99": {r.FirstP99, 1.5}, "cpu": {r.ServerCPU, 1.5}, "cpu a key": {r.ServerCPUPerK, 1.5}} {
		if c.got == nil || *c.got != c.want {
			t.Fatalf("%s: %v, want %v", name, c.got, c.want)
		}
	}
	if r.RSSPerSession != nil {
		t.Fatalf("a ratio of figures neither side has: %v", *r.RSSPerSession)
	}
}

// Keys count as after the sign-ins only when sent after the last session
// had its first screen.
func TestKeysAfterTheSignIns(t *testing.T) {
	r := newRecorder()
	r.everyone = 2
	r.addFirstScreen(time.Millisecond)
	early := time.Now()
	r.addKey(early, time.Millisecond)
	r.addFirstScreen(time.Millisecond)
	r.addKey(early, 2*time.Millisecond)
	r.addKey(time.Now().Add(time.Nanosecond), 3*time.Millisecond)
	if len(r.keyToScreen) != 3 || len(r.keySteady) != 1 || r.keySteady[0] != 3*time.Millisecond {
		t.Fatalf("all %v, after the sign-ins %v", r.keyToScreen, r.keySteady)
	}
}
