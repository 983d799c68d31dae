package sanitize

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// What a screen program writes passes; what it never writes is dropped whole.
func TestTerminalFilter(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"text", "Jane Smith\r\n", "Jane Smith\r\n"},
		{"sgr kept", "\x1b[1;38;5;212mJane\x1b[0m", "\x1b[1;38;5;212mJane\x1b[0m"},
		{"renderer sequences kept", "\x1b[?1049h\x1b[?25l\x1b[2J\x1b[H\x1b[3A\x1b[K\x1b[?2004h", "\x1b[?1049h\x1b[?25l\x1b[2J\x1b[H\x1b[3A\x1b[K\x1b[?2004h"},
		{"two-char escapes kept", "\x1b7\x1b8\x1b(B", "\x1b7\x1b8\x1b(B"},
		{"osc 52 clipboard", "a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"},
		{"osc 52 st", "a\x1b]52;c;cm0gLXJmIH4=\x1b\\b", "ab"},
		{"osc title", "a\x1b]0;pwned\x07b", "ab"},
		{"osc hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"osc colour query", "\x1b]11;?\x07x", "x"},
		{"dcs decrqss", "a\x1bP$qm\x1b\\b", "ab"},
		{"apc pm sos", "\x1b_x\x1b\\\x1b^y\x1b\\\x1bXz\x1b\\ok", "ok"},
		{"unterminated osc ends with the write", "a\x1b]52;c;AAAA", "a"},
		{"c1 csi", "a\u009b31mb", "ab"},
		{"c1 osc", "a\u009d52;c;AAAA\u009cb", "ab"},
		{"c1 dcs", "a\u0090q\u009cb", "ab"},
		{"raw c1 byte", "a\x9bb", "a\uFFFDb"},
		{"c1 inside csi", "\x1b[1\u009d52;c;QQ==\x07x", "x"},
		{"bidi", "abc\u202edcb\u2066x\u2069", "abcdcbx"},
		{"bell and shift-out", "a\x07\x0e\x0fb", "ab"},
		{"lone esc at end", "a\x1b", "a"},
		{"esc esc", "\x1b\x1b[31mx", "\x1b[31mx"},
		{"unicode", "Zoë 日本 🙂 │ ★", "Zoë 日本 🙂 │ ★"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(FilterTerminal([]byte(c.in))); got != c.want {
				t.Errorf("FilterTerminal(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTerminalWriter(t *testing.T) {
	var out bytes.Buffer
	w := Terminal(&out)
	for _, p := range []string{"\x1b[31mred", "\x1b]52;c;QQ==", "\x1b[0m ok"} {
		n, err := w.Write([]byte(p))
		if err != nil || n != len(p) {
			t.Fatalf("Write(%q) = %d, %v", p, n, err)
		}
	}
	if got := out.String(); got != "\x1b[31mred\x1b[0m ok" {
		t.Fatalf("wrote %q", got)
	}
}

// terminalSafe: no control string introducer, no C1, no bidi, no C0 but
// the four a screen uses, and every ESC starts a CSI or two-char escape.
func terminalSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r == esc:
			if i+1 >= len(s) || strings.IndexByte("]PX^_", s[i+1]) >= 0 {
				return false
			}
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\b', r == 0x7f, r >= 0x80 && r < 0xa0, isBidiControl(r):
			return false
		}
	}
	return true
}

func FuzzTerminal(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mx\x1b[0m", "\x1b]52;c;QQ==\x07", "\x1bP+q\x1b\\", "\u009b1m", "\u009d0;t\u009c", "\u202e", "\x1b[1\u009dx", "\x1b\x1b]", "\xff\x9b", "\x1b(", "\x1b[?1049h"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		out := FilterTerminal(p)
		if !terminalSafe(string(out)) {
			t.Fatalf("FilterTerminal(%q) = %q is not safe", p, out)
		}
		if again := FilterTerminal(out); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q → %q → %q", p, out, again)
		}
		// What Line lets through a screen passes unchanged.
		line := Line(string(p))
		if got := string(FilterTerminal([]byte(line))); got != line {
			t.Fatalf("clean text %q changed to %q", line, got)
		}
	})
}

// --json output escapes what encoding/json leaves raw, and still decodes
// to the very same string.
func TestJSONEscapesTerminalControls(t *testing.T) {
	hostile := "a\u009b31m\u009d52;c;QQ==\u009c\u202eb\x7f\x1b]0;x\x07"
	enc, err := json.Marshal(map[string]string{"name": hostile})
	if err != nil {
		t.Fatal(err)
	}
	safe := JSON(enc)
	for _, r := range string(safe) {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || isBidiControl(r) {
			t.Fatalf("raw control %U in %q", r, safe)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(safe, &back); err != nil || back["name"] != hostile {
		t.Fatalf("round trip: %q %v", back["name"], err)
	}
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{"", "x", "\u009b", "\u202e\u2066", "\x7f", "\x1b]52;c;QQ==\x07", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := json.Marshal([]string{s, "é" + s})
		if err != nil {
			t.Fatal(err) // a []string always encodes
		}
		safe := JSON(enc)
		for _, r := range string(safe) {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || isBidiControl(r) {
				t.Fatalf("raw control %U in %q", r, safe)
			}
		}
		var a, b []string
		if json.Unmarshal(enc, &a) != nil || json.Unmarshal(safe, &b) != nil || len(a) != 2 || len(b) != 2 || a[0] != b[0] || a[1] != b[1] {
			t.Fatalf("meaning changed: %q vs %q", enc, safe)
		}
	})
}
