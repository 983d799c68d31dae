package sshserver

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// The frame writer skips lines that did not change, so what a person sees
// is the sum of every frame written since the first. Replayed into a
// terminal emulator, random sequences of views (lines kept, changed,
// added, dropped; longer or shorter than the screen; styled; wide
// characters; now and then a resize) must each leave the screen equal to
// the view itself.
func TestFramesReplayLeavesTheLastView(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(15, 4)) // fixed: a failure is reproducible
	for run := range 20 {
		width, height := 24, 8
		emu := vt.NewEmulator(width, height)
		go io.Copy(io.Discard, emu) // answers to queries, should any come
		f := newFrames(emu, width, height)
		var prev []string
		var trail []string
		for step := range 80 {
			if rng.IntN(10) == 0 {
				width, height = 10+rng.IntN(20), 3+rng.IntN(8)
				emu.Resize(width, height)
				f.resize(width, height)
				trail = append(trail, "(resize)")
			}
			view := randomView(rng, prev, height+2)
			trail = append(trail, view)
			f.mu.Lock()
			f.flush(viewOrBlank(view))
			f.mu.Unlock()
			if got, want := screenOf(emu, width, height), expectedScreen(view, width, height); got != want {
				t.Fatalf("run %d step %d: the screen is\n%s\nwant\n%s\nviews so far: %q", run, step, got, want, trail)
			}
			prev = strings.Split(view, "\n")
		}
		if c, ok := emu.InputPipe().(io.Closer); ok {
			c.Close()
		}
	}
}

// The case that first showed the replay's worth: a view one line shorter,
// its last line the same as before, must not lose that line.
func TestFramesShorterViewKeepsItsLastLine(t *testing.T) {
	t.Parallel()
	emu := vt.NewEmulator(20, 5)
	go io.Copy(io.Discard, emu)
	f := newFrames(emu, 20, 5)
	for _, v := range []string{"one\ntwo\nthree", "one\ntwo"} {
		f.mu.Lock()
		f.flush(v)
		f.mu.Unlock()
	}
	if got, want := screenOf(emu, 20, 5), expectedScreen("one\ntwo", 20, 5); got != want {
		t.Fatalf("the screen is\n%s\nwant\n%s", got, want)
	}
}

func viewOrBlank(v string) string {
	if v == "" {
		return " " // as draw does
	}
	return v
}

// randomView makes a view from prev: each line kept, changed or dropped,
// new lines added, now and then a line wider than the screen, styled, or
// with wide characters.
func randomView(rng *rand.Rand, prev []string, maxLines int) string {
	n := rng.IntN(maxLines + 1)
	lines := make([]string, n)
	for i := range lines {
		if i < len(prev) && rng.IntN(3) > 0 {
			lines[i] = prev[i] // unchanged: the writer skips it
			continue
		}
		lines[i] = randomLine(rng)
	}
	return strings.Join(lines, "\n")
}

func randomLine(rng *rand.Rand) string {
	words := []string{"", "a", "row", "Jane Smith", "✓ paid", "世界", "  indented", strings.Repeat("x", 30)}
	var b strings.Builder
	for range rng.IntN(4) {
		w := words[rng.IntN(len(words))]
		if rng.IntN(4) == 0 {
			w = "\x1b[1;34m" + w + "\x1b[0m"
		}
		b.WriteString(w + " ")
	}
	return strings.TrimRight(b.String(), " ")
}

// expectedScreen is what a view should leave on a width×height screen: its
// last height lines, each cut to width, without styles.
func expectedScreen(view string, width, height int) string {
	lines := strings.Split(view, "\n")
	if len(lines) > height {
		lines = lines[len(lines)-height:]
	}
	rows := make([]string, height)
	for i := range rows {
		if i < len(lines) {
			rows[i] = strings.TrimRight(ansi.Truncate(ansi.Strip(lines[i]), width, ""), " ")
		}
	}
	return strings.Join(rows, "\n")
}

// screenOf is the emulator's screen as plain text, one row a line, with
// trailing spaces trimmed.
func screenOf(emu *vt.Emulator, width, height int) string {
	rows := make([]string, height)
	for y := range rows {
		var b strings.Builder
		for x := 0; x < width; x++ {
			c := emu.CellAt(x, y)
			if c == nil {
				b.WriteByte(' ')
				continue
			}
			if c.Width == 0 {
				continue // the second half of a wide character
			}
			if c.Content == "" {
				b.WriteByte(' ')
				continue
			}
			b.WriteString(c.Content)
		}
		rows[y] = strings.TrimRight(b.String(), " ")
	}
	return strings.Join(rows, "\n")
}
