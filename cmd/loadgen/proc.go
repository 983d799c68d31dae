package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clockTicks is sysconf(_SC_CLK_TCK), the unit of utime and stime in
// /proc/PID/stat. It is 100 on every Linux architecture Go supports, and
// reading it properly would need cgo.
const clockTicks = 100

// parseStat returns utime+stime, in clock ticks, from the text of
// /proc/PID/stat. The command name (field 2) is in parentheses and may hold
// spaces or parentheses itself, so fields are counted from the last ')'.
func parseStat(s string) (uint64, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("no command name in %q", trimForError(s))
	}
	rest := strings.Fields(s[i+1:])
	// rest[0] is field 3 (state); utime and stime are fields 14 and 15.
	const utime, stime = 14 - 3, 15 - 3
	if len(rest) <= stime {
		return 0, fmt.Errorf("only %d fields after the command name", len(rest))
	}
	u, err := strconv.ParseUint(rest[utime], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("utime: %w", err)
	}
	st, err := strconv.ParseUint(rest[stime], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("stime: %w", err)
	}
	return u + st, nil
}

// parseRSS returns VmRSS in kB from the text of /proc/PID/status.
func parseRSS(s string) (int64, error) {
	for line := range strings.Lines(s) {
		v, ok := strings.CutPrefix(line, "VmRSS:")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("unexpected VmRSS line %q", strings.TrimSpace(line))
		}
		return strconv.ParseInt(f[0], 10, 64)
	}
	return 0, fmt.Errorf("no VmRSS line (a kernel thread or a zombie?)")
}

func trimForError(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func readCPUTicks(pid string) (uint64, error) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStat(string(b))
}

func readRSS(pid string) (int64, error) {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, err
	}
	return parseRSS(string(b))
}

// cpuClock measures the CPU a process uses between start and stop, as a
// percentage of one core over the wall time (so it can exceed 100).
type cpuClock struct {
	pid   string
	ticks uint64
	wall  time.Time
}

func startCPU(pid string) (*cpuClock, error) {
	t, err := readCPUTicks(pid)
	if err != nil {
		return nil, err
	}
	return &cpuClock{pid: pid, ticks: t, wall: time.Now()}, nil
}

func (c *cpuClock) percent() (float64, error) {
	t, err := readCPUTicks(c.pid)
	if err != nil {
		return 0, err
	}
	wall := time.Since(c.wall).Seconds()
	if wall <= 0 {
		return 0, nil
	}
	cpu := float64(t-c.ticks) / clockTicks
	return round2(100 * cpu / wall), nil
}

// rssWatch samples a process's resident memory every interval and keeps the
// highest value; base is the value before any session connected.
type rssWatch struct {
	pid  string
	stop chan struct{}
	done chan struct{}

	mu         sync.Mutex
	base, peak int64
	err        error
}

func watchRSS(pid string, every time.Duration) (*rssWatch, error) {
	base, err := readRSS(pid)
	if err != nil {
		return nil, err
	}
	w := &rssWatch{pid: pid, base: base, peak: base, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.sample()
			}
		}
	}()
	return w, nil
}

func (w *rssWatch) sample() {
	kb, err := readRSS(w.pid)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		if w.err == nil {
			w.err = err
		}
		return
	}
	w.peak = max(w.peak, kb)
}

// finish takes a last sample, stops the watch and returns base and peak in kB.
func (w *rssWatch) finish() (base, peak int64, err error) {
	close(w.stop)
	<-w.done
	w.sample()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.base, w.peak, w.err
}
