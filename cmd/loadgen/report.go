package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Report is what a run measured; --json prints it as is. Latencies are in
// milliseconds; server fields are null without --server-pid.
type Report struct {
	Addr             string  `json:"addr"`
	Sessions         int     `json:"sessions"`     // workers asked for
	PTYSessions      int     `json:"pty_sessions"` // of them, PTY sessions
	ExecWorkers      int     `json:"exec_workers"` // of them, exec loops
	DurationS        float64 `json:"duration_s"`   // wall time from the first dial to the last worker's end
	Errors           int     `json:"errors"`
	SessionsReady    int     `json:"sessions_ready"`     // first screens reached (reconnects included)
	SessionsPeakOpen int     `json:"sessions_peak_open"` // PTY sessions past their first screen at once, at most
	KeysSent         int     `json:"keys_sent"`
	KeysSkippedBusy  int     `json:"keys_skipped_busy"` // presses skipped because the screen never went quiet
	Execs            int     `json:"execs"`             // exec round trips completed
	ExecPerS         float64 `json:"exec_per_s"`

	FirstScreenMS Percentiles `json:"first_screen_ms"`  // dial start → first screen drawn
	KeyToScreenMS Percentiles `json:"key_to_screen_ms"` // key written → screen update
	// KeyAfterSignIns is key → screen for the keys sent once every
	// session had its first screen: the keystroke without sign-ins beside it.
	KeyAfterSignIns Percentiles `json:"key_to_screen_after_sign_ins_ms"`
	ExecMS          Percentiles `json:"exec_ms"` // dial start → exit status

	ServerCPUPct *float64 `json:"server_cpu_pct"` // of one core: 150 is one and a half cores
	// ServerCPUPerKeyMS is the server's CPU over the run divided by the
	// keys pressed: what a keystroke costs (sign-ins included).
	ServerCPUPerKeyMS *float64 `json:"server_cpu_per_key_ms"`
	ServerRSSMB       *float64 `json:"server_rss_mb"` // peak, sampled every second
	ServerRSSBaseMB   *float64 `json:"server_rss_base_mb"`
	RSSPerSessionKB   *float64 `json:"rss_per_session_kb"` // (peak − base) / peak open PTY sessions
	LoadgenCPUPct     *float64 `json:"loadgen_cpu_pct"`    // this tool's own CPU: it competes on the same machine

	// Burst is the renewals burst of --resume-burst (burst.go); absent
	// without it.
	Burst *BurstReport `json:"burst,omitempty"`

	ErrorKinds    map[string]int    `json:"error_kinds"`
	ErrorExamples map[string]string `json:"error_examples"` // the first message of each kind
}

func writeJSON(w io.Writer, rep *Report) error { return writeJSONValue(w, rep) }

func writeJSONValue(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeCompared prints a run with --floor: the floor, behalf, the ratios.
func writeCompared(w io.Writer, c *Compared) error {
	if _, err := io.WriteString(w, "The floor (bare Wish + Bubble Tea):\n"); err != nil {
		return err
	}
	if err := writeTable(w, c.Floor); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\nbehalf:\n"); err != nil {
		return err
	}
	if err := writeTable(w, c.Behalf); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("\nbehalf ÷ floor:")
	for _, r := range []struct {
		name string
		v    *float64
	}{{"key p50", c.Ratio.KeyP50}, {"key p99", c.Ratio.KeyP99}, {"first screen p99", c.Ratio.FirstP99},
		{"server cpu", c.Ratio.ServerCPU}, {"cpu a key", c.Ratio.ServerCPUPerK}, {"rss a session", c.Ratio.RSSPerSession}} {
		if r.v != nil {
			fmt.Fprintf(&b, " %s %.2f;", r.name, *r.v)
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTable prints the report for a person.
func writeTable(w io.Writer, rep *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d sessions (%d with a screen, %d running commands) for %.1f s\n\n",
		rep.Addr, rep.Sessions, rep.PTYSessions, rep.ExecWorkers, rep.DurationS)

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "ms\t%7s %9s %9s %9s %9s\n", "n", "p50", "p95", "p99", "max")
	row := func(name string, p Percentiles) {
		fmt.Fprintf(tw, "%s\t%7d %9.2f %9.2f %9.2f %9.2f\n", name, p.N, p.P50, p.P95, p.P99, p.Max)
	}
	if rep.PTYSessions > 0 {
		row("connect → first screen", rep.FirstScreenMS)
		row("key → screen", rep.KeyToScreenMS)
		row("… after the sign-ins", rep.KeyAfterSignIns)
	}
	if rep.ExecWorkers > 0 {
		row("exec round trip", rep.ExecMS)
	}
	if rep.Burst != nil {
		row("key → screen in the burst", rep.Burst.KeyToScreenMS)
	}
	tw.Flush()
	b.WriteString("\n")

	if rep.PTYSessions > 0 {
		fmt.Fprintf(&b, "sessions: %d first screens, %d open at most; %d keys sent", rep.SessionsReady, rep.SessionsPeakOpen, rep.KeysSent)
		if rep.KeysSkippedBusy > 0 {
			fmt.Fprintf(&b, ", %d skipped (screen never quiet)", rep.KeysSkippedBusy)
		}
		b.WriteString("\n")
	}
	if rep.ExecWorkers > 0 {
		fmt.Fprintf(&b, "exec: %d round trips, %.2f per second\n", rep.Execs, rep.ExecPerS)
	}
	if rep.ServerCPUPct != nil || rep.ServerRSSMB != nil {
		b.WriteString("server:")
		if rep.ServerCPUPct != nil {
			fmt.Fprintf(&b, " cpu %.1f%%", *rep.ServerCPUPct)
		}
		if rep.ServerCPUPerKeyMS != nil {
			fmt.Fprintf(&b, " (%.3f ms a key)", *rep.ServerCPUPerKeyMS)
		}
		if rep.ServerRSSMB != nil {
			fmt.Fprintf(&b, ", rss peak %.1f MB (before %.1f MB", *rep.ServerRSSMB, *rep.ServerRSSBaseMB)
			if rep.RSSPerSessionKB != nil {
				fmt.Fprintf(&b, ", ~%.0f kB per open session", *rep.RSSPerSessionKB)
			}
			b.WriteString(")")
		}
		b.WriteString("\n")
	}
	if bu := rep.Burst; bu != nil {
		fmt.Fprintf(&b, "burst at %.1f s: %d resumed in %.0f ms, %d due at once", bu.AtS, bu.Resumed, bu.ResumeMS, bu.Due)
		if bu.IssuedMS != nil {
			fmt.Fprintf(&b, ", all issued %.0f ms after the first resume", *bu.IssuedMS)
		} else {
			b.WriteString(", not all seen issued before the run ended")
		}
		b.WriteString("\n")
	}
	if rep.LoadgenCPUPct != nil {
		fmt.Fprintf(&b, "loadgen itself: cpu %.1f%%\n", *rep.LoadgenCPUPct)
	}

	fmt.Fprintf(&b, "errors: %d\n", rep.Errors)
	kinds := make([]string, 0, len(rep.ErrorKinds))
	for k := range rep.ErrorKinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-22s %5d  e.g. %s\n", k, rep.ErrorKinds[k], rep.ErrorExamples[k])
	}
	_, err := io.WriteString(w, b.String())
	return err
}
