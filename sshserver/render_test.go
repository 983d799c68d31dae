package sshserver

import (
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
	n  int // writes
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	return l.b.Write(p)
}

func (l *lockedBuffer) state() (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String(), l.n
}

// A frame is written when it changes and only then: at once, with the
// alternate screen entered first; an unchanged view writes nothing; a
// burst is coalesced into its last frame; close gives the screen back.
// The clock is synctest's: each step happens at a known moment, so the
// counts are exact however slow the machine.
func TestFramesDrawOnlyChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &lockedBuffer{}
		f := newFrames(out, 20, 5)
		f.draw("one\ntwo")
		s, n := out.state()
		if n != 1 || !strings.HasPrefix(s, "\x1b[?1049h") || !strings.Contains(s, "one") || !strings.Contains(s, "two") {
			t.Fatalf("first frame: %d writes %q", n, s)
		}
		f.draw("one\ntwo")
		time.Sleep(2 * minFrame) // past any frame the unchanged view could have made
		synctest.Wait()
		if _, n2 := out.state(); n2 != n {
			t.Fatalf("an unchanged view was written again")
		}
		for i := range 50 { // a burst: its first view now, its last one a frame later
			f.draw("one\nline " + strings.Repeat("x", i%7))
		}
		f.draw("one\nlast")
		if _, n2 := out.state(); n2 != n+1 {
			t.Fatalf("a burst's first view wrote %d frames at once, want 1", n2-n)
		}
		time.Sleep(minFrame)
		synctest.Wait()
		s, n2 := out.state()
		if n2 != n+2 || !strings.Contains(s, "last") {
			t.Fatalf("a burst of 51 views wrote %d frames, want 2 ending with the last: %q", n2-n, s)
		}
		if tail := s[strings.LastIndex(s, "\x1b[H"):]; strings.Contains(tail, "one") {
			t.Errorf("an unchanged line was drawn again: %q", tail)
		}
		f.resize(10, 5) // the next frame in full
		f.draw("a long line cut to ten\nlast")
		time.Sleep(minFrame) // it may wait for the coalescing timer
		synctest.Wait()
		s, _ = out.state()
		if tail := s[strings.LastIndex(s, "\x1b[H"):]; !strings.Contains(tail, "a long lin") || strings.Contains(tail, "a long line") || !strings.Contains(tail, "last") {
			t.Errorf("after a resize, not cut or not in full: %q", tail)
		}
		f.close()
		f.draw("after")
		s, _ = out.state()
		if !strings.HasSuffix(s, "\x1b[?1049l") || strings.Contains(s, "after") {
			t.Errorf("close: %q", s[max(0, len(s)-60):])
		}
	})
}
