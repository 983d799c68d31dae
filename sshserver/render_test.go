package sshserver

import (
	"strings"
	"sync"
	"testing"
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
func TestFramesDrawOnlyChanges(t *testing.T) {
	out := &lockedBuffer{}
	f := newFrames(out, 20, 5)
	f.draw("one\ntwo")
	s, n := out.state()
	if n != 1 || !strings.HasPrefix(s, "\x1b[?1049h") || !strings.Contains(s, "one") || !strings.Contains(s, "two") {
		t.Fatalf("first frame: %d writes %q", n, s)
	}
	f.draw("one\ntwo")
	if _, n2 := out.state(); n2 != n {
		t.Fatalf("an unchanged view was written again")
	}
	time.Sleep(2 * minFrame) // not part of a burst with the first frame (a burst is only coalesced more)
	for i := range 50 {      // a burst: at most one frame now, the last one soon
		f.draw("one\nline " + strings.Repeat("x", i%7))
	}
	f.draw("one\nlast")
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, n2 := out.state()
		if strings.Contains(s, "last") {
			if n2-n > 25 { // coalesced: far fewer frames than views, however slow the machine
				t.Errorf("a burst of 51 views wrote %d frames", n2-n)
			}
			if strings.Contains(s[strings.LastIndex(s, "\x1b[H"):], "one") {
				t.Errorf("an unchanged line was drawn again: %q", s[strings.LastIndex(s, "\x1b[H"):])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the burst's last frame never came: %q", s)
		}
		time.Sleep(time.Millisecond)
	}
	f.resize(10, 5) // the next frame in full
	f.draw("a long line cut to ten\nlast")
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) { // it may wait for the coalescing timer
		s, _ = out.state()
		if tail := s[strings.LastIndex(s, "\x1b[H"):]; strings.Contains(tail, "a long lin") {
			if strings.Contains(tail, "a long line") || !strings.Contains(tail, "last") {
				t.Errorf("after a resize, not cut or not in full: %q", tail)
			}
			break
		}
		if time.Now().After(end) {
			t.Fatalf("the frame after a resize never came: %q", s)
		}
	}
	f.close()
	f.draw("after")
	s, _ = out.state()
	if !strings.HasSuffix(s, "\x1b[?1049l") || strings.Contains(s, "after") {
		t.Errorf("close: %q", s[max(0, len(s)-60):])
	}
}
