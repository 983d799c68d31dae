#!/usr/bin/env python3
"""Attribute a pprof CPU profile's samples to the parts of a keystroke.

Reads `go tool pprof -traces` output on stdin; each sample goes to the first
category (in the order below) matched by any frame of its stack, read from
the leaf up: the innermost part that did the work.
"""
import re, sys
cats = [
    ("sanitise (output filter, Line/Text)", r"behalf/sanitize\."),
    ("colour conversion (termenv, go-colorful)", r"termenv\.|go-colorful"),
    ("text width, truncation (x/ansi, graphemes)", r"charmbracelet/x/ansi\.|uax29|displaywidth|cellbuf\."),
    ("lipgloss (styles, borders, padding)", r"charmbracelet/lipgloss\."),
    ("SSH transport: write (encrypt, syscall)", r"crypto/ssh\.\(\*channel\)\.Write|ssh\.ptyWriter|ssh\.\(\*session\)\.Write|\(\*serverConn\)\.Write|writePacket"),
    ("SSH transport: read (decrypt, syscall)", r"crypto/ssh\.|charmbracelet/ssh\."),
    ("frame diffing (sshserver/render.go)", r"sshserver\.\(\*frames\)"),
    ("view building (tui, own code)", r"behalf/tui\.|bubbles/"),
    ("domain and store (reads on refresh)", r"behalf/domain\.|behalf/store\.|bbolt"),
    ("Bubble Tea (input, update loop)", r"bubbletea\.|sshserver\.\(\*guard\)\.Update|backgroundFilter|sshserver\.\(\*session\)\.Read"),
    ("garbage collector", r"runtime\.gcBgMarkWorker|runtime\.gcAssist|runtime\.bgsweep|runtime\.bgscavenge|runtime\.gcStart|gcMarkDone"),
    ("scheduler, timers, idle", r"runtime\.(mcall|schedule|findRunnable|park_m|mstart|sysmon|notesleep|timer)"),
]
samples = {}
stage_t = {}
# Stages: where in a keystroke's path the sample was (outermost first).
stages = [
    ("Bubble Tea update (the key's handling)", r"sshserver\.\(\*guard\)\.Update"),
    ("view building (tui View)", r"sshserver\.\(\*guard\)\.view$"),
    ("frame diffing and writing (render.go: diff, sanitise, SSH write)", r"sshserver\.\(\*frames\)"),
    ("SSH transport: reading input", r"crypto/ssh\.|charmbracelet/ssh\.\(\*session\)\.(Read|handleRequests)|backgroundFilter|bubbletea\.\(\*Program\)\.readLoop|cancelreader|readAnsiInputs|readInputs"),
    ("Bubble Tea event loop (other)", r"bubbletea\."),
    ("garbage collector", r"runtime\.gcBgMarkWorker|runtime\.bgsweep|runtime\.bgscavenge"),
    ("scheduler, timers, idle", r"runtime\.(mcall|schedule|findRunnable|park_m|mstart|sysmon|notesleep)"),
]
total = 0.0
def parse_val(s):
    m = re.match(r"([\d.]+)(ns|us|µs|ms|s)", s)
    v, u = float(m.group(1)), m.group(2)
    return v * {"ns":1e-9, "us":1e-6, "µs":1e-6, "ms":1e-3, "s":1}[u]
block = []
def flush():
    global total
    if not block: return
    first = block[0].split()
    if not first: return
    try:
        v = parse_val(first[0])
    except Exception:
        return
    frames = [first[1]] + [l.strip() for l in block[1:]] if len(first) > 1 else [l.strip() for l in block[1:]]
    total += v
    for st, pat in stages:
        if any(re.search(pat, f) for f in frames):
            stage_t[st] = stage_t.get(st, 0) + v
            break
    else:
        stage_t["other"] = stage_t.get("other", 0) + v
    for f in frames:
        for name, pat in cats:
            if re.search(pat, f):
                samples[name] = samples.get(name, 0) + v
                return
    samples["other"] = samples.get("other", 0) + v
for line in sys.stdin:
    if line.startswith("-----------+"):
        flush(); block = []
        continue
    if line.strip() and not line.startswith(("File:", "Type:", "Time:", "Duration:", "Build ID:", "Showing")):
        block.append(line.rstrip("\n"))
flush()
keys = float(sys.argv[1]) if len(sys.argv) > 1 else 0
print("by stage (a sample counts where it was in the path):")
for name, _ in stages + [("other", "")]:
    v = stage_t.get(name, 0)
    extra = f"  {v/keys*1e6:7.0f} µs/key" if keys else ""
    print(f"  {name:66s} {v:6.2f}s {100*v/total:5.1f}%{extra}")
print("by work (the innermost part that did it):")
print(f"total {total:.2f}s" + (f", {keys:.0f} keys, {total/keys*1000:.3f} ms a key" if keys else ""))
for name, _ in cats + [("other", "")]:
    v = samples.get(name, 0)
    extra = f"  {v/keys*1e6:7.0f} µs/key" if keys else ""
    print(f"  {name:48s} {v:6.2f}s {100*v/total:5.1f}%{extra}")
