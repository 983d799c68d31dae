package sanitize

import (
	"fmt"
	"unicode/utf8"
)

// JSON makes encoder output safe to print on a terminal without changing
// what it means. encoding/json escapes C0 controls (ESC included) but
// leaves DEL, the C1 controls (U+0080–U+009F, which some terminals obey as
// CSI, OSC, DCS…) and bidirectional overrides raw; JSON turns each into a
// \uXXXX escape, which any JSON reader decodes to the same string. b must
// be valid JSON as encoding/json writes it: outside strings it holds only
// ASCII punctuation, digits and literals, so every rune replaced here is
// inside a string.
func JSON(b []byte) []byte {
	if !needsJSONEscape(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, `\ufffd`...) // not from encoding/json, but never raw
		} else if r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func needsJSONEscape(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] >= 0x7f {
			return true
		}
	}
	return false
}
