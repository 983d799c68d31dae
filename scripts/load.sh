#!/bin/sh
# make load: start a server with a generated organisation in a temporary
# data folder, run the load tool against it, print the reports as one JSON
# object, stop the server. Settings (environment, from the Makefile):
#   LOAD_SCALE     large | medium            (default large)
#   LOAD_SESSIONS  concurrent PTY sessions   (default 200)
#   LOAD_DURATION  the main scenario's length (default 60s)
#   LOAD_DATA      a data folder to use and keep (default: a temporary one,
#                  removed afterwards); an existing one is reused as it is
#   LOAD_PPROF     a loopback address (127.0.0.1:6060) for the server's
#                  profiles during the run (default: none)
#   LOAD_BURST     subscriptions to resume at once in the burst scenario
#                  (default: none, and no burst scenario)
#   LOAD_SLOW      a duration (100ms): the target scenario names each first
#                  screen and key that took at least that long, with when
#                  and as whom, among the load tool's messages (default: none)
# Scenarios, one server throughout:
#   target  LOAD_SESSIONS distinct people (DATA/load-keys: coaches, admins,
#           clients and contacts, each with one workspace) signing in at
#           100 a second to their own home screen, then each pressing a key
#           every 500 ms: coaches and admins through their list and back
#           (tab, down, up, shift+tab), clients through their home's list
#           and to the next screen and back (down, up, tab, shift+tab),
#           contacts and the demo people through their screens and back
#           (tab, tab, shift+tab, shift+tab). The same scenario runs first against a bare
#           Wish + Bubble Tea server (loadgen --floor), so "floor" and
#           "ratio" say what behalf costs beside the stack it is built on,
#           measured in the same run; load_avg is the machine's load.
#   exec    `whoami` over exec on fresh connections, back to back (8 workers)
#   idle    LOAD_SESSIONS sessions signed in and left alone: idle_cpu_pct is
#           the server's CPU from 10 s after the first sign-in to the end
#   burst   (with LOAD_BURST) the target's sessions for 40 s; 25 s in,
#           admin01 resumes LOAD_BURST paused subscriptions at once, whose
#           invoices fall due together (the generated organisation's
#           newest are paused on a period starting the day it was made),
#           and the report's "burst" says when all were issued and key →
#           screen meanwhile (loadgen --resume-burst)
set -eu

scale=${LOAD_SCALE:-large}
sessions=${LOAD_SESSIONS:-200}
duration=${LOAD_DURATION:-60s}
data=${LOAD_DATA:-}
pprof=${LOAD_PPROF:-}
burst=${LOAD_BURST:-}
slow=${LOAD_SLOW:-}
behalf=${BEHALF_BIN:-bin/behalf}
loadgen=${LOADGEN_BIN:-bin/loadgen}

work=$(mktemp -d "${TMPDIR:-/tmp}/behalf-load-XXXXXX")
pid=""
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ -n "$data" ] || data=$work/data

echo "make load: starting a $scale organisation in $data (generating it takes up to a minute)" >&2
# No limit on sessions at once: the run measures capacity (the default
# limit, 1000, is a guard for production).
"$behalf" serve --data "$data" --demo-scale "$scale" --listen 127.0.0.1:0 --max-sessions-total 0 ${pprof:+--pprof "$pprof"} >"$work/out" 2>"$work/log" &
pid=$!
tries=0
until grep -q '^ssh -p ' "$work/out"; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "make load: the server stopped:" >&2
		cat "$work/log" >&2
		exit 1
	fi
	tries=$((tries + 1))
	if [ "$tries" -gt 600 ]; then
		echo "make load: the server did not start within 5 minutes" >&2
		exit 1
	fi
	sleep 0.5
done
port=$(sed -n 's/^ssh -p \([0-9]*\) .*/\1/p' "$work/out" | head -n 1)
keys=$data/load-keys
[ -d "$keys" ] || keys=$data/demo-keys
took=$(sed -n 's/.*generated the demo organisation.* took=\([^ ]*\).*/\1/p' "$work/log")
compacted=$(sed -n 's/.*compacted the database.* took=\([^ ]*\).*/\1/p' "$work/log")
echo "make load: listening on 127.0.0.1:$port (pid $pid); generated in ${took:-n/a}, compacted in ${compacted:-n/a}" >&2

# run prints one scenario's report, or null when the load tool printed none
# (it says why on stderr, shown at the end).
run() {
	"$loadgen" --addr "127.0.0.1:$port" --keys "$keys" --server-pid "$pid" --json "$@" >"$work/run.json" 2>>"$work/loadgen.log" || true
	if [ -s "$work/run.json" ]; then cat "$work/run.json"; else echo null; fi
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

# What people press: coaches and admins go to their list (clients,
# people), move through it and come back; clients move through their home
# screen's list and go to the next screen and back; everyone else (contacts
# and the demo people, whose screens' lists depend on their data) goes
# through their screens and back. Every key changes the screen, or the
# load tool would count a timeout.
keys_seq="--keys-seq tab,tab,shift+tab,shift+tab --keys-seq-for coach=tab,down,up,shift+tab --keys-seq-for admin=tab,down,up,shift+tab --keys-seq-for client=down,up,tab,shift+tab"

printf '{\n"scale": "%s",\n"generated_in": "%s",\n"compacted_in": "%s",\n"load_avg_before": "%s",\n"target": ' "$scale" "${took:-}" "${compacted:-}" "$(cut -d' ' -f1-3 /proc/loadavg)"
run --floor --sessions "$sessions" --login-rate 100 --rate 2 --duration "$duration" $keys_seq ${slow:+--slow "$slow"}
printf ',\n"load_avg_after": "%s"' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf ',\n"exec": '
run --exec-only --sessions 8 --duration 15s
printf ',\n"idle": '
run --sessions "$sessions" --login-rate 100 --rate 0.001 --duration 40s >"$work/idle.json" &
idle=$!
sleep 10
t0=$(cpu_ticks)
sleep 25
t1=$(cpu_ticks)
wait "$idle"
cat "$work/idle.json"
hz=$(getconf CLK_TCK)
printf ',\n"idle_sessions": %s,\n"idle_cpu_pct": %s' "$sessions" "$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) * 100 / hz / 25 }')"
if [ -n "$burst" ]; then
	printf ',\n"burst": '
	run --sessions "$sessions" --login-rate 100 --rate 2 --duration 40s $keys_seq --resume-burst "$burst" --burst-at 25s --burst-as admin01
fi
printf '\n}\n'
echo "make load: done; the load tool's messages:" >&2
cat "$work/loadgen.log" >&2
