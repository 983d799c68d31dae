package sanitize

import (
	"io"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Terminal wraps the writer a screen program draws to and lets through only
// what a screen of ours writes: text, CR, LF, tab and backspace, CSI
// sequences (cursor, erase, colour, modes) and two-character escapes. It
// drops, whole, every control string — OSC (clipboard writes, titles,
// hyperlinks, colour queries), DCS, SOS, PM, APC —, the C1 controls, other
// C0 controls and bidirectional overrides. It is the last line of defence
// for stored text a screen forgot to pass through Line or Text; those remain
// the first, because a CSI sequence in stored text would still pass here.
//
// Each Write is filtered on its own: a renderer writes whole sequences and
// whole frames, and a control string left open at the end of a Write is
// dropped to the end of that Write rather than swallowing later frames.
func Terminal(w io.Writer) io.Writer { return &terminal{w: w} }

type terminal struct {
	w   io.Writer
	mu  sync.Mutex
	buf []byte
}

func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = appendTerminal(t.buf[:0], p)
	if len(t.buf) > 0 {
		if _, err := t.w.Write(t.buf); err != nil {
			return 0, err
		}
	}
	if cap(t.buf) > 1<<20 {
		t.buf = nil // one huge frame should not pin its buffer for the session
	}
	return len(p), nil
}

// FilterTerminal is what Terminal writes for p.
func FilterTerminal(p []byte) []byte { return appendTerminal(nil, p) }

func appendTerminal(out, p []byte) []byte {
	// The helpers below work on strings. p is read here and nowhere kept
	// (what passes is copied into out), and no caller changes it during
	// the call, so it is read in place: a copy per frame was an eighth of
	// what a keystroke allocated.
	s := unsafe.String(unsafe.SliceData(p), len(p))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == esc:
			j := i + 1
			if j >= len(s) {
				return out // a lone ESC at the end: dropped
			}
			switch s[j] {
			case '[':
				end, ok := scanCSI(s, j+1)
				if ok {
					out = append(out, s[i:end]...)
				}
				i = end
			case ']', 'P', 'X', '^', '_':
				i = skipString(s, j+1)
			default:
				// ESC, intermediates 0x20–0x2f, one final 0x30–0x7e (ESC 7,
				// ESC ( B); anything else ends the escape and is dropped.
				k := j
				for k < len(s) && s[k] >= 0x20 && s[k] <= 0x2f {
					k++
				}
				if k < len(s) && s[k] >= 0x30 && s[k] <= 0x7e {
					out = append(out, s[i:k+1]...)
					i = k + 1
				} else {
					i = k
				}
			}
			continue
		case c == '\n' || c == '\r' || c == '\t' || c == '\b':
			out = append(out, c)
		case c < 0x20 || c == 0x7f:
			// other C0 controls (BEL, SO/SI, …) and DEL: dropped
		case c < 0x80:
			out = append(out, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				out = utf8.AppendRune(out, utf8.RuneError)
			case r == 0x9b:
				i, _ = scanCSI(s, i+size) // C1 CSI: dropped whole
				continue
			case r == 0x90, r == 0x9d, r == 0x98, r == 0x9e, r == 0x9f:
				i = skipString(s, i+size)
				continue
			case r < 0xa0, isBidiControl(r):
				// C1 controls and bidi overrides: dropped
			default:
				out = append(out, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return out
}

// scanCSI reads a CSI sequence's parameter bytes (0x30–0x3f), intermediate
// bytes (0x20–0x2f) and final byte (0x40–0x7e) from s[i:]. It returns the
// index after the final byte and true; or, at any other byte, the index of
// that byte and false — a terminal abandons the sequence there and acts on
// the byte, so the byte is filtered on its own (a C1 OSC inside a CSI must
// not ride through with it).
func scanCSI(s string, i int) (int, bool) {
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x40 && c <= 0x7e:
			return i + 1, true
		case c >= 0x20 && c <= 0x3f:
		default:
			return i, false
		}
	}
	return i, false
}
