package main

import (
	"os"
	"strconv"
	"testing"
)

// A line captured from /proc/PID/stat of a server whose command name holds a
// space and a parenthesis; utime is 1523 ticks and stime 287.
const statSample = "48213 (behalf (serve)) S 48190 48213 48190 34816 48213 4194304 9133 0 12 0 1523 287 0 0 20 0 9 0 3141592 1650438144 5321 18446744073709551615 4194304 13212345 140733 0 0 0 0 0 2143420159 0 0 0 17 1 0 0 0 0 0 15000000 15400000 21000000 140733 140733 140733 140733 0\n"

const statusSample = `Name:	behalf
Umask:	0022
State:	S (sleeping)
Tgid:	48213
Pid:	48213
VmPeak:	 1611756 kB
VmSize:	 1611756 kB
VmHWM:	   23980 kB
VmRSS:	   21284 kB
RssAnon:	   10232 kB
Threads:	9
`

func TestParseStat(t *testing.T) {
	ticks, err := parseStat(statSample)
	if err != nil {
		t.Fatal(err)
	}
	if ticks != 1523+287 {
		t.Errorf("utime+stime = %d, want %d", ticks, 1523+287)
	}
	for _, bad := range []string{"", "48213 behalf S 1 2", "48213 (behalf) S 1 2 3", "48213 (behalf) S 1 2 3 4 5 6 7 8 9 10 x 5"} {
		if _, err := parseStat(bad); err == nil {
			t.Errorf("parseStat(%q) gave no error", bad)
		}
	}
}

func TestParseRSS(t *testing.T) {
	kb, err := parseRSS(statusSample)
	if err != nil {
		t.Fatal(err)
	}
	if kb != 21284 {
		t.Errorf("VmRSS = %d kB, want 21284", kb)
	}
	if _, err := parseRSS("Name:\tkworker/0:1\nState:\tI (idle)\n"); err == nil {
		t.Error("a status without VmRSS gave no error")
	}
}

func TestProcOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Fatalf("loadgen measures through /proc, which this system lacks: %v", err)
	}
	pid := strconv.Itoa(os.Getpid())
	c, err := startCPU(pid)
	if err != nil {
		t.Fatal(err)
	}
	if pct, err := c.percent(); err != nil || pct < 0 {
		t.Errorf("cpu %v, %v", pct, err)
	}
	w, err := watchRSS(pid, 10*1e6)
	if err != nil {
		t.Fatal(err)
	}
	base, peak, err := w.finish()
	if err != nil || base <= 0 || peak < base {
		t.Errorf("rss base %d peak %d: %v", base, peak, err)
	}
}
