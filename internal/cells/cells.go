// Package cells measures text in terminal cells, as
// github.com/charmbracelet/x/ansi does, faster for what screens mostly
// draw. Measuring (grapheme segmentation of every string) was a quarter
// of a keystroke's CPU: every line is measured to be cut or padded, and
// most lines are ASCII and a few symbols between colour sequences.
package cells

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is ansi.StringWidth(s): the cells s takes, escape sequences
// taking none. Text of printable ASCII, the symbols the screens draw and
// Latin letters, between well-formed CSI sequences (colours, styles), is
// counted here, one cell each; anything else — other controls and
// escapes, combining marks, wide or joined characters — goes to x/ansi
// whole, so the answer is always x/ansi's (cells_test.go compares them).
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == 0x1b:
			end, ok := csi(s, i)
			if !ok {
				return ansi.StringWidth(s)
			}
			i = end
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !single(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// csi reads a whole CSI sequence at s[i] (ESC [, parameter bytes
// 0x30–0x3f, intermediate bytes 0x20–0x2f, a final byte 0x40–0x7e) and
// returns the index after it; false for anything else.
func csi(s string, i int) (int, bool) {
	if i+1 >= len(s) || s[i+1] != '[' {
		return i, false
	}
	j := i + 2
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		j++
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		return j + 1, true
	}
	return i, false
}

// single reports whether r is one cell on its own and starts and ends its
// own grapheme cluster beside the characters Width counts itself: Latin
// letters with their accents precomposed, and the symbols the screens
// draw. Every rune here is checked against x/ansi by the tests.
func single(r rune) bool {
	switch {
	case r >= 0xc0 && r <= 0x17f: // Latin-1 letters, × ÷, Latin Extended-A
		return true
	}
	switch r {
	case '·', '•', '…', '—', '–', '‹', '›', '‘', '’', '“', '”',
		'▸', '│', '┄', '─', '●', '○', '✓', '✗', '↑', '↓', '←', '→', '€', '£':
		return true
	}
	return false
}
