package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineRemovesWholeSequences(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Jane Smith", "Jane Smith"},
		{"csi colour", "\x1b[31mred\x1b[0m", "red"},
		{"csi clear screen", "a\x1b[2J\x1b[Hb", "ab"},
		{"osc title bel", "\x1b]0;pwned\x07name", "name"},
		{"osc 52 clipboard", "x\x1b]52;c;cm0gLXJmIH4=\x1b\\y", "xy"},
		{"osc hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"apc", "a\x1b_secret\x1b\\b", "ab"},
		{"c1 csi", "a\u009b31mb", "ab"},
		{"c1 osc", "a\u009d0;t\u009cb", "ab"},
		{"c1 controls", "a\u0085\u008db", "ab"},
		{"bidi override", "abc\u202edef\u202c", "abcdef"},
		{"bidi isolate", "\u2066x\u2069", "x"},
		{"newline and tab", "a\nb\tc", "a b c"},
		{"carriage return", "safe\rEVIL", "safe EVIL"},
		{"bell and backspace", "a\x07\x08b", "ab"},
		{"del", "a\x7fb", "ab"},
		{"charset select", "a\x1b(Bb", "ab"},
		{"unterminated osc", "a\x1b]52;c;AAAA", "a"},
		{"trailing esc", "a\x1b", "a"},
		{"unicode kept", "Zoë 日本 🙂", "Zoë 日本 🙂"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Line(c.in); got != c.want {
				t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTextKeepsLineBreaks(t *testing.T) {
	got := Text("one\n\ttwo\x1b[1m\r\n")
	if got != "one\n\ttwo\n" {
		t.Fatalf("Text = %q", got)
	}
}

func TestClean(t *testing.T) {
	if !Clean("Kim Kline") || Clean("Kim\x1b[2J") {
		t.Fatal("Clean misjudged")
	}
}

// safe is the property every output must have.
func safe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || isBidiControl(r) {
			return false
		}
	}
	return true
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31m", "\x1b]52;c;QQ==\x07", "\u009b1m", "\u202e", "a\nb", "\xff\xfe", strings.Repeat("\x1b", 3)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, text := Line(s), Text(s)
		if !safe(line) || strings.ContainsAny(line, "\n\t") {
			t.Fatalf("Line(%q) = %q is not safe", s, line)
		}
		if !safe(text) {
			t.Fatalf("Text(%q) = %q is not safe", s, text)
		}
		if Line(line) != line || Text(text) != text {
			t.Fatalf("not idempotent for %q", s)
		}
	})
}
