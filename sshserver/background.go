package sshserver

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"
)

// The terminal's background, asked without waiting for it.
//
// lipgloss would ask the terminal itself and block reading the answer, so
// a client that never answers would see no first screen (STYLE.md's trap).
// Instead the server writes the question (OSC 11) and, as a sentinel every
// terminal answers, a request for its attributes (DA1), then starts the
// screens at once, dark assumed. backgroundFilter takes the answers out of
// the session's input as they come — Bubble Tea v1 would read them as keys
// — and reports the background on a channel; the screens switch shades
// when it does. A terminal answers in order, so a DA1 reply with no OSC 11
// reply before it means this one will not say; watching ends there, or
// after backgroundWatch at the latest.

// backgroundQuery asks for the background colour, then the attributes.
const backgroundQuery = "\x1b]11;?\x1b\\" + "\x1b[c"

// backgroundWatch bounds how long the input is watched for the answers.
const backgroundWatch = 2 * time.Second

// maxAnswer bounds an answer held back while its end has not come.
const maxAnswer = 64

type backgroundFilter struct {
	r     io.Reader
	dark  chan<- bool // gets at most one value, then is closed
	until time.Time
	done  bool
	held  []byte // the start of an answer whose end has not come
	out   []byte // filtered input not yet read
	err   error  // the underlying reader's, after out is read
	raw   []byte
}

// newBackgroundFilter watches r for the answers to backgroundQuery.
func newBackgroundFilter(r io.Reader, dark chan<- bool, now time.Time) *backgroundFilter {
	return &backgroundFilter{r: r, dark: dark, until: now.Add(backgroundWatch), raw: make([]byte, 4096)}
}

func (f *backgroundFilter) Read(p []byte) (int, error) {
	for len(f.out) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		if f.done && len(f.held) == 0 {
			return f.r.Read(p) // no longer watching: straight through
		}
		n, err := f.r.Read(f.raw)
		data := append(f.held, f.raw[:n]...)
		f.held = nil
		if time.Now().After(f.until) {
			f.stop()
		}
		if f.done {
			f.out = append(f.out, data...)
		} else {
			f.out = f.scan(data)
		}
		if err != nil {
			f.stop()
			f.err = err
		}
	}
	n := copy(p, f.out)
	f.out = f.out[n:]
	return n, nil
}

// stop ends the watch: what was held back is input after all.
func (f *backgroundFilter) stop() {
	if !f.done {
		f.done = true
		close(f.dark)
	}
	f.out = append(f.out, f.held...)
	f.held = nil
	f.raw = nil // reads go straight through from now on (Read)
}

// scan returns data without the answers in it; an answer cut off at the
// end is held back for the next read.
func (f *backgroundFilter) scan(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		if data[i] != 0x1b || f.done {
			out = append(out, data[i])
			i++
			continue
		}
		n, dark, known := answerAt(data[i:])
		switch {
		case n > 0:
			if known {
				select {
				case f.dark <- dark: // the first answer counts
				default:
				}
			} else {
				f.stop() // the attributes: the terminal has said all it will
			}
			i += n
		case n < 0 && len(data)-i < maxAnswer:
			f.held = append([]byte(nil), data[i:]...)
			return out
		default:
			out = append(out, data[i])
			i++
		}
	}
	return out
}

// answerAt reads an answer at the start of b: its length n, and for a
// colour whether it is dark (known); n is 0 when b does not start with an
// answer, -1 when b could be the start of one that is cut off. A lone ESC
// ending a read is the escape key, never held back: a terminal writes an
// answer at once, so it does not arrive cut off right after its ESC.
func answerAt(b []byte) (n int, dark, known bool) {
	const osc, da1 = "\x1b]11;", "\x1b[?"
	switch {
	case len(b) < 2:
		return 0, false, false
	case bytes.HasPrefix(b, []byte(osc)):
		for i := len(osc); i < len(b); i++ {
			switch {
			case b[i] == 0x07:
				dark, ok := darkColour(string(b[len(osc):i]))
				return i + 1, dark, ok
			case b[i] == 0x1b:
				if i+1 == len(b) {
					return -1, false, false
				}
				if b[i+1] != '\\' {
					return 0, false, false
				}
				dark, ok := darkColour(string(b[len(osc):i]))
				return i + 2, dark, ok
			}
		}
		return -1, false, false
	case bytes.HasPrefix([]byte(osc), b):
		return -1, false, false
	case bytes.HasPrefix(b, []byte(da1)):
		for i := len(da1); i < len(b); i++ {
			switch c := b[i]; {
			case c == 'c':
				return i + 1, false, false
			case c == ';' || c >= '0' && c <= '9':
			default:
				return 0, false, false
			}
		}
		return -1, false, false
	case bytes.HasPrefix([]byte(da1), b):
		return -1, false, false
	}
	return 0, false, false
}

// darkColour reads an OSC 11 colour, "rgb:RRRR/GGGG/BBBB" (one to four hex
// digits a channel), and says whether it is dark: its perceived lightness
// under a half.
func darkColour(s string) (dark, ok bool) {
	s, found := strings.CutPrefix(s, "rgb:")
	parts := strings.Split(s, "/")
	if !found || len(parts) != 3 {
		return false, false
	}
	var ch [3]float64
	for i, p := range parts {
		if len(p) < 1 || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		ch[i] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	// Rec. 709 luma: how light the background looks.
	return 0.2126*ch[0]+0.7152*ch[1]+0.0722*ch[2] < 0.5, true
}
