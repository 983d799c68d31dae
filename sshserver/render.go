package sshserver

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"behalf/internal/cells"
)

// frames draws a session's screen when it changes, and only then.
//
// Bubble Tea v1's standard renderer redraws from a 60 fps ticker: every
// session wakes sixty times a second to compare its frame with the last,
// changed or not (a few per cent of a core for two hundred idle sessions),
// and a key's answer waits for the next tick (up to 17 ms). The program runs
// without a renderer (tea.WithoutRenderer) and the guard hands every view to
// frames instead: a changed frame is written at once, a burst is coalesced
// to at most one frame per minFrame (one timer, only while a frame waits),
// and an idle session costs nothing. The drawing itself is the standard
// renderer's for the alternate screen: unchanged lines are skipped, lines
// are cut to the width and cleared to their end, leftovers erased below
// (render_replay_test.go replays random views through it into a terminal
// emulator).
type frames struct {
	mu  sync.Mutex
	out io.Writer

	width, height int
	started       bool
	closed        bool
	last          string   // the frame on screen
	lastLines     []string // its lines, to skip unchanged ones
	spareLines    []string // the lines of the frame before, reused for the next
	lastAt        time.Time
	pending       string // a frame waiting for the coalescing timer
	waiting       bool
	timer         *time.Timer
	// buf is the frame being written, kept from one frame to the next: a
	// new one per frame was a fifth of the bytes a keystroke allocated.
	buf bytes.Buffer
}

// minFrame bounds the frame rate under a burst of updates (a paste, a
// flood of keys) to what the standard renderer allows at most (120 fps).
const minFrame = time.Second / 120

func newFrames(out io.Writer, width, height int) *frames {
	return &frames{out: out, width: width, height: height}
}

// resize takes the terminal's new size; the next frame is drawn in full.
func (f *frames) resize(width, height int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.width, f.height = width, height
	f.last, f.lastLines, f.spareLines = "", nil, nil
}

// draw shows view: now, or (within minFrame of the last frame) when the
// timer fires, then with the latest view only.
func (f *frames) draw(view string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	if view == "" {
		view = " " // as the standard renderer: an empty view clears the screen
	}
	if f.waiting {
		f.pending = view
		return
	}
	if wait := minFrame - time.Since(f.lastAt); f.started && wait > 0 {
		f.pending, f.waiting = view, true
		if f.timer == nil {
			f.timer = time.AfterFunc(wait, f.fire)
		} else {
			f.timer.Reset(wait)
		}
		return
	}
	f.flush(view)
}

func (f *frames) fire() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.waiting || f.closed {
		return
	}
	f.waiting = false
	f.flush(f.pending)
	f.pending = ""
}

// flush writes view if it differs from the frame on screen. f.mu is held.
func (f *frames) flush(view string) {
	if view == f.last {
		return
	}
	buf := &f.buf
	buf.Reset()
	if !f.started {
		// What tea.WithAltScreen and the renderer's start wrote: the
		// alternate screen, cleared, the cursor hidden, bracketed paste on.
		buf.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition)
		buf.WriteString(ansi.HideCursor + ansi.SetModeBracketedPaste)
		f.started = true
	}
	buf.WriteString(ansi.CursorHomePosition)
	full := f.last == "" // the first frame, or the first since a resize
	lines := appendLines(f.spareLines[:0], view)
	if f.height > 0 && len(lines) > f.height {
		lines = lines[len(lines)-f.height:]
	}
	for i, line := range lines {
		if i < len(f.lastLines) && f.lastLines[i] == line {
			if i < len(lines)-1 {
				buf.WriteString("\r\n") // written as is: see rawOutput
			}
			continue
		}
		if i == 0 && full {
			buf.WriteByte('\r')
		}
		w := cells.Width(line)
		if f.width > 0 && w > f.width {
			line = ansi.Truncate(line, f.width, "")
			w = cells.Width(line)
		}
		buf.WriteString(line)
		if w < f.width {
			buf.WriteString(ansi.EraseLineRight)
		}
		if i < len(lines)-1 {
			buf.WriteString("\r\n")
		}
	}
	if len(f.lastLines) > len(lines) || (full && len(lines) < f.height) {
		// Erase from the row below the view (what a longer frame, or the
		// screen before a resize, left there) — not from where the loop
		// left the cursor: that is the start of the last line when it was
		// unchanged.
		buf.WriteString(ansi.CursorPosition(1, len(lines)+1) + ansi.EraseScreenBelow)
	}
	buf.WriteString(ansi.CursorPosition(0, len(lines)))
	_, _ = f.out.Write(buf.Bytes())
	if buf.Cap() > 1<<20 {
		f.buf = bytes.Buffer{} // one huge frame should not pin its buffer for the session
	}
	clear(f.lastLines) // let go of the frame before's text
	f.spareLines = f.lastLines
	f.last, f.lastLines, f.lastAt = view, lines, time.Now()
}

// appendLines appends view's lines to lines (strings.Split's, in a
// slice kept from frame to frame).
func appendLines(lines []string, view string) []string {
	for {
		i := strings.IndexByte(view, '\n')
		if i < 0 {
			return append(lines, view)
		}
		lines = append(lines, view[:i])
		view = view[i+1:]
	}
}

// close stops drawing and gives the terminal back as the program found it:
// bracketed paste off, the cursor shown, the main screen restored. A frame
// still waiting is dropped, as the standard renderer drops it when killed.
func (f *frames) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.closed = true
	if f.timer != nil {
		f.timer.Stop()
	}
	if f.started {
		_, _ = io.WriteString(f.out, ansi.EraseEntireLine+"\r"+ansi.ResetModeBracketedPaste+ansi.ShowCursor+ansi.ResetModeAltScreenSaveCursor)
	}
}
